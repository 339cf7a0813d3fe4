/* engine.h: SimGrid engine bootstrap (once per process) with hetflow's default configuration,
 * and platform loading. The layer above the platform model (it hands SimGrid the XML that
 * platform/ writes) and below the executor and the CLI. */
#ifndef HF_ENGINE_H
#define HF_ENGINE_H

#include "hetflow/hf_ctx.h"
#include "hetflow/hf_platform.h"

/* Initialise SimGrid once for this process: hetflow's defaults (docs/models/network.md), then
 * the user's --cfg options (which override them), the log control string (default: warnings
 * only), and the host energy plugin. SimGrid aborts the process on a bad option or a bad XML
 * file, so when cfg, log or xml_path come from the user they are first tried in a forked child
 * (xml_path is loaded there too): a failure there becomes an HF_EINPUT message quoting
 * SimGrid's. Options SimGrid takes but hetflow does not accept, or with values out of their
 * ranges, are then refused (hf_cfg_check). A later call is a no-op (SimGrid cannot be
 * re-initialised). */
hf_err hf_engine_start(hf_ctx *ctx, const char *const *cfg, const char *log, const char *xml_path);

/* Check one --cfg argument ("--cfg=NAME:VALUE" or "NAME:VALUE") against the options hetflow
 * accepts (sim/engine/cfgcheck.c, docs/scenarios.md#simgrid-options): HF_OK, or HF_EINPUT naming
 * the argument, with the list of accepted options or the accepted values. */
hf_err hf_cfg_check(hf_ctx *ctx, const char *arg);

/* 1 when the option named by arg ("--cfg=NAME:VALUE" or "NAME:VALUE") is one hetflow accepts. */
int hf_cfg_known(const char *arg);

/* The accepted option names, ", "-separated (a static string). */
const char *hf_cfg_accepted(void);

/* Load p into the started engine: a user's XML (p->xml_path) is loaded and p filled from its
 * hosts (hf_platform_from_simgrid), once; otherwise hetflow's XML is generated into a
 * temporary file ($TMPDIR or /tmp), loaded and removed. */
hf_err hf_engine_load_platform(hf_ctx *ctx, hf_platform *p);

#endif
