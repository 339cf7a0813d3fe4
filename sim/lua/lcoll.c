/* lcoll.c: hetflow.collective, the closed-form cost of a collective operation (sim/net/coll.h,
 * docs/models/collectives.md), and hetflow.train, a training step with HBM shared between
 * compute and the gradient AllReduce (sim/net/train.h). */
#include <lauxlib.h>
#include <lua.h>

#include "hetflow/hetflow.h"
#include "lua/hf_lua.h"
#include "net/coll.h"
#include "net/train.h"

static const char *const coll_keys[] = {"op",          "algo",     "offload",         "ranks",
                                        "size",        "alpha",    "bandwidth",       "reduce",
                                        "levels",      "per_node", "alpha_intra",
                                        "bandwidth_intra", "chunk", NULL};

hf_err hf_lua_coll_name(hf_ctx *ctx, lua_State *L, int idx, const char *key, const char *dflt,
                        int (*parse)(const char *, int *), int *out, const char *what,
                        hf_lpath *path)
{
    const char *s = NULL;
    hf_err rc = hf_ltab_string(ctx, L, idx, key, &s, path);
    if (rc) return rc;
    if (!s && !dflt) return hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: required", hf_lpath_str(path), key);
    if (parse(s ? s : dflt, out) != 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: %s expected, got '%s'", hf_lpath_str(path), key,
                           what, s);
    return HF_OK;
}

int hf_lua_parse_coll_op(const char *s, int *out)
{
    hf_coll_op v;
    int rc = hf_coll_op_parse(s, &v);
    *out = (int)v;
    return rc;
}

int hf_lua_parse_coll_algo(const char *s, int *out)
{
    hf_coll_algo v;
    int rc = hf_coll_algo_parse(s, &v);
    *out = (int)v;
    return rc;
}

int hf_lua_parse_coll_offload(const char *s, int *out)
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
        rc = hf_lua_coll_name(ctx, L, 1, "op", NULL, hf_lua_parse_coll_op, &op,
                       "allreduce, reducescatter, allgather or broadcast", &path);
    if (!rc)
        rc = hf_lua_coll_name(ctx, L, 1, "algo", "ring", hf_lua_parse_coll_algo, &algo,
                       "ring, rhd, tree, hier, dbtree or auto", &path);
    if (!rc)
        rc = hf_lua_coll_name(ctx, L, 1, "offload", "gpu", hf_lua_parse_coll_offload, &offload, "gpu, nic or switch",
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
    if (!rc) rc = hf_ltab_quantity(ctx, L, 1, "chunk", HF_UNIT_BYTES, 0, 0, &par.chunk, NULL, &path);
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
    lua_createtable(L, 0, 8);
    static const char *const names[] = {"seconds",    "steps",         "wire_bytes", "sent_bytes",
                                        "recv_bytes", "reduced_bytes", "hbm_bytes"};
    const double v[] = {c.seconds,    c.steps,         c.wire_bytes, c.sent_bytes,
                        c.recv_bytes, c.reduced_bytes, c.hbm_bytes};
    for (int i = 0; i < 7; i++) {
        lua_pushnumber(L, v[i]);
        lua_setfield(L, -2, names[i]);
    }
    lua_pushstring(L, hf_coll_algo_name(c.algo)); /* auto: the algorithm chosen */
    lua_setfield(L, -2, "algo");
    return 1;
}

static const char *const train_keys[] = {
    "peak",           "efficiency",     "hbm",       "forward_flops",   "forward_bytes",
    "backward_flops", "backward_bytes", "optimizer_bytes", "gradient_bytes", "bucket",
    "ranks",          "algo",           "offload",   "alpha",           "bandwidth",
    "reduce",         "levels",         "per_node",  "alpha_intra",     "bandwidth_intra",
    "nic_memory",     "chunk",          NULL};

/* Read the fields of hetflow.train's table (index 1) into *s. */
static hf_err read_train(hf_ctx *ctx, lua_State *L, hf_train_spec *s, hf_lpath *path)
{
    int algo = 0, offload = 0, present = 0;
    hf_err rc = hf_ltab_check_keys(ctx, L, 1, train_keys, path);
    struct {
        const char *key;
        hf_unit_kind kind;
        int positive;
        double dflt;
        double *out;
        int required;
    } q[] = {
        {"peak", HF_UNIT_SPEED, 1, 0, &s->peak, 1},
        {"hbm", HF_UNIT_BANDWIDTH, 1, 0, &s->hbm, 1},
        {"forward_flops", HF_UNIT_FLOP, 0, 0, &s->fwd_flops, 0},
        {"forward_bytes", HF_UNIT_BYTES, 0, 0, &s->fwd_bytes, 0},
        {"backward_flops", HF_UNIT_FLOP, 0, 0, &s->bwd_flops, 0},
        {"backward_bytes", HF_UNIT_BYTES, 0, 0, &s->bwd_bytes, 0},
        {"optimizer_bytes", HF_UNIT_BYTES, 0, 0, &s->opt_bytes, 0},
        {"gradient_bytes", HF_UNIT_BYTES, 1, 0, &s->grad_bytes, 1},
        /* PyTorch DistributedDataParallel's bucket_cap_mb default, 25 MiB */
        {"bucket", HF_UNIT_BYTES, 1, 25.0 * 1024 * 1024, &s->bucket, 0},
        {"alpha", HF_UNIT_TIME, 0, 0, &s->net.alpha, 0},
        {"bandwidth", HF_UNIT_BANDWIDTH, 1, 0, &s->net.bandwidth, 1},
        {"reduce", HF_UNIT_BANDWIDTH, 0, -1, &s->net.reduce_bw, 0},
        {"alpha_intra", HF_UNIT_TIME, 0, 0, &s->net.alpha_intra, 0},
        {"bandwidth_intra", HF_UNIT_BANDWIDTH, 0, 0, &s->net.bandwidth_intra, 0},
        {"nic_memory", HF_UNIT_BYTES, 0, 0, &s->nic_memory, 0},
        {"chunk", HF_UNIT_BYTES, 0, 0, &s->net.chunk, 0},
    };
    for (size_t i = 0; !rc && i < sizeof q / sizeof q[0]; i++) {
        rc = hf_ltab_quantity(ctx, L, 1, q[i].key, q[i].kind, q[i].positive, q[i].dflt, q[i].out,
                              &present, path);
        if (!rc && q[i].required && !present)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: required", hf_lpath_str(path), q[i].key);
    }
    if (!rc) {
        hf_rawgetfield(L, 1, "efficiency");
        if (lua_isnil(L, -1))
            s->efficiency = 1;
        else if (!lua_isnumber(L, -1)) /* a number, or a string that reads as one */
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.efficiency: a number in (0, 1] expected, got %s",
                             hf_lpath_str(path), luaL_typename(L, -1));
        else
            s->efficiency = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    if (!rc) rc = hf_ltab_posint(ctx, L, 1, "ranks", 0, &s->ranks, path);
    if (!rc && s->ranks == 0) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.ranks: required", hf_lpath_str(path));
    if (!rc)
        rc = hf_lua_coll_name(ctx, L, 1, "algo", "ring", hf_lua_parse_coll_algo, &algo,
                       "ring, rhd, tree, hier, dbtree or auto", path);
    if (!rc)
        rc = hf_lua_coll_name(ctx, L, 1, "offload", "gpu", hf_lua_parse_coll_offload, &offload, "gpu, nic or switch",
                       path);
    if (!rc) rc = hf_ltab_posint(ctx, L, 1, "levels", 1, &s->net.levels, path);
    if (!rc) rc = hf_ltab_posint(ctx, L, 1, "per_node", 1, &s->net.per_node, path);
    s->algo = (hf_coll_algo)algo;
    s->offload = (hf_coll_offload)offload;
    /* the reducer by default: a GPU kernel reads two buffers and writes one at the GPU's memory
     * bandwidth (W / 3); the NIC and the switches reduce at line rate (no term of their own) */
    if (!rc && s->net.reduce_bw < 0) s->net.reduce_bw = s->offload == HF_COLL_GPU ? s->hbm / 3 : 0;
    return rc;
}

/* hetflow.train{peak, hbm, efficiency = 1, forward_flops, forward_bytes, backward_flops,
 * backward_bytes, optimizer_bytes, gradient_bytes, bucket = 25 MiB, ranks, algo = "ring",
 * offload = "gpu", alpha = 0, bandwidth, reduce, levels, per_node, alpha_intra,
 * bandwidth_intra, nic_memory = 0} -> the step's figures (hf_train_result's fields); an error
 * naming the field on bad input. */
int hf_lua_train(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    hf_ctx *ctx = hf_ctx_new();
    if (!ctx) return luaL_error(L, "out of memory");
    hf_lpath path = HF_LPATH("train");
    hf_train_spec s = {.net = {.levels = 1}};
    hf_train_result r;
    hf_err rc = read_train(ctx, L, &s, &path);
    if (!rc) rc = hf_train_step(ctx, &s, &r);
    if (rc) {
        lua_pushstring(L, ctx->errmsg);
        hf_ctx_free(ctx);
        return lua_error(L);
    }
    hf_ctx_free(ctx);
    static const char *const names[] = {
        "step_seconds",      "compute_seconds",   "compute_alone_seconds", "comm_seconds",
        "comm_alone_seconds", "exposed_seconds",  "compute_hbm_bytes",     "comm_hbm_bytes",
        "net_bytes",         "free_share",        "hbm_util",              "net_util",
        "cached_share",      "buckets"};
    const double v[] = {r.step_seconds,      r.compute_seconds,   r.compute_alone_seconds,
                        r.comm_seconds,      r.comm_alone_seconds, r.exposed_seconds,
                        r.compute_hbm_bytes, r.comm_hbm_bytes,    r.net_bytes,
                        r.free_share,        r.hbm_util,          r.net_util,
                        r.cached_share,      r.buckets};
    lua_createtable(L, 0, 14);
    for (int i = 0; i < 14; i++) {
        lua_pushnumber(L, v[i]);
        lua_setfield(L, -2, names[i]);
    }
    return 1;
}
