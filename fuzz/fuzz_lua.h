/* fuzz_lua.h: the body shared by the Lua table targets. The input is a Lua chunk (text only)
 * that should return a table; it runs in a sandbox with an instruction budget and a memory cap,
 * then the table goes through the C entry point the way hetflow.run hands it over: inside a
 * protected call, with no limits left on.
 * Include it after defining CONVERT(ctx, L, idx) (returns hf_err, frees what it built). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "fuzz_common.h"
#include "lua/hf_lua.h"

#define MEM_CAP ((size_t)64 << 20) /* bytes a chunk may hold */
#define HOOK_EVERY 1000            /* instructions between two hook calls */
#define HOOK_BUDGET 200            /* hook calls a chunk may take: 200k instructions */

typedef struct sandbox {
    size_t used; /* bytes allocated through the state */
    size_t cap;  /* refuse growth past this (SIZE_MAX once the chunk has run) */
    int hooks;   /* hook calls so far */
} sandbox;

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        sb->used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > sb->cap - sb->used)
        return NULL; /* Lua raises "not enough memory" */
    void *np = realloc(ptr, nsize);
    if (np) sb->used = sb->used - old + nsize;
    return np;
}

static void sb_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    sandbox *sb;
    lua_getallocf(L, (void **)&sb);
    if (++sb->hooks > HOOK_BUDGET) luaL_error(L, "instruction budget exhausted");
}

static int sb_panic(lua_State *L)
{
    hf_fuzz_fail("Lua panic (an error outside any protected call)", lua_tostring(L, -1));
}

/* Open base, table, string, math and utf8, minus what reaches files, output, bytecode or runs
 * unbounded inside one instruction (pattern matching: the hook cannot interrupt a C function). */
static void open_sandbox_libs(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},        {LUA_TABLIBNAME, luaopen_table},
        {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},  {NULL, NULL}};
    static const char *const base_drop[] = {"dofile", "loadfile", "load", "print", "require", NULL};
    static const char *const str_drop[] = {"find", "match", "gmatch", "gsub", "dump", NULL};
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    for (const char *const *k = base_drop; *k; k++) {
        lua_pushnil(L);
        lua_setglobal(L, *k);
    }
    lua_getglobal(L, LUA_STRLIBNAME);
    for (const char *const *k = str_drop; *k; k++) {
        lua_pushnil(L);
        lua_setfield(L, -2, *k);
    }
    lua_pop(L, 1);
}

static hf_ctx *conv_ctx; /* the context of the current input, for convert() */
static hf_err conv_rc;   /* what the entry point returned */

/* lua_CFunction: run the entry point on the table at 1 (protected, as in hetflow.run). */
static int convert(lua_State *L)
{
    conv_rc = CONVERT(conv_ctx, L, 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sandbox sb = {0, SIZE_MAX, 0};
    lua_State *L = lua_newstate(sb_alloc, &sb);
    if (!L) return 0;
    lua_atpanic(L, sb_panic);
    open_sandbox_libs(L);
    if (luaL_loadbufferx(L, (const char *)data, size, "=fuzz", "t") != LUA_OK) goto done;
    sb.cap = sb.used + MEM_CAP;
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, HOOK_EVERY);
    int ok = lua_pcall(L, 0, 1, 0) == LUA_OK;
    lua_sethook(L, NULL, 0, 0);
    sb.cap = SIZE_MAX;
    if (!ok || !lua_istable(L, -1)) goto done;

    conv_ctx = hf_ctx_new();
    if (!conv_ctx) goto done;
    conv_rc = HF_OK;
    lua_pushcfunction(L, convert);
    lua_insert(L, -2);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK)
        hf_fuzz_fail("a Lua error escaped the entry point", lua_tostring(L, -1));
    if (conv_rc != HF_OK && !hf_ctx_errmsg(conv_ctx)[0])
        hf_fuzz_fail("entry point failed without a message", NULL);
    hf_ctx_free(conv_ctx);
    conv_ctx = NULL;
done:
    lua_close(L);
    return 0;
}
