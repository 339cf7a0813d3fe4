/* lpolicy.c: policies written in Lua: a function(task, candidates) -> choice, or a table with
 * decide (required), init and finish. Errors carry the task's name and a Lua traceback. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "platform/carbon.h"
#include "lua/hf_lua.h"

typedef struct lpolicy {
    lua_State *L;
    int decide, init, finish; /* registry references, LUA_NOREF when absent */
    int priority;             /* registry reference of the priority function, or LUA_NOREF */
    int failed;               /* priority raised an error (reported at the next decide) */
    int started;              /* init ran: the user's finish is called only then */
    const hf_platform *p;     /* borrowed from init to the end of the run */
    const hf_workflow *wf;
    char name[64]; /* the table's name field, or "lua" */
} lpolicy;

/* Message handler: append a traceback to the error, as lua.c's msghandler does. */
static int traceback(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Call the function at the top of the stack (below its nargs arguments) protected. */
static hf_err pcall_tb(hf_ctx *ctx, lua_State *L, int nargs, int nres, const char *what)
{
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nres, base);
    lua_remove(L, base);
    if (status != LUA_OK) {
        hf_ctx_fail(ctx, HF_EINPUT, "%s: %s", what, lua_tostring(L, -1));
        lua_pop(L, 1);
        return HF_EINPUT;
    }
    return HF_OK;
}

static void push_cost(lua_State *L, const hf_cost *c, const char *field, double compile)
{
    if (!c->set) return;
    lua_createtable(L, 0, 4);
    lua_pushnumber(L, compile);
    lua_setfield(L, -2, "compile");
    lua_pushnumber(L, c->flops);
    lua_setfield(L, -2, "flops");
    lua_pushnumber(L, c->bytes);
    lua_setfield(L, -2, "bytes");
    lua_pushnumber(L, c->seconds);
    lua_setfield(L, -2, "seconds");
    lua_setfield(L, -2, field);
}

/* The task table a Lua policy sees (docs/policies.md). view adds the DAG fields; placed (may
 * be NULL) adds the resource each parent ran on. */
static void push_task(lua_State *L, const hf_workflow *wf, const hf_platform *p,
                      const hf_dagview *view, const int *placed, int t)
{
    const hf_task *task = &wf->tasks[t];
    lua_createtable(L, 0, 8);
    lua_pushstring(L, task->name);
    lua_setfield(L, -2, "name");
    lua_pushinteger(L, t + 1);
    lua_setfield(L, -2, "index");
    lua_pushinteger(L, task->cores);
    lua_setfield(L, -2, "cores");
    lua_pushnumber(L, hf_task_ext_of(task)->memory);
    lua_setfield(L, -2, "memory");
    int fn = hf_task_function(wf, t);
    push_cost(L, &task->cpu, "cpu", fn >= 0 ? wf->fns[fn].compile[0] : 0);
    push_cost(L, &hf_task_ext_of(task)->gpu, "gpu", fn >= 0 ? wf->fns[fn].compile[1] : 0);
    if (fn >= 0) {
        lua_pushstring(L, wf->fns[fn].name);
        lua_setfield(L, -2, "fn");
    }
    lua_createtable(L, task->ninputs, 0);
    for (int i = 0; i < task->ninputs; i++) {
        const hf_file *f = &wf->files[task->inputs[i]];
        lua_createtable(L, 0, 2);
        lua_pushstring(L, f->name);
        lua_setfield(L, -2, "name");
        lua_pushnumber(L, f->size);
        lua_setfield(L, -2, "size");
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "inputs");
    if (view) {
        lua_pushnumber(L, view->rank_up[t]);
        lua_setfield(L, -2, "rank");
        lua_pushnumber(L, view->rank_down[t]);
        lua_setfield(L, -2, "rank_down");
        lua_pushnumber(L, view->mean_cost[t]);
        lua_setfield(L, -2, "mean_cost");
        lua_pushinteger(L, view->level[t]);
        lua_setfield(L, -2, "level");
        lua_pushboolean(L, view->critical[t]);
        lua_setfield(L, -2, "critical");
    }
    int np;
    const int *par = hf_dag_parents(wf->dag, t, &np);
    lua_createtable(L, np, 0);
    for (int k = 0; k < np; k++) {
        lua_createtable(L, 0, 2);
        lua_pushstring(L, wf->tasks[par[k]].name);
        lua_setfield(L, -2, "name");
        if (placed && placed[par[k]] >= 0) {
            lua_pushstring(L, p->res[placed[par[k]]].name);
            lua_setfield(L, -2, "resource");
        }
        lua_rawseti(L, -2, k + 1);
    }
    lua_setfield(L, -2, "parents");
}

/* candidate.forecast(t): the intensity of the candidate's site's grid at simulated time t as
 * forecast now (upvalues: the trace, now); nil outside what the trace covers. */
static int lp_forecast(lua_State *L)
{
    const hf_ctrace *tr = lua_touserdata(L, lua_upvalueindex(1));
    double now = lua_tonumber(L, lua_upvalueindex(2));
    double t = luaL_checknumber(L, 1);
    if (!tr || !hf_ctrace_covers(tr, t, t)) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushnumber(L, hf_ctrace_forecast(tr, now, t));
    return 1;
}

static void push_candidates(lua_State *L, const hf_decision *d)
{
    lua_createtable(L, (int)d->ncands, 0);
    for (size_t k = 0; k < d->ncands; k++) {
        const hf_candidate *c = &d->cands[k];
        const hf_resource *r = &d->platform->res[c->resource];
        lua_createtable(L, 0, 14);
        lua_pushinteger(L, (lua_Integer)k + 1);
        lua_setfield(L, -2, "index");
        lua_pushstring(L, r->name);
        lua_setfield(L, -2, "resource");
        lua_pushstring(L, c->variant == HF_RES_GPU ? "gpu" : "cpu");
        lua_setfield(L, -2, "variant");
        lua_pushstring(L, d->platform->sites[r->site].name);
        lua_setfield(L, -2, "site");
        lua_pushinteger(L, r->cores);
        lua_setfield(L, -2, "cores");
        lua_pushnumber(L, r->speed);
        lua_setfield(L, -2, "speed");
        lua_pushnumber(L, c->est_start);
        lua_setfield(L, -2, "est_start");
        lua_pushnumber(L, c->est_finish);
        lua_setfield(L, -2, "est_finish");
        lua_pushnumber(L, c->local_bytes);
        lua_setfield(L, -2, "local_bytes");
        lua_pushnumber(L, c->startup);
        lua_setfield(L, -2, "startup");
        lua_pushnumber(L, c->latency);
        lua_setfield(L, -2, "latency");
        if (c->carbon >= 0) { /* the site's grid now, gCO2e/kWh; nil when it states none */
            lua_pushnumber(L, c->carbon);
            lua_setfield(L, -2, "carbon");
            lua_pushlightuserdata(L, (void *)d->platform->sites[r->site].carbon);
            lua_pushnumber(L, d->now);
            lua_pushcclosure(L, lp_forecast, 2);
            lua_setfield(L, -2, "forecast");
        }
        if (d->serverless && c->endpoint >= 0) {
            lua_pushstring(L, d->serverless->eps[c->endpoint].name);
            lua_setfield(L, -2, "endpoint");
        }
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
}

/* What a protected call of decide or priority needs (call_protected). */
typedef struct lp_call {
    lpolicy *lp;
    const hf_decision *d;    /* decide; NULL for priority */
    const hf_dagview *view;  /* priority */
    int task;                /* priority */
} lp_call;

/* Build the arguments and call decide or priority, inside lua_pcall: the tables C builds here
 * can run out of memory (the sandbox's limit), and an error raised outside any protected call
 * would unwind across SimGrid's actor contexts, or panic (exit status 134). Argument 1: the
 * lp_call as light userdata; returns the function's one result. */
static int call_protected(lua_State *L)
{
    lp_call *c = lua_touserdata(L, 1);
    lua_settop(L, 0);
    if (c->d) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, c->lp->decide);
        push_task(L, c->d->workflow, c->d->platform, c->d->view, c->d->placed, c->d->task);
        push_candidates(L, c->d);
        lua_pushnumber(L, c->d->now);
        lua_call(L, 3, 1);
    } else {
        lua_rawgeti(L, LUA_REGISTRYINDEX, c->lp->priority);
        push_task(L, c->lp->wf, c->lp->p, c->view, NULL, c->task);
        lua_call(L, 1, 1);
    }
    return 1;
}

static hf_err lp_init(hf_policy *pol, const hf_platform *p, const hf_workflow *wf)
{
    lpolicy *lp = pol->state;
    lp->started = 1;
    lp->p = p;
    lp->wf = wf;
    if (lp->init == LUA_NOREF) return HF_OK;
    lua_rawgeti(lp->L, LUA_REGISTRYINDEX, lp->init);
    return pcall_tb(pol->ctx, lp->L, 0, 0, "policy init");
}

static hf_err lp_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    lpolicy *lp = pol->state;
    lua_State *L = lp->L;
    const char *tname = d->workflow->tasks[d->task].name;
    char what[600];
    snprintf(what, sizeof what, "policy error for task '%.500s'", tname);
    if (lp->failed) return HF_EINPUT; /* the message of the failing priority call stands */
    lp_call c = {lp, d, NULL, 0};
    lua_pushcfunction(L, call_protected);
    lua_pushlightuserdata(L, &c);
    hf_err rc = pcall_tb(pol->ctx, L, 1, 1, what);
    if (rc) return rc;
    /* a choice is a candidate table, its 1-based index, or a resource name */
    long k = -1;
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "index");
        k = lua_isinteger(L, -1) ? (long)lua_tointeger(L, -1) : -1;
        lua_pop(L, 1);
    } else if (lua_isinteger(L, -1)) {
        k = (long)lua_tointeger(L, -1);
    } else if (lua_type(L, -1) == LUA_TSTRING) {
        const char *name = lua_tostring(L, -1);
        if (!hf_ltab_cname(L, -1, NULL)) { /* "n-1\0x" must not pick n-1 */
            rc = hf_ctx_fail(pol->ctx, HF_EINPUT, "%s: returned a name with a NUL byte", what);
            lua_pop(L, 1);
            return rc;
        }
        for (size_t i = 0; i < d->ncands && k < 0; i++)
            if (strcmp(d->platform->res[d->cands[i].resource].name, name) == 0) k = (long)i + 1;
        if (k < 0) {
            rc = hf_ctx_fail(pol->ctx, HF_EINPUT,
                             "%s: returned '%s', which is not one of its candidates", what, name);
            lua_pop(L, 1);
            return rc;
        }
    }
    if (k < 1 || (size_t)k > d->ncands) {
        rc = hf_ctx_fail(pol->ctx, HF_EINPUT,
                         "%s: must return a candidate, its index (1..%zu) or a resource name; "
                         "got %s",
                         what, d->ncands,
                         lua_isinteger(L, -1) ? lua_tostring(L, -1) : luaL_typename(L, -1));
        lua_pop(L, 1);
        return rc;
    }
    lua_pop(L, 1);
    *choice = (size_t)(k - 1);
    return HF_OK;
}

/* priority(task) -> number; an error is kept and reported by the next decide. */
static double lp_priority(hf_policy *pol, const hf_dagview *view, int task)
{
    lpolicy *lp = pol->state;
    lua_State *L = lp->L;
    if (lp->failed) return 0;
    char what[600];
    snprintf(what, sizeof what, "policy priority for task '%.500s'", lp->wf->tasks[task].name);
    lp_call c = {lp, NULL, view, task};
    lua_pushcfunction(L, call_protected);
    lua_pushlightuserdata(L, &c);
    if (pcall_tb(pol->ctx, L, 1, 1, what) != HF_OK) {
        lp->failed = 1;
        return 0;
    }
    int isnum = 0;
    double v = lua_tonumberx(L, -1, &isnum);
    lua_pop(L, 1);
    if (isnum && isnan(v)) return -INFINITY; /* NaN would break the sort: it ranks last */
    if (!isnum) {
        hf_ctx_fail(pol->ctx, HF_EINPUT, "%s: must return a number", what);
        lp->failed = 1;
        return 0;
    }
    return v;
}

static void lp_finish(hf_policy *pol)
{
    lpolicy *lp = pol->state;
    if (!lp) return;
    if (lp->finish != LUA_NOREF && lp->started) {
        lua_rawgeti(lp->L, LUA_REGISTRYINDEX, lp->finish);
        /* a failing finish must not hide the run's outcome: report it on stderr only */
        hf_ctx tmp = {0};
        if (pcall_tb(&tmp, lp->L, 0, 0, "policy finish") != HF_OK)
            fprintf(stderr, "hetflow: %s\n", tmp.errmsg);
    }
    luaL_unref(lp->L, LUA_REGISTRYINDEX, lp->decide);
    luaL_unref(lp->L, LUA_REGISTRYINDEX, lp->init);
    luaL_unref(lp->L, LUA_REGISTRYINDEX, lp->finish);
    luaL_unref(lp->L, LUA_REGISTRYINDEX, lp->priority);
    free(lp);
    pol->state = NULL;
}

static const hf_policy_ops lua_ops = {.name = "lua",
                                      .wants_estimates = 1,
                                      .wants_view = 1,
                                      .init = lp_init,
                                      .decide = lp_decide,
                                      .finish = lp_finish};
static const hf_policy_ops lua_ops_priority = {.name = "lua",
                                               .wants_estimates = 1,
                                               .wants_view = 1,
                                               .priority = lp_priority,
                                               .init = lp_init,
                                               .decide = lp_decide,
                                               .finish = lp_finish};

static int field_ref(lua_State *L, int idx, const char *name)
{
    lua_getfield(L, idx, name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return LUA_NOREF;
    }
    return luaL_ref(L, LUA_REGISTRYINDEX);
}

hf_policy *hf_lua_policy_new(hf_ctx *ctx, lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lpolicy *lp = calloc(1, sizeof *lp);
    if (!lp) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        return NULL;
    }
    lp->L = L;
    lp->init = lp->finish = lp->decide = lp->priority = LUA_NOREF;
    snprintf(lp->name, sizeof lp->name, "lua");
    if (lua_isfunction(L, idx)) {
        lua_pushvalue(L, idx);
        lp->decide = luaL_ref(L, LUA_REGISTRYINDEX);
    } else if (lua_istable(L, idx)) {
        static const char *const keys[] = {"decide", "init", "finish", "priority", "name", NULL};
        hf_lpath path = HF_LPATH("policy");
        if (hf_ltab_check_keys(ctx, L, idx, keys, &path) != HF_OK) goto fail;
        for (int i = 0; i < 4; i++) {
            lua_getfield(L, idx, keys[i]);
            int bad = !lua_isnil(L, -1) && !lua_isfunction(L, -1);
            lua_pop(L, 1);
            if (bad) {
                hf_ctx_fail(ctx, HF_EINPUT, "policy.%s: function expected", keys[i]);
                goto fail;
            }
        }
        lua_getfield(L, idx, "name");
        if (lua_type(L, -1) == LUA_TSTRING)
            snprintf(lp->name, sizeof lp->name, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        lp->decide = field_ref(L, idx, "decide");
        lp->init = field_ref(L, idx, "init");
        lp->finish = field_ref(L, idx, "finish");
        lp->priority = field_ref(L, idx, "priority");
        if (lp->decide == LUA_NOREF) {
            hf_ctx_fail(ctx, HF_EINPUT, "policy.decide: required (function(task, candidates))");
            goto fail;
        }
    } else {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "policy: name of a built-in policy, a function or a table expected, got %s",
                    luaL_typename(L, idx));
        goto fail;
    }
    hf_policy *pol =
        hf_policy_new(ctx, lp->priority != LUA_NOREF ? &lua_ops_priority : &lua_ops, lp);
    if (pol) {
        pol->name = lp->name;
        return pol;
    }
fail:
    luaL_unref(L, LUA_REGISTRYINDEX, lp->priority);
    luaL_unref(L, LUA_REGISTRYINDEX, lp->decide);
    luaL_unref(L, LUA_REGISTRYINDEX, lp->init);
    luaL_unref(L, LUA_REGISTRYINDEX, lp->finish);
    free(lp);
    return NULL;
}
