/* carbon.h: carbon-intensity signals of the grid a site draws from (docs/models/carbon.md): a
 * trace of gCO2e/kWh over time read from CSV (hetflow's plain layout, Electricity Maps' and
 * WattTime's exports), looked up and integrated over simulated time. Pure: no SimGrid. */
#ifndef HF_CARBON_H
#define HF_CARBON_H

#include <stddef.h>
#include <stdint.h>

#include "hetflow/hf_ctx.h"

typedef enum hf_ctrace_layout {
    HF_CTRACE_PLAIN = 0,       /* two columns: time, gCO2e/kWh (an optional header line) */
    HF_CTRACE_ELECTRICITYMAPS, /* Electricity Maps' CSV: "Datetime (UTC)" and "Carbon
                                  Intensity gCO2eq/kWh (direct)" or "(LCA)" / "(Life cycle)"
                                  (either capitalisation), gCO2eq/kWh */
    HF_CTRACE_WATTTIME         /* WattTime's CSV: "point_time" and "value", a marginal rate in
                                  lbs CO2 per MWh (x 0.45359237 = g per kWh) */
} hf_ctrace_layout;

typedef enum hf_ctrace_interp {
    HF_CTRACE_STEP = 0, /* a sample holds until the next one */
    HF_CTRACE_LINEAR    /* linear between samples */
} hf_ctrace_interp;

/* A trace: n samples at strictly increasing times. It covers [t[0], t[n-1] + step): the last
 * sample holds for one step (the trace's resolution). */
typedef struct hf_ctrace {
    double *t;               /* s since 1970-01-01 00:00:00 UTC, strictly increasing (owned);
                                NULL for a regular trace, whose sample i is at t0 + i x step
                                (read times with hf_ctrace_time) */
    double t0;               /* the first sample's time */
    double *v;               /* gCO2e/kWh, >= 0 (owned) */
    size_t n;                /* >= 1 */
    double step;             /* s: the median interval between samples (one sample: 3600) */
    hf_ctrace_interp interp; /* how values between samples are read */
    double origin;           /* trace time (s since the epoch) at simulated time 0 */
    double forecast_error;   /* relative standard deviation of a forecast 24 h ahead, >= 0
                                (0: forecasts are the trace itself) */
    uint64_t forecast_seed;  /* draws of the forecast errors (the run's seed) */
    struct hf_ctrace *forecast; /* what was forecast for each time (a forecast trace, its origin
                                   the same as this one's; owned), or NULL */
} hf_ctrace;

/* Names as scenarios spell them: "plain", "electricitymaps", "watttime"; "step", "linear".
 * Parsers return 0, or -1 for any other text. */
const char *hf_ctrace_layout_name(hf_ctrace_layout l);
int hf_ctrace_layout_parse(const char *s, hf_ctrace_layout *out);
int hf_ctrace_interp_parse(const char *s, hf_ctrace_interp *out);

/* A time as CSV files write it, into s since the epoch (UTC): "YYYY-MM-DD HH:MM[:SS[.f]]" with
 * a space or 'T', then nothing, "Z", or an offset "+HH:MM" / "-HH:MM" (subtracted to reach
 * UTC); or a number (s since the epoch). Leading and trailing blanks are allowed. 0, or -1 for
 * any other text or a field out of range (month 13, 31 April, hour 24, ...). */
int hf_ctrace_parse_time(const char *s, double *out);

/* Read the trace in path (layout; for Electricity Maps, lifecycle = 1 reads the life-cycle
 * column, 0 the direct one). max_gap: the longest interval allowed between two samples, s;
 * 0: three times the median interval. origin is set to the first sample's time, interp to
 * step. HF_EINPUT with "PATH:LINE: ..." for: a line that is not CSV the layout reads (too few
 * columns, an unterminated quote), a time that does not parse, a value that is not a finite
 * number >= 0, a time not after the previous one (unsorted or repeated), an interval longer
 * than max_gap (a gap), no samples; "PATH:1: ..." for a header without the layout's column;
 * HF_EIO when the file cannot be read. O(n log n) (the median). A regular trace (every interval
 * the same) keeps no times: 8 bytes a sample (a year of 5-minute data: 841 KB). */
hf_err hf_ctrace_load(hf_ctx *ctx, const char *path, hf_ctrace_layout layout, int lifecycle,
                      double max_gap, hf_ctrace *out);

/* A trace of one constant value (covers all time). HF_EINPUT for a value not finite or < 0,
 * HF_ENOMEM. */
hf_err hf_ctrace_constant(hf_ctx *ctx, double gco2_per_kwh, hf_ctrace *out);

/* Sample i's time (s since the epoch). O(1). */
double hf_ctrace_time(const hf_ctrace *tr, size_t i);

/* Free the samples (the struct is the caller's). NULL accepted. */
void hf_ctrace_destroy(hf_ctrace *tr);

/* 1 when simulated times [t0, t1] lie within what tr covers (a constant covers all). */
int hf_ctrace_covers(const hf_ctrace *tr, double t0, double t1);

/* The simulated time up to which tr covers (its last sample's time plus one interval, less the
 * origin); INFINITY for a constant. O(1). */
double hf_ctrace_end(const hf_ctrace *tr);

/* gCO2e/kWh at simulated time t (trace time origin + t), which tr must cover. O(log n). */
double hf_ctrace_at(const hf_ctrace *tr, double t);

/* The intensity at simulated time t as forecast at simulated time now (docs/models/carbon.md
 * #forecasts): the trace itself for t <= now (the past is known); ahead, the forecast trace's
 * value where it has one and covers t, else the trace times
 * (1 + e sqrt(h / 24 h) z), h = t - now, e = forecast_error, z a standard normal drawn from the
 * seed, the sample of t and the sample of now (the same query gives the same forecast), at least
 * 0. t must be covered. O(log n). */
double hf_ctrace_forecast(const hf_ctrace *tr, double now, double t);

/* The integral of the intensity over simulated [t0, t1] (t0 <= t1), in gCO2e/kWh x s: energy
 * E joules drawn evenly over [t0, t1] emits E / 3.6e6 x integral / (t1 - t0) grams. HF_EINPUT
 * naming the times when tr does not cover them. O(log n + samples inside). */
hf_err hf_ctrace_integral(hf_ctx *ctx, const hf_ctrace *tr, double t0, double t1, double *out);

#endif
