/* test_units.c: hf_units_parse/format against hand-computed SI values and exact error messages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hetflow/hf_units.h"

/* One accepted input and its SI value, worked out by hand in the comment of each row. */
typedef struct ok_case {
    const char *s;
    hf_unit_kind kind;
    double want;
} ok_case;

/* One rejected input and a fragment its message must contain. */
typedef struct bad_case {
    const char *s;
    hf_unit_kind kind;
    const char *frag;
} bad_case;

/* Relative comparison, never absolute: 1ps = 1e-12 must not pass as 0. */
static int same(double got, double want)
{
    if (want == 0.0) return got == 0.0;
    return fabs(got - want) <= 1e-12 * fabs(want);
}

static void expect_ok(const char *s, hf_unit_kind kind, double want)
{
    double v = -12345.0;
    char err[256] = "unset";
    int rc = hf_units_parse(s, kind, &v, err, sizeof err);
    CHECK(rc == 0);
    CHECK(same(v, want));
    CHECK(err[0] == '\0'); /* success clears err */
    if (rc != 0 || !same(v, want))
        fprintf(stderr, "  input '%s' as %s: rc %d, got %.17g, want %.17g, err '%s'\n", s,
                hf_units_kind_name(kind), rc, v, want, err);
}

static void expect_bad(const char *s, hf_unit_kind kind, const char *frag)
{
    double v = -12345.0;
    char err[512] = "";
    int rc = hf_units_parse(s, kind, &v, err, sizeof err);
    CHECK(rc == -1);
    CHECK(v == -12345.0); /* *out untouched on failure */
    CHECK(strchr(err, '\n') == NULL);
    CHECK_STR_CONTAINS(err, frag);
    if (rc != -1) fprintf(stderr, "  input '%s' as %s was accepted\n", s, hf_units_kind_name(kind));
}

static const ok_case FLOPS[] = {
    /* short forms, decimal prefixes k=1e3 ... Y=1e24 */
    {"1f", HF_UNIT_SPEED, 1.0},
    {"3kf", HF_UNIT_SPEED, 3e3},
    {"2Mf", HF_UNIT_SPEED, 2e6},
    {"2Gf", HF_UNIT_SPEED, 2e9},
    {"19.5Tf", HF_UNIT_SPEED, 1.95e13}, /* 19.5 * 1e12 */
    {"3Pf", HF_UNIT_SPEED, 3e15},
    {"5Ef", HF_UNIT_SPEED, 5e18}, /* "E" here is exa, not an exponent */
    {"1Zf", HF_UNIT_SPEED, 1e21},
    {"1Yf", HF_UNIT_SPEED, 1e24},
    /* long forms */
    {"7flops", HF_UNIT_SPEED, 7.0},
    {"1kflops", HF_UNIT_SPEED, 1e3},
    {"4Mflops", HF_UNIT_SPEED, 4e6},
    {"1Gflops", HF_UNIT_SPEED, 1e9},
    {"2Tflops", HF_UNIT_SPEED, 2e12},
    {"1Pflops", HF_UNIT_SPEED, 1e15},
    {"1Eflops", HF_UNIT_SPEED, 1e18},
    {"1Zflops", HF_UNIT_SPEED, 1e21},
    {"1Yflops", HF_UNIT_SPEED, 1e24},
    {"3flop", HF_UNIT_SPEED, 3.0},
    {"2Gflop", HF_UNIT_SPEED, 2e9},
    /* amounts take the same spellings */
    {"10Gf", HF_UNIT_FLOP, 1e10},       /* 10 * 1e9 */
    {"3.5Tflop", HF_UNIT_FLOP, 3.5e12}, /* 3.5 * 1e12 */
    {"2kflop", HF_UNIT_FLOP, 2e3},
    {"1Mflops", HF_UNIT_FLOP, 1e6},
    {"1Pf", HF_UNIT_FLOP, 1e15},
    {"1Yflop", HF_UNIT_FLOP, 1e24},
    {"2e3kf", HF_UNIT_FLOP, 2e6}, /* 2e3 * 1e3 */
};

static const ok_case BYTES[] = {
    {"1B", HF_UNIT_BYTES, 1.0},
    {"1kB", HF_UNIT_BYTES, 1e3},
    {"1KB", HF_UNIT_BYTES, 1e3}, /* KB accepted as the SI kilobyte too */
    {"1MB", HF_UNIT_BYTES, 1e6},
    {"2.5GB", HF_UNIT_BYTES, 2.5e9},
    {"1TB", HF_UNIT_BYTES, 1e12},
    {"1PB", HF_UNIT_BYTES, 1e15},
    {"1EB", HF_UNIT_BYTES, 1e18},
    {"1KiB", HF_UNIT_BYTES, 1024.0},                /* 2^10 */
    {"1MiB", HF_UNIT_BYTES, 1048576.0},             /* 2^20 */
    {"3GiB", HF_UNIT_BYTES, 3221225472.0},          /* 3 * 2^30 = 3 * 1073741824 */
    {"1TiB", HF_UNIT_BYTES, 1099511627776.0},       /* 2^40 */
    {"1PiB", HF_UNIT_BYTES, 1125899906842624.0},    /* 2^50 */
    {"1EiB", HF_UNIT_BYTES, 1152921504606846976.0}, /* 2^60 */
    /* bits: divide by 8 */
    {"8b", HF_UNIT_BYTES, 1.0},
    {"1b", HF_UNIT_BYTES, 0.125},
    {"8kb", HF_UNIT_BYTES, 1e3},             /* 8e3 / 8 */
    {"8Mb", HF_UNIT_BYTES, 1e6},             /* 8e6 / 8 */
    {"4Gb", HF_UNIT_BYTES, 5e8},             /* 4e9 / 8 */
    {"1Tb", HF_UNIT_BYTES, 1.25e11},         /* 1e12 / 8 */
    {"8Kib", HF_UNIT_BYTES, 1024.0},         /* 8 * 2^10 / 8 */
    {"1Mib", HF_UNIT_BYTES, 131072.0},       /* 2^20 / 8 = 2^17 */
    {"8Gib", HF_UNIT_BYTES, 1073741824.0},   /* 8 * 2^30 / 8 */
    {"1Tib", HF_UNIT_BYTES, 137438953472.0}, /* 2^40 / 8 = 2^37 */
};

static const ok_case BANDWIDTHS[] = {
    {"100Bps", HF_UNIT_BANDWIDTH, 100.0},
    {"1kBps", HF_UNIT_BANDWIDTH, 1e3},
    {"1KBps", HF_UNIT_BANDWIDTH, 1e3},
    {"125MBps", HF_UNIT_BANDWIDTH, 1.25e8},
    {"24GBps", HF_UNIT_BANDWIDTH, 2.4e10}, /* 24 * 1e9 */
    {"1TBps", HF_UNIT_BANDWIDTH, 1e12},
    {"1PBps", HF_UNIT_BANDWIDTH, 1e15},
    {"1EBps", HF_UNIT_BANDWIDTH, 1e18},
    {"1KiBps", HF_UNIT_BANDWIDTH, 1024.0},
    {"1MiBps", HF_UNIT_BANDWIDTH, 1048576.0},
    {"1GiBps", HF_UNIT_BANDWIDTH, 1073741824.0},
    {"2TiBps", HF_UNIT_BANDWIDTH, 2199023255552.0}, /* 2 * 2^40 */
    {"1PiBps", HF_UNIT_BANDWIDTH, 1125899906842624.0},
    {"1EiBps", HF_UNIT_BANDWIDTH, 1152921504606846976.0},
    /* bits per second: divide by 8 */
    {"8bps", HF_UNIT_BANDWIDTH, 1.0},
    {"1bps", HF_UNIT_BANDWIDTH, 0.125},
    {"64kbps", HF_UNIT_BANDWIDTH, 8e3},         /* 64e3 / 8 */
    {"100Mbps", HF_UNIT_BANDWIDTH, 1.25e7},     /* 100e6 / 8 */
    {"10Gbps", HF_UNIT_BANDWIDTH, 1.25e9},      /* 10e9 / 8 */
    {"400Gbps", HF_UNIT_BANDWIDTH, 5e10},       /* 400e9 / 8 */
    {"1Tbps", HF_UNIT_BANDWIDTH, 1.25e11},      /* 1e12 / 8 */
    {"8Kibps", HF_UNIT_BANDWIDTH, 1024.0},      /* 8 * 1024 / 8 */
    {"8Mibps", HF_UNIT_BANDWIDTH, 1048576.0},   /* 8 * 2^20 / 8 */
    {"1Gibps", HF_UNIT_BANDWIDTH, 134217728.0}, /* 2^30 / 8 = 2^27 */
    {"8Tibps", HF_UNIT_BANDWIDTH, 1099511627776.0},
};

static const ok_case OTHERS[] = {
    /* time */
    {"1ps", HF_UNIT_TIME, 1e-12},
    {"3ns", HF_UNIT_TIME, 3e-9},
    {"1us", HF_UNIT_TIME, 1e-6},
    {"5ms", HF_UNIT_TIME, 5e-3},
    {"2s", HF_UNIT_TIME, 2.0},
    {"1m", HF_UNIT_TIME, 60.0},      /* m is a minute, not milli */
    {"1.5m", HF_UNIT_TIME, 90.0},    /* 1.5 * 60 */
    {"2h", HF_UNIT_TIME, 7200.0},    /* 2 * 3600 */
    {"1d", HF_UNIT_TIME, 86400.0},   /* 24 * 3600 */
    {"2w", HF_UNIT_TIME, 1209600.0}, /* 2 * 7 * 86400 */
    /* power */
    {"250mW", HF_UNIT_POWER, 0.25},
    {"300W", HF_UNIT_POWER, 300.0},
    {"1.5kW", HF_UNIT_POWER, 1500.0},
    {"2MW", HF_UNIT_POWER, 2e6},
    {"1GW", HF_UNIT_POWER, 1e9},
    /* energy */
    {"10J", HF_UNIT_ENERGY, 10.0},
    {"5kJ", HF_UNIT_ENERGY, 5e3},
    {"2MJ", HF_UNIT_ENERGY, 2e6},
    {"1GJ", HF_UNIT_ENERGY, 1e9},
    {"2Wh", HF_UNIT_ENERGY, 7200.0},   /* 2 * 3600 J */
    {"1kWh", HF_UNIT_ENERGY, 3.6e6},   /* 1e3 * 3600 */
    {"1.5MWh", HF_UNIT_ENERGY, 5.4e9}, /* 1.5e6 * 3600 */
    /* plain numbers are SI, for every kind */
    {"42", HF_UNIT_FLOP, 42.0},
    {"1e9", HF_UNIT_SPEED, 1e9},
    {"2.5", HF_UNIT_BYTES, 2.5},
    {"1E3", HF_UNIT_BANDWIDTH, 1e3},
    {".5", HF_UNIT_TIME, 0.5},
    {"7.", HF_UNIT_POWER, 7.0},
    {"1e-3", HF_UNIT_ENERGY, 1e-3},
    {"0", HF_UNIT_TIME, 0.0},
    /* signs: negatives parse, callers check ranges */
    {"-3", HF_UNIT_TIME, -3.0},
    {"+7", HF_UNIT_TIME, 7.0},
    {"-2Gf", HF_UNIT_SPEED, -2e9},
    {"-1.5kW", HF_UNIT_POWER, -1500.0},
    {"1e-3s", HF_UNIT_TIME, 1e-3},
    {"2.5e-1ms", HF_UNIT_TIME, 2.5e-4}, /* 0.25 * 1e-3 */
    /* spaces between number and unit, and around the whole */
    {"5 Gf", HF_UNIT_SPEED, 5e9},
    {"5   GBps", HF_UNIT_BANDWIDTH, 5e9},
    {"5\tms", HF_UNIT_TIME, 5e-3},
    {"  5Gf", HF_UNIT_SPEED, 5e9},
    {"5Gf  ", HF_UNIT_SPEED, 5e9},
    {" 1.5 kJ ", HF_UNIT_ENERGY, 1500.0},
};

static const bad_case BAD[] = {
    {"", HF_UNIT_SPEED, "empty value for a speed"},
    {"   ", HF_UNIT_TIME, "empty value for a time"},
    {"nan", HF_UNIT_SPEED, "'nan' is not a finite number"},
    {"NaN", HF_UNIT_BYTES, "'NaN' is not a finite number"},
    {"inf", HF_UNIT_TIME, "'inf' is not a finite number"},
    {"-inf", HF_UNIT_TIME, "'-inf' is not a finite number"},
    {"infinity", HF_UNIT_POWER, "not a finite number"},
    {"1e999", HF_UNIT_TIME, "'1e999' is out of range"},
    {"1e300Yf", HF_UNIT_SPEED, "'1e300Yf' is out of range"}, /* 1e300 * 1e24 overflows */
    /* Outside the representable ranges (docs/units.md#ranges): subnormals, underflow to 0,
     * sizes of 2^64 B and more, finite values whose products would overflow. */
    {"1e-320f", HF_UNIT_SPEED,
     "'1e-320f' is out of range for a speed (0, or 1e-06 to 1e+24 flop/s)"},
    {"1e-400", HF_UNIT_TIME, "'1e-400' is out of range for a time (0, or 1e-12 to 1e+12 s)"},
    {"1e-13s", HF_UNIT_TIME, "'1e-13s' is out of range for a time"},
    {"19EB", HF_UNIT_BYTES, "'19EB' is out of range for a size (0, or 1e-09 to 2^60 B)"},
    {"2EiBps", HF_UNIT_BANDWIDTH, "'2EiBps' is out of range for a bandwidth"},
    {"2Yf", HF_UNIT_SPEED, "'2Yf' is out of range for a speed"},
    {"1e31", HF_UNIT_FLOP, "'1e31' is out of range for a flop amount"},
    {"2GW", HF_UNIT_POWER, "'2GW' is out of range for a power (0, or 1e-06 to 1e+09 W)"},
    {"1e308", HF_UNIT_POWER, "'1e308' is out of range for a power"},
    {"1e19J", HF_UNIT_ENERGY, "'1e19J' is out of range for an energy"},
    {"-19EB", HF_UNIT_BYTES, "'-19EB' is out of range for a size"},
    {"0x10", HF_UNIT_BYTES, "'0x10' is not a decimal number"},
    {"5Gf x", HF_UNIT_SPEED, "unexpected 'x' after the unit in '5Gf x'"},
    {"5 Gf Gf", HF_UNIT_SPEED, "unexpected 'Gf' after the unit"},
    {"5Gf/s", HF_UNIT_SPEED, "unexpected '/s' after the unit"},
    /* messages stay on one line: control characters in the input are escaped */
    {"5Gf\nx", HF_UNIT_SPEED, "unexpected 'x' after the unit in '5Gf\\nx'"},
    {"5\x01", HF_UNIT_TIME, "unexpected '\\x01' after the number in '5\\x01'"},
    {"\tGf", HF_UNIT_SPEED, "expected a number at the start of '\\tGf'"},
    {"5 %", HF_UNIT_TIME, "unexpected '%' after the number in '5 %'"},
    {"1,5GB", HF_UNIT_BYTES, "unexpected ',5GB' after the number"},
    {"Gf", HF_UNIT_SPEED, "expected a number at the start of 'Gf' for a speed"},
    {"-Gf", HF_UNIT_SPEED, "expected a number at the start of '-Gf'"},
    {".", HF_UNIT_TIME, "expected a number at the start of '.'"},
    {"--5", HF_UNIT_TIME, "expected a number"},
    {"1e", HF_UNIT_SPEED, "unknown unit 'e' for a speed"},
    /* units of another kind: the message names the wanted kind, lists its units, then says
     * what the unit is */
    {"24GBps", HF_UNIT_SPEED,
     "unknown unit 'GBps' for a speed (expected f, kf, Mf, Gf, Tf, Pf, Ef, Zf, Yf or flops forms"},
    {"24GBps", HF_UNIT_SPEED, "'GBps' is a bandwidth unit)"},
    {"5GB", HF_UNIT_SPEED, "'GB' is a size unit"},
    {"5Gf", HF_UNIT_BYTES, "'Gf' is a flop amount or speed unit"},
    {"5Gf", HF_UNIT_BANDWIDTH, "unknown unit 'Gf' for a bandwidth (expected Bps, kBps"},
    {"5GB", HF_UNIT_BANDWIDTH, "'GB' is a size unit"},
    {"5GBps", HF_UNIT_BYTES, "unknown unit 'GBps' for a size (expected B, kB or KB, MB"},
    {"5Wh", HF_UNIT_POWER,
     "unknown unit 'Wh' for a power (expected mW, W, kW, MW or GW; 'Wh' "
     "is an energy unit)"},
    {"5m", HF_UNIT_POWER, "'m' is a time unit"},
    {"5W", HF_UNIT_ENERGY,
     "unknown unit 'W' for an energy (expected J, kJ, MJ, GJ, Wh, kWh or "
     "MWh; 'W' is a power unit)"},
    {"5s", HF_UNIT_FLOP, "unknown unit 's' for a flop amount (expected f, kf"},
    {"5Gz", HF_UNIT_SPEED, "unknown unit 'Gz' for a speed (expected f, kf, Mf, Gf, Tf, Pf, Ef"},
    {"3x", HF_UNIT_TIME, "unknown unit 'x' for a time (expected ps, ns, us, ms, s, m (minute)"},
    /* case-sensitive, as SimGrid: a unique case-insensitive match is suggested */
    {"5gf", HF_UNIT_SPEED, "unknown unit 'gf' for a speed"},
    {"5gf", HF_UNIT_SPEED, "did you mean 'Gf'? units are case-sensitive"},
    {"5Kf", HF_UNIT_SPEED, "did you mean 'kf'?"},
    {"5GFLOPS", HF_UNIT_SPEED, "did you mean 'Gflops'?"},
    {"5S", HF_UNIT_TIME, "did you mean 's'?"},
    {"5kj", HF_UNIT_ENERGY, "did you mean 'kJ'?"},
    {"5mw", HF_UNIT_POWER, "(expected mW, W, kW, MW or GW)"}, /* mW or MW: no suggestion */
    {"5gb", HF_UNIT_BYTES, "unknown unit 'gb' for a size (expected B"}, /* GB or Gb */
    {"5Kb", HF_UNIT_BYTES, "unknown unit 'Kb' for a size"},             /* bits: only kb */
    {"5Kbps", HF_UNIT_BANDWIDTH, "unknown unit 'Kbps' for a bandwidth"},
    {"5Pb", HF_UNIT_BYTES, "unknown unit 'Pb' for a size"}, /* bits stop at Tb */
    {"5Pibps", HF_UNIT_BANDWIDTH, "unknown unit 'Pibps'"},  /* and at Tib */
    /* no bits/bytes "correction": Pibps is not a miscased PiBps, kib not KiB */
    {"5Pibps", HF_UNIT_BANDWIDTH, "Kibps to Tibps)"},
    {"5kib", HF_UNIT_BYTES, "Kib to Tib)"},
    {"5GBPS", HF_UNIT_BANDWIDTH, "Kibps to Tibps)"},
    {"5MS", HF_UNIT_TIME, "did you mean 'ms'?"},
    {"5mwh", HF_UNIT_ENERGY, "unknown unit 'mwh' for an energy"}, /* mWh is not a unit */
};

static void test_accepted(void)
{
    const ok_case *tables[] = {FLOPS, BYTES, BANDWIDTHS, OTHERS};
    size_t sizes[] = {sizeof FLOPS / sizeof *FLOPS, sizeof BYTES / sizeof *BYTES,
                      sizeof BANDWIDTHS / sizeof *BANDWIDTHS, sizeof OTHERS / sizeof *OTHERS};
    for (size_t t = 0; t < 4; t++)
        for (size_t i = 0; i < sizes[t]; i++)
            expect_ok(tables[t][i].s, tables[t][i].kind, tables[t][i].want);

    /* Every speed spelling is also a flop amount, with the same value. */
    for (size_t i = 0; i < sizeof FLOPS / sizeof *FLOPS; i++)
        expect_ok(FLOPS[i].s, HF_UNIT_FLOP, FLOPS[i].want);
    /* Every size spelling + "ps" is a bandwidth, with the same value. */
    for (size_t i = 0; i < sizeof BYTES / sizeof *BYTES; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%sps", BYTES[i].s);
        expect_ok(buf, HF_UNIT_BANDWIDTH, BYTES[i].want);
    }

    /* Exact values where the arithmetic is exact in binary floating point. */
    double v = 0;
    CHECK(hf_units_parse("10Gbps", HF_UNIT_BANDWIDTH, &v, NULL, 0) == 0 && v == 1.25e9);
    CHECK(hf_units_parse("1GiB", HF_UNIT_BYTES, &v, NULL, 0) == 0 && v == 1073741824.0);
    CHECK(hf_units_parse("2h", HF_UNIT_TIME, &v, NULL, 0) == 0 && v == 7200.0);
    /* The ends of the representable ranges (docs/units.md#ranges) are accepted. */
    CHECK(hf_units_parse("1EiB", HF_UNIT_BYTES, &v, NULL, 0) == 0 && v == 0x1p60);
    CHECK(hf_units_parse("1ps", HF_UNIT_TIME, &v, NULL, 0) == 0 && v == 1e-12);
    CHECK(hf_units_parse("1Yf", HF_UNIT_SPEED, &v, NULL, 0) == 0 && v == 1e24);
    CHECK(hf_units_parse("0", HF_UNIT_SPEED, &v, NULL, 0) == 0 && v == 0);
    CHECK(hf_units_parse("-1Gf", HF_UNIT_SPEED, &v, NULL, 0) == 0 && v == -1e9);
    /* out may be NULL: validation only. */
    CHECK(hf_units_parse("2Gf", HF_UNIT_SPEED, NULL, NULL, 0) == 0);
}

/* hf_units_check: the ranges of docs/units.md#ranges, on numbers that never were strings (a Lua
 * number, a WfFormat size): 0 and both ends pass; just outside, subnormals, inf and NaN fail. */
static void test_ranges(void)
{
    char err[256];
    CHECK(hf_units_check(0.0, HF_UNIT_SPEED, err, sizeof err) == 0 && err[0] == '\0');
    CHECK(hf_units_check(0x1p60, HF_UNIT_BYTES, err, sizeof err) == 0);
    CHECK(hf_units_check(1e-9, HF_UNIT_BYTES, err, sizeof err) == 0);
    CHECK(hf_units_check(-5.0, HF_UNIT_TIME, err, sizeof err) == 0); /* sign: the caller's */
    CHECK(hf_units_check(0x1p64, HF_UNIT_BYTES, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "1.84467e+19 B is out of range for a size (0, or 1e-09 to 2^60 B)");
    CHECK(hf_units_check(1e-320, HF_UNIT_SPEED, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "is out of range for a speed (0, or 1e-06 to 1e+24 flop/s)");
    CHECK(hf_units_check(1e308, HF_UNIT_POWER, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "1e+308 W is out of range for a power (0, or 1e-06 to 1e+09 W)");
    CHECK(hf_units_check(1e9 * (1 + 1e-15), HF_UNIT_POWER, err, sizeof err) == -1);
    CHECK(hf_units_check(1e30, HF_UNIT_FLOP, err, sizeof err) == 0);
    CHECK(hf_units_check(1e12 * 1e24, HF_UNIT_FLOP, err, sizeof err) == -1);
    CHECK(hf_units_check(HUGE_VAL, HF_UNIT_TIME, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "inf s is out of range for a time");
    CHECK(hf_units_check(NAN, HF_UNIT_TIME, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "NaN is not a time");
    CHECK(hf_units_check(1.0, HF_UNIT_COUNT_, err, sizeof err) == -1);
    CHECK(hf_units_min(HF_UNIT_TIME) == 1e-12 && hf_units_max(HF_UNIT_TIME) == 1e12);
    CHECK(hf_units_max(HF_UNIT_BYTES) == 1152921504606846976.0);
}

static void test_rejected(void)
{
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++)
        expect_bad(BAD[i].s, BAD[i].kind, BAD[i].frag);

    /* NULL input, in every kind's wording. */
    expect_bad(NULL, HF_UNIT_SPEED, "missing value for a speed");
    expect_bad(NULL, HF_UNIT_ENERGY, "missing value for an energy");
    /* An invalid kind is an error, not a crash. */
    expect_bad("5", (hf_unit_kind)99, "invalid unit kind 99");
    expect_bad("5", HF_UNIT_COUNT_, "invalid unit kind");

    /* err may be NULL or empty; a short err is cut and NUL-terminated. */
    double v = 0;
    CHECK(hf_units_parse("5Gz", HF_UNIT_SPEED, &v, NULL, 0) == -1);
    char one = 'x';
    CHECK(hf_units_parse("5Gz", HF_UNIT_SPEED, &v, &one, 0) == -1 && one == 'x');
    CHECK(hf_units_parse("5Gz", HF_UNIT_SPEED, &v, &one, 1) == -1 && one == '\0');
    char small[8];
    memset(small, 'x', sizeof small);
    CHECK(hf_units_parse("5Gz", HF_UNIT_SPEED, &v, small, sizeof small) == -1);
    CHECK(strlen(small) == 7 && strcmp(small, "unknown") == 0);
}

/* Very long inputs: parsed or rejected without reading past the end, messages stay short. */
static void test_long_strings(void)
{
    enum { N = 200000 };
    char *s = malloc(N + 8);
    char err[256];
    double v = 0;
    CHECK(s != NULL);
    if (!s) return;

    /* 199999 zeros then "1": strtod handles any length; the value is 1 Gflop/s = 1e9. */
    memset(s, '0', N);
    strcpy(s + N - 1, "1Gf");
    CHECK(hf_units_parse(s, HF_UNIT_SPEED, &v, err, sizeof err) == 0 && v == 1e9);

    /* "1" then 200000 zeros: 1e200000 is out of range; the quoted input is cut with "...". */
    s[0] = '1';
    memset(s + 1, '0', N);
    s[N + 1] = '\0';
    CHECK(hf_units_parse(s, HF_UNIT_SPEED, &v, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "...' is out of range");
    CHECK(strlen(err) < 80);

    /* "5" then a 200000-letter unit. */
    s[0] = '5';
    memset(s + 1, 'G', N);
    s[N + 1] = '\0';
    CHECK(hf_units_parse(s, HF_UNIT_SPEED, &v, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "unknown unit 'GGGG");
    CHECK_STR_CONTAINS(err, "...' for a speed");

    /* Only whitespace: empty. */
    memset(s, ' ', N);
    s[N] = '\0';
    CHECK(hf_units_parse(s, HF_UNIT_TIME, &v, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "empty value for a time");

    /* A number, a unit, then 200000 spaces: accepted. */
    memcpy(s, "3ms", 3);
    CHECK(hf_units_parse(s, HF_UNIT_TIME, &v, err, sizeof err) == 0 && same(v, 3e-3));

    /* ... and then garbage at the very end. */
    s[N - 1] = 'z';
    CHECK(hf_units_parse(s, HF_UNIT_TIME, &v, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, "unexpected 'z' after the unit");
    free(s);
}

static void test_kind_names(void)
{
    CHECK(strcmp(hf_units_kind_name(HF_UNIT_FLOP), "flop amount") == 0);
    CHECK(strcmp(hf_units_kind_name(HF_UNIT_SPEED), "speed") == 0);
    CHECK(strcmp(hf_units_kind_name(HF_UNIT_BYTES), "size") == 0);
    CHECK(strcmp(hf_units_kind_name(HF_UNIT_BANDWIDTH), "bandwidth") == 0);
    CHECK(strcmp(hf_units_kind_name(HF_UNIT_TIME), "time") == 0);
    CHECK(strcmp(hf_units_kind_name(HF_UNIT_POWER), "power") == 0);
    CHECK(strcmp(hf_units_kind_name(HF_UNIT_ENERGY), "energy") == 0);
    CHECK(strcmp(hf_units_kind_name(HF_UNIT_COUNT_), "unknown kind") == 0);
}

static void expect_format(double v, hf_unit_kind kind, const char *want)
{
    char buf[64];
    memset(buf, 'x', sizeof buf);
    hf_units_format(v, kind, buf, sizeof buf);
    CHECK(strcmp(buf, want) == 0);
    if (strcmp(buf, want) != 0) fprintf(stderr, "  format(%.17g): '%s', want '%s'\n", v, buf, want);
}

static void test_format(void)
{
    expect_format(1.5e9, HF_UNIT_BANDWIDTH, "1.5 GB/s");
    expect_format(1.25e9, HF_UNIT_BANDWIDTH, "1.25 GB/s"); /* 10Gbps */
    expect_format(2e9, HF_UNIT_SPEED, "2 Gflop/s");
    expect_format(-2e9, HF_UNIT_SPEED, "-2 Gflop/s");
    expect_format(1e24, HF_UNIT_SPEED, "1 Yflop/s");
    expect_format(1e10, HF_UNIT_FLOP, "10 Gflop");
    expect_format(0.000001, HF_UNIT_TIME, "1 us");
    expect_format(3600, HF_UNIT_TIME, "3600 s"); /* seconds are the largest time unit shown */
    expect_format(1e-3, HF_UNIT_TIME, "1 ms");
    expect_format(2.5e-8, HF_UNIT_TIME, "25 ns");
    expect_format(5e-10, HF_UNIT_TIME, "0.5 ns"); /* below 1 ns stays in ns */
    expect_format(1e6, HF_UNIT_BYTES, "1 MB");
    expect_format(512, HF_UNIT_BYTES, "512 B");
    expect_format(123456789, HF_UNIT_BYTES, "123.5 MB"); /* 4 significant digits */
    expect_format(999.97e6, HF_UNIT_BYTES, "1 GB");      /* 999.97 rounds to 1000: next prefix */
    expect_format(1048576, HF_UNIT_BYTES, "1.049 MB");   /* 2^20 B, decimal prefixes */
    expect_format(300, HF_UNIT_POWER, "300 W");
    expect_format(0.25, HF_UNIT_POWER, "250 mW");
    expect_format(1500, HF_UNIT_ENERGY, "1.5 kJ");
    expect_format(3.6e6, HF_UNIT_ENERGY, "3.6 MJ");
    expect_format(0, HF_UNIT_BYTES, "0 B");
    expect_format(-0.0, HF_UNIT_TIME, "0 s");

    char buf[64];
    hf_units_format(NAN, HF_UNIT_BYTES, buf, sizeof buf);
    CHECK_STR_CONTAINS(buf, "nan B");
    hf_units_format(42, (hf_unit_kind)99, buf, sizeof buf);
    CHECK(strcmp(buf, "42") == 0);

    /* Truncation always NUL-terminates; len 0 writes nothing. */
    char tiny[4] = "zzz";
    hf_units_format(1.5e9, HF_UNIT_BANDWIDTH, tiny, sizeof tiny);
    CHECK(strcmp(tiny, "1.5") == 0);
    hf_units_format(1.5e9, HF_UNIT_BANDWIDTH, tiny, 1);
    CHECK(tiny[0] == '\0');
    tiny[0] = 'q';
    hf_units_format(1.5e9, HF_UNIT_BANDWIDTH, tiny, 0);
    CHECK(tiny[0] == 'q');
    hf_units_format(1.5e9, HF_UNIT_BANDWIDTH, NULL, 0);

    /* Outputs without "/s" parse back to the same value. */
    struct {
        double v;
        hf_unit_kind kind;
    } rt[] = {{1.5e3, HF_UNIT_ENERGY}, {1e6, HF_UNIT_BYTES}, {2e9, HF_UNIT_FLOP},
              {300, HF_UNIT_POWER},    {1e-6, HF_UNIT_TIME}, {2.5e-8, HF_UNIT_TIME}};
    for (size_t i = 0; i < sizeof rt / sizeof *rt; i++) {
        double back = 0;
        hf_units_format(rt[i].v, rt[i].kind, buf, sizeof buf);
        CHECK(hf_units_parse(buf, rt[i].kind, &back, NULL, 0) == 0);
        CHECK(same(back, rt[i].v));
    }
}

static void expect_size(double v, const char *want)
{
    char buf[64];
    hf_units_format_size(v, buf, sizeof buf);
    CHECK_STREQ(buf, want);
}

/* Sizes in the unit they are a whole multiple of, so the text is the exact byte count. Each
 * value below is worked out by hand: 2^30 = 1073741824, 2^40 = 1099511627776. */
static void test_format_size(void)
{
    expect_size(256.0 * 1073741824, "256 GiB"); /* 274877906944 B: "274.9 GB" before */
    expect_size(512.0 * 1073741824, "512 GiB");
    expect_size(40e9, "40 GB");               /* 37.25290298... GiB: not exact */
    expect_size(80e9, "80 GB");               /* 74.505805... GiB */
    expect_size(1.5 * 1073741824, "1.5 GiB"); /* 1610612736 B = 1.610612736 GB */
    expect_size(1099511627776.0, "1 TiB");
    expect_size(1024, "1 KiB"); /* "1.024 kB" needs more digits */
    expect_size(1000, "1 kB");
    expect_size(1536, "1.5 KiB");     /* = 1.536 kB: binary is shorter */
    expect_size(2048000, "2.048 MB"); /* = 1.953125 MiB: decimal, 3 decimals */
    expect_size(512, "512 B");
    expect_size(0, "0 B");
    expect_size(1000000001, "1 GB (1000000001 B)"); /* neither form is exact */
    expect_size(1073741825, "1.074 GB (1073741825 B)");
    expect_size(1.5, "1.5 B"); /* not whole bytes: as hf_units_format */
}

int main(void)
{
    test_accepted();
    test_ranges();
    test_rejected();
    test_long_strings();
    test_kind_names();
    test_format();
    test_format_size();
    return hf_check_summary();
}
