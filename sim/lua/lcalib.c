/* lcalib.c: the GPU model's parameters from a platform file or the GPU catalog, for
 * `hetflow calibrate` and `hetflow compare` (hf_calib.h, docs/validation.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua/hf_lua.h"

/* The rates of catalog entry at idx (every precision it gives) into g. */
static void entry_rates(lua_State *L, int idx, hf_gpu_params *g)
{
    g->nrates = 0;
    for (const char *const *q = hf_gpu_precisions; *q; q++) {
        double v = hf_lua_catalog_num(L, idx, *q);
        if (v > 0) {
            snprintf(g->precision[g->nrates], sizeof g->precision[0], "%s", *q);
            g->rate[g->nrates++] = v;
        }
    }
}

hf_err hf_calib_start_params(hf_ctx *ctx, lua_State *L, const char *model, hf_gpu_params *g)
{
    memset(g, 0, sizeof *g);
    g->launch = 3.6e-6; /* as lplatform.c's default: our H200's, docs/validation.md */
    hf_lua_push_gpu_model(L, model);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return hf_ctx_fail(ctx, HF_EINPUT, "GPU model '%s' is not in the catalog (hetflow.gpus)",
                           model);
    }
    int e = lua_gettop(L);
    entry_rates(L, e, g);
    g->sms = hf_lua_catalog_num(L, e, "sms");
    g->bandwidth = hf_lua_catalog_num(L, e, "memory_bandwidth");
    double launch = hf_lua_catalog_num(L, e, "launch_overhead");
    if (launch > 0) g->launch = launch;
    g->bw_sat = hf_lua_catalog_num(L, e, "bw_saturation");
    lua_pop(L, 1);
    return HF_OK;
}

/* hf_calib_params_from_lua's arguments and results, through lua_pcall. */
typedef struct params_call {
    hf_ctx *ctx;
    const char *path;
    const hf_meas *m;
    hf_gpu_params *g;
    int *training, *has_training;
    hf_platform *p; /* freed by the caller, also when a Lua error cut the body short */
    hf_err err;
} params_call;

static hf_err params_body(params_call *c, lua_State *L)
{
    hf_ctx *ctx = c->ctx;
    const char *path = c->path;
    const hf_meas *m = c->m;
    hf_gpu_params *g = c->g;
    int *training = c->training, *has_training = c->has_training;
    hf_platform *p = NULL;
    int top = lua_gettop(L);
    hf_err err = hf_lua_dofile(ctx, L, path, 1);
    memset(g, 0, sizeof *g);
    *has_training = 0;
    for (size_t i = 0; i < m->nexps; i++)
        training[i] = 0;
    if (err) goto fail;
    if (!lua_istable(L, -1)) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "%s: a platform file must return a table, got %s", path,
                          luaL_typename(L, -1));
        goto fail;
    }
    int t = lua_gettop(L);
    err = hf_platform_from_lua(ctx, L, t, &c->p);
    p = c->p;
    if (err) {
        hf_ctx_prefix(ctx, "%s", path);
        goto fail;
    }
    const hf_resource *r = NULL;
    for (size_t i = 0; i < p->nres && !r; i++)
        if (p->res[i].kind == HF_RES_GPU) r = &p->res[i];
    if (!r) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "%s: the platform has no GPU to compare with", path);
        goto fail;
    }
    g->sms = r->sms > 0 ? r->sms : m->dev.sms;
    g->launch = r->launch;
    for (int k = 0; k < r->nkprof; k++) { /* the GPU's kernel profiles */
        const hf_kprofile *q = &r->kprof[k];
        if (g->nprof == HF_CALIB_MAX_PROFILES || strlen(q->name) >= sizeof g->prof[0].name) {
            err =
                hf_ctx_fail(ctx, HF_EINPUT,
                            "%s: kernel profile '%s': more than %d profiles, or a name longer "
                            "than %d bytes",
                            path, q->name, HF_CALIB_MAX_PROFILES, (int)sizeof g->prof[0].name - 1);
            goto fail;
        }
        hf_calib_profile *d = &g->prof[g->nprof++];
        memset(d, 0, sizeof *d);
        strcpy(d->name, q->name);
        d->work = q->work;
        d->latency = q->latency;
        d->launch = q->launch;
        d->rel_err[0] = d->rel_err[1] = d->rel_err[2] = NAN;
    }
    g->bandwidth = r->bandwidth;
    g->bw_sat = r->bw_sat;
    g->pinned = g->pageable = r->link;
    /* rates: the catalog entry's per precision; a GPU outside the catalog has one speed */
    hf_lua_push_gpu_model(L, r->model);
    if (lua_istable(L, -1)) entry_rates(L, lua_gettop(L), g);
    lua_pop(L, 1);
    if (g->nrates == 0) {
        for (const char *const *q = hf_gpu_precisions; *q; q++) {
            snprintf(g->precision[g->nrates], sizeof g->precision[0], "%s", *q);
            g->rate[g->nrates++] = r->peak;
        }
    }
    /* calibration: pageable link and the training experiments */
    lua_getfield(L, t, "calibration");
    if (lua_istable(L, -1)) {
        int c = lua_gettop(L);
        lua_getfield(L, c, "pageable");
        if (lua_istable(L, -1)) {
            double bw = hf_lua_catalog_num(L, -1, "bandwidth"),
                   lat = hf_lua_catalog_num(L, -1, "latency");
            if (bw > 0) g->pageable = (hf_link_spec){bw, lat};
        }
        lua_pop(L, 1);
        /* a calibration of another run (another date) trained on none of these samples */
        lua_getfield(L, c, "date");
        int other = lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), m->date) != 0;
        lua_pop(L, 1);
        lua_getfield(L, c, "training");
        if (other && lua_istable(L, -1)) {
            *has_training = 2;
        } else if (lua_istable(L, -1)) {
            *has_training = 1;
            lua_Integer n = luaL_len(L, -1);
            for (lua_Integer k = 1; k <= n; k++) {
                lua_rawgeti(L, -1, k);
                const char *name = lua_tostring(L, -1);
                for (size_t i = 0; name && i < m->nexps; i++)
                    if (strcmp(m->exps[i].name, name) == 0) training[i] = 1;
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    } else if (!lua_isnil(L, -1)) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "%s: calibration: a table expected, got %s", path,
                          luaL_typename(L, -1));
    }
fail:
    lua_settop(L, top);
    return err;
}

static int params_cfunction(lua_State *L)
{
    params_call *c = lua_touserdata(L, 1);
    lua_pop(L, 1);
    c->err = params_body(c, L);
    return 0;
}

hf_err hf_calib_params_from_lua(hf_ctx *ctx, lua_State *L, const char *path, const hf_meas *m,
                                hf_gpu_params *g, int *training, int *has_training)
{
    /* the platform file's tables are read outside any script: a metamethod of theirs that
     * raises an error (__index, __len) must come back as an error, not a Lua panic */
    params_call c = {ctx, path, m, g, training, has_training, NULL, HF_OK};
    int top = lua_gettop(L);
    lua_pushcfunction(L, params_cfunction);
    lua_pushlightuserdata(L, &c);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        c.err =
            hf_ctx_fail(ctx, HF_EINPUT, "%s: %s", path, msg ? msg : "error object is not a string");
    }
    lua_settop(L, top);
    hf_platform_free(c.p);
    return c.err;
}
