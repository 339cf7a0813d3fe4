/* test_stagein_api.c: a platform built through the C API leaves each node's transfer spec as
 * the caller set it (sim/calib/compare.c leaves it zero): a run with concurrent stage-in refuses
 * a node whose transfer.concurrent is out of range with a message naming it, before the
 * simulation, instead of waiting forever for a lane (issue 15, found by the adversarial review).
 * One run per process (SimGrid), so one case. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "hetflow/hetflow.h"

int main(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = hf_platform_new("api");
    CHECK(hf_platform_add_site(ctx, p, "lab", (hf_link_spec){0, 0}) == 0);
    hf_resource a = {.name = "a", .kind = HF_RES_CPU, .cores = 1, .speed = 1e9,
                     .link = {1e9, 1e-5}, .xfer = hf_xfer_defaults()};
    hf_resource b = a;
    b.name = "b";
    b.xfer.concurrent = 0; /* as a zero-initialised spec has it */
    CHECK(hf_platform_add_resource(ctx, p, &a) == 0);
    CHECK(hf_platform_add_resource(ctx, p, &b) == 1);
    hf_workflow *wf = hf_workflow_new("w");
    int f = hf_workflow_add_file(ctx, wf, "x", 1e6, NULL);
    hf_task prod = {.name = "p", .cpu = {.set = 1, .flops = 1e9}, .cores = 1, .outputs = &f,
                    .noutputs = 1};
    hf_task cons = {.name = "c", .cpu = {.set = 1, .flops = 1e9}, .cores = 1, .inputs = &f,
                    .ninputs = 1};
    CHECK(hf_workflow_add_task(ctx, wf, &prod) == 0);
    CHECK(hf_workflow_add_task(ctx, wf, &cons) == 1);
    CHECK(hf_workflow_finalize(ctx, wf) == HF_OK);
    hf_policy *pol = hf_policy_builtin(ctx, "round_robin");
    CHECK(pol != NULL);
    hf_run_spec spec = {.platform = p, .workflow = wf, .policy = pol, .scenario = "api",
                        .stage_in = HF_STAGE_CONCURRENT};
    hf_results *r = NULL;
    hf_err e = hf_run(ctx, &spec, &r);
    printf("hf_run: %d, %s\n", (int)e, ctx->errmsg);
    CHECK(e == HF_EINPUT && r == NULL);
    CHECK(strstr(ctx->errmsg, "node 'b': transfer.concurrent must be 1 to 1024 for concurrent "
                              "stage-in, got 0") != NULL);
    hf_policy_free(pol);
    hf_workflow_free(wf);
    hf_platform_free(p);
    hf_ctx_free(ctx);
    return hf_check_summary();
}
