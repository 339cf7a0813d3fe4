/* carbon.c: `hetflow carbon`, a carbon-intensity trace read and summarised (sim/platform/carbon.h,
 * docs/models/carbon.md): what a site's trace covers, its resolution and values, or an error
 * naming the file and line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "platform/carbon.h"

static const char *const carbon_usage =
    "usage: hetflow carbon TRACE.csv [--layout plain|electricitymaps|watttime] [--lifecycle]\n"
    "                      [--max-gap T] [--interpolation step|linear] [--between T0 T1]\n"
    "\n"
    "Reads a carbon-intensity trace (gCO2e/kWh over time) and prints what it covers, its\n"
    "resolution and its values, or an error naming the file and line (docs/models/carbon.md).\n"
    "\n"
    "  --layout L         plain (time,gCO2e/kWh; the default), electricitymaps (its CSV export:\n"
    "                     Datetime (UTC), Carbon Intensity gCO2eq/kWh (direct)), watttime\n"
    "                     (point_time, value in lbs/MWh, converted to g/kWh)\n"
    "  --lifecycle        electricitymaps: the life-cycle column instead of the direct one\n"
    "  --max-gap T        longest interval allowed between samples (default: 3 x the median)\n"
    "  --interpolation I  step (default) or linear, for --between\n"
    "  --between T0 T1    also print the mean intensity over [T0, T1] (dates as in the trace)\n";

/* "YYYY-MM-DD HH:MM:SS" (UTC) of t. */
static void iso(double t, char *buf, size_t n)
{
    time_t s = (time_t)floor(t);
    struct tm tm;
    if (!gmtime_r(&s, &tm) || strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm) == 0)
        snprintf(buf, n, "%.0f", t);
}

int cmd_carbon(int argc, char **argv, hf_ctx *ctx)
{
    const char *path = NULL, *between[2] = {NULL, NULL};
    hf_ctrace_layout layout = HF_CTRACE_PLAIN;
    hf_ctrace_interp interp = HF_CTRACE_STEP;
    int lifecycle = 0;
    double max_gap = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(carbon_usage, stdout);
            return 0;
        } else if (strcmp(a, "--lifecycle") == 0) {
            lifecycle = 1;
        } else if (strcmp(a, "--layout") == 0 || strcmp(a, "--max-gap") == 0 ||
                   strcmp(a, "--interpolation") == 0) {
            if (i + 1 >= argc) return usage_error(carbon_usage, "%s needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'l' && hf_ctrace_layout_parse(v, &layout) != 0)
                return usage_error(carbon_usage,
                                   "--layout %s: plain, electricitymaps or watttime expected", v);
            if (a[2] == 'i' && hf_ctrace_interp_parse(v, &interp) != 0)
                return usage_error(carbon_usage, "--interpolation %s: step or linear expected", v);
            if (a[2] == 'm' &&
                (hf_units_parse(v, HF_UNIT_TIME, &max_gap, NULL, 0) != 0 || !(max_gap >= 0)))
                return usage_error(carbon_usage, "--max-gap %s: a duration >= 0 expected", v);
        } else if (strcmp(a, "--between") == 0) {
            if (i + 2 >= argc) return usage_error(carbon_usage, "%s needs two times", a);
            between[0] = argv[++i];
            between[1] = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error(carbon_usage, "unknown option '%s'", a);
        } else if (!path) {
            path = a;
        } else {
            return usage_error(carbon_usage, "unexpected argument '%s'", a);
        }
    }
    if (!path) return usage_error(carbon_usage, "%s", "no trace given");
    if (lifecycle && layout != HF_CTRACE_ELECTRICITYMAPS)
        return usage_error(carbon_usage, "%s", "--lifecycle applies to --layout electricitymaps");
    double t0 = 0, t1 = 0;
    if (between[0] && (hf_ctrace_parse_time(between[0], &t0) != 0 ||
                       hf_ctrace_parse_time(between[1], &t1) != 0 || !(t0 < t1)))
        return usage_error(carbon_usage, "--between %s: two dates, the first earlier", between[0]);
    hf_ctrace tr;
    if (hf_ctrace_load(ctx, path, layout, lifecycle, max_gap, &tr) != HF_OK)
        return input_error(ctx);
    if (between[0] && (t0 < tr.t0 || t1 > hf_ctrace_time(&tr, tr.n - 1) + tr.step)) {
        char a[32], b[32];
        iso(tr.t0, a, sizeof a);
        iso(hf_ctrace_time(&tr, tr.n - 1) + tr.step, b, sizeof b);
        fprintf(stderr, "hetflow: --between %s %s: outside %s, which covers %s to %s UTC\n",
                between[0], between[1], path, a, b);
        hf_ctrace_destroy(&tr);
        return EXIT_INPUT;
    }
    tr.interp = interp;
    int rc = 0;
    double lo = tr.v[0], hi = tr.v[0], mean = 0;
    for (size_t i = 1; i < tr.n; i++) {
        if (tr.v[i] < lo) lo = tr.v[i];
        if (tr.v[i] > hi) hi = tr.v[i];
    }
    double cover = hf_ctrace_time(&tr, tr.n - 1) + tr.step - tr.t0;
    if (hf_ctrace_integral(ctx, &tr, 0, cover, &mean) != HF_OK) {
        rc = input_error(ctx);
        goto done;
    }
    mean /= cover;
    char a[32], b[32];
    iso(tr.t0, a, sizeof a);
    iso(hf_ctrace_time(&tr, tr.n - 1) + tr.step, b, sizeof b);
    printf("trace        %s (%s%s)\n", path, hf_ctrace_layout_name(layout),
           lifecycle ? ", life cycle" : "");
    printf("samples      %zu, every %g s (median interval)\n", tr.n, tr.step);
    printf("covers       %s to %s UTC (%g s)\n", a, b, cover);
    printf("gCO2e/kWh    min %.6g, mean %.6g (time-weighted, %s), max %.6g\n", lo, mean,
           interp == HF_CTRACE_STEP ? "step" : "linear", hi);
    if (between[0]) {
        double I;
        if (hf_ctrace_integral(ctx, &tr, t0 - tr.origin, t1 - tr.origin, &I) != HF_OK) {
            rc = input_error(ctx);
            goto done;
        }
        printf("between      %s and %s: mean %.6g gCO2e/kWh\n", between[0], between[1],
               I / (t1 - t0));
    }
done:
    hf_ctrace_destroy(&tr);
    return rc;
}
