/* session.h: one hetflow invocation's run: options from the command line, the single
 * simulation, and where its results go. Shared by Lua scenarios and --platform/--workflow. */
#ifndef HF_SESSION_H
#define HF_SESSION_H

#include "hetflow/hetflow.h"

typedef struct hf_session {
    hf_ctx *ctx;            /* borrowed */
    const char *output;     /* result file path (-o), NULL: results are not written */
    const char *scenario;   /* label recorded in the metadata */
    const char *const *cfg; /* SimGrid --cfg options, NULL-terminated (borrowed) */
    const char *log;        /* SimGrid log control string or NULL */
    int quiet;              /* no progress line, no summary */
    int ran;                /* 1 once hf_session_run was called */
    hf_results *results;    /* owned; set by a successful run */
} hf_session;

/* Run the one simulation of this process, then write the results to s->output (atomically).
 * platform, workflow and policy stay owned by the caller. Fails if called twice. */
hf_err hf_session_run(hf_session *s, hf_platform *platform, hf_workflow *workflow,
                      hf_policy *policy);

/* Free what the session owns (its results). Accepts NULL. */
void hf_session_destroy(hf_session *s);

#endif
