/* lpack.c: hetflow.pack, bin-packing of work onto GPUs (hf_pack.h, docs/policies.md). */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "hetflow/hetflow.h"
#include "lua/hf_lua.h"

static const char *const pack_keys[] = {"items", "gpus", "fit", NULL};
static const char *const item_keys[] = {"name", "share", "memory", NULL};
static const char *const gpu_keys[] = {"name", "share", "memory", NULL};

/* Read the list field key (items or gpus) of the table at 1 into *out (n entries); names are
 * copied (a fit function may drop the argument table and collect it): free them with
 * free_list. Duplicate names are refused. */
static hf_err read_list(hf_ctx *ctx, lua_State *L, const char *key, int is_item, hf_pack_item **out,
                        size_t *n)
{
    hf_lpath path = HF_LPATH("pack");
    hf_err rc = HF_OK;
    *out = NULL;
    *n = 0;
    hf_rawgetfield(L, 1, key);
    size_t mark = hf_lpath_key(&path, key);
    long len = 0;
    if (lua_isnil(L, -1)) rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: required", hf_lpath_str(&path));
    if (!rc) rc = hf_ltab_check_array(ctx, L, -1, &path, &len);
    if (!rc && len > 0 && !(*out = calloc((size_t)len, sizeof **out)))
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    for (long i = 1; i <= len && !rc; i++) {
        lua_rawgeti(L, -1, i);
        size_t imark = hf_lpath_index(&path, i);
        hf_pack_item *it = &(*out)[i - 1];
        int has = 0;
        if (!lua_istable(L, -1))
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: a table expected, got %s", hf_lpath_str(&path),
                             luaL_typename(L, -1));
        if (!rc) rc = hf_ltab_check_keys(ctx, L, -1, is_item ? item_keys : gpu_keys, &path);
        const char *name = NULL;
        if (!rc) rc = hf_ltab_string(ctx, L, -1, "name", &name, &path);
        if (!rc && !name)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: required", hf_lpath_str(&path));
        for (long j = 1; j < i && !rc; j++)
            if (strcmp((*out)[j - 1].name, name) == 0)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.name: '%s' is also %s[%ld]'s name",
                                 hf_lpath_str(&path), name, key, j);
        if (!rc && !(it->name = strdup(name))) rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        if (!rc) {
            hf_rawgetfield(L, -1, "share");
            has = !lua_isnil(L, -1);
            if (has && lua_type(L, -1) != LUA_TNUMBER)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.share: a number expected, got %s",
                                 hf_lpath_str(&path), luaL_typename(L, -1));
            it->share = has ? lua_tonumber(L, -1) : 1;
            lua_pop(L, 1);
            if (!rc && is_item && !has)
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.share: required", hf_lpath_str(&path));
            if (!rc && is_item && !(it->share > 0 && it->share <= 1))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.share: must be in (0, 1], got %g",
                                 hf_lpath_str(&path), it->share);
            if (!rc && !is_item && !(it->share > 0))
                rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.share: must be positive, got %g",
                                 hf_lpath_str(&path), it->share);
        }
        if (!rc)
            rc = hf_ltab_quantity(ctx, L, -1, "memory", HF_UNIT_BYTES, 0, 0, &it->memory, NULL,
                                  &path);
        hf_lpath_pop(&path, imark);
        lua_pop(L, 1);
    }
    hf_lpath_pop(&path, mark);
    lua_pop(L, 1);
    *n = (size_t)len;
    return rc;
}

static void free_list(hf_pack_item *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free((char *)list[i].name);
    free(list);
}

/* The hook: fit(item, gpus) -> 1-based index of a GPU the item fits, or nil (fits none). */
static hf_err hook_pack(hf_ctx *ctx, lua_State *L, int fn, const hf_pack_item *items, size_t n,
                        const hf_pack_bin *bins, size_t m, int *out)
{
    double *share = calloc(m ? m : 1, sizeof *share), *mem = calloc(m ? m : 1, sizeof *mem);
    hf_err rc = share && mem ? HF_OK : hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        lua_pushvalue(L, fn);
        lua_createtable(L, 0, 3);
        lua_pushstring(L, items[i].name);
        lua_setfield(L, -2, "name");
        lua_pushnumber(L, items[i].share);
        lua_setfield(L, -2, "share");
        lua_pushnumber(L, items[i].memory);
        lua_setfield(L, -2, "memory");
        lua_createtable(L, (int)m, 0);
        for (size_t b = 0; b < m; b++) {
            lua_createtable(L, 0, 5);
            lua_pushstring(L, bins[b].name);
            lua_setfield(L, -2, "name");
            lua_pushnumber(L, bins[b].share);
            lua_setfield(L, -2, "share");
            lua_pushnumber(L, bins[b].memory);
            lua_setfield(L, -2, "memory");
            lua_pushnumber(L, bins[b].share - share[b]);
            lua_setfield(L, -2, "free_share");
            lua_pushnumber(L, bins[b].memory > 0 ? bins[b].memory - mem[b] : -1);
            lua_setfield(L, -2, "free_memory"); /* -1: no limit */
            lua_rawseti(L, -2, (lua_Integer)b + 1);
        }
        if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
            const char *msg = lua_tostring(L, -1);
            rc = hf_ctx_fail(ctx, HF_EINPUT, "pack: the fit function failed on item '%s': %s",
                             items[i].name, msg ? msg : "(error object is not a string)");
            lua_pop(L, 1);
            break;
        }
        int isint = 0;
        lua_Integer k = lua_tointegerx(L, -1, &isint); /* 2.0 counts as 2 */
        if (!isint) k = 0;
        int none = lua_isnil(L, -1);
        lua_pop(L, 1);
        if (none) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "pack: the fit function placed item '%s' nowhere",
                             items[i].name);
        } else if (k < 1 || (size_t)k > m) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "pack: the fit function must return a GPU index 1..%zu or nil for "
                             "item '%s'",
                             m, items[i].name);
        } else {
            size_t b = (size_t)k - 1;
            if (share[b] + items[i].share > bins[b].share + 1e-12 ||
                (bins[b].memory > 0 && mem[b] + items[i].memory > bins[b].memory * (1 + 1e-12)))
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "pack: the fit function put item '%s' on GPU '%s', which has "
                                 "share %g and %g B left",
                                 items[i].name, bins[b].name, bins[b].share - share[b],
                                 bins[b].memory - mem[b]);
            out[i] = (int)b;
            share[b] += items[i].share;
            mem[b] += items[i].memory;
        }
    }
    free(share);
    free(mem);
    return rc;
}

/* hetflow.pack{items = {...}, gpus = {...}, fit = "first"|"best"|"worst"|function}
 * -> placement {[item] = {gpu = name, client = k}}, layout {[gpu] = {{share, memory}, ...}}. */
int hf_lua_pack(lua_State *L)
{
    static const char *const fits[] = {"first", "best", "worst", NULL};
    luaL_checktype(L, 1, LUA_TTABLE);
    hf_ctx *ctx = hf_ctx_new();
    hf_pack_item *items = NULL, *gpus = NULL;
    size_t n = 0, m = 0;
    int *out = NULL;
    hf_lpath path = HF_LPATH("pack");
    if (!ctx) return luaL_error(L, "out of memory");
    hf_err rc = hf_ltab_check_keys(ctx, L, 1, pack_keys, &path);
    if (!rc) rc = read_list(ctx, L, "items", 1, &items, &n);
    if (!rc) rc = read_list(ctx, L, "gpus", 0, &gpus, &m);
    if (!rc && !(out = calloc(n ? n : 1, sizeof *out)))
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    hf_pack_bin *bins = calloc(m ? m : 1, sizeof *bins);
    if (!rc && !bins) rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    for (size_t b = 0; b < m && !rc; b++)
        bins[b] = (hf_pack_bin){gpus[b].name, gpus[b].share, gpus[b].memory};
    if (!rc) {
        hf_rawgetfield(L, 1, "fit");
        int fit = HF_FIT_FIRST;
        if (lua_isfunction(L, -1)) {
            rc = hook_pack(ctx, L, lua_gettop(L), items, n, bins, m, out);
        } else {
            const char *name = lua_isnil(L, -1) ? "first" : lua_tostring(L, -1);
            fit = -1;
            for (int k = 0; name && fits[k]; k++)
                if (strcmp(name, fits[k]) == 0) fit = k;
            if (fit < 0)
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "pack.fit: 'first', 'best', 'worst' or a function expected, "
                                 "got %s",
                                 name ? name : luaL_typename(L, -1));
            else
                rc = hf_pack(ctx, items, n, bins, m, (hf_fit)fit, out);
        }
        lua_pop(L, 1);
    }
    if (!rc) {
        lua_createtable(L, 0, (int)n); /* placement */
        lua_createtable(L, 0, (int)m); /* layout */
        for (size_t b = 0; b < m; b++) {
            lua_newtable(L);
            lua_setfield(L, -2, bins[b].name);
        }
        for (size_t i = 0; i < n; i++) {
            lua_getfield(L, -1, bins[out[i]].name);
            lua_Integer k = (lua_Integer)lua_rawlen(L, -1);
            lua_createtable(L, 0, 2);
            lua_pushnumber(L, items[i].share);
            lua_setfield(L, -2, "share");
            if (items[i].memory > 0) {
                lua_pushnumber(L, items[i].memory);
                lua_setfield(L, -2, "memory");
            }
            lua_rawseti(L, -2, k + 1);
            lua_pop(L, 1);
            lua_createtable(L, 0, 2);
            lua_pushstring(L, bins[out[i]].name);
            lua_setfield(L, -2, "gpu");
            lua_pushinteger(L, k);
            lua_setfield(L, -2, "client");
            lua_setfield(L, -3, items[i].name);
        }
    }
    free_list(items, n);
    free_list(gpus, m);
    free(bins);
    free(out);
    if (rc) { /* "file:line: message", as luaL_error would, once ctx is freed */
        luaL_where(L, 1);
        lua_pushstring(L, hf_ctx_errmsg(ctx));
        hf_ctx_free(ctx);
        lua_concat(L, 2);
        return lua_error(L);
    }
    hf_ctx_free(ctx);
    return 2;
}
