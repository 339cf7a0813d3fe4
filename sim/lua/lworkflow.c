/* lworkflow.c: a Lua workflow table -> hf_workflow with its DAG (docs/scenarios.md). */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "net/coll.h"
#include "core/arena.h"
#include "lua/hf_lua.h"

static const char *const top_keys[] = {"name",     "tasks",     "files", "edges", "reference_speed",
                                       "stage_at", "functions", NULL};
static const char *const file_keys[] = {"name", "size", "location", NULL};
static const char *const task_keys[] = {"name",   "cpu",        "gpu",     "cores",
                                        "memory", "gpu_memory", "inputs",  "outputs",
                                        "after",  "fn",         "release", "slack", "collective",
                                        NULL};
static const char *const coll_keys[] = {"op",       "size",  "algo",  "offload", "reduce",
                                        "per_node", "group", "chunk", NULL};
static const char *const fn_keys[] = {"name", "image", "image_size", "init", "compile", NULL};
static const char *const compile_keys[] = {"cpu", "gpu", NULL};
static const char *const cpu_keys[] = {"flops", "seconds", "reference_speed", NULL};
static const char *const gpu_keys[] = {"flops",           "bytes",   "seconds",
                                       "reference_speed", "kernels", NULL};
static const char *const kernel_keys[] = {"count", "flops", "bytes",   "blocks",
                                          "gap",   "name",  "latency", NULL};

/* Declare the file table at idx (name, size, location) unless already declared identically. */
static hf_err declare_file(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, hf_lpath *path)
{
    const char *name = NULL, *loc = NULL;
    double size = 0;
    int has_size = 0;
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, file_keys, path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "name", &name, path);
    if (!rc && !name) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: required", hf_lpath_str(path));
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "size", HF_UNIT_BYTES, 0, 0, &size, &has_size, path);
    if (!rc && !has_size) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.size: required", hf_lpath_str(path));
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "location", &loc, path);
    if (rc) return rc;
    int f = hf_workflow_find_file(wf, name);
    if (f >= 0) {
        if (wf->files[f].size != size) {
            char a[32], b[32];
            hf_units_format(wf->files[f].size, HF_UNIT_BYTES, a, sizeof a);
            hf_units_format(size, HF_UNIT_BYTES, b, sizeof b);
            return hf_ctx_fail(ctx, HF_EINPUT, "%s: file '%s' declared with sizes %s and %s",
                               hf_lpath_str(path), name, a, b);
        }
        /* a later declaration may add a location; two different ones conflict */
        const char *had = hf_file_location(wf, &wf->files[f]);
        if (loc && had && strcmp(loc, had) != 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "%s: file '%s' declared with locations '%s' and '%s'",
                               hf_lpath_str(path), name, had, loc);
        return loc && !had ? hf_workflow_set_location(ctx, wf, f, loc) : HF_OK;
    }
    if (hf_workflow_add_file(ctx, wf, name, size, loc) < 0) {
        hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
        return ctx->errcode;
    }
    return HF_OK;
}

/* Declare the function table at idx: {name, image, image_size, init, compile = {cpu, gpu}}. */
static hf_err declare_function(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, hf_lpath *path)
{
    hf_function f = {0};
    const char *name = NULL, *image = NULL;
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, fn_keys, path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "name", &name, path);
    if (!rc && !name) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: required", hf_lpath_str(path));
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "image", &image, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "image_size", HF_UNIT_BYTES, 0, 0, &f.image_size, NULL,
                              path);
    if (!rc) rc = hf_ltab_quantity(ctx, L, idx, "init", HF_UNIT_TIME, 0, 0, &f.init, NULL, path);
    if (rc) return rc;
    int t = hf_rawgetfield(L, idx, "compile");
    if (t != LUA_TNIL) {
        size_t mark = hf_lpath_key(path, "compile");
        if (t != LUA_TTABLE)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: table {cpu = time, gpu = time} expected, got %s",
                             hf_lpath_str(path), luaL_typename(L, -1));
        if (!rc) rc = hf_ltab_check_keys(ctx, L, -1, compile_keys, path);
        for (int v = 0; v < 2 && !rc; v++)
            rc = hf_ltab_quantity(ctx, L, -1, compile_keys[v], HF_UNIT_TIME, 0, 0, &f.compile[v],
                                  NULL, path);
        hf_lpath_pop(path, mark);
    }
    lua_pop(L, 1);
    if (rc) return rc;
    f.name = (char *)name;
    f.image = (char *)image;
    if (hf_workflow_add_function(ctx, wf, &f) < 0) {
        hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
        return ctx->errcode;
    }
    return HF_OK;
}

typedef hf_err (*declare_fn)(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, hf_lpath *path);

/* Declare every entry of the list key ("functions", "files") of the table at idx with declare
 * (absent: nothing); what, when not NULL, names the table each entry must be. */
static hf_err declare_list(hf_ctx *ctx, lua_State *L, int idx, const char *key, const char *what,
                           declare_fn declare, hf_workflow *wf, hf_lpath *path)
{
    hf_err rc = HF_OK;
    long n = 0;
    hf_rawgetfield(L, idx, key);
    if (!lua_isnil(L, -1)) {
        size_t mark = hf_lpath_key(path, key);
        rc = hf_ltab_check_array(ctx, L, -1, path, &n);
        for (long i = 1; i <= n && !rc; i++) {
            lua_rawgeti(L, -1, i);
            size_t m2 = hf_lpath_index(path, i);
            if (what && !lua_istable(L, -1))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: %s table expected, got %s",
                                 hf_lpath_str(path), what, luaL_typename(L, -1));
            if (!rc) rc = declare(ctx, L, -1, wf, path);
            hf_lpath_pop(path, m2);
            lua_pop(L, 1);
        }
        hf_lpath_pop(path, mark);
    }
    lua_pop(L, 1);
    return rc;
}

static hf_err declare_functions(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, hf_lpath *path)
{
    return declare_list(ctx, L, idx, "functions", "function", declare_function, wf, path);
}

static hf_err declare_files(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, hf_lpath *path)
{
    return declare_list(ctx, L, idx, "files", NULL, declare_file, wf, path);
}

/* Pass 1 over inputs/outputs of one task: declare every file given as a table. */
static hf_err declare_task_files(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf,
                                 hf_lpath *path)
{
    static const char *const lists[] = {"inputs", "outputs"};
    hf_err rc = HF_OK;
    for (int l = 0; l < 2 && !rc; l++) {
        hf_rawgetfield(L, idx, lists[l]);
        if (!lua_isnil(L, -1)) {
            size_t mark = hf_lpath_key(path, lists[l]);
            long n = 0;
            rc = hf_ltab_check_array(ctx, L, -1, path, &n);
            for (long i = 1; i <= n && !rc; i++) {
                lua_rawgeti(L, -1, i);
                size_t m2 = hf_lpath_index(path, i);
                if (lua_istable(L, -1))
                    rc = declare_file(ctx, L, -1, wf, path);
                else if (lua_type(L, -1) != LUA_TSTRING)
                    rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: file name or file table expected, got %s",
                                     hf_lpath_str(path), luaL_typename(L, -1));
                hf_lpath_pop(path, m2);
                lua_pop(L, 1);
            }
            hf_lpath_pop(path, mark);
        }
        lua_pop(L, 1);
    }
    return rc;
}

/* Resolve list key of the task table at idx into file indices (allocated into *out). */
static hf_err file_list(hf_ctx *ctx, lua_State *L, int idx, const char *key, hf_workflow *wf,
                        const char *task, int **out, int *n)
{
    hf_err rc = HF_OK;
    *out = NULL;
    *n = 0;
    hf_rawgetfield(L, idx, key);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return HF_OK;
    }
    long len = (long)lua_rawlen(L, -1);
    *out = malloc((len ? len : 1) * sizeof(int));
    if (!*out) {
        lua_pop(L, 1);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    for (long i = 1; i <= len && !rc; i++) {
        lua_rawgeti(L, -1, i);
        /* an entry is a file name or a file table (declared in pass 1): push its name */
        if (lua_istable(L, -1))
            hf_rawgetfield(L, -1, "name");
        else
            lua_pushvalue(L, -1);
        int nul = 0;
        const char *fname = hf_ltab_cname(L, -1, &nul);
        int f = fname ? hf_workflow_find_file(wf, fname) : -1;
        if (nul)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "task '%s': %s[%ld]: a file name with a NUL byte",
                             task, key, i);
        else if (f < 0)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "task '%s': %s[%ld] '%s' is not a declared file (declare it in "
                             "files, or give {name=..., size=...})",
                             task, key, i, fname ? fname : "?");
        if (!rc) (*out)[(*n)++] = f;
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    return rc;
}

static hf_err read_cost(hf_ctx *ctx, lua_State *L, int idx, const char *target, double wf_ref,
                        const char *task, hf_cost *c, hf_lpath *path)
{
    hf_err rc = HF_OK;
    memset(c, 0, sizeof *c);
    hf_rawgetfield(L, idx, target);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return HF_OK;
    }
    int is_gpu = strcmp(target, "gpu") == 0;
    size_t mark = hf_lpath_key(path, target);
    int has_ref = 0;
    c->set = 1;
    rc = hf_ltab_check_keys(ctx, L, -1, is_gpu ? gpu_keys : cpu_keys, path);
    if (!rc) rc = hf_ltab_quantity(ctx, L, -1, "flops", HF_UNIT_FLOP, 0, 0, &c->flops, NULL, path);
    if (!rc && is_gpu)
        rc = hf_ltab_quantity(ctx, L, -1, "bytes", HF_UNIT_BYTES, 0, 0, &c->bytes, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, -1, "seconds", HF_UNIT_TIME, 0, 0, &c->seconds, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, -1, "reference_speed", HF_UNIT_SPEED, 1, 0, &c->ref_speed,
                              &has_ref, path);
    if (!rc && !has_ref && !is_gpu) c->ref_speed = wf_ref;
    if (!rc && !is_gpu && c->seconds > 0 && !(c->ref_speed > 0))
        rc = hf_ctx_fail(ctx, HF_EINPUT,
                         "task '%s': cpu.seconds needs a reference speed (set cpu.reference_speed "
                         "or the workflow's reference_speed)",
                         task);
    hf_lpath_pop(path, mark);
    lua_pop(L, 1);
    return rc;
}

/* A number field that must hold a whole number (count, blocks), default dflt when absent. */
static hf_err whole(hf_ctx *ctx, lua_State *L, int idx, const char *key, double dflt, double *out,
                    const hf_lpath *path)
{
    hf_err rc = HF_OK;
    hf_rawgetfield(L, idx, key);
    if (lua_isnil(L, -1))
        *out = dflt;
    else if (lua_type(L, -1) != LUA_TNUMBER)
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: a number expected, got %s", hf_lpath_str(path),
                         key, luaL_typename(L, -1));
    else
        *out = lua_tonumber(L, -1); /* range checked by hf_workflow_add_kernels */
    lua_pop(L, 1);
    return rc;
}

/* task.gpu.kernels (task table at idx): a list of {count, flops, bytes, blocks, gap, name,
 * latency} groups (docs/models/gpu.md); sets *kernels for hf_task. Names are borrowed from the
 * Lua tables (alive while the task table is) until hf_workflow_add_kernels copies them. */
static hf_err read_kernels(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, const char *task,
                           int *kernels, hf_lpath *path)
{
    hf_err rc = HF_OK;
    hf_rawgetfield(L, idx, "gpu");
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return HF_OK;
    }
    hf_rawgetfield(L, -1, "kernels");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 2);
        return HF_OK;
    }
    size_t mark = hf_lpath_key(path, "gpu");
    hf_lpath_key(path, "kernels");
    long n = 0;
    hf_kgroup *g = NULL;
    rc = hf_ltab_check_array(ctx, L, -1, path, &n);
    if (!rc && n > 0 && !(g = calloc((size_t)n, sizeof *g)))
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    for (long i = 1; i <= n && !rc; i++) {
        lua_rawgeti(L, -1, i);
        size_t imark = hf_lpath_index(path, i);
        hf_kgroup *k = &g[i - 1];
        if (!lua_istable(L, -1))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a kernel table expected, got %s",
                             hf_lpath_str(path), luaL_typename(L, -1));
        if (!rc) rc = hf_ltab_check_keys(ctx, L, -1, kernel_keys, path);
        if (!rc) rc = whole(ctx, L, -1, "count", 1, &k->count, path);
        if (!rc) rc = whole(ctx, L, -1, "blocks", -1, &k->k.blocks, path);
        if (!rc && k->k.blocks == -1)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.blocks: required", hf_lpath_str(path));
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, -1, "flops", HF_UNIT_FLOP, 0, 0, &k->k.flops, NULL, path);
        if (!rc)
            rc =
                hf_ltab_quantity(ctx, L, -1, "bytes", HF_UNIT_BYTES, 0, 0, &k->k.bytes, NULL, path);
        if (!rc) rc = hf_ltab_quantity(ctx, L, -1, "gap", HF_UNIT_TIME, 0, 0, &k->gap, NULL, path);
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, -1, "latency", HF_UNIT_TIME, 0, 0, &k->k.latency, NULL,
                                  path);
        if (!rc) rc = hf_ltab_string(ctx, L, -1, "name", &k->name, path);
        if (!rc && k->name && !*k->name)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: an empty kernel name", hf_lpath_str(path));
        hf_lpath_pop(path, imark);
        lua_pop(L, 1);
    }
    if (!rc) {
        int id = hf_workflow_add_kernels(ctx, wf, task, g, (int)n);
        if (id < 0)
            rc = ctx->errcode;
        else
            *kernels = id;
    }
    free(g);
    hf_lpath_pop(path, mark);
    lua_pop(L, 2);
    return rc;
}

/* task.collective (docs/models/collectives.md#collectives-as-workflow-tasks) of the task table
 * at idx: added to wf, *coll set (0 when the task has none). */
static hf_err read_collective(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf,
                              const char *task, int *coll, hf_lpath *path)
{
    *coll = 0;
    hf_rawgetfield(L, idx, "collective");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return HF_OK;
    }
    size_t mark = hf_lpath_key(path, "collective");
    int ci = lua_gettop(L);
    hf_coll_task c = {0};
    char **names = NULL;
    hf_err rc = lua_istable(L, ci) ? hf_ltab_check_keys(ctx, L, ci, coll_keys, path)
                                   : hf_ctx_fail(ctx, HF_EINPUT, "%s: a table expected, got %s",
                                                 hf_lpath_str(path), luaL_typename(L, ci));
    if (!rc)
        rc = hf_lua_coll_name(ctx, L, ci, "op", NULL, hf_lua_parse_coll_op, &c.op,
                       "allreduce, reducescatter, allgather or broadcast", path);
    if (!rc)
        rc = hf_lua_coll_name(ctx, L, ci, "algo", "ring", hf_lua_parse_coll_algo, &c.algo,
                       "ring, rhd, tree, hier, dbtree or auto", path);
    if (!rc)
        rc = hf_lua_coll_name(ctx, L, ci, "offload", "gpu", hf_lua_parse_coll_offload, &c.offload, "gpu or nic",
                       path);
    int present = 0;
    if (!rc) rc = hf_ltab_quantity(ctx, L, ci, "size", HF_UNIT_BYTES, 0, 0, &c.size, &present, path);
    if (!rc && !present) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.size: required", hf_lpath_str(path));
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, ci, "reduce", HF_UNIT_BANDWIDTH, 0, 0, &c.reduce, NULL, path);
    if (!rc) rc = hf_ltab_posint(ctx, L, ci, "per_node", 0, &c.per_node, path);
    if (!rc) rc = hf_ltab_quantity(ctx, L, ci, "chunk", HF_UNIT_BYTES, 0, 0, &c.chunk, NULL, path);
    if (!rc) {
        hf_rawgetfield(L, ci, "group");
        size_t gmark = hf_lpath_key(path, "group");
        if (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "gpus") == 0) {
            c.ngroup = 0; /* every GPU */
        } else if (lua_isnil(L, -1)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: required (names of GPUs, or \"gpus\")",
                             hf_lpath_str(path));
        } else if (!lua_istable(L, -1)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a list of GPU names or \"gpus\" expected, got %s",
                             hf_lpath_str(path), luaL_typename(L, -1));
        } else {
            long n = 0;
            rc = hf_ltab_check_array(ctx, L, -1, path, &n);
            if (!rc && n > (1L << 20))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: %ld names (at most 1048576)",
                                 hf_lpath_str(path), n);
            if (!rc && n > 0 && !(names = calloc((size_t)n, sizeof *names)))
                rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            for (long k = 1; k <= n && !rc; k++) {
                lua_rawgeti(L, -1, k);
                int nul = 0;
                const char *v = hf_ltab_cname(L, -1, &nul);
                if (!v || nul)
                    rc = hf_ctx_fail(ctx, HF_EINPUT, "%s[%ld]: a GPU name expected, got %s",
                                     hf_lpath_str(path), k, nul ? "a string with a NUL byte"
                                                                : luaL_typename(L, -1));
                else
                    names[k - 1] = (char *)v; /* alive while the group table is */
                lua_pop(L, 1);
            }
            c.ngroup = (int)n;
            c.group = names;
            if (!rc && n < 2)
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "%s: %ld GPU%s (a group needs 2 or more; one has nothing to "
                                 "exchange)",
                                 hf_lpath_str(path), n, n == 1 ? "" : "s");
        }
        hf_lpath_pop(path, gmark);
        if (!rc && (*coll = hf_workflow_add_collective(ctx, wf, task, &c)) < 0) rc = ctx->errcode;
        lua_pop(L, 1); /* the group */
    }
    free(names);
    hf_lpath_pop(path, mark);
    lua_pop(L, 1);
    return rc;
}

static hf_err read_task(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, double wf_ref,
                        hf_lpath *path)
{
    hf_task_ext x = {0};
    hf_task t = {.ext = &x};
    const char *name = NULL;
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, task_keys, path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "name", &name, path);
    if (!rc && !name) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: required", hf_lpath_str(path));
    if (rc) return rc;
    t.name = (char *)name;
    rc = read_cost(ctx, L, idx, "cpu", wf_ref, name, &t.cpu, path);
    if (!rc) rc = read_cost(ctx, L, idx, "gpu", wf_ref, name, &x.gpu, path);
    if (!rc) rc = read_kernels(ctx, L, idx, wf, name, &x.kernels, path);
    if (!rc) rc = read_collective(ctx, L, idx, wf, name, &x.coll, path);
    if (!rc && x.coll) {
        /* a GPU task with no cost of its own: an empty gpu or cpu table would pass unseen */
        int has_gpu = hf_rawgetfield(L, idx, "gpu") != LUA_TNIL;
        lua_pop(L, 1);
        int has_cpu = hf_rawgetfield(L, idx, "cpu") != LUA_TNIL;
        lua_pop(L, 1);
        if (has_gpu || has_cpu)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s: task '%s' is a collective: it takes no %s table (its group's "
                             "GPUs run it; its cost is the collective's)",
                             hf_lpath_str(path), name, has_gpu ? "gpu" : "cpu");
        x.gpu.set = 1;
    }
    if (!rc) rc = hf_ltab_posint(ctx, L, idx, "cores", 1, &t.cores, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "memory", HF_UNIT_BYTES, 0, 0, &x.memory, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "gpu_memory", HF_UNIT_BYTES, 0, 0, &x.gpu_memory, NULL,
                              path);
    if (!rc) rc = file_list(ctx, L, idx, "inputs", wf, name, &t.inputs, &t.ninputs);
    if (!rc) rc = file_list(ctx, L, idx, "outputs", wf, name, &t.outputs, &t.noutputs);
    const char *fn = NULL;
    int fi = -1;
    double release = 0, slack = -1;
    int has_slack = 0;
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "release", HF_UNIT_TIME, 0, 0, &release, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "slack", HF_UNIT_TIME, 0, 0, &slack, &has_slack, path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "fn", &fn, path);
    if (!rc && fn && x.coll)
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.fn: task '%s' is a collective: it runs no function",
                         hf_lpath_str(path), name);
    if (!rc && fn && (fi = hf_workflow_find_function(wf, fn)) < 0)
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.fn: task '%s' names no declared function ('%s')",
                         hf_lpath_str(path), name, fn);
    int ti = -1;
    if (!rc && (ti = hf_workflow_add_task(ctx, wf, &t)) < 0) {
        rc = ctx->errcode;
        hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
    }
    if (!rc && fi >= 0) rc = hf_workflow_set_task_function(ctx, wf, ti, fi);
    if (!rc && release > 0) rc = hf_workflow_set_release(ctx, wf, ti, release);
    if (!rc && has_slack) rc = hf_workflow_set_slack(ctx, wf, ti, slack);
    free(t.inputs);
    free(t.outputs);
    return rc;
}

/* task.after = {names} of the task table at idx (task index child): parents must exist. */
static hf_err add_after(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, int child,
                        hf_lpath *path)
{
    hf_err rc = HF_OK;
    hf_rawgetfield(L, idx, "after");
    if (!lua_isnil(L, -1)) {
        size_t mark = hf_lpath_key(path, "after");
        long na = 0;
        rc = hf_ltab_check_array(ctx, L, -1, path, &na);
        for (long k = 1; k <= na && !rc; k++) {
            lua_rawgeti(L, -1, k);
            int nul = 0;
            const char *pn = hf_ltab_cname(L, -1, &nul);
            int parent = pn ? hf_workflow_find_task(wf, pn) : -1;
            if (nul)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s[%ld]: a task name with a NUL byte",
                                 hf_lpath_str(path), k);
            else if (parent < 0)
                rc = hf_ctx_fail(
                    ctx, HF_EINPUT, "%s[%ld]: task '%s' names no task ('%s') to run after",
                    hf_lpath_str(path), k, wf->tasks[child].name, pn ? pn : luaL_typename(L, -1));
            else
                rc = hf_workflow_add_edge(ctx, wf, parent, child);
            lua_pop(L, 1);
        }
        hf_lpath_pop(path, mark);
    }
    lua_pop(L, 1);
    return rc;
}

/* Explicit dependencies: task.after = {names} and workflow.edges = {{parent, child}, ...}. */
static hf_err read_edges(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, hf_lpath *path)
{
    hf_err rc = HF_OK;
    hf_rawgetfield(L, idx, "tasks");
    long n = (long)lua_rawlen(L, -1);
    for (long i = 1; i <= n && !rc; i++) {
        lua_rawgeti(L, -1, i);
        size_t mark = hf_lpath_index(path, i);
        rc = add_after(ctx, L, -1, wf, (int)(i - 1), path);
        hf_lpath_pop(path, mark);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (rc) return rc;

    hf_rawgetfield(L, idx, "edges");
    if (!lua_isnil(L, -1)) {
        hf_lpath ep = HF_LPATH("workflow.edges");
        long ne = 0;
        rc = hf_ltab_check_array(ctx, L, -1, &ep, &ne);
        for (long e = 1; e <= ne && !rc; e++) {
            lua_rawgeti(L, -1, e);
            if (!lua_istable(L, -1)) {
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "workflow.edges[%ld]: {parent, child} task names expected, got %s",
                                 e, luaL_typename(L, -1));
                lua_pop(L, 1);
                break;
            }
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            int nula = 0, nulb = 0;
            const char *a = hf_ltab_cname(L, -2, &nula);
            const char *b = hf_ltab_cname(L, -1, &nulb);
            int pa = a ? hf_workflow_find_task(wf, a) : -1,
                pb = b ? hf_workflow_find_task(wf, b) : -1;
            if (nula || nulb)
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "workflow.edges[%ld][%d]: a task name with a NUL byte", e,
                                 nula ? 1 : 2);
            else if (!lua_istable(L, -3) || !a || !b)
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "workflow.edges[%ld]: {parent, child} task names expected", e);
            else if (pa < 0 || pb < 0)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "workflow.edges[%ld]: no task named '%s'", e,
                                 pa < 0 ? a : b);
            else
                rc = hf_workflow_add_edge(ctx, wf, pa, pb);
            lua_pop(L, 3);
        }
    }
    lua_pop(L, 1);
    return rc;
}

hf_err hf_workflow_from_lua(hf_ctx *ctx, lua_State *L, int idx, hf_workflow **out)
{
    hf_lpath path = HF_LPATH("workflow");
    hf_workflow *wf = NULL;
    const char *name = NULL, *stage_at = NULL;
    double ref = 0;
    long ntasks = 0;
    idx = lua_absindex(L, idx);
    *out = NULL;
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, top_keys, &path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "name", &name, &path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "stage_at", &stage_at, &path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "reference_speed", HF_UNIT_SPEED, 1, 0, &ref, NULL,
                              &path);
    if (rc) return rc;
    wf = hf_workflow_new(name ? name : "workflow");
    if (!wf || (stage_at && !(wf->stage_at = strdup(stage_at)))) {
        hf_workflow_free(wf);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }

    /* pass 1: functions and files (top-level list, then tables inside task inputs/outputs) */
    rc = declare_functions(ctx, L, idx, wf, &path);
    if (!rc) rc = declare_files(ctx, L, idx, wf, &path);

    hf_rawgetfield(L, idx, "tasks");
    size_t tmark = hf_lpath_key(&path, "tasks");
    if (!rc && lua_isnil(L, -1))
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: required", hf_lpath_str(&path));
    if (!rc) rc = hf_ltab_check_array(ctx, L, -1, &path, &ntasks);
    for (long i = 1; i <= ntasks && !rc; i++) {
        lua_rawgeti(L, -1, i);
        size_t m2 = hf_lpath_index(&path, i);
        if (!lua_istable(L, -1))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: task table expected, got %s", hf_lpath_str(&path),
                             luaL_typename(L, -1));
        if (!rc) rc = declare_task_files(ctx, L, -1, wf, &path);
        hf_lpath_pop(&path, m2);
        lua_pop(L, 1);
    }
    /* pass 2: tasks */
    for (long i = 1; i <= ntasks && !rc; i++) {
        lua_rawgeti(L, -1, i);
        size_t m2 = hf_lpath_index(&path, i);
        rc = read_task(ctx, L, -1, wf, ref, &path);
        hf_lpath_pop(&path, m2);
        lua_pop(L, 1);
    }
    hf_lpath_pop(&path, tmark);
    lua_pop(L, 1);
    /* pass 3: explicit edges, once every task has an index */
    if (!rc) {
        size_t m3 = hf_lpath_key(&path, "tasks");
        rc = read_edges(ctx, L, idx, wf, &path);
        hf_lpath_pop(&path, m3);
    }
    if (!rc) rc = hf_workflow_finalize(ctx, wf);
    if (rc) {
        hf_workflow_free(wf);
        return rc;
    }
    *out = wf;
    return HF_OK;
}

/* ---- streaming construction (hetflow.workflow_builder) ---- */

hf_err hf_workflow_lua_begin(hf_ctx *ctx, lua_State *L, int idx, hf_workflow **out, double *ref)
{
    static const char *const keys[] = {"name",     "files",     "reference_speed",
                                       "stage_at", "functions", NULL};
    hf_lpath path = HF_LPATH("workflow_builder");
    const char *name = NULL, *stage_at = NULL;
    idx = lua_absindex(L, idx);
    *out = NULL;
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, keys, &path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "name", &name, &path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "stage_at", &stage_at, &path);
    if (!rc)
        rc =
            hf_ltab_quantity(ctx, L, idx, "reference_speed", HF_UNIT_SPEED, 1, 0, ref, NULL, &path);
    if (rc) return rc;
    hf_workflow *wf = hf_workflow_new(name ? name : "workflow");
    if (!wf || (stage_at && !(wf->stage_at = strdup(stage_at)))) {
        hf_workflow_free(wf);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    rc = declare_functions(ctx, L, idx, wf, &path);
    if (!rc) rc = declare_files(ctx, L, idx, wf, &path);
    if (rc) {
        hf_workflow_free(wf);
        return rc;
    }
    *out = wf;
    return HF_OK;
}

hf_err hf_workflow_lua_add_task(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf, double ref)
{
    hf_lpath path = HF_LPATH("");
    path.len = (size_t)snprintf(path.buf, sizeof path.buf, "task #%zu", wf->ntasks + 1);
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx))
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: task table expected, got %s", hf_lpath_str(&path),
                           luaL_typename(L, idx));
    hf_err rc = declare_task_files(ctx, L, idx, wf, &path);
    if (!rc) rc = read_task(ctx, L, idx, wf, ref, &path);
    if (!rc) rc = add_after(ctx, L, idx, wf, (int)wf->ntasks - 1, &path);
    return rc;
}

hf_err hf_workflow_lua_add_file(hf_ctx *ctx, lua_State *L, int idx, hf_workflow *wf)
{
    hf_lpath path = HF_LPATH("file");
    return declare_file(ctx, L, idx, wf, &path);
}
