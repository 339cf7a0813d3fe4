/* lplatform.c: a Lua platform table -> hf_platform (docs/scenarios.md lists every field). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include <lauxlib.h>
#include <lua.h>

#include "platform/carbon.h"
#include "lua/hf_lua.h"

/* calibration: written by `hetflow calibrate`, read by `hetflow compare`, ignored here */
static const char *const top_keys[] = {"name", "sites", "calibration", NULL};
static const char *const site_keys[] = {"name", "wan", "nodes", "carbon", "pue", NULL};
static const char *const carbon_keys[] = {"intensity", "trace",    "layout", "lifecycle",
                                          "interpolation", "start", "max_gap",
                                          "forecast_error", "forecast_trace", NULL};
static const char *const node_keys[] = {"name", "count", "cores",  "speed", "memory", "power",
                                        "nic",  "gpus",  "nvlink", "model", "transfer",
                                        "embodied", NULL};
static const char *const embodied_keys[] = {"kg", "years", NULL};
static const char *const gpu_keys[] = {
    "model",     "count",     "speed",         "memory",          "memory_bandwidth",
    "power",     "pcie",      "sms",           "launch_overhead", "mps_launch_overhead",
    "precision", "partition", "bw_saturation", "kernels",         "embodied",
    NULL};
static const char *const partition_keys[] = {"mig", "mps", "reconfiguration", NULL};
static const char *const mps_keys[] = {"share", "memory", NULL};
const char *const hf_gpu_precisions[] = {"fp64",        "fp32",        "fp64_tensor",
                                         "tf32_tensor", "fp16_tensor", NULL};
static const char *const link_keys[] = {"bandwidth", "latency", NULL};
static const char *const power_keys[] = {"idle", "max", NULL};
static const char *const transfer_keys[] = {"gpudirect", "p2p_read",       "copy_latency",
                                            "chunk",     "rndv_threshold", "overhead",
                                            "gdrcopy",   "concurrent", NULL};
static const char *const gdrcopy_keys[] = {"limit", "write", "read", NULL};

/* Defaults when a link is not given (docs/scenarios.md): a 100 Gb/s NIC; for a GPU whose
 * catalog entry gives no PCIe figures, a PCIe 4.0 x16 link at its theoretical 31.5 GB/s per
 * direction (16 GT/s x 16 lanes x 128/130 encoding / 8; PCI-SIG PCIe 4.0 base specification). */
static const hf_link_spec default_nic = {12.5e9, 1e-6};
static const hf_link_spec default_pcie = {31.5e9, 1e-6};

/* Launch overhead of a GPU whose catalog entry and table give none: the per-launch cost of
 * kernels launched back to back in one stream, 3.6 us as measured on an H200 (driver 580,
 * CUDA 13; validate/data/h200-20261204.h5, fitted by `hetflow calibrate`: 3.62 us +-3.5 %). */
#define DEFAULT_LAUNCH 3.6e-6

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

/* Read the node's optional `transfer` table (docs/scenarios.md#transfer-paths) into x, which
 * holds the defaults. */
static hf_err read_transfer(hf_ctx *ctx, lua_State *L, int idx, hf_xfer_spec *x, hf_lpath *path)
{
    hf_err rc = HF_OK;
    hf_rawgetfield(L, idx, "transfer");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return HF_OK;
    }
    int t = lua_gettop(L);
    size_t mark = hf_lpath_key(path, "transfer");
    rc = hf_ltab_check_keys(ctx, L, t, transfer_keys, path);
    if (!rc) {
        hf_rawgetfield(L, t, "gpudirect");
        if (lua_isboolean(L, -1))
            x->gpudirect = lua_toboolean(L, -1);
        else if (!lua_isnil(L, -1))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.gpudirect: true or false expected, got %s",
                             hf_lpath_str(path), luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, t, "p2p_read", HF_UNIT_BANDWIDTH, 1, x->p2p_read,
                              &x->p2p_read, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, t, "copy_latency", HF_UNIT_TIME, 0, x->copy_latency,
                              &x->copy_latency, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, t, "chunk", HF_UNIT_BYTES, 1, x->chunk, &x->chunk, NULL,
                              path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, t, "rndv_threshold", HF_UNIT_BYTES, 0, x->rndv_threshold,
                              &x->rndv_threshold, NULL, path);
    if (!rc)
        rc = hf_ltab_quantity(ctx, L, t, "overhead", HF_UNIT_TIME, 0, x->overhead, &x->overhead,
                              NULL, path);
    if (!rc) rc = hf_ltab_posint(ctx, L, t, "concurrent", x->concurrent, &x->concurrent, path);
    if (!rc && x->concurrent > HF_XFER_MAX_CONCURRENT)
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.concurrent: at most %d transfers in flight, got %d",
                         hf_lpath_str(path), HF_XFER_MAX_CONCURRENT, x->concurrent);
    if (!rc) {
        hf_rawgetfield(L, t, "gdrcopy");
        if (!lua_isnil(L, -1)) {
            size_t m2 = hf_lpath_key(path, "gdrcopy");
            int g = lua_gettop(L);
            rc = hf_ltab_check_keys(ctx, L, g, gdrcopy_keys, path);
            if (!rc)
                rc = hf_ltab_quantity(ctx, L, g, "limit", HF_UNIT_BYTES, 0, x->gdrcopy_limit,
                                      &x->gdrcopy_limit, NULL, path);
            if (!rc) rc = read_link(ctx, L, g, "write", x->gdr_write, &x->gdr_write, path);
            if (!rc) rc = read_link(ctx, L, g, "read", x->gdr_read, &x->gdr_read, path);
            hf_lpath_pop(path, m2);
        }
        lua_pop(L, 1);
    }
    hf_lpath_pop(path, mark);
    lua_settop(L, t - 1);
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

/* A device's embodied emissions, { kg = KG, years = Y } at idx.embodied (docs/models/carbon.md
 * #embodied-emissions), into *grams and *seconds (0, 0 when absent). Reported with the site's
 * carbon: the site must state some. A year is 365.25 days. */
static hf_err read_embodied(hf_ctx *ctx, lua_State *L, int idx, const hf_platform *p, int site,
                            double *grams, double *seconds, hf_lpath *path)
{
    hf_err rc = HF_OK;
    *grams = *seconds = 0;
    hf_rawgetfield(L, idx, "embodied");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return HF_OK;
    }
    size_t mark = hf_lpath_key(path, "embodied");
    if (!lua_istable(L, -1))
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a table { kg = ..., years = ... } expected, got %s",
                         hf_lpath_str(path), luaL_typename(L, -1));
    if (!rc) rc = hf_ltab_check_keys(ctx, L, -1, embodied_keys, path);
    if (!rc && !p->sites[site].carbon)
        rc = hf_ctx_fail(ctx, HF_EINPUT,
                         "%s: site '%s' states no carbon (embodied emissions are reported with "
                         "its operational ones: give the site a carbon intensity)",
                         hf_lpath_str(path), p->sites[site].name);
    static const char *const what[] = {"kg", "years"};
    static const double lo[] = {0, 0.1}, hi[] = {1e7, 100};
    double v[2] = {0, 0};
    for (int i = 0; i < 2 && !rc; i++) {
        hf_rawgetfield(L, -1, what[i]);
        int isnum = lua_type(L, -1) == LUA_TNUMBER;
        v[i] = isnum ? lua_tonumber(L, -1) : NAN;
        lua_pop(L, 1);
        if (!isnum || !(v[i] >= lo[i]) || !(v[i] <= hi[i]))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: %s from %g to %g expected", hf_lpath_str(path),
                             what[i], i == 0 ? "kg CO2e, a number" : "a number of years", lo[i],
                             hi[i]);
    }
    if (!rc) {
        *grams = v[0] * 1000;
        *seconds = v[1] * 365.25 * 86400;
    }
    hf_lpath_pop(path, mark);
    lua_pop(L, 1);
    return rc;
}

/* Push hetflow.gpus[model], the catalog entry (lua/hetflow/gpus.lua), or nil when there is no
 * such model or no hetflow module in this state. */
void hf_lua_push_gpu_model(lua_State *L, const char *model)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "hetflow");
    lua_remove(L, -2);
    if (lua_istable(L, -1) && model) {
        lua_getfield(L, -1, "gpus");
        lua_remove(L, -2);
        if (lua_istable(L, -1)) {
            lua_getfield(L, -1, model);
            lua_remove(L, -2);
            if (lua_istable(L, -1)) return;
        }
    }
    lua_pop(L, 1);
    lua_pushnil(L);
}

/* Number at t[key] (t at idx; a dotted key "power.idle" goes one level down), 0 when absent. */
double hf_lua_catalog_num(lua_State *L, int idx, const char *key)
{
    const char *dot = strchr(key, '.');
    double v;
    if (dot) {
        char head[32];
        snprintf(head, sizeof head, "%.*s", (int)(dot - key), key);
        lua_getfield(L, idx, head);
        if (!lua_istable(L, -1)) {
            lua_pop(L, 1);
            return 0;
        }
        lua_getfield(L, -1, dot + 1);
        v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : 0;
        lua_pop(L, 2);
        return v;
    }
    lua_getfield(L, idx, key);
    v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : 0;
    lua_pop(L, 1);
    return v;
}

/* The allowed profile names of a catalog mig.profiles table (at idx), sorted, into buf. */
static void allowed_profiles(lua_State *L, int idx, char *buf, size_t len)
{
    const char *names[32];
    int k = 0;
    buf[0] = '\0';
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) == LUA_TSTRING && k < 32) names[k++] = lua_tostring(L, -2);
        lua_pop(L, 1);
    }
    for (int a = 1; a < k; a++) /* insertion sort: a handful of names */
        for (int b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
            const char *t = names[b];
            names[b] = names[b - 1];
            names[b - 1] = t;
        }
    for (int a = 0; a < k; a++) {
        strncat(buf, a ? ", " : "", len - strlen(buf) - 1);
        strncat(buf, names[a], len - strlen(buf) - 1);
    }
}

/* One MIG layout: the list of profile names at lidx becomes instances of GPU *g (catalog mig
 * table at mig, its profiles at profiles), named NAME-migI, or NAME-lL-migI when the GPU has
 * several layouts (group > 0, this one number layout, 0-based). Checks each profile against
 * the model's list and the sum of compute and memory slices against the GPU's. */
static hf_err add_layout(hf_ctx *ctx, lua_State *L, int lidx, int mig, int profiles, hf_platform *p,
                         const hf_resource *g, const char *model, int group, int layout,
                         double reconfig, hf_lpath *path)
{
    hf_err rc = HF_OK;
    long n = 0;
    double cslices = hf_lua_catalog_num(L, mig, "compute_slices"),
           mslices = hf_lua_catalog_num(L, mig, "memory_slices");
    double cused = 0, mused = 0, sused = 0;
    rc = hf_ltab_check_array(ctx, L, lidx, path, &n);
    if (!rc && n == 0) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: no instances", hf_lpath_str(path));
    for (long i = 1; i <= n && !rc; i++) {
        lua_rawgeti(L, lidx, i);
        const char *prof = lua_tostring(L, -1);
        size_t imark = hf_lpath_index(path, i);
        if (lua_type(L, -1) != LUA_TSTRING) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a MIG profile name expected, got %s",
                             hf_lpath_str(path), luaL_typename(L, -1));
        } else if (!hf_ltab_cname(L, -1, NULL)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a MIG profile name with a NUL byte",
                             hf_lpath_str(path));
        } else {
            lua_getfield(L, profiles, prof);
            if (!lua_istable(L, -1)) {
                char allowed[512];
                allowed_profiles(L, profiles, allowed, sizeof allowed);
                rc =
                    hf_ctx_fail(ctx, HF_EINPUT, "%s: '%s' is not a MIG profile of %s (allowed: %s)",
                                hf_lpath_str(path), prof, model, allowed);
            } else {
                int t = lua_gettop(L);
                double c = hf_lua_catalog_num(L, t, "compute"),
                       m = hf_lua_catalog_num(L, t, "memory_slices");
                if (!(c > 0) || !(m > 0) || !(hf_lua_catalog_num(L, t, "memory") > 0) ||
                    !(cslices > 0) || !(mslices > 0)) {
                    rc = hf_ctx_fail(ctx, HF_EINPUT,
                                     "%s: the catalog's MIG profile '%s' of %s needs positive "
                                     "compute, memory_slices and memory, and its mig table "
                                     "positive compute_slices and memory_slices",
                                     hf_lpath_str(path), prof, model);
                    lua_pop(L, 2);
                    hf_lpath_pop(path, imark);
                    break;
                }
                /* the instance's SMs as `nvidia-smi mig -lgip` lists them, when the catalog has
                 * them (a 1g instance of an A100 has 14 of 108, not a seventh of 108) */
                double psms = hf_lua_catalog_num(L, t, "sms");
                cused += c;
                mused += m;
                if (cused > cslices || mused > mslices)
                    rc = hf_ctx_fail(ctx, HF_EINPUT,
                                     "%s: gpu '%s': the MIG instances take %g of %g compute "
                                     "slices and %g of %g memory slices",
                                     hf_lpath_str(path), g->name, cused, cslices, mused, mslices);
                /* a GPU table's own sms below its instances' would give each instance a share
                 * of up to 1: more compute than the GPU */
                sused += psms > 0 ? psms : 0;
                if (!rc && g->sms > 0 && sused > g->sms)
                    rc = hf_ctx_fail(ctx, HF_EINPUT,
                                     "%s: gpu '%s': the MIG instances have %g SMs, more than its "
                                     "%g (sms)",
                                     hf_lpath_str(path), g->name, sused, g->sms);
                hf_resource r = *g;
                char name[600];
                if (group)
                    snprintf(name, sizeof name, "%s-l%d-mig%ld", g->name, layout + 1, i - 1);
                else
                    snprintf(name, sizeof name, "%s-mig%ld", g->name, i - 1);
                r.name = name;
                r.partition = (char *)prof;
                r.share = psms > 0 && g->sms > 0 ? psms / g->sms : c / cslices;
                if (r.share > 1) r.share = 1;
                r.bw_share = m / mslices;
                r.device = g->name; /* one PCIe link for all of the GPU's instances */
                r.peak = g->speed;
                r.bandwidth = g->mem_bw;
                r.speed = g->speed * r.share;
                r.mem_bw = g->mem_bw * r.bw_share;
                r.memory = hf_lua_catalog_num(L, t, "memory");
                /* power: the GPU's idle and max scaled by the compute share (an approximation:
                 * docs/models/gpu.md) */
                r.p_idle = g->p_idle * r.share;
                r.p_max = g->p_max * r.share;
                r.gpu_group = group;
                r.layout = layout;
                r.reconfig = reconfig;
                if (!rc && hf_platform_add_resource(ctx, p, &r) < 0) {
                    rc = ctx->errcode;
                    hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
                }
            }
            lua_pop(L, 1);
        }
        hf_lpath_pop(path, imark);
        lua_pop(L, 1);
    }
    return rc;
}

/* The MIG instances of gpu.partition (table at pidx; catalog entry at cidx) for a GPU whose
 * figures are in *g: mig is one layout (a list of profile names) or several layouts (a list
 * of such lists) that the GPU switches between, paying partition.reconfiguration seconds each
 * time (docs/models/gpu.md#mig-partitions). */
static hf_err add_mig(hf_ctx *ctx, lua_State *L, int pidx, int cidx, hf_platform *p,
                      const hf_resource *g, const char *model, hf_lpath *path)
{
    hf_err rc = HF_OK;
    int top = lua_gettop(L);
    double reconfig = 0;
    int has_reconfig = 0;
    rc = hf_ltab_quantity(ctx, L, pidx, "reconfiguration", HF_UNIT_TIME, 0, 0, &reconfig,
                          &has_reconfig, path);
    lua_getfield(L, pidx, "mig");
    int list = lua_gettop(L);
    size_t mark = hf_lpath_key(path, "mig");
    lua_getfield(L, cidx, "mig");
    int mig = lua_gettop(L);
    if (!rc && !lua_istable(L, mig))
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: GPU model '%s' has no MIG profiles in the catalog",
                         hf_lpath_str(path), model ? model : "(none)");
    if (!rc) lua_getfield(L, mig, "profiles");
    int profiles = lua_gettop(L);
    if (!rc && !lua_istable(L, profiles))
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: the catalog entry of '%s' has no mig.profiles table",
                         hf_lpath_str(path), model ? model : "(none)");
    int layouts = 0;
    if (!rc && lua_istable(L, list)) {
        lua_rawgeti(L, list, 1);
        layouts = lua_istable(L, -1);
        lua_pop(L, 1);
    }
    if (!rc && !layouts) {
        if (has_reconfig)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s: reconfiguration needs several layouts (mig = { {...}, {...} })",
                             hf_lpath_str(path));
        else
            rc = add_layout(ctx, L, list, mig, profiles, p, g, model, 0, 0, 0, path);
    } else if (!rc) {
        long n = 0;
        int group = 1;
        for (size_t i = 0; i < p->nres; i++)
            if (p->res[i].gpu_group >= group) group = p->res[i].gpu_group + 1;
        rc = hf_ltab_check_array(ctx, L, list, path, &n);
        if (!rc && !has_reconfig && n > 1)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s: several MIG layouts need partition.reconfiguration (the time "
                             "to switch between them)",
                             hf_lpath_str(path));
        for (long l = 1; l <= n && !rc; l++) {
            lua_rawgeti(L, list, l);
            size_t lmark = hf_lpath_index(path, l);
            if (!lua_istable(L, -1))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a layout (list of profiles) expected, got %s",
                                 hf_lpath_str(path), luaL_typename(L, -1));
            else
                rc = add_layout(ctx, L, lua_gettop(L), mig, profiles, p, g, model,
                                n > 1 ? group : 0, (int)l - 1, reconfig, path);
            hf_lpath_pop(path, lmark);
            lua_pop(L, 1);
        }
    }
    lua_settop(L, top);
    hf_lpath_pop(path, mark);
    return rc;
}

/* The MPS clients of gpu.partition.mps (partition table at pidx) for a GPU whose figures are in
 * *g: each entry is a share in (0, 1], or { share = s, memory = limit }. The clients are
 * resources named NAME-mpsK sharing the GPU's SimGrid host, named NAME (docs/models/gpu.md). */
static hf_err add_mps(hf_ctx *ctx, lua_State *L, int pidx, hf_platform *p, const hf_resource *g,
                      double mps_launch, hf_lpath *path)
{
    hf_err rc = HF_OK;
    lua_getfield(L, pidx, "mps");
    size_t mark = hf_lpath_key(path, "mps");
    long n = 0;
    double limits = 0;
    rc = hf_ltab_check_array(ctx, L, -1, path, &n);
    if (!rc && n == 0) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: no clients", hf_lpath_str(path));
    for (long i = 1; i <= n && !rc; i++) {
        lua_rawgeti(L, -1, i);
        size_t imark = hf_lpath_index(path, i);
        double share = 0, memory = g->memory;
        int has_memory = 0;
        if (lua_type(L, -1) == LUA_TNUMBER) {
            share = lua_tonumber(L, -1);
        } else if (lua_istable(L, -1)) {
            rc = hf_ltab_check_keys(ctx, L, -1, mps_keys, path);
            hf_rawgetfield(L, -1, "share");
            if (!rc && lua_type(L, -1) != LUA_TNUMBER)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.share: a number in (0, 1] required",
                                 hf_lpath_str(path));
            share = lua_tonumber(L, -1);
            lua_pop(L, 1);
            if (!rc)
                rc = hf_ltab_quantity(ctx, L, -1, "memory", HF_UNIT_BYTES, 1, g->memory, &memory,
                                      &has_memory, path);
        } else {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s: a share or a {share, memory} table expected, "
                             "got %s",
                             hf_lpath_str(path), luaL_typename(L, -1));
        }
        if (!rc && !(share > 0 && share <= 1))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: share must be in (0, 1], got %g",
                             hf_lpath_str(path), share);
        if (!rc && has_memory) {
            limits += memory;
            if (g->memory > 0 && limits > g->memory)
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "%s: gpu '%s': the MPS clients' memory limits add up to %g B, "
                                 "more than its %g B",
                                 hf_lpath_str(path), g->name, limits, g->memory);
        }
        if (!rc) {
            hf_resource r = *g;
            char name[600];
            snprintf(name, sizeof name, "%s-mps%ld", g->name, i - 1);
            r.name = name;
            r.host = g->name;
            r.partition = "mps";
            r.share = share;
            r.bw_share = 1; /* bandwidth is shared, not partitioned: docs/models/gpu.md */
            r.peak = g->speed;
            r.bandwidth = g->mem_bw;
            r.speed = g->speed * share;
            r.memory = memory;
            r.p_idle = g->p_idle * share;
            r.p_max = g->p_max * share;
            /* an MPS client's launch path: its overhead, and a kernel profile's own launch
             * overhead (measured without MPS) plus the difference MPS makes */
            hf_kprofile *adj = NULL;
            if (mps_launch > 0) {
                double extra = mps_launch - g->launch;
                r.launch = mps_launch;
                if (g->nkprof > 0 && !(adj = malloc((size_t)g->nkprof * sizeof *adj)))
                    rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
                for (int k = 0; adj && k < g->nkprof; k++) {
                    adj[k] = g->kprof[k];
                    if (adj[k].launch >= 0)
                        adj[k].launch = adj[k].launch + extra > 0 ? adj[k].launch + extra : 0;
                }
                if (adj) r.kprof = adj;
            }
            if (!rc && hf_platform_add_resource(ctx, p, &r) < 0) {
                rc = ctx->errcode;
                hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
            }
            free(adj);
        }
        hf_lpath_pop(path, imark);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    hf_lpath_pop(path, mark);
    return rc;
}

/* Field key of the table at idx as a plain number (absent: *out unchanged). */
static hf_err plain_number(hf_ctx *ctx, lua_State *L, int idx, const char *key,
                                     double *out, hf_lpath *path)
{
    hf_err rc = HF_OK;
    hf_rawgetfield(L, idx, key);
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TNUMBER)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.%s: a number expected, got %s",
                             hf_lpath_str(path), key, luaL_typename(L, -1));
        else
            *out = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    return rc;
}

/* site.carbon and site.pue of the site table at idx (site index site): a constant gCO2e/kWh
 * (a number, or {intensity = N}) or a trace read now ({trace = "file.csv", layout, lifecycle,
 * interpolation, start, max_gap}), so that a bad trace is an error naming its file and line
 * before the run (docs/models/carbon.md). */
static hf_err read_carbon(hf_ctx *ctx, lua_State *L, int idx, hf_platform *p, int site,
                          hf_lpath *path)
{
    idx = lua_absindex(L, idx);
    double pue = 1;
    int has_pue = 0;
    hf_err rc = HF_OK;
    hf_rawgetfield(L, idx, "pue");
    if (!lua_isnil(L, -1)) {
        has_pue = 1;
        if (!lua_isnumber(L, -1) || !((pue = lua_tonumber(L, -1)) >= 1) || !(pue <= 10))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.pue: a number from 1 to 10 expected, got %s",
                             hf_lpath_str(path), lua_isnumber(L, -1) ? lua_tostring(L, -1)
                                                                     : luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    if (rc) return rc;
    hf_rawgetfield(L, idx, "carbon");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return has_pue ? hf_ctx_fail(ctx, HF_EINPUT, "%s.pue: given without carbon",
                                     hf_lpath_str(path))
                       : HF_OK;
    }
    size_t mark = hf_lpath_key(path, "carbon");
    int ci = lua_gettop(L);
    hf_ctrace *tr = calloc(1, sizeof *tr);
    if (!tr) rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    double intensity = 0;
    int present = 0;
    const char *file = NULL, *layout_s = NULL, *interp_s = NULL, *start_s = NULL, *ffile = NULL;
    if (!rc && lua_type(L, ci) == LUA_TNUMBER) {
        rc = hf_ctrace_constant(ctx, lua_tonumber(L, ci), tr);
        if (rc) hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
    } else if (!rc && !lua_istable(L, ci)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT,
                         "%s: a number (gCO2e/kWh) or a table (intensity, or trace) expected, "
                         "got %s",
                         hf_lpath_str(path), luaL_typename(L, ci));
    } else if (!rc) {
        rc = hf_ltab_check_keys(ctx, L, ci, carbon_keys, path);
        if (!rc) rc = hf_ltab_string(ctx, L, ci, "trace", &file, path);
        if (!rc) rc = hf_ltab_string(ctx, L, ci, "layout", &layout_s, path);
        if (!rc) rc = hf_ltab_string(ctx, L, ci, "interpolation", &interp_s, path);
        if (!rc) rc = hf_ltab_string(ctx, L, ci, "start", &start_s, path);
        if (!rc) rc = hf_ltab_string(ctx, L, ci, "forecast_trace", &ffile, path);
        hf_rawgetfield(L, ci, "intensity");
        present = !lua_isnil(L, -1);
        if (present && !lua_isnumber(L, -1))
            rc = rc ? rc : hf_ctx_fail(ctx, HF_EINPUT, "%s.intensity: a number (gCO2e/kWh) "
                                       "expected, got %s", hf_lpath_str(path),
                                       luaL_typename(L, -1));
        else if (present)
            intensity = lua_tonumber(L, -1);
        lua_pop(L, 1);
        if (!rc && present == (file != NULL))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: intensity (a constant) or trace (a CSV file) "
                             "expected, one of them", hf_lpath_str(path));
        if (!rc && present) {
            if (layout_s || interp_s || start_s || ffile)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: layout, interpolation, start and "
                                 "forecast_trace go with trace", hf_lpath_str(path));
            else if ((rc = hf_ctrace_constant(ctx, intensity, tr)) != HF_OK)
                hf_ctx_prefix(ctx, "%s.intensity", hf_lpath_str(path));
        } else if (!rc) {
            hf_ctrace_layout layout = HF_CTRACE_PLAIN;
            hf_ctrace_interp interp = HF_CTRACE_STEP;
            double max_gap = 0, start = 0;
            int lifecycle = 0;
            if (layout_s && hf_ctrace_layout_parse(layout_s, &layout) != 0)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.layout: plain, electricitymaps or watttime "
                                 "expected, got '%s'", hf_lpath_str(path), layout_s);
            if (!rc && interp_s && hf_ctrace_interp_parse(interp_s, &interp) != 0)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.interpolation: step or linear expected, "
                                 "got '%s'", hf_lpath_str(path), interp_s);
            if (!rc && start_s && hf_ctrace_parse_time(start_s, &start) != 0)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.start: a date (YYYY-MM-DD HH:MM[:SS], UTC) "
                                 "expected, got '%s'", hf_lpath_str(path), start_s);
            if (!rc)
                rc = hf_ltab_quantity(ctx, L, ci, "max_gap", HF_UNIT_TIME, 0, 0, &max_gap, NULL,
                                      path);
            if (!rc) {
                hf_rawgetfield(L, ci, "lifecycle");
                if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
                    rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.lifecycle: a boolean expected",
                                     hf_lpath_str(path));
                lifecycle = lua_toboolean(L, -1);
                lua_pop(L, 1);
            }
            if (!rc && lifecycle && layout != HF_CTRACE_ELECTRICITYMAPS)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.lifecycle: applies to layout "
                                 "electricitymaps", hf_lpath_str(path));
            if (!rc && (rc = hf_ctrace_load(ctx, file, layout, lifecycle, max_gap, tr)) != HF_OK)
                hf_ctx_prefix(ctx, "%s.trace", hf_lpath_str(path));
            if (!rc) {
                tr->interp = interp;
                if (start_s) {
                    if (start < tr->t0 || start >= hf_ctrace_time(tr, tr->n - 1) + tr->step)
                        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.start: '%s' is outside the trace "
                                         "'%s'", hf_lpath_str(path), start_s, file);
                    tr->origin = start;
                }
            }
            if (!rc && ffile) { /* read as the trace is, on the same clock */
                tr->forecast = calloc(1, sizeof *tr->forecast);
                if (!tr->forecast) rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
                if (!rc && (rc = hf_ctrace_load(ctx, ffile, layout, lifecycle, max_gap,
                                                tr->forecast)) != HF_OK)
                    hf_ctx_prefix(ctx, "%s.forecast_trace", hf_lpath_str(path));
                if (!rc) {
                    tr->forecast->interp = interp;
                    tr->forecast->origin = tr->origin;
                }
            }
        }
    }
    if (!rc && lua_istable(L, ci)) { /* forecast_error: an assumption the scenario states */
        double e = 0;
        rc = plain_number(ctx, L, ci, "forecast_error", &e, path);
        if (!rc && !(e >= 0 && e <= 10))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.forecast_error: a relative error from 0 to 10 "
                             "expected, got %g", hf_lpath_str(path), e);
        if (!rc) tr->forecast_error = e;
    }
    if (!rc && tr) tr->forecast_seed = ctx->seed;
    hf_lpath_pop(path, mark);
    lua_pop(L, 1);
    if (rc) {
        hf_ctrace_destroy(tr);
        free(tr);
        return rc;
    }
    rc = hf_platform_set_site_carbon(ctx, p, site, tr, pue); /* takes tr */
    if (rc) hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
    return rc;
}

/* GPUs of the node just added as resource node_idx: table at idx is the node table. A model
 * found in the catalog (hetflow.gpus) supplies every figure the table leaves out. */
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
        int gt = lua_gettop(L);
        size_t gmark = hf_lpath_index(path, g);
        hf_resource r = {0};
        const char *model = NULL, *precision = NULL;
        int count = 1;
        char name[512];
        rc = hf_ltab_check_keys(ctx, L, gt, gpu_keys, path);
        if (!rc) rc = hf_ltab_string(ctx, L, gt, "model", &model, path);
        if (!rc) rc = hf_ltab_string(ctx, L, gt, "precision", &precision, path);
        hf_lua_push_gpu_model(L, model);
        int cat = lua_gettop(L), known = lua_istable(L, cat);
        if (!rc && precision) {
            int ok = 0;
            for (const char *const *q = hf_gpu_precisions; *q; q++)
                ok |= strcmp(*q, precision) == 0;
            if (!ok)
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "%s.precision: '%s' is not one of fp64, fp32, fp64_tensor, "
                                 "tf32_tensor, fp16_tensor",
                                 hf_lpath_str(path), precision);
        }
        if (!rc && precision && !known)
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s.precision: needs a model from the GPU catalog (hetflow.gpus)",
                             hf_lpath_str(path));
        if (!rc) rc = hf_ltab_posint(ctx, L, gt, "count", 1, &count, path);
        double dspeed = known ? hf_lua_catalog_num(L, cat, precision ? precision : "fp64") : 0;
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, gt, "speed", HF_UNIT_SPEED, 1, dspeed, &r.speed, NULL,
                                  path);
        if (!rc && !(r.speed > 0))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.speed: required (or a model from the catalog)",
                             hf_lpath_str(path));
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, gt, "memory", HF_UNIT_BYTES, 0,
                                  known ? hf_lua_catalog_num(L, cat, "memory") : 0, &r.memory, NULL,
                                  path);
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, gt, "memory_bandwidth", HF_UNIT_BANDWIDTH, 0,
                                  known ? hf_lua_catalog_num(L, cat, "memory_bandwidth") : 0,
                                  &r.mem_bw, NULL, path);
        if (!rc) {
            lua_Number sms = known ? hf_lua_catalog_num(L, cat, "sms") : 0;
            hf_rawgetfield(L, gt, "sms");
            if (!lua_isnil(L, -1)) {
                if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1)
                    rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.sms: a positive integer expected",
                                     hf_lpath_str(path));
                else
                    sms = (lua_Number)lua_tointeger(L, -1);
            }
            lua_pop(L, 1);
            r.sms = sms;
        }
        /* launch_overhead, bw_saturation and pcie: a calibrated catalog entry may carry them
         * (platforms/calibrated/, docs/validation.md) */
        double dlaunch = known ? hf_lua_catalog_num(L, cat, "launch_overhead") : 0;
        if (!(dlaunch > 0)) dlaunch = DEFAULT_LAUNCH;
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, gt, "launch_overhead", HF_UNIT_TIME, 0, dlaunch,
                                  &r.launch, NULL, path);
        /* MPS clients launch through the MPS server: a launch path of their own (measured
         * 4.7 us on an H200 against 3.6 us without MPS, docs/validation.md) */
        double mps_launch = known ? hf_lua_catalog_num(L, cat, "mps_launch_overhead") : 0;
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, gt, "mps_launch_overhead", HF_UNIT_TIME, 0, mps_launch,
                                  &mps_launch, NULL, path);
        /* kernel profiles: the table's, else the catalog entry's (a calibrated model's) */
        if (!rc) {
            hf_rawgetfield(L, gt, "kernels");
            hf_lpath cpath = HF_LPATH("hetflow.gpus");
            hf_lpath *kpath = path;
            size_t kmark = hf_lpath_key(path, "kernels");
            if (lua_isnil(L, -1) && known) {
                lua_pop(L, 1);
                lua_getfield(L, cat, "kernels");
                hf_lpath_key(&cpath, model);
                hf_lpath_key(&cpath, "kernels");
                kpath = &cpath;
            }
            if (!lua_isnil(L, -1))
                rc = hf_lua_read_kprofiles(ctx, L, -1, &r.kprof, &r.nkprof, kpath);
            hf_lpath_pop(path, kmark);
            lua_pop(L, 1);
        }
        if (!rc) {
            r.bw_sat = known ? hf_lua_catalog_num(L, cat, "bw_saturation") : 0;
            hf_rawgetfield(L, gt, "bw_saturation");
            if (!lua_isnil(L, -1)) {
                lua_Number v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : -1;
                if (!(v > 0 && v <= 1))
                    rc =
                        hf_ctx_fail(ctx, HF_EINPUT, "%s.bw_saturation: a number in (0, 1] expected",
                                    hf_lpath_str(path));
                r.bw_sat = v;
            }
            lua_pop(L, 1);
        }
        if (!rc) {
            int has_power = 0;
            hf_rawgetfield(L, gt, "power");
            has_power = !lua_isnil(L, -1);
            lua_pop(L, 1);
            if (!has_power && known) {
                r.p_idle = hf_lua_catalog_num(L, cat, "power.idle");
                r.p_max = hf_lua_catalog_num(L, cat, "power.max");
            } else {
                rc = read_power(ctx, L, gt, &r.p_idle, &r.p_max, path);
            }
        }
        if (!rc)
            rc = read_embodied(ctx, L, gt, p, p->res[node_idx].site, &r.embodied, &r.lifetime,
                               path);
        /* the catalog's PCIe link: a calibrated bandwidth, or the generation's theoretical
         * rate times the achievable share (lua/hetflow/gpus.lua gives both, with sources) */
        hf_link_spec dpcie = default_pcie;
        if (known && hf_lua_catalog_num(L, cat, "pcie.bandwidth") > 0)
            dpcie = (hf_link_spec){hf_lua_catalog_num(L, cat, "pcie.bandwidth"),
                                   hf_lua_catalog_num(L, cat, "pcie.latency")};
        else if (known && hf_lua_catalog_num(L, cat, "pcie.rate") > 0) {
            double eff = hf_lua_catalog_num(L, cat, "pcie.efficiency");
            dpcie = (hf_link_spec){hf_lua_catalog_num(L, cat, "pcie.rate") * (eff > 0 ? eff : 1),
                                   hf_lua_catalog_num(L, cat, "pcie.latency")};
        }
        if (!rc) rc = read_link(ctx, L, gt, "pcie", dpcie, &r.link, path);
        hf_rawgetfield(L, gt, "partition");
        int part = lua_gettop(L), partitioned = !lua_isnil(L, part), mps = 0;
        if (!rc && partitioned) {
            size_t pmark = hf_lpath_key(path, "partition");
            if (!lua_istable(L, part))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a table expected, got %s", hf_lpath_str(path),
                                 luaL_typename(L, part));
            if (!rc) rc = hf_ltab_check_keys(ctx, L, part, partition_keys, path);
            if (!rc) { /* mig, mps and reconfiguration are read from a table only */
                lua_getfield(L, part, "mig");
                lua_getfield(L, part, "mps");
                lua_getfield(L, part, "reconfiguration");
                int has_mig = !lua_isnil(L, -3), has_reconfig = !lua_isnil(L, -1);
                mps = !lua_isnil(L, -2);
                lua_pop(L, 3);
                if (has_mig == mps)
                    rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: give either mig or mps",
                                     hf_lpath_str(path));
                else if (mps && has_reconfig)
                    rc = hf_ctx_fail(ctx, HF_EINPUT,
                                     "%s.reconfiguration: only MIG layouts are reconfigured",
                                     hf_lpath_str(path));
            }
            if (!rc && !known && !mps)
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "%s: GPU model '%s' is not in the catalog (hetflow.gpus), which "
                                 "lists the MIG profiles a model allows",
                                 hf_lpath_str(path), model ? model : "(none)");
            hf_lpath_pop(path, pmark);
        }
        for (int k = 0; k < count && !rc; k++) {
            snprintf(name, sizeof name, "%s-gpu%d", p->res[node_idx].name, next_id++);
            r.name = name;
            r.model = (char *)model;
            r.kind = HF_RES_GPU;
            r.site = p->res[node_idx].site;
            r.node = node_idx;
            r.cores = 1;
            if (partitioned) {
                size_t pmark = hf_lpath_key(path, "partition");
                rc = mps ? add_mps(ctx, L, part, p, &r, mps_launch, path)
                         : add_mig(ctx, L, part, cat, p, &r, model, path);
                hf_lpath_pop(path, pmark);
            } else if (hf_platform_add_resource(ctx, p, &r) < 0) {
                rc = ctx->errcode;
                hf_ctx_prefix(ctx, "%s", hf_lpath_str(path));
            }
        }
        hf_kprofiles_free(r.kprof, r.nkprof); /* the platform holds copies */
        hf_lpath_pop(path, gmark);
        lua_settop(L, gt - 1);
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
    if (!rc) rc = read_embodied(ctx, L, idx, p, site, &r.embodied, &r.lifetime, path);
    if (!rc) rc = read_link(ctx, L, idx, "nic", default_nic, &r.link, path);
    if (!rc) rc = read_link(ctx, L, idx, "nvlink", (hf_link_spec){0, 0}, &r.nvlink, path);
    r.xfer = hf_xfer_defaults();
    if (!rc) rc = read_transfer(ctx, L, idx, &r.xfer, path);
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
        if (!rc) rc = read_carbon(ctx, L, -1, p, site, &path);
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
