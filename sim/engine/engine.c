/* engine.c: SimGrid engine bootstrap with hetflow's model defaults, guarded against SimGrid's
 * process aborts on bad user input, and platform loading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <simgrid/engine.h>
#include <simgrid/plugins/energy.h>
#include <xbt/log.h>

#include "engine/engine.h"
#include "core/outfile.h"
#include "platform/xml_check.h"

/* Transfer time on an idle route must be sum(latency) + size / min(bandwidth) (the equation in
 * docs/models/network.md): CM02 without correction factors, no TCP window cap, and no
 * upload/download interference. Users restore SimGrid's LV08 with --cfg=network/model:LV08.
 * The window cap is lifted with a huge gamma, not with 0: CM02 bounds each flow by
 * min(route bandwidth, gamma / (2 latency)), and gamma 0 makes that bound 0, which its solver
 * reads as "unbounded": two concurrent flows from one host then ignored the slower one's own
 * link (25 MB/s NIC: 900 MB/s), tests/scenarios/concurrent_bottlenecks.lua. */
static const char *const defaults[] = {"--cfg=network/model:CM02", "--cfg=network/TCP-gamma:1e30",
                                       "--cfg=network/crosstraffic:0",
#if defined(__SANITIZE_ADDRESS__) || defined(HF_ASAN)
                                       /* under AddressSanitizer, actors need real threads: the
                                        * default context factory switches stacks behind ASan's
                                        * back (false reports, missed leaks); docs/reliability.md */
                                       "--cfg=contexts/factory:thread",
#endif
                                       NULL};

static int started;

/* Initialise SimGrid in this process (no checks: SimGrid aborts on bad input). */
static void init_simgrid(const char *const *cfg, const char *log)
{
    size_t n = 0;
    while (cfg && cfg[n])
        n++;
    char **argv = calloc(n + 8, sizeof *argv);
    if (!argv) abort();
    int argc = 0;
    argv[argc++] = "hetflow";
    for (size_t i = 0; defaults[i]; i++)
        argv[argc++] = (char *)defaults[i];
    for (size_t i = 0; i < n; i++)
        argv[argc++] = (char *)cfg[i];
    argv[argc] = NULL;
    /* warnings only; the energy plugin's per-host "no wattage_per_state" warning is expected
     * for XML platforms without power figures (they report 0 J, docs/models/energy.md) */
    xbt_log_control_set(log && *log ? log : "root.thresh:warning host_energy.thresh:error");
    simgrid_init(&argc, argv);
    hf_outfile_signals_install(); /* SimGrid's SIGINT handler calls exit() inside the signal */
    sg_host_energy_plugin_init();
    free(argv);
}

/* The most telling line of SimGrid's dying words: the first line tagged CRITICAL or ERROR that
 * is not a backtrace header, stripped of its "[time] file:line: [category/LEVEL] " prefix;
 * else the last non-empty line. Writes into out. */
static void pick_message(char *text, char *out, size_t len)
{
    const char *best = NULL, *last = NULL;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (!*line) continue;
        last = line;
        if (!best && (strstr(line, "CRITICAL] ") || strstr(line, "ERROR] ")) &&
            !strstr(line, "backtrace"))
            best = line;
    }
    const char *m = best ? best : last ? last : "SimGrid stopped without a message";
    const char *tag = strstr(m, "CRITICAL] ");
    if (!tag) tag = strstr(m, "ERROR] ");
    if (tag) m = strchr(tag, ' ') + 1;
    snprintf(out, len, "%s", m);
}

/* Try SimGrid's set-up in a child process; HF_OK when it survived. */
static hf_err preflight(hf_ctx *ctx, const char *const *cfg, const char *log, const char *xml_path)
{
    int fds[2];
    if (pipe(fds) != 0) return HF_OK; /* cannot check: let the real start speak */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return HF_OK;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        init_simgrid(cfg, log);
        if (xml_path) simgrid_load_platform(xml_path);
        _exit(0);
    }
    close(fds[1]);
    char buf[16384];
    size_t used = 0;
    ssize_t got;
    while ((got = read(fds[0], buf + used, sizeof buf - 1 - used)) > 0) {
        used += (size_t)got;
        if (used == sizeof buf - 1) { /* keep the tail: the message is at the end */
            memmove(buf, buf + sizeof buf / 2, used - sizeof buf / 2);
            used -= sizeof buf / 2;
        }
    }
    buf[used] = '\0';
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return HF_OK;
    char msg[1024];
    pick_message(buf, msg, sizeof msg);
    if (xml_path && strstr(msg, xml_path)) return hf_ctx_fail(ctx, HF_EINPUT, "%s", msg);
    if (xml_path)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "SimGrid refused the set-up (options or platform '%s'): %s", xml_path,
                           msg);
    return hf_ctx_fail(ctx, HF_EINPUT, "SimGrid refused the options: %s", msg);
}

hf_err hf_engine_start(hf_ctx *ctx, const char *const *cfg, const char *log, const char *xml_path)
{
    if (started) return HF_OK;
    if ((cfg && cfg[0]) || (log && *log) || xml_path) {
        if (xml_path && access(xml_path, R_OK) != 0)
            return hf_ctx_fail(ctx, HF_EINPUT, "cannot read SimGrid platform '%s'", xml_path);
        if (xml_path && hf_xml_check(ctx, xml_path) != HF_OK) return ctx->errcode;
        hf_err rc = preflight(ctx, cfg, log, xml_path);
        /* SimGrid's message first (it names a key it does not know, a value it cannot read),
         * with the options hetflow takes when one of them is not among those */
        for (size_t i = 0; rc != HF_OK && cfg && cfg[i]; i++)
            if (!hf_cfg_known(cfg[i])) {
                char msg[1024];
                snprintf(msg, sizeof msg, "%s", hf_ctx_errmsg(ctx));
                return hf_ctx_fail(ctx, HF_EINPUT, "%s (hetflow accepts: %s)", msg,
                                   hf_cfg_accepted());
            }
        /* then hetflow's list and ranges: values SimGrid takes that crash or hang a run */
        for (size_t i = 0; rc == HF_OK && cfg && cfg[i]; i++)
            rc = hf_cfg_check(ctx, cfg[i]);
        if (rc != HF_OK) return rc;
    }
    init_simgrid(cfg, log);
    started = 1;
    return HF_OK;
}

hf_err hf_engine_load_platform(hf_ctx *ctx, hf_platform *p)
{
    if (p->xml_path) {
        if (p->nres > 0) return HF_OK; /* already loaded (hetflow platform X.xml) */
        simgrid_load_platform(p->xml_path);
        hf_err rc = hf_platform_from_simgrid(ctx, p);
        if (rc != HF_OK) hf_ctx_prefix(ctx, "%s", p->xml_path);
        return rc;
    }
    /* a temporary file registered with outfile.c, so that SIGINT, SIGTERM or SIGHUP during the
     * (long, for a large platform) load removes it: mkstemp's name was left in TMPDIR */
    const char *tmpdir = getenv("TMPDIR");
    char path[4096];
    unsigned int tag = 0;
    if (getrandom(&tag, sizeof tag, GRND_NONBLOCK) != (ssize_t)sizeof tag)
        tag = (unsigned int)getpid() ^ (unsigned int)time(NULL);
    snprintf(path, sizeof path, "%s/hetflow-platform-%08x", tmpdir && *tmpdir ? tmpdir : "/tmp",
             tag);
    hf_outfile o;
    if (hf_outfile_open(ctx, &o, path, 0) != HF_OK) {
        hf_ctx_prefix(ctx, "cannot write the SimGrid platform to a temporary file");
        return ctx->errcode;
    }
    FILE *f = fdopen(o.fd, "w");
    if (!f) {
        hf_outfile_abort(&o);
        return hf_ctx_fail(ctx, HF_EIO, "cannot write %s", path);
    }
    o.fd = -1; /* the stream owns it */
    hf_err rc = hf_platform_write_xml(ctx, p, f);
    if (fclose(f) != 0 && rc == HF_OK) rc = hf_ctx_fail(ctx, HF_EIO, "cannot write %s", o.tmp);
    if (rc == HF_OK) simgrid_load_platform(o.tmp);
    hf_outfile_abort(&o); /* removes the temporary file */
    return rc;
}
