/* lplatform.c: a Lua platform table -> hf_platform (docs/scenarios.md lists every field). */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua/hf_lua.h"

static const char *const top_keys[] = {"name", "sites", NULL};
static const char *const site_keys[] = {"name", "wan", "nodes", NULL};
static const char *const node_keys[] = {"name", "count", "cores",  "speed", "memory", "power",
                                        "nic",  "gpus",  "nvlink", "model", NULL};
static const char *const gpu_keys[] = {"model", "count", "speed", "memory", "memory_bandwidth",
                                       "power", "pcie",  NULL};
static const char *const link_keys[] = {"bandwidth", "latency", NULL};
static const char *const power_keys[] = {"idle", "max", NULL};

/* Defaults when a link is not given (docs/scenarios.md): a 100 Gb/s NIC, a PCIe 4.0 x16 link. */
static const hf_link_spec default_nic = {12.5e9, 1e-6};
static const hf_link_spec default_pcie = {32e9, 1e-6};

/* Read optional sub-table key of the table at idx as a link; absent: dflt. */
static hf_err read_link(hf_ctx *ctx, lua_State *L, int idx, const char *key, hf_link_spec dflt,
                        hf_link_spec *out, hf_lpath *path)
{
    hf_err rc = HF_OK;
    *out = dflt;
    hf_rawgetfield(L, idx, key);
    if (!lua_isnil(L, -1)) {
        size_t mark = hf_lpath_key(path, key);
        rc = hf_ltab_check_keys(ctx, L, -1, link_keys, path);
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, -1, "bandwidth", HF_UNIT_BANDWIDTH, 1, 0, &out->bandwidth,
                                  NULL, path);
        if (!rc && !(out->bandwidth > 0))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.bandwidth: required", hf_lpath_str(path));
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, -1, "latency", HF_UNIT_TIME, 0, 0, &out->latency, NULL,
                                  path);
        hf_lpath_pop(path, mark);
    }
    lua_pop(L, 1);
    return rc;
}

static hf_err read_power(hf_ctx *ctx, lua_State *L, int idx, double *idle, double *max,
                         hf_lpath *path)
{
    hf_err rc = HF_OK;
    *idle = *max = 0;
    hf_rawgetfield(L, idx, "power");
    if (!lua_isnil(L, -1)) {
        size_t mark = hf_lpath_key(path, "power");
        rc = hf_ltab_check_keys(ctx, L, -1, power_keys, path);
        if (!rc) rc = hf_ltab_quantity(ctx, L, -1, "idle", HF_UNIT_POWER, 0, 0, idle, NULL, path);
        if (!rc) rc = hf_ltab_quantity(ctx, L, -1, "max", HF_UNIT_POWER, 0, *idle, max, NULL, path);
        if (!rc && *max < *idle)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: max (%g W) is below idle (%g W)",
                             hf_lpath_str(path), *max, *idle);
        hf_lpath_pop(path, mark);
    }
    lua_pop(L, 1);
    return rc;
}

/* GPUs of the node just added as resource node_idx: table at idx is the node table. */
static hf_err read_gpus(hf_ctx *ctx, lua_State *L, int idx, hf_platform *p, int node_idx,
                        hf_lpath *path)
{
    hf_err rc = HF_OK;
    hf_rawgetfield(L, idx, "gpus");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return HF_OK;
    }
    size_t mark = hf_lpath_key(path, "gpus");
    long n = 0;
    int next_id = 0;
    rc = hf_ltab_check_array(ctx, L, -1, path, &n);
    for (long g = 1; g <= n && !rc; g++) {
        lua_rawgeti(L, -1, g);
        size_t gmark = hf_lpath_index(path, g);
        hf_resource r = {0};
        const char *model = NULL;
        int count = 1;
        char name[512];
        rc = hf_ltab_check_keys(ctx, L, -1, gpu_keys, path);
        if (!rc) rc = hf_ltab_string(ctx, L, -1, "model", &model, path);
        if (!rc) rc = hf_ltab_posint(ctx, L, -1, "count", 1, &count, path);
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, -1, "speed", HF_UNIT_SPEED, 1, 0, &r.speed, NULL, path);
        if (!rc && !(r.speed > 0))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.speed: required", hf_lpath_str(path));
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, -1, "memory", HF_UNIT_BYTES, 0, 0, &r.memory, NULL, path);
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, -1, "memory_bandwidth", HF_UNIT_BANDWIDTH, 0, 0,
                                  &r.mem_bw, NULL, path);
        if (!rc) rc = read_power(ctx, L, -1, &r.p_idle, &r.p_max, path);
        if (!rc) rc = read_link(ctx, L, -1, "pcie", default_pcie, &r.link, path);
        for (int k = 0; k < count && !rc; k++) {
            snprintf(name, sizeof name, "%s-gpu%d", p->res[node_idx].name, next_id++);
            r.name = name;
            r.model = (char *)model;
            r.kind = HF_RES_GPU;
            r.site = p->res[node_idx].site;
            r.node = node_idx;
            r.cores = 1;
            if (hf_platform_add_resource(ctx, p, &r) < 0) {
                rc = ctx->errcode;
                hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
            }
        }
        hf_lpath_pop(path, gmark);
        lua_pop(L, 1);
    }
    hf_lpath_pop(path, mark);
    lua_pop(L, 1);
    return rc;
}

static hf_err read_node(hf_ctx *ctx, lua_State *L, int idx, hf_platform *p, int site,
                        hf_lpath *path)
{
    hf_resource r = {0};
    const char *name = NULL, *model = NULL;
    int count = 1, has_count = 0;
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, node_keys, path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "name", &name, path);
    if (!rc && !name) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: required", hf_lpath_str(path));
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "model", &model, path);
    if (!rc) {
        hf_rawgetfield(L, idx, "count");
        has_count = !lua_isnil(L, -1);
        lua_pop(L, 1);
        rc = hf_ltab_posint(ctx, L, idx, "count", 1, &count, path);
    }
    if (!rc) rc = hf_ltab_posint(ctx, L, idx, "cores", 1, &r.cores, path);
    if (!rc) rc = hf_ltab_quantity(ctx, L, idx, "speed", HF_UNIT_SPEED, 1, 0, &r.speed, NULL, path);
    if (!rc && !(r.speed > 0))
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.speed: required", hf_lpath_str(path));
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, idx, "memory", HF_UNIT_BYTES, 0, 0, &r.memory, NULL, path);
    if (!rc) rc = read_power(ctx, L, idx, &r.p_idle, &r.p_max, path);
    if (!rc) rc = read_link(ctx, L, idx, "nic", default_nic, &r.link, path);
    if (!rc) rc = read_link(ctx, L, idx, "nvlink", (hf_link_spec){0, 0}, &r.nvlink, path);
    for (int k = 1; k <= count && !rc; k++) {
        char full[512];
        if (has_count)
            snprintf(full, sizeof full, "%s-%d", name, k);
        else
            snprintf(full, sizeof full, "%s", name);
        r.name = full;
        r.model = (char *)model;
        r.kind = HF_RES_CPU;
        r.site = site;
        int at = hf_platform_add_resource(ctx, p, &r);
        if (at < 0) {
            hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
            return ctx->errcode;
        }
        rc = read_gpus(ctx, L, idx, p, at, path);
    }
    return rc;
}

hf_err hf_platform_from_lua(hf_ctx *ctx, lua_State *L, int idx, hf_platform **out)
{
    hf_lpath path = HF_LPATH("platform");
    hf_platform *p = NULL;
    const char *name = NULL;
    long nsites = 0;
    idx = lua_absindex(L, idx);
    *out = NULL;
    hf_err rc = hf_ltab_check_keys(ctx, L, idx, top_keys, &path);
    if (!rc) rc = hf_ltab_string(ctx, L, idx, "name", &name, &path);
    if (rc) return rc;
    p = hf_platform_new(name ? name : "platform");
    if (!p) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");

    hf_rawgetfield(L, idx, "sites");
    size_t mark = hf_lpath_key(&path, "sites");
    if (lua_isnil(L, -1))
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: required (a list of sites)", hf_lpath_str(&path));
    if (!rc) rc = hf_ltab_check_array(ctx, L, -1, &path, &nsites);
    if (!rc && nsites == 0) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: empty", hf_lpath_str(&path));
    for (long s = 1; s <= nsites && !rc; s++) {
        lua_rawgeti(L, -1, s);
        size_t smark = hf_lpath_index(&path, s);
        const char *sname = NULL;
        hf_link_spec wan = {0, 0};
        long nnodes = 0;
        rc = hf_ltab_check_keys(ctx, L, -1, site_keys, &path);
        if (!rc) rc = hf_ltab_string(ctx, L, -1, "name", &sname, &path);
        if (!rc && !sname)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: required", hf_lpath_str(&path));
        if (!rc) rc = read_link(ctx, L, -1, "wan", wan, &wan, &path);
        int site = -1;
        if (!rc) {
            site = hf_platform_add_site(ctx, p, sname, wan);
            if (site < 0) {
                rc = ctx->errcode;
                hf_ctx_prefix(ctx, "%s", hf_lpath_str(&path));
            }
        }
        if (!rc) {
            hf_rawgetfield(L, -1, "nodes");
            size_t nmark = hf_lpath_key(&path, "nodes");
            if (lua_isnil(L, -1))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: required (a list of nodes)",
                                 hf_lpath_str(&path));
            if (!rc) rc = hf_ltab_check_array(ctx, L, -1, &path, &nnodes);
            for (long n = 1; n <= nnodes && !rc; n++) {
                lua_rawgeti(L, -1, n);
                size_t m2 = hf_lpath_index(&path, n);
                rc = read_node(ctx, L, -1, p, site, &path);
                hf_lpath_pop(&path, m2);
                lua_pop(L, 1);
            }
            hf_lpath_pop(&path, nmark);
            lua_pop(L, 1);
        }
        hf_lpath_pop(&path, smark);
        lua_pop(L, 1);
    }
    hf_lpath_pop(&path, mark);
    lua_pop(L, 1);
    if (!rc && p->nres == 0) rc = hf_ctx_fail(ctx, HF_EINPUT, "platform: no nodes");
    if (!rc && p->nsites > 1)
        for (size_t s = 0; s < p->nsites && !rc; s++)
            if (!(p->sites[s].wan.bandwidth > 0))
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "platform.sites[%zu] ('%s'): wan link required when the platform "
                                 "has several sites",
                                 s + 1, p->sites[s].name);
    if (rc) {
        hf_platform_free(p);
        return rc;
    }
    *out = p;
    return HF_OK;
}
