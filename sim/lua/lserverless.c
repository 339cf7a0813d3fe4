/* lserverless.c: the serverless table of hetflow.run -> hf_serverless (docs/scenarios.md,
 * docs/models/serverless.md). */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua/hf_lua.h"

static const char *const top_keys[] = {"mode",
                                       "client",
                                       "registry",
                                       "endpoints",
                                       "availability",
                                       "monolith_node",
                                       "registry_bandwidth",
                                       "unpack_rate",
                                       "unpack",
                                       NULL};
static const char *const ep_keys[] = {"name",        "nodes",    "site",       "max_containers",
                                      "concurrency", "overhead", "keep_alive", NULL};
static const char *const ev_keys[] = {"time", "node", "event", NULL};

/* Default keep-alive of an idle container: an assumption (docs/models/serverless.md). */
#define DEFAULT_KEEP_ALIVE 600.0

/* Resolve the node name at the top of the stack to a CPU node index, or fail naming where. */
static hf_err node_at_top(hf_ctx *ctx, lua_State *L, const hf_platform *p, const hf_lpath *path,
                          int *out)
{
    if (lua_type(L, -1) != LUA_TSTRING)
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: node name expected, got %s", hf_lpath_str(path),
                           luaL_typename(L, -1));
    const char *name = hf_ltab_cname(L, -1, NULL);
    if (!name)
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: a node name with a NUL byte", hf_lpath_str(path));
    int r = hf_platform_find(p, name);
    if (r < 0 || p->res[r].kind != HF_RES_CPU)
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: '%s' is not a CPU node of platform '%s'",
                           hf_lpath_str(path), name, p->name);
    *out = r;
    return HF_OK;
}

static hf_err read_endpoint(hf_ctx *ctx, lua_State *L, int idx, const hf_platform *p,
                            hf_serverless *s, hf_lpath *path)
{
    hf_endpoint ep = {0};
    const char *name = NULL, *site = NULL;
    int *nodes = NULL;
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, ep_keys, path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "name", &name, path);
    if (!rc && !name) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: required", hf_lpath_str(path));
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "site", &site, path);
    if (rc) return rc;
    nodes = malloc((p->nres ? p->nres : 1) * sizeof *nodes);
    if (!nodes) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    int t = hf_rawgetfield(L, idx, "nodes");
    if (t != LUA_TNIL && site) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: give nodes or site, not both", hf_lpath_str(path));
    } else if (t != LUA_TNIL) {
        size_t mark = hf_lpath_key(path, "nodes");
        long n = 0;
        rc = hf_ltab_check_array(ctx, L, -1, path, &n);
        for (long i = 1; i <= n && !rc; i++) {
            lua_rawgeti(L, -1, i);
            size_t m2 = hf_lpath_index(path, i);
            if ((size_t)ep.nnodes >= p->nres)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: node listed twice", hf_lpath_str(path));
            if (!rc) rc = node_at_top(ctx, L, p, path, &nodes[ep.nnodes]);
            if (!rc) ep.nnodes++;
            hf_lpath_pop(path, m2);
            lua_pop(L, 1);
        }
        hf_lpath_pop(path, mark);
    } else if (site) {
        int found = -1;
        for (size_t k = 0; k < p->nsites; k++)
            if (strcmp(p->sites[k].name, site) == 0) found = (int)k;
        if (found < 0)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.site: platform '%s' has no site '%s'",
                             hf_lpath_str(path), p->name, site);
        for (size_t r = 0; r < p->nres && !rc; r++)
            if (p->res[r].kind == HF_RES_CPU && p->res[r].site == found)
                nodes[ep.nnodes++] = (int)r;
    } else {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: nodes (a list of node names) or site required",
                         hf_lpath_str(path));
    }
    lua_pop(L, 1);
    /* default pool: one container per slot (cores of the nodes, plus one per GPU) */
    int slots = 0;
    for (int k = 0; k < ep.nnodes; k++) {
        slots += p->res[nodes[k]].cores;
        for (size_t r = (size_t)nodes[k] + 1; r < p->nres && p->res[r].kind == HF_RES_GPU; r++)
            slots++;
    }
    if (!rc)
        rc = hf_ltab_posint(ctx, L, idx, "max_containers", slots > 0 ? slots : 1,
                            &ep.max_containers, path);
    if (!rc) rc = hf_ltab_posint(ctx, L, idx, "concurrency", 1, &ep.concurrency, path);
    if (!rc)
        rc =
            hf_ltab_quantity(ctx, L, idx, "overhead", HF_UNIT_TIME, 0, 0, &ep.overhead, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "keep_alive", HF_UNIT_TIME, 0, DEFAULT_KEEP_ALIVE,
                              &ep.keep_alive, NULL, path);
    if (!rc) {
        ep.name = (char *)name;
        ep.nodes = nodes;
        if (hf_serverless_add_endpoint(ctx, s, p, &ep) < 0) {
            rc = ctx->errcode;
            hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
        }
    }
    free(nodes);
    return rc;
}

/* registry_bandwidth = "193MBps", unpack_rate = "88MBps", unpack = "sequential" | "streamed"
 * (docs/models/serverless.md#image-pulls); absent fields keep the defaults already in *m. */
static hf_err read_pull(hf_ctx *ctx, lua_State *L, int idx, hf_pull_model *m, const hf_lpath *path)
{
    const char *unpack = NULL;
    hf_err rc = hf_ltab_quantity(ctx, L, idx, "registry_bandwidth", HF_UNIT_BANDWIDTH, 1,
                                 m->registry_bandwidth, &m->registry_bandwidth, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "unpack_rate", HF_UNIT_BANDWIDTH, 1, m->unpack_rate,
                              &m->unpack_rate, NULL, path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "unpack", &unpack, path);
    if (!rc && unpack) {
        m->streamed = strcmp(unpack, "streamed") == 0;
        if (!m->streamed && strcmp(unpack, "sequential") != 0)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s.unpack: unknown value '%s' (expected sequential or streamed)",
                             hf_lpath_str(path), unpack);
    }
    return rc;
}

/* availability = "trace.txt" | { {time = T, node = "n", event = "join"|"leave"}, ... } */
static hf_err read_availability(hf_ctx *ctx, lua_State *L, int idx, const hf_platform *p,
                                hf_serverless *s, hf_lpath *path)
{
    int t = hf_rawgetfield(L, idx, "availability");
    hf_err rc = HF_OK;
    size_t mark = hf_lpath_key(path, "availability");
    if (t == LUA_TSTRING && !hf_ltab_cname(L, -1, NULL)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a file name with a NUL byte", hf_lpath_str(path));
    } else if (t == LUA_TSTRING) {
        rc = hf_lua_record_input(L, lua_tostring(L, -1), "trace");
        if (!rc) rc = hf_serverless_load_trace(ctx, s, p, lua_tostring(L, -1));
    } else if (t == LUA_TTABLE) {
        long n = 0;
        rc = hf_ltab_check_array(ctx, L, -1, path, &n);
        for (long i = 1; i <= n && !rc; i++) {
            lua_rawgeti(L, -1, i);
            size_t m2 = hf_lpath_index(path, i);
            hf_avail_event e = {0};
            const char *node = NULL, *what = NULL;
            if (!lua_istable(L, -1))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: {time, node, event} expected, got %s",
                                 hf_lpath_str(path), luaL_typename(L, -1));
            if (!rc) rc = hf_ltab_check_keys(ctx, L, -1, ev_keys, path);
            if (!rc) {
                /* read time without the sign check, so the message is the trace's own */
                int tt = hf_rawgetfield(L, -1, "time");
                if (tt == LUA_TNUMBER) {
                    e.time = lua_tonumber(L, -1);
                    lua_pop(L, 1);
                } else {
                    lua_pop(L, 1);
                    rc = hf_ltab_quantity(ctx, L, -1, "time", HF_UNIT_TIME, 0, 0, &e.time, NULL,
                                          path);
                    if (!rc && tt == LUA_TNIL)
                        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.time: required", hf_lpath_str(path));
                }
            }
            if (!rc) rc = hf_ltab_string(ctx, L, -1, "node", &node, path);
            if (!rc) rc = hf_ltab_string(ctx, L, -1, "event", &what, path);
            if (!rc && (!node || !what))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: required", hf_lpath_str(path),
                                 !node ? "node" : "event");
            if (!rc) {
                e.node = hf_platform_find(p, node);
                if (e.node < 0 || p->res[e.node].kind != HF_RES_CPU)
                    rc = hf_ctx_fail(ctx, HF_EINPUT,
                                     "%s.node: '%s' is not a CPU node of "
                                     "platform '%s'",
                                     hf_lpath_str(path), node, p->name);
            }
            if (!rc) {
                e.join = strcmp(what, "join") == 0;
                if (!e.join && strcmp(what, "leave") != 0)
                    rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.event: '%s' (expected join or leave)",
                                     hf_lpath_str(path), what);
            }
            if (!rc) rc = hf_serverless_add_event(ctx, s, &e, hf_lpath_str(path), 0);
            hf_lpath_pop(path, m2);
            lua_pop(L, 1);
        }
    } else if (t != LUA_TNIL) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: trace file name or list of events expected, got %s",
                         hf_lpath_str(path), luaL_typename(L, -1));
    }
    hf_lpath_pop(path, mark);
    lua_pop(L, 1);
    return rc;
}

hf_err hf_serverless_from_lua(hf_ctx *ctx, lua_State *L, int idx, const hf_platform *p,
                              hf_serverless **out)
{
    hf_lpath path = HF_LPATH("run.serverless");
    const char *mode = NULL, *client = NULL, *registry = NULL, *mono = NULL;
    idx = lua_absindex(L, idx);
    *out = NULL;
    if (!lua_istable(L, idx))
        return hf_ctx_fail(ctx, HF_EINPUT, "run.serverless: table expected, got %s",
                           luaL_typename(L, idx));
    hf_serverless *s = hf_serverless_new();
    if (!s) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, top_keys, &path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "mode", &mode, &path);
    if (!rc && !mode) rc = hf_ctx_fail(ctx, HF_EINPUT, "run.serverless.mode: required");
    if (!rc) {
        int m = hf_mode_parse(mode);
        if (m < 0)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "run.serverless.mode: unknown mode '%s' (expected direct, monolith, "
                             "decomposed or decomposed_hha)",
                             mode);
        s->mode = (hf_mode)m;
    }
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "client", &client, &path);
    if (!rc && client) {
        s->client_site = -1;
        for (size_t k = 0; k < p->nsites; k++)
            if (strcmp(p->sites[k].name, client) == 0) s->client_site = (int)k;
        if (s->client_site < 0)
            rc =
                hf_ctx_fail(ctx, HF_EINPUT, "run.serverless.client: platform '%s' has no site '%s'",
                            p->name, client);
    }
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "registry", &registry, &path);
    if (!rc && registry) {
        s->registry = hf_platform_find(p, registry);
        if (s->registry < 0 || p->res[s->registry].kind != HF_RES_CPU)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "run.serverless.registry: '%s' is not a CPU node of platform '%s'",
                             registry, p->name);
    }
    if (!rc) {
        int t = hf_rawgetfield(L, idx, "endpoints");
        size_t mark = hf_lpath_key(&path, "endpoints");
        long n = 0;
        if (t != LUA_TNIL) rc = hf_ltab_check_array(ctx, L, -1, &path, &n);
        for (long i = 1; i <= n && !rc; i++) {
            lua_rawgeti(L, -1, i);
            size_t m2 = hf_lpath_index(&path, i);
            if (!lua_istable(L, -1))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: endpoint table expected, got %s",
                                 hf_lpath_str(&path), luaL_typename(L, -1));
            if (!rc) rc = read_endpoint(ctx, L, -1, p, s, &path);
            hf_lpath_pop(&path, m2);
            lua_pop(L, 1);
        }
        hf_lpath_pop(&path, mark);
        lua_pop(L, 1);
    }
    if (!rc) rc = read_pull(ctx, L, idx, &s->pull, &path);
    if (!rc) rc = read_availability(ctx, L, idx, p, s, &path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "monolith_node", &mono, &path);
    if (!rc && mono) {
        s->monolith_node = hf_platform_find(p, mono);
        if (s->monolith_node < 0 || p->res[s->monolith_node].kind != HF_RES_CPU)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "run.serverless.monolith_node: '%s' is not a CPU node of platform "
                             "'%s'",
                             mono, p->name);
    }
    if (rc) {
        hf_serverless_free(s);
        return rc;
    }
    *out = s;
    return HF_OK;
}
