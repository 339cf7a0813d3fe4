/* session.c: run the single simulation of a hetflow invocation and save its results. */
#include "exec/session.h"

hf_err hf_session_run(hf_session *s, hf_platform *platform, hf_workflow *workflow,
                      hf_policy *policy, hf_serverless *serverless)
{
    if (s->ran) {
        if (policy->ops->finish) policy->ops->finish(policy); /* it received the policy */
        return hf_ctx_fail(s->ctx, HF_EINPUT,
                           "hetflow.run was called twice: one scenario describes one simulation "
                           "(sweeps run one process per point)");
    }
    s->ran = 1;
    s->ctx->quiet = s->quiet;
    hf_run_spec spec = {platform, workflow, policy, s->scenario, s->cfg, s->log, serverless};
    hf_results *r = NULL;
    hf_err rc = hf_run(s->ctx, &spec, &r);
    if (rc != HF_OK) return rc;
    s->results = r;
    return HF_OK;
}

hf_err hf_session_save(hf_session *s)
{
    if (!s->results)
        return hf_ctx_fail(s->ctx, HF_EINPUT,
                           "%s: no simulation completed (a failed hetflow.run "
                           "was caught, or hetflow.run was never called)",
                           s->scenario);
    return s->output ? hf_results_write(s->ctx, s->results, s->output) : HF_OK;
}

void hf_session_destroy(hf_session *s)
{
    if (!s) return;
    hf_results_free(s->results);
    s->results = NULL;
}
