/* fuzz_lua_workflow.c: libFuzzer target for hf_workflow_from_lua: a Lua chunk returning a
 * workflow table ({name, tasks, files, edges, ...}), converted and finalized in C. */
#include "fuzz_common.h"
#include "lua/hf_lua.h"

static hf_err convert_workflow(hf_ctx *ctx, lua_State *L, int idx)
{
    hf_workflow *wf = NULL;
    hf_err rc = hf_workflow_from_lua(ctx, L, idx, &wf);
    hf_fuzz_check_workflow(ctx, rc, wf);
    return rc;
}

#define CONVERT convert_workflow
#include "fuzz_lua.h"
