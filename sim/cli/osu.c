/* osu.c: `hetflow osu`, OSU-style micro-benchmarks between two resources of a platform,
 * simulated (sim/net/osu.c; docs/models/network.md#osu-micro-benchmarks). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "cli/cli.h"
#include "engine/engine.h"
#include "core/outfile.h"
#include "lua/hf_lua.h"
#include "net/osu.h"

static const char *const osu_usage =
    "usage: hetflow osu bw|bibw|latency --platform P --from A --to B [options]\n"
    "\n"
    "Simulates an OSU micro-benchmark between two resources (GPUs or nodes) of a platform and\n"
    "prints its table: latency (us, half a ping-pong), bw (MB/s, a window of messages one\n"
    "way then a 4-byte reply), bibw (MB/s, windows both ways at once). Each message takes\n"
    "the path the transfer model plans (docs/models/network.md#transfer-paths).\n"
    "\n"
    "  --platform P       platform: a .lua file returning a table, or a SimGrid .xml file\n"
    "  --from A, --to B   resource names (hetflow platform P lists them)\n"
    "  --mode M           path between GPUs of two nodes: auto (default: the faster by the\n"
    "                     model), gdr (GPUDirect RDMA) or bounce (through host memory); also\n"
    "                     direct (one flow over the route, no software cost) for comparison\n"
    "  --sizes MIN:MAX    message sizes MIN, 2 MIN, 4 MIN, ... up to MAX, whole bytes (0\n"
    "                     is followed by 1; default 0:4MiB for latency, 1:4MiB otherwise);\n"
    "                     units as in platforms (\"64MiB\")\n"
    "  --window N         messages in flight per direction for bw and bibw (default 64,\n"
    "                     at most 1024)\n"
    "  --iterations N     round trips averaged for latency (default 1: the simulation is\n"
    "                     deterministic)\n"
    "  --csv F            also write the table as CSV (test,mode,size,path,value,model,unit)\n"
    "  --force            overwrite an existing CSV file\n"
    "  --set NAME=VALUE   platform parameter, read with hetflow.param(NAME, default)\n"
    "  --cfg=OPTION:VALUE SimGrid configuration option (repeatable; as for hetflow run)\n";

#define MAX_SIZES CLI_MAX_SIZES
#define MAX_CFG 32

int cli_parse_sizes(const char *arg, double *sizes, size_t *n, char *err, size_t errlen)
{
    const char *colon = strchr(arg, ':');
    char lo[64], hi[64];
    if (!colon || (size_t)(colon - arg) >= sizeof lo || strlen(colon + 1) >= sizeof hi) {
        snprintf(err, errlen, "MIN:MAX expected, got '%s'", arg);
        return -1;
    }
    memcpy(lo, arg, (size_t)(colon - arg));
    lo[colon - arg] = 0;
    strcpy(hi, colon + 1);
    double a, b;
    if (hf_units_parse(lo, HF_UNIT_BYTES, &a, err, errlen) != 0 ||
        hf_units_parse(hi, HF_UNIT_BYTES, &b, err, errlen) != 0)
        return -1;
    if (!(a >= 0) || !(b >= a) || isinf(b)) {
        snprintf(err, errlen, "'%s': 0 <= MIN <= MAX expected", arg);
        return -1;
    }
    if (a != floor(a) || b != floor(b) || b > 0x1p53) {
        snprintf(err, errlen, "'%s': sizes are whole bytes (at most 2^53)", arg);
        return -1;
    }
    *n = 0;
    for (double s = a; s <= b; s = s == 0 ? 1 : 2 * s) {
        if (*n == MAX_SIZES) {
            snprintf(err, errlen, "'%s': more than %d sizes", arg, MAX_SIZES);
            return -1;
        }
        sizes[(*n)++] = s;
    }
    return 0;
}

static int pos_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > 1000000) return -1;
    *out = (int)v;
    return 0;
}

int cli_load_platform(hf_ctx *ctx, hf_session *s, const char *platform, const char *const *cfg,
                      lua_State **L, hf_platform **own, const hf_platform **p)
{
    size_t plen = strlen(platform);
    int xml = plen > 4 && strcmp(platform + plen - 4, ".xml") == 0;
    if (xml) {
        *own = hf_platform_new(platform);
        if (!*own || !((*own)->xml_path = strdup(platform))) {
            hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            return input_error(ctx);
        }
        *p = *own;
    } else {
        if (!(*L = new_lua(s))) return input_error(ctx);
        lua_getglobal(*L, "hetflow");
        lua_getfield(*L, -1, "platform");
        lua_pushstring(*L, platform);
        if (lua_pcall(*L, 1, 1, 0) != LUA_OK) {
            fprintf(stderr, "hetflow: %s\n", lua_tostring(*L, -1));
            return EXIT_INPUT;
        }
        if (!(*p = hf_lua_toplatform(*L, -1))) {
            fprintf(stderr, "hetflow: '%s' is not a platform\n", platform);
            return EXIT_INPUT;
        }
    }
    if (hf_engine_start(ctx, cfg, NULL, xml ? platform : NULL) != HF_OK ||
        hf_engine_load_platform(ctx, (hf_platform *)*p) != HF_OK)
        return input_error(ctx);
    return 0;
}

int cmd_osu(int argc, char **argv, hf_ctx *ctx)
{
    const char *test_s = NULL, *platform = NULL, *from = NULL, *to = NULL, *csv = NULL;
    const char *mode_s = "auto", *sizes_s = NULL;
    const char *cfg[MAX_CFG + 1] = {NULL};
    size_t ncfg = 0;
    int force = 0, window = 64, iterations = 1, has_window = 0, has_iterations = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED()                                                                                     \
    do {                                                                                           \
        if (!v) return usage_error(osu_usage, "%s needs a value", a);                              \
        i++;                                                                                       \
    } while (0)
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(osu_usage, stdout);
            return 0;
        } else if (strcmp(a, "--platform") == 0) {
            NEED();
            platform = v;
        } else if (strcmp(a, "--from") == 0) {
            NEED();
            if (from) return usage_error(osu_usage, "%s given twice", a);
            from = v;
        } else if (strcmp(a, "--to") == 0) {
            NEED();
            if (to) return usage_error(osu_usage, "%s given twice", a);
            to = v;
        } else if (strcmp(a, "--mode") == 0) {
            NEED();
            mode_s = v;
        } else if (strcmp(a, "--sizes") == 0) {
            NEED();
            sizes_s = v;
        } else if (strcmp(a, "--window") == 0) {
            NEED();
            has_window = 1;
            if (pos_int(v, &window) != 0 || window > 1024)
                return usage_error(osu_usage, "--window %s: an integer in 1..1024 expected", v);
        } else if (strcmp(a, "--iterations") == 0) {
            NEED();
            has_iterations = 1;
            if (pos_int(v, &iterations) != 0)
                return usage_error(osu_usage, "--iterations %s: an integer in 1..1000000 expected",
                                   v);
        } else if (strcmp(a, "--csv") == 0) {
            NEED();
            csv = v;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
        } else if (strcmp(a, "--set") == 0) {
            NEED();
            int rc = cli_set_param(ctx, osu_usage, v);
            if (rc) return rc;
        } else if (strncmp(a, "--cfg=", 6) == 0) {
            if (ncfg == MAX_CFG) return usage_error(osu_usage, "more than 32 %s options", "--cfg");
            cfg[ncfg++] = a;
        } else if (a[0] == '-') {
            return usage_error(osu_usage, "unknown option '%s'", a);
        } else if (!test_s) {
            test_s = a;
        } else {
            return usage_error(osu_usage, "unexpected argument '%s'", a);
        }
#undef NEED
    }
    hf_osu_spec spec = {.window = window, .iterations = iterations};
    double sizes[MAX_SIZES];
    char err[256];
    if (!test_s) return usage_error(osu_usage, "%s", "no test given (bw, bibw or latency)");
    if (hf_osu_test_parse(test_s, &spec.test) != 0)
        return usage_error(osu_usage, "unknown test '%s' (bw, bibw or latency)", test_s);
    if (hf_xfer_mode_parse(mode_s, &spec.mode) != 0)
        return usage_error(osu_usage, "--mode %s: auto, gdr or bounce expected", mode_s);
    if (!platform) return usage_error(osu_usage, "%s", "no platform given (--platform P)");
    if (!from || !to) return usage_error(osu_usage, "%s", "--from and --to are required");
    if (has_window && spec.test == HF_OSU_LATENCY)
        return usage_error(osu_usage, "%s applies to bw and bibw", "--window");
    if (has_iterations && spec.test != HF_OSU_LATENCY)
        return usage_error(osu_usage, "%s applies to latency", "--iterations");
    if (csv && strcmp(csv, "-") == 0)
        return usage_error(osu_usage, "--csv %s: a file name expected (the table goes to "
                                      "standard output already)", csv);
    if (!sizes_s) sizes_s = spec.test == HF_OSU_LATENCY ? "0:4MiB" : "1:4MiB";
    if (cli_parse_sizes(sizes_s, sizes, &spec.nsizes, err, sizeof err) != 0)
        return usage_error(osu_usage, "--sizes: %s", err);
    spec.sizes = sizes;
    const char *inputs[] = {platform, NULL};
    if (csv && hf_outfile_check(ctx, "--csv", NULL, csv, force, inputs) != HF_OK)
        return input_error(ctx);

    int rc = 0;
    hf_session s = {.ctx = ctx, .scenario = platform, .quiet = 1};
    lua_State *L = NULL;
    hf_platform *own = NULL;
    const hf_platform *p = NULL;
    hf_osu_row rows[MAX_SIZES];
    size_t plen = strlen(platform);
    int xml = plen > 4 && strcmp(platform + plen - 4, ".xml") == 0;
    FILE *out = NULL;
    hf_outfile of = {.fd = -1};
    if ((rc = cli_load_platform(ctx, &s, platform, cfg, &L, &own, &p)) != 0) goto done;
    spec.src = hf_platform_find(p, from);
    spec.dst = hf_platform_find(p, to);
    if (spec.src < 0 || spec.dst < 0) {
        fprintf(stderr, "hetflow: %s '%s' is no resource of platform '%s' (hetflow platform %s "
                        "lists them)\n",
                spec.src < 0 ? "--from" : "--to", spec.src < 0 ? from : to, platform, platform);
        rc = EXIT_INPUT;
        goto done;
    }
    if (hf_osu_run(ctx, p, &spec, xml ? hf_sg_route : NULL, (void *)p, rows) != HF_OK) {
        rc = input_error(ctx);
        goto done;
    }
    int lat = spec.test == HF_OSU_LATENCY;
    printf("# hetflow osu %s: %s -> %s on %s, mode %s", hf_osu_test_name(spec.test), from, to,
           platform, mode_s);
    if (lat)
        printf(", %d iteration(s)\n", iterations);
    else
        printf(", window %d\n", window);
    printf("# %-12s %18s  %-7s %18s\n", "Size", lat ? "Latency (us)" : "Bandwidth (MB/s)", "path",
           lat ? "model (us)" : "model 1 msg (MB/s)");
    for (size_t k = 0; k < spec.nsizes; k++)
        printf("%-14.0f %18.2f  %-7s %18.2f\n", rows[k].size, rows[k].value,
               hf_path_kind_name(rows[k].kind), rows[k].model);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "hetflow: cannot write the table to standard output: %s\n",
                strerror(errno));
        rc = EXIT_INPUT;
        goto done;
    }
    if (csv) {
        if (!(out = cli_out_open(ctx, &of, csv, force))) {
            rc = input_error(ctx);
            goto done;
        }
        fprintf(out, "test,mode,size,path,value,model,unit\n");
        for (size_t k = 0; k < spec.nsizes; k++)
            fprintf(out, "%s,%s,%.0f,%s,%.9g,%.9g,%s\n", hf_osu_test_name(spec.test), mode_s,
                    rows[k].size, hf_path_kind_name(rows[k].kind), rows[k].value, rows[k].model,
                    lat ? "us" : "MB/s");
        hf_err err = cli_out_close(ctx, &of, out, csv);
        out = NULL;
        if (err != HF_OK) {
            rc = input_error(ctx);
            goto done;
        }
    }
done:
    if (out) fclose(out);
    hf_outfile_abort(&of);
    if (L) lua_close(L);
    hf_platform_free(own);
    return rc;
}
