/* fuzz_lua_serverless.c: libFuzzer target for hf_serverless_from_lua: a Lua chunk returning the
 * serverless table of hetflow.run ({mode, client, registry, endpoints, availability = trace
 * file or events, registry_bandwidth, unpack_rate, unpack, monolith_node}), converted against
 * the fixed platform of fuzz_serverless_fixture.h, checked, then put through
 * hf_serverless_check against the fixed workflow as hetflow.run does. */
#include <string.h>

#include "fuzz_serverless_fixture.h"

/* A trace file named by the chunk is read from disk: only the fixtures under tests/bad/ may be
 * (no "..": /dev/stdin would block, /dev/zero or a large file would only test fgets). Another
 * name is replaced by one that does not exist, which takes the "cannot open" path. */
static void confine_trace_path(lua_State *L, int idx)
{
    if (!lua_istable(L, idx)) return;
    lua_pushstring(L, "availability");
    if (lua_rawget(L, idx) == LUA_TSTRING) {
        const char *path = lua_tostring(L, -1);
        if (strncmp(path, "tests/bad/", 10) != 0 || strstr(path, "..")) {
            lua_pushstring(L, "availability");
            lua_pushstring(L, "tests/bad/no_such_trace.txt");
            lua_rawset(L, idx);
        }
    }
    lua_pop(L, 1);
}

static hf_err convert_serverless(hf_ctx *ctx, lua_State *L, int idx)
{
    fixture_init();
    confine_trace_path(L, idx);
    hf_serverless *s = NULL;
    hf_err rc = hf_serverless_from_lua(ctx, L, idx, fixture_p, &s);
    if (rc != HF_OK) {
        if (s) hf_fuzz_fail("conversion failed but returned a configuration", NULL);
        return rc;
    }
    if (!s) hf_fuzz_fail("conversion succeeded without a configuration", NULL);
    fixture_check(s, fixture_p);
    rc = hf_serverless_check(ctx, s, fixture_p, fixture_wf);
    if (rc != HF_OK && !hf_ctx_errmsg(ctx)[0]) hf_fuzz_fail("check failed without a message", NULL);
    if (rc == HF_OK) {
        fixture_check(s, fixture_p);
        if (s->mode == HF_MODE_MONOLITH && !is_cpu_node(fixture_p, s->monolith_node))
            hf_fuzz_fail("monolith mode accepted without a monolith node", NULL);
    }
    hf_serverless_free(s);
    return HF_OK; /* a refusal by the check is an answer, not a failure of the entry point */
}

#define CONVERT convert_serverless
#include "fuzz_lua.h"
