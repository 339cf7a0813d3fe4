/* linputs.c: the files a hetflow Lua state reads, recorded with their size and SHA-256 in the
 * session (hf_session_add_input; /metadata/inputs in docs/results-format.md). The data files
 * hetflow loads itself (scenario, platform, workflow, availability trace) are recorded by their
 * loaders through hf_lua_record_input; what a scenario reads on its own goes through wrappers of
 * dofile, loadfile, require's Lua-file searcher, io.open (read modes), io.lines and io.input,
 * which record the file and then call the original function with the same arguments. */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua/hf_lua.h"

hf_session *hf_lua_session(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, HF_LUA_SESSION_KEY);
    hf_session *s = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return s;
}

hf_err hf_lua_record_input(lua_State *L, const char *path, const char *kind)
{
    hf_session *s = hf_lua_session(L);
    return s ? hf_session_add_input(s, path, kind, 1) : HF_OK;
}

/* Record the file named by argument 1 (when it is a string) as kind, raising the session's
 * message when it exists but cannot be read. */
static void record_arg(lua_State *L, const char *kind)
{
    if (lua_type(L, 1) != LUA_TSTRING) return; /* stdin, a file handle: nothing to hash */
    hf_session *s = hf_lua_session(L);
    if (s && hf_session_add_input(s, lua_tostring(L, 1), kind, 1) != HF_OK)
        luaL_error(L, "%s", hf_ctx_errmsg(s->ctx));
}

/* Call upvalue 1 (the original function) with this call's arguments; return all its results. */
static int call_original(lua_State *L)
{
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* dofile(path), loadfile(path, ...): a Lua chunk */
static int wrap_chunk(lua_State *L)
{
    record_arg(L, "lua");
    return call_original(L);
}

/* io.lines(path, ...), io.input(path): a data file (io.input with a handle or none reads
 * nothing new) */
static int wrap_data(lua_State *L)
{
    record_arg(L, "data");
    return call_original(L);
}

/* io.open(path, mode): a data file when opened for reading only ("r", "rb", the default) */
static int wrap_open(lua_State *L)
{
    const char *mode = luaL_optstring(L, 2, "r");
    if (!strpbrk(mode, "wa+")) record_arg(L, "data");
    return call_original(L);
}

/* package.searchers[2] (Lua files on package.path): record the file it found and loaded. */
static int wrap_searcher(lua_State *L)
{
    int n = call_original(L);
    if (n >= 2 && lua_isfunction(L, 1) && lua_type(L, 2) == LUA_TSTRING &&
        hf_lua_record_input(L, lua_tostring(L, 2), "lua") != HF_OK)
        return luaL_error(L, "%s", hf_ctx_errmsg(hf_lua_session(L)->ctx));
    return n;
}

/* Replace t[name] (t at idx) by fn with the original as its upvalue; nothing when absent. */
static void wrap_field(lua_State *L, int idx, const char *name, lua_CFunction fn)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, idx, name);
    if (!lua_isfunction(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, idx, name);
}

void hf_lua_track_inputs(lua_State *L)
{
    lua_pushglobaltable(L);
    wrap_field(L, -1, "dofile", wrap_chunk);
    wrap_field(L, -1, "loadfile", wrap_chunk);
    lua_pop(L, 1);
    if (lua_getglobal(L, "io") == LUA_TTABLE) {
        wrap_field(L, -1, "open", wrap_open);
        wrap_field(L, -1, "lines", wrap_data);
        wrap_field(L, -1, "input", wrap_data);
    }
    lua_pop(L, 1);
    if (lua_getglobal(L, "package") == LUA_TTABLE &&
        lua_getfield(L, -1, "searchers") == LUA_TTABLE) {
        lua_rawgeti(L, -1, 2);
        if (lua_isfunction(L, -1)) {
            lua_pushcclosure(L, wrap_searcher, 1);
            lua_rawseti(L, -2, 2);
        } else {
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 2);
}
