/* luatab.c: reading plain Lua tables into C with error messages that name the exact field. */
#include <math.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "core/strutil.h"
#include "lua/hf_lua.h"

size_t hf_lpath_key(hf_lpath *p, const char *key)
{
    if (p->n < HF_LPATH_DEPTH) p->key[p->n] = key;
    return (size_t)p->n++;
}

size_t hf_lpath_index(hf_lpath *p, long i)
{
    if (p->n < HF_LPATH_DEPTH) {
        p->key[p->n] = NULL;
        p->idx[p->n] = i;
    }
    return (size_t)p->n++;
}

void hf_lpath_pop(hf_lpath *p, size_t mark)
{
    p->n = (int)mark;
}

const char *hf_lpath_str(const hf_lpath *cp)
{
    hf_lpath *p = (hf_lpath *)cp; /* rendering only fills the buffer after the base text */
    size_t off = p->len;
    int shown = p->n < HF_LPATH_DEPTH ? p->n : HF_LPATH_DEPTH;
    p->buf[off] = '\0';
    for (int i = 0; i < shown && off < sizeof p->buf - 1; i++) {
        int w = p->key[i]
                    ? snprintf(p->buf + off, sizeof p->buf - off, "%s%s", off ? "." : "", p->key[i])
                    : snprintf(p->buf + off, sizeof p->buf - off, "[%ld]", p->idx[i]);
        if (w < 0) break;
        off += (size_t)w;
    }
    if (off >= sizeof p->buf) p->buf[sizeof p->buf - 1] = '\0';
    return p->buf;
}

hf_err hf_ltab_check_keys(hf_ctx *ctx, lua_State *L, int idx, const char *const *known,
                          const hf_lpath *path)
{
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx))
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: table expected, got %s", hf_lpath_str(path),
                           luaL_typename(L, idx));
    /* the first offending key in hf_lua_key_cmp's order, whatever the traversal's order: the
     * same message in every process (lstate.c) */
    lua_pushnil(L);
    int bad = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        int ok = lua_type(L, -1) == LUA_TSTRING; /* lua_tostring on a number breaks lua_next */
        const char *k = ok ? lua_tostring(L, -1) : NULL;
        ok = 0;
        for (size_t i = 0; k && known[i] && !ok; i++)
            ok = strcmp(k, known[i]) == 0;
        if (!ok && (lua_isnil(L, bad) || hf_lua_key_cmp(L, -1, bad) < 0)) {
            lua_pushvalue(L, -1);
            lua_replace(L, bad);
        }
    }
    hf_err rc = HF_OK;
    if (lua_type(L, bad) == LUA_TNUMBER) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: unexpected list entry [%g] (fields have names)",
                         hf_lpath_str(path), lua_tonumber(L, bad));
    } else if (lua_type(L, bad) == LUA_TSTRING) {
        const char *k = lua_tostring(L, bad);
        const char *best = hf_closest(k, known);
        if (best)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: unknown key '%s' (did you mean '%s'?)",
                             hf_lpath_str(path), k, best);
        else
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: unknown key '%s'", hf_lpath_str(path), k);
    } else if (!lua_isnil(L, bad)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: unexpected %s key", hf_lpath_str(path),
                         luaL_typename(L, bad));
    }
    lua_pop(L, 1);
    return rc;
}

hf_err hf_ltab_check_array(hf_ctx *ctx, lua_State *L, int idx, const hf_lpath *path, long *n)
{
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx))
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: list expected, got %s", hf_lpath_str(path),
                           luaL_typename(L, idx));
    long len = (long)lua_rawlen(L, idx), count = 0;
    /* the first offending key in hf_lua_key_cmp's order, whatever the traversal's order: the
     * same message in every process (it named whichever key the hash order gave first) */
    lua_pushnil(L);
    int bad = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        count++;
        if ((!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > len) &&
            (lua_isnil(L, bad) || hf_lua_key_cmp(L, -1, bad) < 0)) {
            lua_pushvalue(L, -1);
            lua_replace(L, bad);
        }
    }
    if (!lua_isnil(L, bad)) {
        hf_err rc;
        if (lua_type(L, bad) == LUA_TSTRING)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: list expected, found key '%s'",
                             hf_lpath_str(path), lua_tostring(L, bad));
        else
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: list expected (entries 1..n without holes)",
                             hf_lpath_str(path));
        lua_pop(L, 1);
        return rc;
    }
    lua_pop(L, 1);
    if (count != len) return hf_ctx_fail(ctx, HF_EINPUT, "%s: list has holes", hf_lpath_str(path));
    *n = len;
    return HF_OK;
}

hf_err hf_ltab_quantity(hf_ctx *ctx, lua_State *L, int idx, const char *key, hf_unit_kind kind,
                        int positive, double dflt, double *out, int *present, const hf_lpath *path)
{
    idx = lua_absindex(L, idx);
    hf_rawgetfield(L, idx, key);
    int t = lua_type(L, -1);
    hf_err rc = HF_OK;
    double v = dflt;
    char err[256];
    if (present) *present = t != LUA_TNIL;
    if (t == LUA_TNIL) {
        *out = dflt;
        lua_pop(L, 1);
        return HF_OK;
    }
    if (t == LUA_TNUMBER) {
        v = lua_tonumber(L, -1);
    } else if (t == LUA_TSTRING) {
        if (hf_units_parse(lua_tostring(L, -1), kind, &v, err, sizeof err) != 0) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s%s%s: %s", hf_lpath_str(path),
                             *hf_lpath_str(path) ? "." : "", key, err);
            goto done;
        }
    } else {
        rc = hf_ctx_fail(
            ctx, HF_EINPUT, "%s%s%s: %s expected (number or string like \"%s\"), got %s",
            hf_lpath_str(path), *hf_lpath_str(path) ? "." : "", key, hf_units_kind_name(kind),
            kind == HF_UNIT_SPEED || kind == HF_UNIT_FLOP ? "2Gf"
            : kind == HF_UNIT_BYTES                       ? "1GB"
            : kind == HF_UNIT_BANDWIDTH                   ? "10GBps"
            : kind == HF_UNIT_TIME                        ? "5us"
            : kind == HF_UNIT_POWER                       ? "300W"
                                                          : "1kJ",
            luaL_typename(L, -1));
        goto done;
    }
    if (isnan(v) || isinf(v)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s%s%s: must be a finite number, got %s",
                         hf_lpath_str(path), *hf_lpath_str(path) ? "." : "", key,
                         isnan(v) ? "NaN"
                         : v > 0  ? "inf"
                                  : "-inf");
    } else if (hf_units_check(v, kind, err, sizeof err) != 0) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s%s%s: %s", hf_lpath_str(path),
                         *hf_lpath_str(path) ? "." : "", key, err);
    } else if (positive && !(v > 0)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s%s%s: must be positive, got %g", hf_lpath_str(path),
                         *hf_lpath_str(path) ? "." : "", key, v);
    } else if (!(v >= 0)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s%s%s: must not be negative, got %g", hf_lpath_str(path),
                         *hf_lpath_str(path) ? "." : "", key, v);
    }
done:
    lua_pop(L, 1);
    *out = v;
    return rc;
}

hf_err hf_ltab_posint(hf_ctx *ctx, lua_State *L, int idx, const char *key, int dflt, int *out,
                      const hf_lpath *path)
{
    hf_rawgetfield(L, idx, key);
    hf_err rc = HF_OK;
    *out = dflt;
    if (!lua_isnil(L, -1)) {
        int isint = 0;
        lua_Integer v = lua_tointegerx(L, -1, &isint);
        if (!isint || lua_type(L, -1) != LUA_TNUMBER || v < 1 || v > 1000000000)
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s%s%s: positive integer expected, got %s",
                             hf_lpath_str(path), *hf_lpath_str(path) ? "." : "", key,
                             lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1)
                                                            : luaL_typename(L, -1));
        else
            *out = (int)v;
    }
    lua_pop(L, 1);
    return rc;
}

const char *hf_ltab_cname(lua_State *L, int idx, int *nul)
{
    size_t len = 0;
    const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : NULL;
    int bad = s && strlen(s) != len;
    if (nul) *nul = bad;
    return bad ? NULL : s;
}

hf_err hf_ltab_string(hf_ctx *ctx, lua_State *L, int idx, const char *key, const char **out,
                      const hf_lpath *path)
{
    hf_rawgetfield(L, idx, key);
    hf_err rc = HF_OK;
    *out = NULL;
    size_t len = 0;
    if (lua_type(L, -1) == LUA_TSTRING && (*out = lua_tolstring(L, -1, &len)) &&
        strlen(*out) != len)
        /* C would read it up to the NUL: "pair\0x" would be "pair" */
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s%s%s: a string with a NUL byte", hf_lpath_str(path),
                         *hf_lpath_str(path) ? "." : "", key);
    else if (lua_type(L, -1) != LUA_TSTRING && !lua_isnil(L, -1))
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s%s%s: string expected, got %s", hf_lpath_str(path),
                         *hf_lpath_str(path) ? "." : "", key, luaL_typename(L, -1));
    /* the string stays alive: it is referenced by the table, which the caller keeps */
    lua_pop(L, 1);
    return rc;
}
