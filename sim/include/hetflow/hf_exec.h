/* hf_exec.h: running one simulation: engine bootstrap, executor, results. */
#ifndef HF_EXEC_H
#define HF_EXEC_H

#include <string.h>

#include "hf_ctx.h"
#include "hf_platform.h"
#include "hf_policy.h"
#include "hf_results.h"
#include "hf_serverless.h"
#include "hf_workflow.h"

/* Everything one simulation needs. Fields are borrowed; hf_run does not free them. */
typedef struct hf_run_spec {
    hf_platform *platform;     /* generated platform, or one with xml_path set (filled at load) */
    hf_workflow *workflow;     /* finalized workflow */
    hf_policy *policy;         /* placement policy */
    const char *scenario;      /* recorded in the metadata */
    const char *const *cfg;    /* SimGrid --cfg=... options, NULL-terminated; may be NULL */
    const char *log;           /* SimGrid --log=... control string or NULL (default: warnings) */
    hf_serverless *serverless; /* serverless deployment, or NULL: direct mode (checked and
                                  completed by hf_run: hf_serverless_check) */
    int transfer;              /* how files move between resources: sim/net/path.h's
                                  hf_xfer_mode, 0 = direct (one flow over the route) */
    int stage_in;              /* how a task's inputs move: hf_stage_in, 0 = sequential */
} hf_run_spec;

/* How a task's missing inputs move to its resource (docs/models/network.md#stage-in). */
typedef enum hf_stage_in {
    HF_STAGE_SEQUENTIAL = 0, /* one after another, by the task's worker */
    HF_STAGE_CONCURRENT = 1  /* all at once, up to the node's transfer.concurrent in flight */
} hf_stage_in;

/* The name hf_stage_in_parse reads as s. */
static inline const char *hf_stage_in_name(int s)
{
    return s == HF_STAGE_CONCURRENT ? "concurrent" : "sequential";
}

/* "sequential" or "concurrent" -> *out; 0 on success, -1 for any other text. */
static inline int hf_stage_in_parse(const char *s, int *out)
{
    if (s && strcmp(s, "sequential") == 0) return *out = HF_STAGE_SEQUENTIAL, 0;
    if (s && strcmp(s, "concurrent") == 0) return *out = HF_STAGE_CONCURRENT, 0;
    return -1;
}

/* Run one simulation. SimGrid's engine can be initialised once per process, so this may be
 * called once per process: a second call fails. On success *out owns the results (completed =
 * 1). On failure (policy error, bad input found at load) ctx holds the message. */
hf_err hf_run(hf_ctx *ctx, const hf_run_spec *spec, hf_results **out);

#endif
