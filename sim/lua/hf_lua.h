/* hf_lua.h: hetflow's Lua bindings (internal): the module, table readers, Lua-backed policies. */
#ifndef HF_LUA_H
#define HF_LUA_H

#include <lua.h>

#include "exec/session.h"
#include "hetflow/hetflow.h"

/* ---- luatab.c: reading plain Lua tables with precise error paths ---- */

/* Push t[key] of the table at idx without metamethods and return its type. Platform and
 * workflow tables are plain data: raw reads run no Lua code, so strings read from a table stay
 * alive as long as the table does (no __index can hand out a temporary). */
static inline int hf_rawgetfield(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    return lua_rawget(L, idx);
}

/* A path into nested tables for messages: "sites[1].nodes[2].speed". Pushing and popping
 * segments is cheap (no formatting): the text is rendered by hf_lpath_str only when a message
 * needs it, which keeps table conversion fast at 10^6 tasks. */
#define HF_LPATH_DEPTH 24
typedef struct hf_lpath {
    char buf[512];                   /* base text ("platform"), then the rendered path */
    size_t len;                      /* length of the base text */
    const char *key[HF_LPATH_DEPTH]; /* segment keys (static strings), NULL for an index */
    long idx[HF_LPATH_DEPTH];        /* segment indices */
    int n;                           /* segments pushed (those past HF_LPATH_DEPTH not shown) */
} hf_lpath;

/* A path whose base text is the string literal base. */
#define HF_LPATH(base)                                                                             \
    {                                                                                              \
        .buf = base, .len = sizeof(base) - 1                                                       \
    }

/* Push ".key" (key must outlive the segment: a literal) or "[i]"; returns the mark to pop to. */
size_t hf_lpath_key(hf_lpath *p, const char *key);
size_t hf_lpath_index(hf_lpath *p, long i);
void hf_lpath_pop(hf_lpath *p, size_t mark);

/* The path as text (rendered into p->buf after the base; valid until the next call). */
const char *hf_lpath_str(const hf_lpath *p);

/* Fail unless the table at idx is a record whose keys are all in known (NULL-terminated):
 * "<path>: unknown key 'cors' (did you mean 'cores'?)". */
hf_err hf_ltab_check_keys(hf_ctx *ctx, lua_State *L, int idx, const char *const *known,
                          const hf_lpath *path);

/* Fail unless the value at idx is a sequence table (keys 1..n); stores n. */
hf_err hf_ltab_check_array(hf_ctx *ctx, lua_State *L, int idx, const hf_lpath *path, long *n);

/* Read field key of the table at idx as a quantity of kind (number in SI, or a unit string).
 * Absent: *out = dflt and returns HF_OK (present is set to 0 when non-NULL).
 * positive = 1 rejects <= 0; otherwise rejects < 0. NaN and infinities are always rejected. */
hf_err hf_ltab_quantity(hf_ctx *ctx, lua_State *L, int idx, const char *key, hf_unit_kind kind,
                        int positive, double dflt, double *out, int *present, const hf_lpath *path);

/* Read field key as a positive integer (default dflt when absent). */
hf_err hf_ltab_posint(hf_ctx *ctx, lua_State *L, int idx, const char *key, int dflt, int *out,
                      const hf_lpath *path);

/* The string at idx when it is one with no NUL byte inside, else NULL; *nul (may be NULL) is
 * set to 1 for a string with a NUL byte: C would read "a\0b" as "a", so a name given that way
 * would name another task, file or node. Borrowed like lua_tostring's result. */
const char *hf_ltab_cname(lua_State *L, int idx, int *nul);

/* Read field key as a string (borrowed from the Lua stack value, valid while the table lives);
 * NULL when absent. A present non-string is an error. */
hf_err hf_ltab_string(hf_ctx *ctx, lua_State *L, int idx, const char *key, const char **out,
                      const hf_lpath *path);

/* ---- lpack.c: hetflow.pack (hf_pack.h) ---- */
int hf_lua_pack(lua_State *L);

/* ---- lcoll.c: hetflow.collective (sim/net/coll.h) ---- */
int hf_lua_collective(lua_State *L);

/* hetflow.train (sim/net/train.h) */
int hf_lua_train(lua_State *L);

/* Read the name field key of the table at idx (default dflt when absent; required when dflt is
 * NULL) with parse into *out; on a bad value, fail naming the field and the accepted names
 * (what). Shared by hetflow.collective, hetflow.train and a task's collective. */
hf_err hf_lua_coll_name(hf_ctx *ctx, lua_State *L, int idx, const char *key, const char *dflt,
                        int (*parse)(const char *, int *), int *out, const char *what,
                        hf_lpath *path);

/* The collective parsers of sim/net/coll.h with int results: 0, or -1 for any other text. */
int hf_lua_parse_coll_op(const char *s, int *out);
int hf_lua_parse_coll_algo(const char *s, int *out);
int hf_lua_parse_coll_offload(const char *s, int *out);

/* ---- lplatform.c / lworkflow.c: tables -> models (the C entry points fuzzed later) ---- */

/* Convert the platform table at idx. origin (file name or "") prefixes messages. */
hf_err hf_platform_from_lua(hf_ctx *ctx, lua_State *L, int idx, hf_platform **out);

/* Convert the workflow table at idx and finalize its DAG. */
hf_err hf_workflow_from_lua(hf_ctx *ctx, lua_State *L, int idx, hf_workflow **out);

/* Streaming construction for large generated workflows (hetflow.workflow_builder): begin reads
 * the header table {name, files, reference_speed, stage_at} at idx into a new workflow; each
 * add_task converts one task table (files given as tables are declared on the spot, names must
 * be declared before use, after-parents must already exist); add_file declares one file table.
 * The caller finalizes with hf_workflow_finalize. */
hf_err hf_workflow_lua_begin(hf_ctx *ctx, lua_State *L, int idx, hf_workflow **out, double *ref);
hf_err hf_workflow_lua_add_task(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, double ref);
hf_err hf_workflow_lua_add_file(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf);

/* ---- lserverless.c ---- */

/* Convert the serverless table at idx of hetflow.run against platform p (node and site names
 * resolved; an availability trace file read). On success *out is owned by the caller. */
hf_err hf_serverless_from_lua(hf_ctx *ctx, lua_State *L, int idx, const hf_platform *p,
                              hf_serverless **out);

/* ---- lpolicy.c ---- */

/* A policy backed by the Lua function (or table with decide/init/finish) at idx, kept in the
 * registry. Errors inside it are reported with the task's name and a Lua traceback. */
hf_policy *hf_lua_policy_new(hf_ctx *ctx, lua_State *L, int idx);

/* ---- lplatform.c: the GPU catalog (hetflow.gpus) ---- */

/* The precisions a catalog entry may give a rate for ("fp64", "fp32", ...), NULL-terminated. */
extern const char *const hf_gpu_precisions[];

/* Push the catalog entry hetflow.gpus[model], or nil when there is none (or model is NULL). */
void hf_lua_push_gpu_model(lua_State *L, const char *model);

/* Number at t[key] (t at idx; a dotted key "power.idle" goes one level down), 0 when absent or
 * not a number. */
double hf_lua_catalog_num(lua_State *L, int idx, const char *key);

/* ---- lkprofile.c: kernel profiles (docs/models/gpu.md#kernel-profiles) ---- */

/* Read the table at idx, { NAME = { work = x, latency = t, launch = t }, ... }, into a new array
 * *out of *n profiles sorted by name (work defaults to 1, latency to 0, launch to -1: the
 * GPU's). Errors name the path and the kernel. The caller frees with hf_kprofiles_free. */
hf_err hf_lua_read_kprofiles(hf_ctx *ctx, lua_State *L, int idx, hf_kprofile **out, int *n,
                             hf_lpath *path);
void hf_kprofiles_free(hf_kprofile *q, int n);

/* ---- lcalib.c ---- */

/* Start values of a calibration from catalog entry hetflow.gpus[model]: its rates, SMs,
 * memory bandwidth, launch overhead (3.6 us when absent) and bw_saturation. HF_EINPUT when the
 * catalog has no such model. */
hf_err hf_calib_start_params(hf_ctx *ctx, lua_State *L, const char *model, hf_gpu_params *g);

/* The GPU model's parameters of platform file path (a .lua platform): its first GPU's launch
 * overhead, bandwidth, saturation, SMs (the device's when unknown) and PCIe link (pinned and,
 * unless calibration.pageable says otherwise, pageable copies), the rates of its catalog entry
 * (a GPU outside the catalog: its peak for every precision), its kernel profiles. training[i]
 * (m->nexps entries) = 1 for the experiments calibration.training names; *has_training = 0 when
 * the platform has no training list, 1 when it has one, 2 when it was calibrated on another run
 * (calibration.date is not m's date: then every experiment is held out). Errors name the file. */
hf_err hf_calib_params_from_lua(hf_ctx *ctx, lua_State *L, const char *path, const hf_meas *m,
                                hf_gpu_params *g, int *training, int *has_training);

/* ---- linputs.c: the files a Lua state reads ---- */

/* Registry key of the session (a light userdata) that hf_lua_open binds the state to. */
#define HF_LUA_SESSION_KEY "hetflow.session"

/* The session L is bound to (hf_lua_open), NULL when none. */
hf_session *hf_lua_session(lua_State *L);

/* Record that path is about to be read as kind (hf_session_add_input; a file that cannot be
 * opened is skipped: its loader reports it). HF_OK without a session. */
hf_err hf_lua_record_input(lua_State *L, const char *path, const char *kind);

/* Wrap dofile, loadfile, io.open (read modes), io.lines, io.input and require's Lua-file
 * searcher so that every file they read is recorded in the session first. Called by
 * hf_lua_open, before the sandbox (whose wrappers then call these). */
void hf_lua_track_inputs(lua_State *L);

/* ---- lstate.c: what every hetflow Lua state gets first (same seed, same answer) ---- */

/* Replace next and pairs by a traversal in a fixed total order of keys (numbers ascending, then
 * strings bytewise, then false, true, then other types by address), seed math.random with seed
 * (math.randomseed() without arguments too) and refuse os.exit. Called by hf_lua_open first. */
void hf_lua_state_init(lua_State *L, unsigned long long seed);

/* For a C closure that wraps a Lua function (its upvalue 1): call that function with every
 * argument now on the stack and return all its results (the tail of every replacement in
 * lstate.c and sandbox.c). */
int hf_lua_call_original(lua_State *L);

/* lua_next in that total order: pops a key, pushes the next key and its value and returns 1, or
 * returns 0 at the end (pushing nothing). A full traversal costs O(n log n) (a snapshot of the
 * keys, cached until the traversal ends). The table must not gain keys meanwhile. */
int hf_lua_next_sorted(lua_State *L, int idx);

/* -1, 0 or 1 as the key at a comes before, is, or comes after the key at b in that order. */
int hf_lua_key_cmp(lua_State *L, int a, int b);

/* ---- lhetflow.c ---- */

/* Open the hetflow module (C functions + embedded pure-Lua helpers) into L as package.loaded
 * .hetflow and the global 'hetflow'. session is borrowed and must outlive L. */
void hf_lua_open(lua_State *L, hf_session *session);

/* The workflow of the workflow object at idx (borrowed), or NULL when it is none. */
hf_workflow *hf_lua_toworkflow(lua_State *L, int idx);

/* The platform of the platform object at idx (borrowed), or NULL when it is none or closed. */
hf_platform *hf_lua_toplatform(lua_State *L, int idx);

/* Load and run a Lua file with a traceback handler; on error ctx gets the message (file:line
 * plus traceback). nresults as in lua_call. */
hf_err hf_lua_dofile(hf_ctx *ctx, lua_State *L, const char *path, int nresults);

#endif
