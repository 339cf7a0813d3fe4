/* lcoll.c: hetflow.collective, the closed-form cost of a collective operation (sim/net/coll.h,
 * docs/models/collectives.md). */
#include <lauxlib.h>
#include <lua.h>

#include "hetflow/hetflow.h"
#include "lua/hf_lua.h"
#include "net/coll.h"

static const char *const coll_keys[] = {"op",          "algo",     "offload",         "ranks",
                                        "size",        "alpha",    "bandwidth",       "reduce",
                                        "levels",      "per_node", "alpha_intra",
                                        "bandwidth_intra", NULL};

/* Read the name field key (default dflt when absent) with parse into *out; on a bad value, fail
 * naming the field and the accepted names (what). */
static hf_err read_name(hf_ctx *ctx, lua_State *L, const char *key, const char *dflt,
                        int (*parse)(const char *, int *), int *out, const char *what,
                        hf_lpath *path)
{
    const char *s = NULL;
    hf_err rc = hf_ltab_string(ctx, L, 1, key, &s, path);
    if (rc) return rc;
    if (!s && !dflt) return hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: required", hf_lpath_str(path), key);
    if (parse(s ? s : dflt, out) != 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: %s expected, got '%s'", hf_lpath_str(path), key,
                           what, s);
    return HF_OK;
}

/* int-typed wrappers of the enum parsers */
static int parse_op(const char *s, int *out)
{
    hf_coll_op v;
    int rc = hf_coll_op_parse(s, &v);
    *out = (int)v;
    return rc;
}

static int parse_algo(const char *s, int *out)
{
    hf_coll_algo v;
    int rc = hf_coll_algo_parse(s, &v);
    *out = (int)v;
    return rc;
}

static int parse_offload(const char *s, int *out)
{
    hf_coll_offload v;
    int rc = hf_coll_offload_parse(s, &v);
    *out = (int)v;
    return rc;
}

/* hetflow.collective{op, algo = "ring", offload = "gpu", ranks, size, alpha = 0, bandwidth,
 * reduce = 0, levels = 1, per_node, alpha_intra = 0, bandwidth_intra} -> {seconds, steps,
 * wire_bytes, sent_bytes, recv_bytes, reduced_bytes, hbm_bytes}; an error naming the field on
 * bad input. */
int hf_lua_collective(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    hf_ctx *ctx = hf_ctx_new();
    if (!ctx) return luaL_error(L, "out of memory");
    hf_lpath path = HF_LPATH("collective");
    int op = 0, algo = 0, offload = 0, ranks = 0, present = 0;
    hf_coll_params par = {.levels = 1};
    double size = 0;
    hf_err rc = hf_ltab_check_keys(ctx, L, 1, coll_keys, &path);
    if (!rc)
        rc = read_name(ctx, L, "op", NULL, parse_op, &op,
                       "allreduce, reducescatter, allgather or broadcast", &path);
    if (!rc)
        rc = read_name(ctx, L, "algo", "ring", parse_algo, &algo, "ring, rhd, tree or hier", &path);
    if (!rc)
        rc = read_name(ctx, L, "offload", "gpu", parse_offload, &offload, "gpu, nic or switch",
                       &path);
    if (!rc) rc = hf_ltab_posint(ctx, L, 1, "ranks", 0, &ranks, &path);
    if (!rc && ranks == 0) rc = hf_ctx_fail(ctx, HF_EINPUT, "collective.ranks: required");
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, 1, "size", HF_UNIT_BYTES, 0, 0, &size, &present, &path);
    if (!rc && !present) rc = hf_ctx_fail(ctx, HF_EINPUT, "collective.size: required");
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, 1, "alpha", HF_UNIT_TIME, 0, 0, &par.alpha, NULL, &path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, 1, "bandwidth", HF_UNIT_BANDWIDTH, 1, 0, &par.bandwidth,
                              &present, &path);
    if (!rc && !present) rc = hf_ctx_fail(ctx, HF_EINPUT, "collective.bandwidth: required");
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, 1, "reduce", HF_UNIT_BANDWIDTH, 0, 0, &par.reduce_bw, NULL,
                              &path);
    if (!rc) rc = hf_ltab_posint(ctx, L, 1, "levels", 1, &par.levels, &path);
    if (!rc) rc = hf_ltab_posint(ctx, L, 1, "per_node", 1, &par.per_node, &path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, 1, "alpha_intra", HF_UNIT_TIME, 0, 0, &par.alpha_intra,
                              NULL, &path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, 1, "bandwidth_intra", HF_UNIT_BANDWIDTH, 0, 0,
                              &par.bandwidth_intra, NULL, &path);
    hf_coll_cost c;
    if (!rc)
        rc = hf_coll_closed_form(ctx, (hf_coll_op)op, (hf_coll_algo)algo,
                                 (hf_coll_offload)offload, ranks, size, &par, &c);
    if (rc) {
        lua_pushstring(L, ctx->errmsg);
        hf_ctx_free(ctx);
        return lua_error(L);
    }
    hf_ctx_free(ctx);
    lua_createtable(L, 0, 7);
    static const char *const names[] = {"seconds",    "steps",         "wire_bytes", "sent_bytes",
                                        "recv_bytes", "reduced_bytes", "hbm_bytes"};
    const double v[] = {c.seconds,    c.steps,         c.wire_bytes, c.sent_bytes,
                        c.recv_bytes, c.reduced_bytes, c.hbm_bytes};
    for (int i = 0; i < 7; i++) {
        lua_pushnumber(L, v[i]);
        lua_setfield(L, -2, names[i]);
    }
    return 1;
}
