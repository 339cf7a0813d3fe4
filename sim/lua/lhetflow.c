/* lhetflow.c: the hetflow Lua module: platform, workflow and results types, hetflow.run, and the
 * embedded pure-Lua helpers (the files of lua/hetflow/). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "core/outfile.h"
#include "core/strmap.h"
#include "lua/hf_lua.h"
#include "net/path.h"
#include "lua/hf_sandbox.h"

#define PLATFORM_MT "hetflow.platform"
#define WORKFLOW_MT "hetflow.workflow"
#define RESULTS_MT "hetflow.results"
#define BUILDER_MT "hetflow.workflow_builder"

/* The userdata hold a pointer, NULL until the object is built (closed state): a Lua error
 * between creation and acquisition can then never leak (the __gc sees NULL). */
typedef struct lplatform {
    hf_platform *p; /* NULL once closed */
    int busy;       /* borrowed by a running hetflow.run: cannot be closed */
} lplatform;
typedef struct lworkflow {
    hf_workflow *wf; /* NULL once closed */
    int busy;        /* borrowed by a running hetflow.run: cannot be closed */
} lworkflow;
typedef struct lresults {
    const hf_results *r;
    hf_strmap *byname; /* task name -> index, built by the first results:task(); NULL before */
} lresults;
typedef struct lbuilder {
    hf_workflow *wf; /* NULL once built (ownership moved to the workflow object) */
    double ref;      /* workflow reference speed for cpu.seconds */
} lbuilder;

#define checkplatform(L, i) ((lplatform *)luaL_checkudata(L, i, PLATFORM_MT))
#define checkworkflow(L, i) ((lworkflow *)luaL_checkudata(L, i, WORKFLOW_MT))
#define checkresults(L, i) ((lresults *)luaL_checkudata(L, i, RESULTS_MT))
#define checkbuilder(L, i) ((lbuilder *)luaL_checkudata(L, i, BUILDER_MT))

static hf_session *get_session(lua_State *L)
{
    return hf_lua_session(L);
}

/* Raise the context's message as a Lua error at the caller's position. */
static int raise_ctx(lua_State *L, hf_ctx *ctx)
{
    return luaL_error(L, "%s", hf_ctx_errmsg(ctx));
}

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* ---------- loading files ---------- */

static int msgh(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

hf_err hf_lua_dofile(hf_ctx *ctx, lua_State *L, const char *path, int nresults)
{
    int base = lua_gettop(L);
    lua_pushcfunction(L, msgh);
    int status = luaL_loadfilex(L, path, "t"); /* text only: binary chunks are not trusted */
    if (status == LUA_OK) status = lua_pcall(L, 0, nresults, base + 1);
    lua_remove(L, base + 1);
    if (status != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        /* luaL_loadfile's message for a missing file is "cannot open x": keep it as is; a
         * memory error has no position (no message handler runs): name the file */
        if (status == LUA_ERRMEM)
            hf_ctx_fail(ctx, HF_EINPUT, "%s: %s", path, msg ? msg : "not enough memory");
        else
            hf_ctx_fail(ctx, HF_EINPUT, "%s", msg ? msg : "error");
        lua_settop(L, base);
        return HF_EINPUT;
    }
    return HF_OK;
}

/* Evaluate a data file (platform or workflow .lua) that must return a table. */
static hf_err load_table_file(hf_ctx *ctx, lua_State *L, const char *path, const char *what)
{
    hf_err rc = hf_lua_dofile(ctx, L, path, 1);
    if (rc) return rc;
    if (!lua_istable(L, -1)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a %s file must return a table, got %s", path, what,
                         luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    return rc;
}

/* ---------- platform ---------- */

/* Build a platform from the value at idx: table, .lua path, .xml path or platform userdata
 * (borrowed). Pushes nothing; on failure ctx holds the message. *owned tells whether the
 * caller must free *out. */
static hf_err to_platform(hf_ctx *ctx, lua_State *L, int idx, hf_platform **out, int *owned)
{
    idx = lua_absindex(L, idx);
    *owned = 1;
    if (luaL_testudata(L, idx, PLATFORM_MT)) {
        *out = ((lplatform *)lua_touserdata(L, idx))->p;
        *owned = 0;
        return *out ? HF_OK : hf_ctx_fail(ctx, HF_EINPUT, "platform: closed platform object");
    }
    if (lua_type(L, idx) == LUA_TSTRING) {
        const char *path = lua_tostring(L, idx);
        hf_err rec = hf_lua_record_input(L, path, "platform");
        if (rec) return rec;
        if (has_suffix(path, ".xml")) {
            hf_platform *p = hf_platform_new(path);
            if (!p || !(p->xml_path = strdup(path))) {
                hf_platform_free(p);
                return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            }
            *out = p;
            return HF_OK;
        }
        hf_err rc = load_table_file(ctx, L, path, "platform");
        if (rc) return rc;
        rc = hf_platform_from_lua(ctx, L, -1, out);
        lua_pop(L, 1);
        if (rc) hf_ctx_prefix(ctx, "%s", path);
        return rc;
    }
    if (lua_istable(L, idx)) return hf_platform_from_lua(ctx, L, idx, out);
    return hf_ctx_fail(ctx, HF_EINPUT, "platform: table, file name or platform expected, got %s",
                       luaL_typename(L, idx));
}

/* Build a workflow from the value at idx: table, a .lua file returning one, a WfFormat .json
 * (runtimes converted with ref_speed where the instance records no machine speed), a DOT file,
 * or a workflow object (borrowed). *owned tells whether the caller must free *out. */
static hf_err to_workflow(hf_ctx *ctx, lua_State *L, int idx, double ref_speed, hf_workflow **out,
                          int *owned)
{
    idx = lua_absindex(L, idx);
    *owned = 1;
    if (luaL_testudata(L, idx, WORKFLOW_MT)) {
        *out = ((lworkflow *)lua_touserdata(L, idx))->wf;
        *owned = 0;
        return *out ? HF_OK : hf_ctx_fail(ctx, HF_EINPUT, "workflow: closed workflow object");
    }
    if (lua_type(L, idx) == LUA_TSTRING) {
        const char *path = lua_tostring(L, idx);
        hf_err rec = hf_lua_record_input(L, path, "workflow");
        if (rec) return rec;
        if (has_suffix(path, ".json")) return hf_workflow_load_wfformat(ctx, path, ref_speed, out);
        if (has_suffix(path, ".dot") || has_suffix(path, ".gv"))
            return hf_workflow_load_dot(ctx, path, out);
        if (has_suffix(path, ".dag")) return hf_workflow_load_dagtext(ctx, path, out);
        hf_err rc = load_table_file(ctx, L, path, "workflow");
        if (rc) return rc;
        rc = hf_workflow_from_lua(ctx, L, -1, out);
        lua_pop(L, 1);
        if (rc) hf_ctx_prefix(ctx, "%s", path);
        return rc;
    }
    if (lua_istable(L, idx)) return hf_workflow_from_lua(ctx, L, idx, out);
    return hf_ctx_fail(ctx, HF_EINPUT, "workflow: table, file name or workflow expected, got %s",
                       luaL_typename(L, idx));
}

/* hetflow.platform(table | "file.lua" | "file.xml") -> platform */
static int l_platform(lua_State *L)
{
    hf_session *s = get_session(L);
    luaL_argexpected(L, lua_istable(L, 1) || lua_type(L, 1) == LUA_TSTRING, 1,
                     "table or file name");
    lplatform *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->p = NULL;
    u->busy = 0;
    luaL_setmetatable(L, PLATFORM_MT);
    int owned;
    hf_platform *p;
    if (to_platform(s->ctx, L, 1, &p, &owned) != HF_OK) return raise_ctx(L, s->ctx);
    u->p = p;
    return 1;
}

static int platform_gc(lua_State *L)
{
    lplatform *u = checkplatform(L, 1);
    if (u->busy) return luaL_error(L, "platform is in use by hetflow.run");
    hf_platform_free(u->p);
    u->p = NULL;
    return 0;
}

static int platform_tostring(lua_State *L)
{
    lplatform *u = checkplatform(L, 1);
    if (!u->p) {
        lua_pushliteral(L, "platform (closed)");
    } else {
        lua_pushfstring(L, "platform %s: %d sites, %d nodes, %d GPUs", u->p->name,
                        (int)u->p->nsites, (int)hf_platform_count(u->p, HF_RES_CPU),
                        (int)hf_platform_count(u->p, HF_RES_GPU));
    }
    return 1;
}

/* platform:describe() -> multi-line description string */
static int platform_describe(lua_State *L)
{
    lplatform *u = checkplatform(L, 1);
    luaL_argcheck(L, u->p != NULL, 1, "closed platform");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return luaL_error(L, "out of memory");
    hf_platform_describe(u->p, f);
    fclose(f);
    lua_pushlstring(L, buf, len);
    free(buf);
    return 1;
}

/* platform:write_xml(path): the SimGrid platform hetflow generates for it. The XML is made in
 * memory first, so that a platform that cannot be written leaves path untouched; a file the run
 * has read is never written (docs/reliability.md, "Writes": it was truncated, an XML platform
 * written over itself was left empty). In a sandbox the sandbox opens path; otherwise a temporary
 * file is renamed over it (hf_outfile): path is the old file or the whole new one. */
static int platform_write_xml(lua_State *L)
{
    lplatform *u = checkplatform(L, 1);
    const char *path = luaL_checkstring(L, 2);
    luaL_argcheck(L, u->p != NULL, 1, "closed platform");
    hf_session *s = get_session(L);
    for (size_t i = 0; i < s->ninputs; i++)
        if (hf_outfile_same(path, s->inputs[i].path))
            return luaL_error(L,
                              "cannot write '%s': it is the run's input '%s' (%s): an input is "
                              "never overwritten",
                              path, s->inputs[i].path, s->inputs[i].kind);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return luaL_error(L, "out of memory");
    hf_err rc = hf_platform_write_xml(s->ctx, u->p, m);
    if (fclose(m) != 0 && rc == HF_OK) rc = hf_ctx_fail(s->ctx, HF_ENOMEM, "out of memory");
    if (rc == HF_OK) lua_pushlstring(L, buf ? buf : "", len); /* buf is freed before any error */
    free(buf);
    if (rc) return raise_ctx(L, s->ctx);
    const char *xml = lua_tostring(L, -1);
    if (s->sandbox_dir) {
        FILE *f = hf_sandbox_fopen(L, path, "w", "writing"); /* refusals raise */
        if (!f) return luaL_error(L, "cannot write '%s': %s", path, strerror(errno));
        int ok = fwrite(xml, 1, len, f) == len;
        if (fclose(f) != 0) ok = 0;
        if (!ok) return luaL_error(L, "cannot write '%s'", path);
        return 0;
    }
    hf_outfile o;
    if (hf_outfile_open(s->ctx, &o, path, 1) != HF_OK) return raise_ctx(L, s->ctx);
    for (size_t done = 0; done < len;) {
        ssize_t w = write(o.fd, xml + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            hf_ctx_fail(s->ctx, HF_EIO, "cannot write '%s': %s", path,
                        strerror(w < 0 ? errno : EIO));
            hf_outfile_abort(&o);
            return raise_ctx(L, s->ctx);
        }
        done += (size_t)w;
    }
    if (hf_outfile_commit(s->ctx, &o) != HF_OK) return raise_ctx(L, s->ctx);
    return 0;
}

static int platform_index(lua_State *L)
{
    lplatform *u = checkplatform(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (u->p && strcmp(k, "name") == 0) {
        lua_pushstring(L, u->p->name);
    } else if (u->p && strcmp(k, "nodes") == 0) {
        lua_pushinteger(L, (lua_Integer)hf_platform_count(u->p, HF_RES_CPU));
    } else if (u->p && strcmp(k, "gpus") == 0) {
        lua_pushinteger(L, (lua_Integer)hf_platform_count(u->p, HF_RES_GPU));
    } else {
        luaL_getmetafield(L, 1, "methods");
        lua_getfield(L, -1, k);
    }
    return 1;
}

/* ---------- workflow ---------- */

static int l_workflow(lua_State *L)
{
    hf_session *s = get_session(L);
    luaL_argexpected(L, lua_istable(L, 1) || lua_type(L, 1) == LUA_TSTRING, 1,
                     "table or file name");
    luaL_argexpected(L, lua_isnoneornil(L, 2) || lua_istable(L, 2), 2, "options table");
    lua_settop(L, 2);
    lworkflow *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->wf = NULL;
    u->busy = 0;
    luaL_setmetatable(L, WORKFLOW_MT);
    int owned;
    hf_workflow *wf;
    double ref = s->ref_speed;
    if (lua_istable(L, 2)) { /* options: {reference_speed = S} for WfFormat runtimes */
        static const char *const keys[] = {"reference_speed", NULL};
        hf_lpath path = HF_LPATH("workflow options");
        if (hf_ltab_check_keys(s->ctx, L, 2, keys, &path) != HF_OK ||
            hf_ltab_quantity(s->ctx, L, 2, "reference_speed", HF_UNIT_SPEED, 1, ref, &ref, NULL,
                             &path) != HF_OK)
            return raise_ctx(L, s->ctx);
    }
    if (to_workflow(s->ctx, L, 1, ref, &wf, &owned) != HF_OK) return raise_ctx(L, s->ctx);
    u->wf = wf;
    return 1;
}

/* hetflow.workflow(x [, options]): the __call of the hetflow.workflow table, whose .load is
 * l_workflow itself: drop the table argument. Both in C, so errors point at the caller. */
static int l_workflow_call(lua_State *L)
{
    lua_remove(L, 1);
    return l_workflow(L);
}

static int workflow_gc(lua_State *L)
{
    lworkflow *u = checkworkflow(L, 1);
    if (u->busy) return luaL_error(L, "workflow is in use by hetflow.run");
    hf_workflow_free(u->wf);
    u->wf = NULL;
    return 0;
}

static int workflow_tostring(lua_State *L)
{
    lworkflow *u = checkworkflow(L, 1);
    if (!u->wf)
        lua_pushliteral(L, "workflow (closed)");
    else
        lua_pushfstring(L, "workflow %s: %d tasks, %d files, %d dependencies, depth %d",
                        u->wf->name, (int)u->wf->ntasks, (int)u->wf->nfiles,
                        (int)hf_dag_nedges(u->wf->dag), hf_dag_depth(u->wf->dag));
    return 1;
}

static int workflow_index(lua_State *L)
{
    lworkflow *u = checkworkflow(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (!u->wf) return luaL_error(L, "closed workflow");
    if (strcmp(k, "name") == 0)
        lua_pushstring(L, u->wf->name);
    else if (strcmp(k, "ntasks") == 0)
        lua_pushinteger(L, (lua_Integer)u->wf->ntasks);
    else if (strcmp(k, "nfiles") == 0)
        lua_pushinteger(L, (lua_Integer)u->wf->nfiles);
    else if (strcmp(k, "nedges") == 0)
        lua_pushinteger(L, (lua_Integer)hf_dag_nedges(u->wf->dag));
    else if (strcmp(k, "depth") == 0)
        lua_pushinteger(L, hf_dag_depth(u->wf->dag));
    else
        lua_pushnil(L);
    return 1;
}

hf_workflow *hf_lua_toworkflow(lua_State *L, int idx)
{
    lworkflow *u = luaL_testudata(L, idx, WORKFLOW_MT);
    return u ? u->wf : NULL;
}

hf_platform *hf_lua_toplatform(lua_State *L, int idx)
{
    lplatform *u = luaL_testudata(L, idx, PLATFORM_MT);
    return u ? u->p : NULL;
}

/* ---------- workflow builder (streaming: no table of all tasks in Lua memory) ---------- */

/* hetflow.workflow_builder{name, files, reference_speed, stage_at} -> builder */
static int l_workflow_builder(lua_State *L)
{
    hf_session *s = get_session(L);
    if (lua_isnoneornil(L, 1)) {
        lua_settop(L, 0);
        lua_newtable(L);
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lbuilder *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->wf = NULL;
    luaL_setmetatable(L, BUILDER_MT);
    if (hf_workflow_lua_begin(s->ctx, L, 1, &u->wf, &u->ref) != HF_OK) return raise_ctx(L, s->ctx);
    return 1;
}

static lbuilder *open_builder(lua_State *L)
{
    lbuilder *u = checkbuilder(L, 1);
    luaL_argcheck(L, u->wf != NULL, 1, "builder already built");
    return u;
}

/* builder:task{...}: add one task (same fields as a workflow's task table) */
static int builder_task(lua_State *L)
{
    lbuilder *u = open_builder(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    hf_session *s = get_session(L);
    if (hf_workflow_lua_add_task(s->ctx, L, 2, u->wf, u->ref) != HF_OK) return raise_ctx(L, s->ctx);
    return 0;
}

/* builder:file{name, size, location}: declare one file */
static int builder_file(lua_State *L)
{
    lbuilder *u = open_builder(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    hf_session *s = get_session(L);
    if (hf_workflow_lua_add_file(s->ctx, L, 2, u->wf) != HF_OK) return raise_ctx(L, s->ctx);
    return 0;
}

/* builder:edge(parent, child): explicit dependency between two added tasks */
static int builder_edge(lua_State *L)
{
    lbuilder *u = open_builder(L);
    const char *a = luaL_checkstring(L, 2), *b = luaL_checkstring(L, 3);
    hf_session *s = get_session(L);
    int pa = hf_workflow_find_task(u->wf, a), pb = hf_workflow_find_task(u->wf, b);
    if (pa < 0 || pb < 0) return luaL_error(L, "edge: no task named '%s'", pa < 0 ? a : b);
    if (hf_workflow_add_edge(s->ctx, u->wf, pa, pb) != HF_OK) return raise_ctx(L, s->ctx);
    return 0;
}

/* builder:build() -> workflow (DAG checked); the builder is closed */
static int builder_build(lua_State *L)
{
    lbuilder *u = open_builder(L);
    hf_session *s = get_session(L);
    lworkflow *w = lua_newuserdatauv(L, sizeof *w, 0);
    w->wf = NULL;
    w->busy = 0;
    luaL_setmetatable(L, WORKFLOW_MT);
    hf_workflow *wf = u->wf;
    u->wf = NULL;
    if (hf_workflow_finalize(s->ctx, wf) != HF_OK) {
        hf_workflow_free(wf);
        return raise_ctx(L, s->ctx);
    }
    w->wf = wf;
    return 1;
}

static int builder_gc(lua_State *L)
{
    lbuilder *u = checkbuilder(L, 1);
    hf_workflow_free(u->wf);
    u->wf = NULL;
    return 0;
}

/* ---------- results ---------- */

static void push_task_rec(lua_State *L, const hf_results *r, const hf_task_rec *t)
{
    lua_createtable(L, 0, 12);
    lua_pushstring(L, t->name);
    lua_setfield(L, -2, "name");
    lua_pushstring(L, t->resource >= 0 ? r->res[t->resource].name : "");
    lua_setfield(L, -2, "resource");
    lua_pushstring(L, t->variant);
    lua_setfield(L, -2, "variant");
    lua_pushinteger(L, t->cores);
    lua_setfield(L, -2, "cores");
    static const char *const names[] = {"ready",    "dispatch",  "start",  "end",
                                        "bytes_in", "bytes_out", "energy", "emissions"};
    const double v[] = {t->ready,    t->dispatch,  t->start,  t->end,
                        t->bytes_in, t->bytes_out, t->energy, t->emissions};
    for (int i = 0; i < 8; i++) {
        lua_pushnumber(L, v[i]);
        lua_setfield(L, -2, names[i]);
    }
}

/* results:task(name) -> table or nil */
static int results_task(lua_State *L)
{
    lresults *u = checkresults(L, 1);
    const hf_results *r = u->r;
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    if (strlen(name) != len) { /* a NUL inside: no task has that name */
        lua_pushnil(L);
        return 1;
    }
    if (!u->byname && r->ntasks > 0) { /* O(1) lookups: a scenario may ask for every task */
        hf_strmap *m = hf_strmap_new();
        int ok = m && hf_strmap_reserve(m, r->ntasks) == 0;
        for (size_t i = 0; ok && i < r->ntasks; i++)
            ok = hf_strmap_put(m, r->tasks[i].name, (int)i) >= 0;
        if (!ok) {
            hf_strmap_free(m);
            return luaL_error(L, "out of memory");
        }
        u->byname = m;
    }
    int i = u->byname ? hf_strmap_get(u->byname, name) : -1;
    if (i >= 0)
        push_task_rec(L, r, &r->tasks[i]);
    else
        lua_pushnil(L);
    return 1;
}

static int results_gc(lua_State *L)
{
    lresults *u = checkresults(L, 1);
    hf_strmap_free(u->byname);
    u->byname = NULL;
    return 0;
}

/* results:resource(name) -> table or nil */
static int results_resource(lua_State *L)
{
    const hf_results *r = checkresults(L, 1)->r;
    const char *name = luaL_checkstring(L, 2);
    for (size_t i = 0; i < r->nres; i++) {
        const hf_res_rec *x = &r->res[i];
        if (strcmp(x->name, name) != 0) continue;
        lua_createtable(L, 0, 10);
        lua_pushstring(L, x->name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, x->kind);
        lua_setfield(L, -2, "kind");
        lua_pushstring(L, x->site);
        lua_setfield(L, -2, "site");
        lua_pushinteger(L, x->cores);
        lua_setfield(L, -2, "cores");
        lua_pushnumber(L, x->speed);
        lua_setfield(L, -2, "speed");
        lua_pushinteger(L, x->tasks);
        lua_setfield(L, -2, "tasks");
        lua_pushnumber(L, x->busy_time);
        lua_setfield(L, -2, "busy_time");
        lua_pushnumber(L, x->core_seconds);
        lua_setfield(L, -2, "core_seconds");
        lua_pushnumber(L, x->utilisation);
        lua_setfield(L, -2, "utilisation");
        lua_pushnumber(L, x->energy);
        lua_setfield(L, -2, "energy");
        return 1;
    }
    lua_pushnil(L);
    return 1;
}

/* results:transfers() -> array of {file, src, dst, task, bytes, start, end[, path]}; path (the
 * transfer path's name) in runs with a transfer mode other than direct */
static int results_transfers(lua_State *L)
{
    const hf_results *r = checkresults(L, 1)->r;
    lua_createtable(L, (int)r->ntransfers, 0);
    for (size_t i = 0; i < r->ntransfers; i++) {
        const hf_transfer_rec *t = &r->transfers[i];
        lua_createtable(L, 0, 7);
        lua_pushstring(L, r->file_names[t->file]);
        lua_setfield(L, -2, "file");
        lua_pushstring(L, r->res[t->src].name);
        lua_setfield(L, -2, "src");
        lua_pushstring(L, r->res[t->dst].name);
        lua_setfield(L, -2, "dst");
        lua_pushstring(L, r->tasks[t->task].name);
        lua_setfield(L, -2, "task");
        lua_pushnumber(L, t->bytes);
        lua_setfield(L, -2, "bytes");
        lua_pushnumber(L, t->start);
        lua_setfield(L, -2, "start");
        lua_pushnumber(L, t->end);
        lua_setfield(L, -2, "end");
        if (r->paths && t->path >= 0 && t->path < HF_NPATHS) {
            lua_pushstring(L, hf_transfer_paths[t->path]);
            lua_setfield(L, -2, "path");
        }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* results:invocations() -> array of {task, endpoint, resource, cold, redeployed, submit, start,
 * latency, overhead, pull, init, compile}, in start order; empty in direct mode */
static int results_invocations(lua_State *L)
{
    const hf_results *r = checkresults(L, 1)->r;
    lua_createtable(L, (int)r->ninvokes, 0);
    for (size_t i = 0; i < r->ninvokes; i++) {
        const hf_invoke_rec *v = &r->invokes[i];
        lua_createtable(L, 0, 12);
        lua_pushstring(L, r->tasks[v->task].name);
        lua_setfield(L, -2, "task");
        lua_pushstring(L, r->endpoint_names[v->endpoint]);
        lua_setfield(L, -2, "endpoint");
        lua_pushstring(L, v->resource >= 0 ? r->res[v->resource].name : "");
        lua_setfield(L, -2, "resource");
        lua_pushboolean(L, v->cold);
        lua_setfield(L, -2, "cold");
        lua_pushinteger(L, v->redeployed);
        lua_setfield(L, -2, "redeployed");
        static const char *const names[] = {"submit", "start", "latency", "overhead",
                                            "pull",   "init",  "compile"};
        const double x[] = {v->submit, v->start, v->latency, v->overhead,
                            v->pull,   v->init,  v->compile};
        for (int k = 0; k < 7; k++) {
            lua_pushnumber(L, x[k]);
            lua_setfield(L, -2, names[k]);
        }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int results_index(lua_State *L)
{
    const hf_results *r = checkresults(L, 1)->r;
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "makespan") == 0)
        lua_pushnumber(L, r->makespan);
    else if (strcmp(k, "energy") == 0)
        lua_pushnumber(L, r->energy);
    else if (strcmp(k, "bytes_moved") == 0)
        lua_pushnumber(L, r->bytes_moved);
    else if (strcmp(k, "emissions") == 0)
        lua_pushnumber(L, r->emissions);
    else if (strcmp(k, "embodied") == 0)
        lua_pushnumber(L, r->embodied);
    else if (strcmp(k, "carbon") == 0) { /* per site: {site, pue, intensity, energy, emissions} */
        lua_createtable(L, (int)r->ncarbon, 0);
        for (size_t i = 0; i < r->ncarbon; i++) {
            const hf_carbon_rec *c = &r->carbon[i];
            lua_createtable(L, 0, 6);
            lua_pushstring(L, c->site ? c->site : "");
            lua_setfield(L, -2, "site");
            const char *const names[] = {"pue", "intensity", "energy", "emissions", "embodied"};
            const double v[] = {c->pue, c->intensity, c->energy, c->emissions, c->embodied};
            for (int j = 0; j < 5; j++) {
                lua_pushnumber(L, v[j]);
                lua_setfield(L, -2, names[j]);
            }
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    }
    else if (strcmp(k, "completed") == 0)
        lua_pushboolean(L, r->completed);
    else if (strcmp(k, "ntasks") == 0)
        lua_pushinteger(L, (lua_Integer)r->ntasks);
    else if (strcmp(k, "ntransfers") == 0)
        lua_pushinteger(L, (lua_Integer)r->ntransfers);
    else if (strcmp(k, "policy") == 0)
        lua_pushstring(L, r->policy ? r->policy : "");
    else if (strcmp(k, "mode") == 0)
        lua_pushstring(L, r->mode ? r->mode : "direct"); /* NULL: no serverless mode ran */
    else if (strcmp(k, "transfer") == 0)
        lua_pushstring(L, r->transfer ? r->transfer : "direct");
    else if (strcmp(k, "stage_in") == 0)
        lua_pushstring(L, r->stage_in ? r->stage_in : "sequential");
    else if (strcmp(k, "cold_starts") == 0)
        lua_pushinteger(L, (lua_Integer)r->cold_starts);
    else if (strcmp(k, "warm_starts") == 0)
        lua_pushinteger(L, (lua_Integer)r->warm_starts);
    else if (strcmp(k, "cold_seconds") == 0)
        lua_pushnumber(L, r->cold_seconds);
    else if (strcmp(k, "compile_seconds") == 0)
        lua_pushnumber(L, r->compile_seconds);
    else if (strcmp(k, "compiles") == 0)
        lua_pushinteger(L, (lua_Integer)r->compiles);
    else if (strcmp(k, "redeployments") == 0)
        lua_pushinteger(L, (lua_Integer)r->redeployments);
    else if (strcmp(k, "deferrals") == 0)
        lua_pushinteger(L, (lua_Integer)r->deferrals);
    else if (strcmp(k, "deferred_seconds") == 0)
        lua_pushnumber(L, r->deferred_seconds);
    else {
        luaL_getmetafield(L, 1, "methods");
        lua_getfield(L, -1, k);
    }
    return 1;
}

/* ---------- run ---------- */

static const char *const run_keys[] = {"platform", "workflow", "policy",  "serverless",
                                       "transfer", "stage_in", NULL};

/* hetflow.run{platform = P, workflow = W, policy = "name" | function | table,
 *             serverless = {mode, endpoints, ...}} -> results */
static int l_run(lua_State *L)
{
    hf_session *s = get_session(L);
    hf_ctx *ctx = s->ctx;
    hf_platform *p = NULL;
    hf_workflow *wf = NULL;
    hf_policy *pol = NULL;
    hf_serverless *sl = NULL;
    int pown = 0, wown = 0;
    hf_lpath path = HF_LPATH("run");
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1); /* slots 2-5 below are ours */
    hf_err rc = hf_ltab_check_keys(ctx, L, 1, run_keys, &path);
    if (rc) goto fail;
    lua_getfield(L, 1, "platform");
    lua_getfield(L, 1, "workflow");
    lua_getfield(L, 1, "policy");
    lua_getfield(L, 1, "serverless"); /* stack: 2 platform, 3 workflow, 4 policy, 5 serverless */
    if (lua_isnil(L, 2) || lua_isnil(L, 3)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "run: platform and workflow are required");
        goto fail;
    }
    s->transfer = HF_XFER_DIRECT;
    lua_getfield(L, 1, "transfer");
    if (!lua_isnil(L, -1)) {
        hf_xfer_mode m;
        const char *v = lua_type(L, -1) == LUA_TSTRING ? hf_ltab_cname(L, -1, NULL) : NULL;
        if (!v || hf_xfer_mode_parse(v, &m) != 0) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "run.transfer: direct, auto, gdr or bounce expected, got %s%s%s",
                             v ? "'" : "", v ? v : luaL_typename(L, -1), v ? "'" : "");
            lua_pop(L, 1);
            goto fail;
        }
        s->transfer = (int)m;
    }
    lua_pop(L, 1);
    s->stage_in = HF_STAGE_SEQUENTIAL;
    lua_getfield(L, 1, "stage_in");
    if (!lua_isnil(L, -1)) {
        const char *v = lua_type(L, -1) == LUA_TSTRING ? hf_ltab_cname(L, -1, NULL) : NULL;
        if (!v || hf_stage_in_parse(v, &s->stage_in) != 0) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "run.stage_in: sequential or concurrent expected, got %s%s%s",
                             v ? "'" : "", v ? v : luaL_typename(L, -1), v ? "'" : "");
            lua_pop(L, 1);
            goto fail;
        }
    }
    lua_pop(L, 1);
    rc = to_platform(ctx, L, 2, &p, &pown);
    if (!rc) rc = to_workflow(ctx, L, 3, s->ref_speed, &wf, &wown);
    if (!rc && !lua_isnil(L, 5)) rc = hf_serverless_from_lua(ctx, L, 5, p, &sl);
    if (rc) goto fail;
    if (lua_isnil(L, 4)) {
        pol = hf_policy_builtin(ctx, "earliest_finish");
    } else if (lua_type(L, 4) == LUA_TSTRING && !hf_ltab_cname(L, 4, NULL)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "run: policy: a name with a NUL byte");
        goto fail;
    } else if (lua_type(L, 4) == LUA_TSTRING) {
        pol = hf_policy_builtin(ctx, lua_tostring(L, 4));
    } else {
        pol = hf_lua_policy_new(ctx, L, 4);
    }
    if (!pol) {
        rc = ctx->errcode;
        goto fail;
    }
    /* give Lua's garbage (e.g. a builder's transient task tables) back to the allocator before
     * the simulation's own allocations, which then reuse it instead of raising the peak */
    lua_gc(L, LUA_GCCOLLECT);
    /* objects lent to the run must survive it, whatever a Lua policy does meanwhile */
    lplatform *lp = luaL_testudata(L, 2, PLATFORM_MT);
    lworkflow *lw = luaL_testudata(L, 3, WORKFLOW_MT);
    if (lp) lp->busy = 1;
    if (lw) lw->busy = 1;
    rc = hf_session_run(s, p, wf, pol, sl);
    if (lp) lp->busy = 0;
    if (lw) lw->busy = 0;
    if (rc) goto fail;
    hf_policy_free(pol);
    hf_serverless_free(sl);
    if (pown) hf_platform_free(p);
    if (wown) hf_workflow_free(wf);
    lresults *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->r = s->results; /* owned by the session, which outlives the Lua state */
    u->byname = NULL;
    luaL_setmetatable(L, RESULTS_MT);
    return 1;
fail:
    hf_policy_free(pol);
    hf_serverless_free(sl);
    if (pown) hf_platform_free(p);
    if (wown) hf_workflow_free(wf);
    return raise_ctx(L, ctx);
}

/* hetflow.units(string, kind) -> number in SI; kind is "speed", "flop", "size", "bandwidth",
 * "time", "power" or "energy" */
static int l_units(lua_State *L)
{
    static const char *const kinds[] = {"flop", "speed", "size",   "bandwidth",
                                        "time", "power", "energy", NULL};
    const char *s = luaL_checkstring(L, 1);
    int kind = luaL_checkoption(L, 2, NULL, kinds);
    double v;
    char err[256];
    if (hf_units_parse(s, (hf_unit_kind)kind, &v, err, sizeof err) != 0)
        return luaL_error(L, "%s", err);
    lua_pushnumber(L, v);
    return 1;
}

/* ---------- module ---------- */

struct hf_lua_embedded {
    const char *name;
    const char *src;
    size_t len;
};
extern const struct hf_lua_embedded hf_lua_embedded_sources[];

static void new_type(lua_State *L, const char *name, const luaL_Reg *meta, const luaL_Reg *methods)
{
    luaL_newmetatable(L, name);
    luaL_setfuncs(L, meta, 0);
    if (methods) {
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_setfield(L, -2, "methods");
    }
    lua_pop(L, 1);
}

void hf_lua_open(lua_State *L, hf_session *session)
{
    lua_pushlightuserdata(L, session);
    lua_setfield(L, LUA_REGISTRYINDEX, HF_LUA_SESSION_KEY);
    hf_lua_state_init(L, session->ctx->seed); /* before any Lua code, the embedded too */

    static const luaL_Reg pmeta[] = {{"__gc", platform_gc},
                                     {"__close", platform_gc},
                                     {"__tostring", platform_tostring},
                                     {"__index", platform_index},
                                     {NULL, NULL}};
    static const luaL_Reg pmethods[] = {
        {"describe", platform_describe}, {"write_xml", platform_write_xml}, {NULL, NULL}};
    static const luaL_Reg wmeta[] = {{"__gc", workflow_gc},
                                     {"__close", workflow_gc},
                                     {"__tostring", workflow_tostring},
                                     {"__index", workflow_index},
                                     {NULL, NULL}};
    static const luaL_Reg rmeta[] = {
        {"__index", results_index}, {"__gc", results_gc}, {NULL, NULL}};
    static const luaL_Reg rmethods[] = {{"task", results_task},
                                        {"resource", results_resource},
                                        {"transfers", results_transfers},
                                        {"invocations", results_invocations},
                                        {NULL, NULL}};
    new_type(L, PLATFORM_MT, pmeta, pmethods);
    new_type(L, WORKFLOW_MT, wmeta, NULL);
    new_type(L, RESULTS_MT, rmeta, rmethods);
    static const luaL_Reg bmeta[] = {{"__gc", builder_gc}, {"__close", builder_gc}, {NULL, NULL}};
    static const luaL_Reg bmethods[] = {{"task", builder_task},
                                        {"file", builder_file},
                                        {"edge", builder_edge},
                                        {"build", builder_build},
                                        {NULL, NULL}};
    new_type(L, BUILDER_MT, bmeta, bmethods);
    /* builder methods are looked up directly: __index is the methods table */
    luaL_getmetatable(L, BUILDER_MT);
    lua_getfield(L, -1, "methods");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    static const luaL_Reg funcs[] = {
        {"platform", l_platform}, {"workflow_builder", l_workflow_builder},
        {"run", l_run},           {"units", l_units},
        {"pack", hf_lua_pack},    {"collective", hf_lua_collective}, {"train", hf_lua_train},
        {NULL, NULL}};
    luaL_newlib(L, funcs);
    /* hetflow.workflow(x [, options]) and hetflow.workflow.load(path [, options]) */
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, l_workflow);
    lua_setfield(L, -2, "load");
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, l_workflow_call);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    lua_setfield(L, -2, "workflow");
    lua_pushstring(L, HF_VERSION);
    lua_setfield(L, -2, "version");
    lua_pushinteger(L, (lua_Integer)session->ctx->seed);
    lua_setfield(L, -2, "seed");
    lua_createtable(L, 0, (int)session->ctx->nparams);
    for (size_t i = 0; i < session->ctx->nparams; i++) {
        lua_pushstring(L, session->ctx->params[i].value);
        lua_setfield(L, -2, session->ctx->params[i].name);
    }
    lua_setfield(L, -2, "params");
    lua_createtable(L, 0, 3);
    for (const char *const *n = hf_policy_builtin_names(); *n; n++) {
        lua_pushstring(L, *n);
        lua_setfield(L, -2, *n);
    }
    lua_setfield(L, -2, "policies");

    /* pure-Lua helpers: each embedded chunk is called with the module table */
    for (const struct hf_lua_embedded *e = hf_lua_embedded_sources; e->name; e++) {
        char chunk[128];
        snprintf(chunk, sizeof chunk, "=[hetflow/%s.lua]", e->name);
        if (luaL_loadbuffer(L, e->src, e->len, chunk) != LUA_OK) {
            fprintf(stderr, "hetflow: embedded %s.lua: %s\n", e->name, lua_tostring(L, -1));
            abort(); /* a build defect, not a user error */
        }
        lua_pushvalue(L, -2);
        lua_call(L, 1, 0);
    }
    hf_lua_track_inputs(L);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "hetflow");
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "hetflow");
    lua_pop(L, 2);
}
