/* hetflow.h: umbrella header of hetflow's public C API. */
#ifndef HETFLOW_H
#define HETFLOW_H

#define HF_VERSION "0.1.0"

/* The git commit hetflow was built from: 40 hex digits, with "-dirty" appended when the work tree
 * differed from it; "unknown" for a build outside a git work tree. Embedded at build time
 * (cmake/git_revision.cmake); static storage. */
const char *hf_git_revision(void);

#include "hf_error.h"
#include "hf_ctx.h"
#include "hf_units.h"
#include "hf_platform.h"
#include "hf_workflow.h"
#include "hf_policy.h"
#include "hf_results.h"
#include "hf_exec.h"
#include "hf_pack.h"
#include "hf_serverless.h"
#include "hf_meas.h"
#include "hf_calib.h"

#endif
