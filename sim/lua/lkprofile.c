/* lkprofile.c: kernel profiles (docs/models/gpu.md#kernel-profiles) from a Lua table, for GPU
 * catalog entries and platform GPUs (lplatform.c) and calibrated platforms (lcalib.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua/hf_lua.h"

static const char *const profile_keys[] = {"work", "latency", "launch", NULL};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const hf_kprofile *)a)->name, ((const hf_kprofile *)b)->name);
}

void hf_kprofiles_free(hf_kprofile *q, int n)
{
    for (int i = 0; q && i < n; i++)
        free(q[i].name);
    free(q);
}

hf_err hf_lua_read_kprofiles(hf_ctx *ctx, lua_State *L, int idx, hf_kprofile **out, int *n,
                             hf_lpath *path)
{
    hf_err rc = HF_OK;
    hf_kprofile *q = NULL;
    int count = 0, cap = 0;
    idx = lua_absindex(L, idx);
    *out = NULL;
    *n = 0;
    if (!lua_istable(L, idx))
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: a table of kernel profiles expected, got %s",
                           hf_lpath_str(path), luaL_typename(L, idx));
    lua_pushnil(L);
    while (!rc && hf_lua_next_sorted(L, idx)) { /* by name: the same first error everywhere */
        if (lua_type(L, -2) != LUA_TSTRING || !*lua_tostring(L, -2)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s: kernel profiles are keyed by kernel name (a non-empty string)",
                             hf_lpath_str(path));
            lua_pop(L, 2);
            break;
        }
        size_t len = 0;
        const char *name = lua_tolstring(L, -2, &len);
        if (strlen(name) != len) { /* C would read it up to the NUL */
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: kernel profile name '%s' holds a NUL byte",
                             hf_lpath_str(path), name);
            lua_pop(L, 2);
            break;
        }
        /* the segment's key must outlive it: the name stays alive in the table being walked */
        size_t mark = hf_lpath_key(path, name);
        if (!lua_istable(L, -1))
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s: a profile table {work, latency, launch} "
                             "expected, got %s",
                             hf_lpath_str(path), luaL_typename(L, -1));
        if (!rc) rc = hf_ltab_check_keys(ctx, L, -1, profile_keys, path);
        if (!rc && count == cap) {
            int ncap = cap ? 2 * cap : 8;
            hf_kprofile *nq = realloc(q, (size_t)ncap * sizeof *nq);
            if (!nq)
                rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            else
                q = nq, cap = ncap;
        }
        if (!rc) {
            hf_kprofile *p = &q[count];
            memset(p, 0, sizeof *p);
            p->work = 1;
            hf_rawgetfield(L, -1, "work");
            if (!lua_isnil(L, -1)) {
                p->work = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : -1;
                if (!(p->work > 0) || p->work == HUGE_VAL)
                    rc = hf_ctx_fail(ctx, HF_EINPUT, "%s.work: a finite number > 0 expected",
                                     hf_lpath_str(path));
            }
            lua_pop(L, 1);
            if (!rc)
                rc = hf_ltab_quantity(ctx, L, -1, "latency", HF_UNIT_TIME, 0, 0, &p->latency, NULL,
                                      path);
            int has_launch = 0;
            if (!rc)
                rc = hf_ltab_quantity(ctx, L, -1, "launch", HF_UNIT_TIME, 0, 0, &p->launch,
                                      &has_launch, path);
            if (!rc && !has_launch) p->launch = -1;
            if (!rc && !(p->name = strdup(name))) rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            if (!rc) count++;
        }
        hf_lpath_pop(path, mark);
        lua_pop(L, 1);
        if (rc) lua_pop(L, 1); /* the key: the walk stops */
    }
    if (rc) {
        hf_kprofiles_free(q, count);
        return rc;
    }
    if (count > 1) qsort(q, (size_t)count, sizeof *q, by_name); /* pairs() has no order */
    *out = q;
    *n = count;
    return HF_OK;
}
