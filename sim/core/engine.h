/* engine.h: SimGrid engine bootstrap (once per process) with hetflow's default configuration. */
#ifndef HF_ENGINE_H
#define HF_ENGINE_H

#include "hetflow/hf_ctx.h"

/* Initialise SimGrid once for this process: hetflow's defaults (docs/models/network.md), then
 * the user's --cfg options (which override them), the log control string (default: warnings
 * only), and the host energy plugin. A second call fails: SimGrid cannot be re-initialised. */
hf_err hf_engine_start(hf_ctx *ctx, const char *const *cfg, const char *log);

#endif
