/* fuzz_lua_platform.c: libFuzzer target for hf_platform_from_lua: a Lua chunk returning a
 * platform table ({name, sites = {{name, wan, nodes = {...}}}}), converted in C, then written
 * as SimGrid XML (to /dev/null) as hetflow does before every run. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "lua/hf_lua.h"

/* Check the contract of a converted platform: resources point at existing sites and nodes and
 * are found again by name. */
static void check_platform(const hf_platform *p)
{
    if (p->nsites < 1 || p->nres < 1) hf_fuzz_fail("platform without sites or nodes", p->name);
    for (size_t i = 0; i < p->nres; i++) {
        const hf_resource *r = &p->res[i];
        if (!r->name || r->site < 0 || (size_t)r->site >= p->nsites)
            hf_fuzz_fail("resource without a name or a valid site", r->name);
        if (hf_platform_find(p, r->name) != (int)i)
            hf_fuzz_fail("resource not found again by its name", r->name);
        if (r->node < 0 || (size_t)r->node >= p->nres || p->res[r->node].kind != HF_RES_CPU)
            hf_fuzz_fail("resource attached to no CPU node", r->name);
        if (r->cores < 1 || !(r->speed > 0))
            hf_fuzz_fail("resource without cores or speed", r->name);
    }
}

static hf_err convert_platform(hf_ctx *ctx, lua_State *L, int idx)
{
    static FILE *devnull;
    hf_platform *p = NULL;
    hf_err rc = hf_platform_from_lua(ctx, L, idx, &p);
    if (rc != HF_OK) {
        if (p) hf_fuzz_fail("conversion failed but returned a platform", hf_ctx_errmsg(ctx));
        return rc;
    }
    if (!p) hf_fuzz_fail("conversion succeeded without a platform", NULL);
    check_platform(p);
    if (!devnull && !(devnull = fopen("/dev/null", "w"))) abort();
    if (hf_platform_write_xml(ctx, p, devnull) != HF_OK)
        hf_fuzz_fail("writing the SimGrid XML of a valid platform failed", hf_ctx_errmsg(ctx));
    hf_platform_free(p);
    return rc;
}

#define CONVERT convert_platform
#include "fuzz_lua.h"
