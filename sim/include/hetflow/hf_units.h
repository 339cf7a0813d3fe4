/* hf_units.h: SimGrid-style quantity strings ("2Gf", "24GBps", "1us", "300W") to SI doubles. */
#ifndef HF_UNITS_H
#define HF_UNITS_H

#include <stddef.h>

typedef enum hf_unit_kind {
    HF_UNIT_FLOP,      /* amount of computation, flop: "10Gf", "3.5Tflop" */
    HF_UNIT_SPEED,     /* flop/s: "2Gf", "19.5Tf", "1Gflops" */
    HF_UNIT_BYTES,     /* bytes: "1MB" (1e6), "1MiB" (2^20), "8Mb" (bits, 1e6 B) */
    HF_UNIT_BANDWIDTH, /* bytes/s: "24GBps", "10Gbps" (bits/s), "1GiBps" */
    HF_UNIT_TIME,      /* seconds: "1us", "5ms", "2h" */
    HF_UNIT_POWER,     /* watts: "300W", "1.5kW" */
    HF_UNIT_ENERGY,    /* joules: "5kJ", "2Wh" */
    HF_UNIT_COUNT_     /* number of kinds (not a kind) */
} hf_unit_kind;

/* Parse s as a quantity of the given kind. A plain number ("1e9", "42") is taken as SI.
 * Accepts an optional space between number and unit. Rejects NaN, infinities, empty strings,
 * trailing garbage and units of another kind. Returns 0 and stores the SI value in *out, or
 * returns -1 and writes a one-line reason into err (e.g. "unknown unit 'Gz' for a speed
 * (expected f, kf, Mf, Gf, Tf, Pf, ...)"). Sign is not checked here: callers check ranges. */
int hf_units_parse(const char *s, hf_unit_kind kind, double *out, char *err, size_t errlen);

/* The range of magnitudes hetflow represents for a quantity of kind (SI): 0, or |v| from
 * HF_UNITS_MIN to HF_UNITS_MAX of docs/units.md#ranges. Below the minimum a value is subnormal
 * or too small to differ from 0 in a simulation (SimGrid's own parser aborts on subnormals);
 * above the maximum sizes wrap in 64-bit byte counts and products such as energy overflow.
 * Returns 0 when v is finite and in range, else -1 with a one-line reason in err
 * ("1e-320 flop/s is out of range for a speed (0, or 1e-06 to 1e+24 flop/s)"). The sign is not
 * checked: callers reject negative values where they make no sense. */
int hf_units_check(double v, hf_unit_kind kind, char *err, size_t errlen);

/* The smallest nonzero and the largest magnitude of kind (SI), as hf_units_check uses them. */
double hf_units_min(hf_unit_kind kind);
double hf_units_max(hf_unit_kind kind);

/* A short name of the kind for messages: "speed", "bandwidth", ... */
const char *hf_units_kind_name(hf_unit_kind kind);

/* Write v in a human-readable form with an SI prefix and the kind's unit ("1.5 GB/s").
 * Always NUL-terminates buf. */
void hf_units_format(double v, hf_unit_kind kind, char *buf, size_t len);

/* Write a size in bytes in the unit it is a whole multiple of, so that the text is the exact
 * value: binary prefixes for multiples of powers of 1024 ("256 GiB" for 256GiB, "1.5 GiB"),
 * decimal ones otherwise ("40 GB"), whichever needs fewer digits (at most 3 decimals; decimal on
 * a tie: "1 kB", "1 KiB"). A size neither form gives exactly is rounded as hf_units_format does,
 * followed by its byte count: "1 GB (1000000001 B)". Always NUL-terminates buf. */
void hf_units_format_size(double v, char *buf, size_t len);

#endif
