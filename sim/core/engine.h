/* engine.h: SimGrid engine bootstrap (once per process) with hetflow's default configuration,
 * and platform loading. */
#ifndef HF_ENGINE_H
#define HF_ENGINE_H

#include "hetflow/hf_ctx.h"
#include "hetflow/hf_platform.h"

/* Initialise SimGrid once for this process: hetflow's defaults (docs/models/network.md), then
 * the user's --cfg options (which override them), the log control string (default: warnings
 * only), and the host energy plugin. SimGrid aborts the process on a bad option or a bad XML
 * file, so when cfg, log or xml_path come from the user they are first tried in a forked child
 * (xml_path is loaded there too): a failure there becomes an HF_EINPUT message quoting
 * SimGrid's. A later call is a no-op (SimGrid cannot be re-initialised). */
hf_err hf_engine_start(hf_ctx *ctx, const char *const *cfg, const char *log, const char *xml_path);

/* Load p into the started engine: a user's XML (p->xml_path) is loaded and p filled from its
 * hosts (hf_platform_from_simgrid), once; otherwise hetflow's XML is generated into a
 * temporary file ($TMPDIR or /tmp), loaded and removed. */
hf_err hf_engine_load_platform(hf_ctx *ctx, hf_platform *p);

#endif
