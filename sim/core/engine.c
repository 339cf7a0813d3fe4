/* engine.c: SimGrid engine bootstrap with hetflow's model defaults. */
#include <stdlib.h>
#include <string.h>

#include <simgrid/engine.h>
#include <simgrid/plugins/energy.h>
#include <xbt/log.h>

#include "core/engine.h"

/* Transfer time on an idle route must be sum(latency) + size / min(bandwidth) (the equation in
 * docs/models/network.md): CM02 without correction factors, no TCP window cap, and no
 * upload/download interference. Users restore SimGrid's LV08 with --cfg=network/model:LV08. */
static const char *const defaults[] = {"--cfg=network/model:CM02", "--cfg=network/TCP-gamma:0",
                                       "--cfg=network/crosstraffic:0", NULL};

hf_err hf_engine_start(hf_ctx *ctx, const char *const *cfg, const char *log)
{
    static int started;
    if (started)
        return hf_ctx_fail(ctx, HF_ESIM,
                           "one simulation per process: SimGrid cannot be initialised twice "
                           "(call hetflow.run once per scenario)");
    started = 1;

    size_t n = 0;
    while (cfg && cfg[n]) n++;
    char **argv = calloc(n + 8, sizeof *argv);
    if (!argv) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    int argc = 0;
    argv[argc++] = "hetflow";
    for (size_t i = 0; defaults[i]; i++) argv[argc++] = (char *)defaults[i];
    for (size_t i = 0; i < n; i++) argv[argc++] = (char *)cfg[i];
    argv[argc] = NULL;

    xbt_log_control_set(log && *log ? log : "root.thresh:warning");
    simgrid_init(&argc, argv);
    sg_host_energy_plugin_init();
    free(argv);
    return HF_OK;
}
