/* lstate.c: what every hetflow Lua state gets before user code runs, so that the same scenario
 * and seed give the same answer in every process: `next` and `pairs` in a fixed total order of
 * keys (Lua 5.4 seeds its string hashes randomly per process, and its own traversal order
 * follows the hashes), math.random seeded from the run seed (math.randomseed() too), and
 * os.exit refused (exiting from a scenario or a policy would skip the results, or abort inside
 * SimGrid). docs/reliability.md#the-same-seed-the-same-answer. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua/hf_lua.h"

/* Registry key of the cache of traversal snapshots: a table with weak keys, t -> snapshot. */
#define ORDER_CACHE_KEY "hetflow.order_cache"

/* One key of a snapshot, as the comparison needs it (24 bytes: a snapshot of 10^6 keys is
 * 24 MB while its traversal lasts). Strings point into the key itself, kept alive by the
 * snapshot's anchor table. */
typedef struct keyrec {
    union {
        lua_Integer i; /* integer number, boolean */
        lua_Number d;  /* float number */
        size_t len;    /* string length */
    } v;
    const void *p; /* string bytes, or another type's address */
    uint32_t slot; /* index of the key in the anchor table */
    uint8_t cls;   /* 0 integer, 1 float, 2 string, 3 boolean, 4 + type for the others */
} keyrec;

/* A traversal snapshot (userdata; its user value 1 is the anchor table slot -> key). */
typedef struct snapshot {
    size_t n;    /* keys */
    size_t next; /* index after the key returned last: the usual next step is O(1) */
    keyrec k[1]; /* n records, sorted (flexible in practice: allocated for n) */
} snapshot;

static void key_of(lua_State *L, int idx, keyrec *r)
{
    int t = lua_type(L, idx);
    r->p = NULL;
    r->slot = 0;
    switch (t) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            r->cls = 0;
            r->v.i = lua_tointeger(L, idx);
        } else {
            r->cls = 1;
            r->v.d = lua_tonumber(L, idx);
        }
        break;
    case LUA_TSTRING:
        r->cls = 2;
        r->p = lua_tolstring(L, idx, &r->v.len);
        break;
    case LUA_TBOOLEAN:
        r->cls = 3;
        r->v.i = lua_toboolean(L, idx);
        break;
    default:
        r->cls = (uint8_t)(4 + t);
        r->p = lua_topointer(L, idx);
        break;
    }
}

/* -1, 0, 1 as integer i is below, equal to or above float d (never NaN: not a key). */
static int cmp_int_float(lua_Integer i, lua_Number d)
{
    if (d >= 9223372036854775808.0) return -1;
    if (d < -9223372036854775808.0) return 1;
    lua_Number fl = floor(d);
    lua_Integer fi = (lua_Integer)fl;
    if (i != fi) return i < fi ? -1 : 1;
    return d > fl ? -1 : 0;
}

/* The total order: numbers ascending, then strings bytewise (a prefix first), then false, true,
 * then other types by type and address. */
static int key_cmp(const keyrec *a, const keyrec *b)
{
    int ca = a->cls < 2 ? 0 : a->cls, cb = b->cls < 2 ? 0 : b->cls; /* numbers together */
    if (ca != cb) return ca < cb ? -1 : 1;
    switch (a->cls) {
    case 0:
        if (b->cls == 0) return (a->v.i > b->v.i) - (a->v.i < b->v.i);
        return cmp_int_float(a->v.i, b->v.d);
    case 1:
        if (b->cls == 1) return (a->v.d > b->v.d) - (a->v.d < b->v.d);
        return -cmp_int_float(b->v.i, a->v.d);
    case 2: {
        size_t n = a->v.len < b->v.len ? a->v.len : b->v.len;
        int c = memcmp(a->p, b->p, n);
        if (c) return c < 0 ? -1 : 1;
        return (a->v.len > b->v.len) - (a->v.len < b->v.len);
    }
    case 3:
        return (a->v.i > b->v.i) - (a->v.i < b->v.i);
    default: {
        uintptr_t x = (uintptr_t)a->p, y = (uintptr_t)b->p;
        return (x > y) - (x < y);
    }
    }
}

/* 1 when a and b are surely the same key: same value, or the same string object (a long
 * string equal to another object is found by the binary search instead). */
static int same_key(const keyrec *a, const keyrec *b)
{
    if (a->cls != b->cls) return 0;
    if (a->cls == 2) return a->p == b->p && a->v.len == b->v.len;
    if (a->cls >= 4) return a->p == b->p;
    return a->cls == 1 ? a->v.d == b->v.d : a->v.i == b->v.i;
}

static int qsort_cmp(const void *a, const void *b)
{
    return key_cmp(a, b);
}

/* Push a new snapshot of the keys of the table at t, sorted: O(n log n). */
static snapshot *build_snapshot(lua_State *L, int t)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        n++;
    }
    snapshot *sn = lua_newuserdatauv(L, sizeof *sn + (n ? n - 1 : 0) * sizeof(keyrec), 1);
    sn->n = 0;
    sn->next = 0;
    lua_createtable(L, (int)(n < INT32_MAX ? n : 0), 0); /* anchor: keeps the keys alive */
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (sn->n == n) continue; /* cannot happen: no code runs between the two walks */
        lua_Integer slot = (lua_Integer)sn->n + 1;
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, slot);
        key_of(L, -1, &sn->k[sn->n]);
        sn->k[sn->n].slot = (uint32_t)slot;
        sn->n++;
    }
    lua_setiuservalue(L, -2, 1);
    qsort(sn->k, sn->n, sizeof(keyrec), qsort_cmp);
    return sn;
}

/* Tables of up to SMALL keys are walked without a snapshot: each step scans them all for the
 * successor of k (O(n^2) a traversal, no allocation), which beats sorting for a handful of
 * keys (a policy's candidates, a task's fields). */
#define SMALL 32

/* The successor of the key at k in the table at t pushed with its value (returns 2), or nil at
 * the end (returns 1); 0 with nothing pushed when t has more than SMALL keys. */
static int small_next(lua_State *L, int t, int k)
{
    keyrec key, best, cur;
    key_of(L, k, &key);
    int have = 0, n = 0;
    lua_pushnil(L); /* slot of the best key so far */
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (++n > SMALL) {
            lua_pop(L, 2);
            return 0;
        }
        key_of(L, -1, &cur);
        if (key_cmp(&cur, &key) > 0 && (!have || key_cmp(&cur, &best) < 0)) {
            lua_pushvalue(L, -1);
            lua_replace(L, -3);
            key_of(L, -2, &best);
            have = 1;
        }
    }
    if (!have) return 1;
    lua_pushvalue(L, -1);
    lua_rawget(L, t);
    return 2;
}

/* Push the first key after the one at k (a nil k: the smallest) of table t with its value and
 * return 2, or push nil and return 1 at the end. cache is the table t -> snapshot. A traversal
 * starts with a nil key: that drops t's snapshot, finds the smallest key in O(n) without
 * allocating (so `next(t) == nil` stays cheap), and the second step takes the snapshot. Keys whose
 * value became nil during the traversal are skipped; a key that is not in the snapshot (it was
 * never in t) continues after the place it would have. */
static int sorted_next(lua_State *L, int cache, int t, int k)
{
    if (lua_isnil(L, k)) {
        lua_pushvalue(L, t);
        lua_pushnil(L);
        lua_rawset(L, cache);
        keyrec best, cur;
        int have = 0;
        lua_pushnil(L); /* slot of the best key so far */
        lua_pushnil(L);
        while (lua_next(L, t)) {
            lua_pop(L, 1);
            key_of(L, -1, &cur);
            if (!have || key_cmp(&cur, &best) < 0) {
                lua_pushvalue(L, -1);
                lua_replace(L, -3); /* the best key stays alive in its slot */
                key_of(L, -2, &best);
                have = 1;
            }
        }
        if (!have) return 1; /* the nil slot */
        lua_pushvalue(L, -1);
        lua_rawget(L, t);
        return 2;
    }
    lua_pushvalue(L, t);
    snapshot *sn = lua_rawget(L, cache) == LUA_TUSERDATA ? lua_touserdata(L, -1) : NULL;
    if (!sn) {
        lua_pop(L, 1);
        int r = small_next(L, t, k);
        if (r) return r;
        sn = build_snapshot(L, t);
        lua_pushvalue(L, t);
        lua_pushvalue(L, -2);
        lua_rawset(L, cache);
    }
    int snap = lua_gettop(L);
    lua_getiuservalue(L, snap, 1);
    int anchor = lua_gettop(L);
    keyrec key;
    key_of(L, k, &key);
    size_t lo = 0, hi = sn->n; /* first record above key */
    if (sn->next > 0 && same_key(&sn->k[sn->next - 1], &key)) lo = hi = sn->next;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(&sn->k[mid], &key) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < sn->n; i++) {
        lua_rawgeti(L, anchor, sn->k[i].slot);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, t) != LUA_TNIL) {
            sn->next = i + 1;
            return 2;
        }
        lua_pop(L, 2); /* removed during the traversal */
    }
    /* the end: the snapshot is not needed any more */
    lua_pushvalue(L, t);
    lua_pushnil(L);
    lua_rawset(L, cache);
    lua_pushnil(L);
    return 1;
}

/* next(t [, k]) in the total order; upvalue 1 is the snapshot cache. */
static int l_next(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    return sorted_next(L, lua_upvalueindex(1), 1, 2);
}

/* pairs(t): __pairs when t has one, as Lua's, else next (upvalue 1), t, nil. */
static int l_pairs(lua_State *L)
{
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_pushvalue(L, 1);
        lua_pushnil(L);
    } else {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
    }
    return 3;
}

/* Push the snapshot cache, created (weak keys) when the state has none yet. */
static void push_cache(lua_State *L)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, ORDER_CACHE_KEY) == LUA_TTABLE) return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, ORDER_CACHE_KEY);
}

int hf_lua_key_cmp(lua_State *L, int a, int b)
{
    keyrec x, y;
    key_of(L, a, &x);
    key_of(L, b, &y);
    return key_cmp(&x, &y);
}

int hf_lua_next_sorted(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    int k = lua_gettop(L);
    push_cache(L);
    if (sorted_next(L, k + 1, idx, k) == 1) {
        lua_settop(L, k - 1);
        return 0;
    }
    lua_copy(L, -2, k); /* the key and value replace the key given; the helpers go */
    lua_copy(L, -1, k + 1);
    lua_settop(L, k + 1);
    return 1;
}

/* ============================== table.sort, stable ============================== */

/* less(a, b) for the values at absolute stack indices a and b: the order function at index 2
 * when there is one (1 = yes), else Lua's "<" (metamethods included). */
static int sort_less(lua_State *L, int has_cmp, int a, int b)
{
    if (!has_cmp) return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    int r = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return r;
}

/* table.sort(list [, comp]): a bottom-up merge sort, stable: elements that compare equal keep
 * their order. Lua 5.4's own sort is a quicksort that is not stable and, on unbalanced
 * partitions, picks its pivot from clock() and time(): ties could come out in a different order
 * in each process, against "the same seed, the same answer" (docs/reliability.md). Reads and
 * writes the list with lua_geti / lua_seti like Lua's (metamethods honoured); an inconsistent
 * order function gives some permutation, never an error. O(n log n) comparisons, n extra
 * slots in two scratch tables. */
static int l_sort(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    luaL_argcheck(L, n < INT_MAX, 1, "array too big");
    int has_cmp = !lua_isnoneornil(L, 2);
    if (has_cmp) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    if (n < 2) return 0;
    luaL_checkstack(L, 8, "table.sort");
    lua_createtable(L, (int)n, 0); /* 3: source run */
    lua_createtable(L, (int)n, 0); /* 4: destination */
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 1, i);
        lua_seti(L, 3, i);
    }
    int src = 3, dst = 4;
    for (lua_Integer w = 1; w < n; w *= 2) {
        for (lua_Integer lo = 1; lo <= n; lo += 2 * w) {
            lua_Integer mid = lo + w < n + 1 ? lo + w : n + 1;
            lua_Integer hi = lo + 2 * w < n + 1 ? lo + 2 * w : n + 1;
            lua_Integer i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                lua_geti(L, src, i);
                lua_geti(L, src, j);
                int top = lua_gettop(L);
                /* the right one goes first only when strictly less: equal elements keep order */
                if (sort_less(L, has_cmp, top, top - 1)) {
                    lua_seti(L, dst, k++);
                    lua_pop(L, 1);
                    j++;
                } else {
                    lua_pop(L, 1);
                    lua_seti(L, dst, k++);
                    i++;
                }
            }
            for (; i < mid; i++) {
                lua_geti(L, src, i);
                lua_seti(L, dst, k++);
            }
            for (; j < hi; j++) {
                lua_geti(L, src, j);
                lua_seti(L, dst, k++);
            }
        }
        int t = src;
        src = dst;
        dst = t;
    }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, src, i);
        lua_seti(L, 1, i);
    }
    return 0;
}

int hf_lua_call_original(lua_State *L)
{
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* os.exit(...): refused. */
static int l_exit(lua_State *L)
{
    return luaL_error(L, "os.exit is not allowed in a hetflow scenario or policy (the run "
                         "would end without its results): return from the scenario, or raise "
                         "an error with error()");
}

/* math.randomseed([x [, y]]): without arguments, the run's seed (upvalue 2) instead of a
 * time-based one; upvalue 1 is Lua's randomseed. */
static int l_randomseed(lua_State *L)
{
    if (lua_gettop(L) == 0) lua_pushvalue(L, lua_upvalueindex(2));
    return hf_lua_call_original(L);
}

void hf_lua_state_init(lua_State *L, unsigned long long seed)
{
    *(void **)lua_getextraspace(L) = NULL; /* no sandbox (sandbox.c sets it) */
    /* the snapshot cache: weak keys, so that a table is collected whatever its traversals */
    push_cache(L);
    lua_pushcclosure(L, l_next, 1);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "next");
    lua_pushcclosure(L, l_pairs, 1);
    lua_setglobal(L, "pairs");

    if (lua_getglobal(L, "table") == LUA_TTABLE) {
        lua_pushcfunction(L, l_sort);
        lua_setfield(L, -2, "sort");
    }
    lua_pop(L, 1);
    if (lua_getglobal(L, "os") == LUA_TTABLE) {
        lua_pushcfunction(L, l_exit);
        lua_setfield(L, -2, "exit");
    }
    lua_pop(L, 1);
    /* Lua 5.4 seeds math.random randomly: use the run's seed, also for randomseed() */
    if (lua_getglobal(L, "math") == LUA_TTABLE) {
        if (lua_getfield(L, -1, "randomseed") == LUA_TFUNCTION) {
            lua_pushvalue(L, -1);
            lua_pushinteger(L, (lua_Integer)seed);
            lua_call(L, 1, 0);
            lua_pushinteger(L, (lua_Integer)seed);
            lua_pushcclosure(L, l_randomseed, 2);
            lua_setfield(L, -2, "randomseed");
        } else {
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}
