/* session.c: run the single simulation of a hetflow invocation, record what it read, and save
 * its results with everything that changes them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/sha256.h"
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
    hf_run_spec spec = {platform, workflow, policy, s->scenario, s->cfg,
                        s->log,   serverless, s->transfer, s->stage_in};
    hf_results *r = NULL;
    hf_err rc = hf_run(s->ctx, &spec, &r);
    if (rc != HF_OK) return rc;
    s->results = r;
    return HF_OK;
}

hf_err hf_session_add_input(hf_session *s, const char *path, const char *kind, int missing_ok)
{
    hf_input_rec x = {0};
    if (!s->record_inputs) return HF_OK;
    switch (hf_sha256_file(path, x.sha256, &x.bytes)) {
    case HF_SHA256_OK:
    case HF_SHA256_NOT_REGULAR:
        break;
    case HF_SHA256_NO_FILE:
        if (missing_ok) return HF_OK;
        /* fall through */
    default:
        return hf_ctx_fail(s->ctx, HF_EIO, "cannot read '%s' to record its SHA-256: %s", path,
                           strerror(errno));
    }
    for (size_t i = 0; i < s->ninputs; i++)
        if (strcmp(s->inputs[i].path, path) == 0 && strcmp(s->inputs[i].sha256, x.sha256) == 0)
            return HF_OK; /* read again, unchanged */
    if (hf_grow((void **)&s->inputs, &s->cap_inputs, s->ninputs + 1, sizeof *s->inputs) ||
        !(x.path = strdup(path)) || !(x.kind = strdup(kind))) {
        free(x.path);
        return hf_ctx_fail(s->ctx, HF_ENOMEM, "out of memory");
    }
    s->inputs[s->ninputs++] = x;
    return HF_OK;
}

/* What the executor does not know: the build, --reference-speed, --cfg and the inputs. */
static hf_err complete_results(hf_session *s, hf_results *r)
{
    free(r->git_revision);
    if (!(r->git_revision = strdup(hf_git_revision()))) goto oom;
    r->reference_speed = s->ref_speed;
    for (const char *const *c = s->cfg; c && *c; c++) {
        /* "--cfg=NAME:VALUE", checked by the command line */
        const char *opt = strncmp(*c, "--cfg=", 6) == 0 ? *c + 6 : *c;
        const char *colon = strchr(opt, ':');
        if (!colon) continue;
        char *name = strndup(opt, (size_t)(colon - opt));
        hf_err err = name ? hf_results_set_cfg(r, name, colon + 1) : HF_ENOMEM;
        free(name);
        if (err) goto oom;
    }
    if (s->ninputs) {
        for (size_t i = 0; i < r->ninputs; i++) {
            free(r->inputs[i].path);
            free(r->inputs[i].kind);
        }
        free(r->inputs);
        r->inputs = s->inputs;
        r->ninputs = s->ninputs;
        s->inputs = NULL;
        s->ninputs = s->cap_inputs = 0;
    }
    return HF_OK;
oom:
    return hf_ctx_fail(s->ctx, HF_ENOMEM, "out of memory");
}

hf_err hf_session_save(hf_session *s)
{
    if (!s->results)
        return hf_ctx_fail(s->ctx, HF_EINPUT,
                           "%s: no simulation completed (a failed hetflow.run "
                           "was caught, or hetflow.run was never called)",
                           s->scenario);
    hf_err err = complete_results(s, s->results);
    if (err) return err;
    return s->output
               ? hf_results_save(s->ctx, s->results, s->output, s->force ? HF_WRITE_REPLACE : 0)
               : HF_OK;
}

void hf_session_destroy(hf_session *s)
{
    if (!s) return;
    hf_results_free(s->results);
    s->results = NULL;
    for (size_t i = 0; i < s->ninputs; i++) {
        free(s->inputs[i].path);
        free(s->inputs[i].kind);
    }
    free(s->inputs);
    s->inputs = NULL;
    s->ninputs = s->cap_inputs = 0;
}
