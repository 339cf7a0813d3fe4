/* test_carbon.c: carbon-intensity traces (sim/platform/carbon.c, docs/models/carbon.md):
 * times, the three CSV layouts, lookups and integrals worked by hand, and every bad trace named
 * by file and line. Epoch figures checked with `date -u -d ... +%s`. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "hetflow/hetflow.h"
#include "platform/carbon.h"

static hf_ctx *ctx;

/* Write text to HF_TEST_OUT/name; returns the path (static buffer, one at a time). */
static const char *file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/carbon-%s", HF_TEST_OUT, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static void times(void)
{
    double t;
    CHECK(hf_ctrace_parse_time("1970-01-01 00:00:00", &t) == 0 && t == 0);
    CHECK(hf_ctrace_parse_time("2023-06-01 12:30:00", &t) == 0 && t == 1685622600);
    CHECK(hf_ctrace_parse_time(" 2023-06-01T12:30:00Z ", &t) == 0 && t == 1685622600);
    CHECK(hf_ctrace_parse_time("2023-06-01T12:30:00+02:00", &t) == 0 && t == 1685622600 - 7200);
    CHECK(hf_ctrace_parse_time("2023-06-01 12:30", &t) == 0 && t == 1685622600);
    CHECK(hf_ctrace_parse_time("2023-06-01 12:30:00.5", &t) == 0 && t == 1685622600.5);
    CHECK(hf_ctrace_parse_time("2024-02-29 00:00:00", &t) == 0 && t == 1709164800);
    CHECK(hf_ctrace_parse_time("1900-03-01 00:00:00", &t) == 0 && t == -2203891200.0);
    CHECK(hf_ctrace_parse_time("1685622600", &t) == 0 && t == 1685622600);
    CHECK(hf_ctrace_parse_time("2023-02-29 00:00:00", &t) == -1); /* not a leap year */
    CHECK(hf_ctrace_parse_time("2023-04-31 00:00:00", &t) == -1);
    CHECK(hf_ctrace_parse_time("2023-13-01 00:00:00", &t) == -1);
    CHECK(hf_ctrace_parse_time("2023-06-01 24:00:00", &t) == -1);
    CHECK(hf_ctrace_parse_time("2023-06-01", &t) == -1);
    CHECK(hf_ctrace_parse_time("06/01/2023 1:00:00 PM", &t) == -1);
    CHECK(hf_ctrace_parse_time("nan", &t) == -1);
    CHECK(hf_ctrace_parse_time("", &t) == -1);
}

/* Hourly 100, 200, 300 gCO2e/kWh from 2023-01-01 00:00 UTC: it covers 3 hours (the last sample
 * holds for the median interval, 1 h).
 *   step:   at 1800 s 100; integral over [1800, 5400] = 100 x 1800 + 200 x 1800 = 540,000, so
 *           1 kWh (3.6e6 J) drawn evenly then emits 540,000 / 3600 = 150 g
 *   linear: at 1800 s 150; over [1800, 5400] = 175 x 1800 + 225 x 1800 = 720,000; after the
 *           last sample (7200 s) it holds 300: at 9000 s 300
 *   origin moved to 1 h into the trace: simulated 0 reads 200 */
static void plain(void)
{
    const char *path = file("plain.csv", "# a comment\ntime,gco2e_per_kwh\n"
                                         "2023-01-01 00:00:00,100\n"
                                         "2023-01-01 01:00:00,200\r\n"
                                         "\n"
                                         "2023-01-01 02:00:00, 300\n");
    hf_ctrace tr;
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_PLAIN, 0, 0, &tr) == HF_OK);
    CHECK(tr.n == 3 && tr.step == 3600 && tr.origin == 1672531200);
    CHECK(hf_ctrace_at(&tr, 1800) == 100);
    double I;
    CHECK(hf_ctrace_integral(ctx, &tr, 1800, 5400, &I) == HF_OK && I == 540000);
    CHECK(hf_ctrace_covers(&tr, 0, 10800) && !hf_ctrace_covers(&tr, 0, 10801) &&
          !hf_ctrace_covers(&tr, -1, 10));
    CHECK(hf_ctrace_integral(ctx, &tr, 0, 10801, &I) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "covers simulated times 0 to 10800 s, not 0 to 10801 s");
    tr.interp = HF_CTRACE_LINEAR;
    CHECK(hf_ctrace_at(&tr, 1800) == 150 && hf_ctrace_at(&tr, 9000) == 300);
    CHECK(hf_ctrace_integral(ctx, &tr, 1800, 5400, &I) == HF_OK && I == 720000);
    tr.interp = HF_CTRACE_STEP;
    tr.origin += 3600;
    CHECK(hf_ctrace_at(&tr, 0) == 200);
    hf_ctrace_destroy(&tr);
    /* no header; seconds since the epoch */
    path = file("epoch.csv", "0,10\n60,20\n120,30\n");
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_PLAIN, 0, 0, &tr) == HF_OK);
    CHECK(tr.n == 3 && tr.step == 60 && hf_ctrace_at(&tr, 61) == 20);
    hf_ctrace_destroy(&tr);
}

/* Electricity Maps' exports, both header spellings (U+2082 in "gCO₂eq"): the direct column, or
 * with lifecycle the LCA one. WattTime's: 1000 lbs/MWh = 453.59237 g/kWh. */
static void layouts(void)
{
    const char *path = file(
        "em-old.csv", "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO\xe2\x82\x82"
                      "eq/kWh "
                      "(direct),Carbon Intensity gCO\xe2\x82\x82"
                      "eq/kWh (LCA),Low Carbon Percentage\n"
                      "2022-01-01 00:00:00,USA,CAISO,US-CAL-CISO,250.5,300.25,40\n"
                      "2022-01-01 01:00:00,USA,CAISO,US-CAL-CISO,240,290,41\n");
    hf_ctrace tr;
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_ELECTRICITYMAPS, 0, 0, &tr) == HF_OK);
    CHECK(tr.n == 2 && tr.v[0] == 250.5 && tr.v[1] == 240);
    hf_ctrace_destroy(&tr);
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_ELECTRICITYMAPS, 1, 0, &tr) == HF_OK);
    CHECK(tr.v[0] == 300.25);
    hf_ctrace_destroy(&tr);
    path = file("em-new.csv",
                "Datetime (UTC),Country,Zone name,Zone id,Carbon intensity gCO\xe2\x82\x82"
                "eq/kWh "
                "(direct),Carbon intensity gCO\xe2\x82\x82"
                "eq/kWh (Life cycle),Carbon-free energy "
                "percentage (CFE%)\n"
                "2021-01-01 00:00:00,Sweden,Sweden,SE,2.54,30.02,99.42\n");
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_ELECTRICITYMAPS, 1, 0, &tr) == HF_OK);
    CHECK(tr.n == 1 && tr.v[0] == 30.02 && tr.step == 3600);
    hf_ctrace_destroy(&tr);
    path = file("wt.csv", "point_time,value,frequency,market\n"
                          "2022-01-01T00:00:00+00:00,1000,300,RTM\n"
                          "2022-01-01T00:05:00+00:00,900,300,RTM\n");
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_WATTTIME, 0, 0, &tr) == HF_OK);
    CHECK_NEAR(tr.v[0], 453.59237, 1e-12);
    CHECK(tr.step == 300);
    hf_ctrace_destroy(&tr);
    hf_ctrace_layout l;
    CHECK(hf_ctrace_layout_parse("watttime", &l) == 0 && l == HF_CTRACE_WATTTIME);
    CHECK(hf_ctrace_layout_parse("eia", &l) == -1);
}

/* A regular trace keeps no times (t NULL, 8 bytes a sample); an irregular one keeps them, and
 * both read the same. Irregular: 0 -> 10, 3600 -> 20, 5400 -> 30 (median interval: the upper of
 * 1800 and 3600, so it covers to 9000 s): step integral over [1800, 6000] = 10 x 1800 + 20 x 1800 +
 * 30 x 600 = 72,000; at 5399 s 20, at 5400 s 30. */
/* A byte-order mark before a plain trace without a header; a short span keeps its precision:
 * 100 g/kWh over 1e-7 s is 1e-5 exactly (epoch times near 1.7e9 s resolve only 2.4e-7 s). */
static void precision(void)
{
    hf_ctrace tr;
    const char *path = file("bom.csv", "\xef\xbb\xbf"
                                       "2023-01-01 00:00:00,100\n"
                                       "2023-01-01 01:00:00,100\n");
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_PLAIN, 0, 0, &tr) == HF_OK);
    CHECK(tr.n == 2);
    double I;
    double a = 1000, b = 1000 + 1e-7; /* the span as the caller holds it */
    CHECK(hf_ctrace_integral(ctx, &tr, a, b, &I) == HF_OK);
    CHECK_NEAR(I / (b - a), 100, 1e-12);
    CHECK(hf_ctrace_integral(ctx, &tr, 0, 7200, &I) == HF_OK && I == 720000);
    tr.interp = HF_CTRACE_LINEAR;
    a = 3599.9999999;
    b = 3600.0000001;
    CHECK(hf_ctrace_integral(ctx, &tr, a, b, &I) == HF_OK);
    CHECK_NEAR(I / (b - a), 100, 1e-9);
    hf_ctrace_destroy(&tr);
}

static void regular(void)
{
    hf_ctrace tr;
    const char *path = file("regular.csv", "0,1\n300,2\n600,3\n900,4\n");
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_PLAIN, 0, 0, &tr) == HF_OK);
    CHECK(tr.t == NULL && tr.n == 4 && tr.step == 300 && tr.t0 == 0);
    CHECK(hf_ctrace_at(&tr, 299.999) == 1 && hf_ctrace_at(&tr, 300) == 2 &&
          hf_ctrace_at(&tr, 1199) == 4 && hf_ctrace_time(&tr, 3) == 900);
    double I;
    CHECK(hf_ctrace_integral(ctx, &tr, 150, 750, &I) == HF_OK && I == 150 + 600 + 450);
    hf_ctrace_destroy(&tr);
    path = file("irregular.csv", "0,10\n3600,20\n5400,30\n");
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_PLAIN, 0, 0, &tr) == HF_OK);
    CHECK(tr.t != NULL && tr.step == 3600);
    CHECK(hf_ctrace_integral(ctx, &tr, 1800, 6000, &I) == HF_OK && I == 72000);
    CHECK(hf_ctrace_at(&tr, 5399) == 20 && hf_ctrace_at(&tr, 5400) == 30);
    CHECK(hf_ctrace_covers(&tr, 0, 9000) && !hf_ctrace_covers(&tr, 0, 9001));
    hf_ctrace_destroy(&tr);
}

/* Forecasts: with no error, and for any time not after now, the trace itself; with a relative
 * error e 24 h ahead, the same query gives the same value, and over 20,000 forecasts a day ahead
 * of a constant 100 (one draw per hour of t) the relative errors have mean 0 and standard
 * deviation e = 0.1 (standard errors 0.0007 and 0.0005: checked to 0.003); 6 h ahead, e / 2. */
static void forecasts(void)
{
    hf_ctrace tr;
    CHECK(hf_ctrace_constant(ctx, 100, &tr) == HF_OK);
    CHECK(hf_ctrace_forecast(&tr, 0, 86400) == 100);
    tr.forecast_error = 0.1;
    tr.forecast_seed = 42;
    CHECK(hf_ctrace_forecast(&tr, 5000, 4000) == 100 && hf_ctrace_forecast(&tr, 5000, 5000) == 100);
    CHECK(hf_ctrace_forecast(&tr, 0, 86400) == hf_ctrace_forecast(&tr, 0, 86400));
    for (int horizon = 0; horizon < 2; horizon++) {
        double h = horizon ? 6 * 3600.0 : 86400.0, want = horizon ? 0.05 : 0.1;
        double sum = 0, sq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double now = i * 3600.0, e = hf_ctrace_forecast(&tr, now, now + h) / 100 - 1;
            sum += e;
            sq += e * e;
        }
        double mean = sum / n, sd = sqrt(sq / n - mean * mean);
        CHECK(fabs(mean) < 0.003);
        CHECK_NEAR(sd, want, 0.003);
    }
    hf_ctrace_destroy(&tr);
}

/* A constant covers all time: 400 g/kWh over 90 s = 36,000. */
static void constant(void)
{
    hf_ctrace tr;
    CHECK(hf_ctrace_constant(ctx, 400, &tr) == HF_OK);
    double I;
    CHECK(hf_ctrace_covers(&tr, -1e9, 1e12));
    CHECK(hf_ctrace_integral(ctx, &tr, 10, 100, &I) == HF_OK && I == 36000);
    CHECK(hf_ctrace_at(&tr, 5) == 400);
    hf_ctrace_destroy(&tr);
    CHECK(hf_ctrace_constant(ctx, -1, &tr) == HF_EINPUT);
    CHECK(hf_ctrace_constant(ctx, NAN, &tr) == HF_EINPUT);
}

/* Every bad trace is named by file and line. */
static void bad(void)
{
    static const struct {
        const char *name, *text, *msg;
        hf_ctrace_layout layout;
    } cases[] = {
        {"time.csv", "2023-01-01 00:00,1\n2023-01-01 01:00,1\n2023-01-01 25:00,1\n",
         "time.csv:3: time '2023-01-01 25:00' is not a date", HF_CTRACE_PLAIN},
        {"first.csv", "2023-13-01 00:00,1\n2023-01-01 01:00,1\n",
         "first.csv:1: time '2023-13-01 00:00' is not a date", HF_CTRACE_PLAIN},
        {"neg.csv", "2023-01-01 00:00,1\n2023-01-01 01:00,-5\n",
         "neg.csv:2: intensity '-5' is not a decimal number from 0 to 100000", HF_CTRACE_PLAIN},
        {"nan.csv", "2023-01-01 00:00,nan\n", "nan.csv:1: intensity 'nan' is not a decimal",
         HF_CTRACE_PLAIN},
        {"hex.csv", "2023-01-01 00:00,0x10\n", "hex.csv:1: intensity '0x10' is not a decimal",
         HF_CTRACE_PLAIN},
        {"huge.csv", "2023-01-01 00:00,1e308\n", "huge.csv:1: intensity '1e308' is not a decimal",
         HF_CTRACE_PLAIN},
        {"ms.csv", "1672531200000,100\n", "ms.csv:1: time '1672531200000' is not a date from 1900",
         HF_CTRACE_PLAIN},
        {"e300.csv", "1e300,100\n", "e300.csv:1: time '1e300' is not a date", HF_CTRACE_PLAIN},
        {"after.csv", "\"2023-01-01 00:00\"x,1\n", "after.csv:1: text after a closing quote",
         HF_CTRACE_PLAIN},
        {"sec60.csv", "2023-01-01 00:00:60,1\n", "sec60.csv:1: time", HF_CTRACE_PLAIN},
        {"text.csv", "2023-01-01 00:00,high\n", "text.csv:1: intensity 'high'", HF_CTRACE_PLAIN},
        {"unsorted.csv", "2023-01-01 01:00,1\n2023-01-01 00:00,1\n",
         "unsorted.csv:2: time 2023-01-01 00:00 is not after the previous sample's (later)",
         HF_CTRACE_PLAIN},
        {"dup.csv", "2023-01-01 01:00,1\n2023-01-01 01:00,2\n",
         "dup.csv:2: time 2023-01-01 01:00 is not after the previous sample's (the same)",
         HF_CTRACE_PLAIN},
        {"gap.csv",
         "2023-01-01 00:00,1\n2023-01-01 01:00,1\n2023-01-01 02:00,1\n"
         "2023-01-01 07:00,1\n2023-01-01 08:00,1\n",
         "gap.csv:4: a gap of 18000 s since the previous sample (line 3): at most 10800 s",
         HF_CTRACE_PLAIN},
        {"cols.csv", "2023-01-01 00:00\n", "cols.csv:1: 1 column, 2 expected", HF_CTRACE_PLAIN},
        {"quote.csv", "\"2023-01-01 00:00,1\n", "quote.csv:1: an unterminated quote",
         HF_CTRACE_PLAIN},
        {"empty.csv", "# nothing\n", "empty.csv: no samples", HF_CTRACE_PLAIN},
        {"emhdr.csv", "time,value\n2023-01-01 00:00,1\n",
         "emhdr.csv:1: no column 'Datetime (UTC)' in the header of a electricitymaps trace",
         HF_CTRACE_ELECTRICITYMAPS},
        {"wthdr.csv", "point_time,moer\n2023-01-01 00:00,1\n",
         "wthdr.csv:1: no column 'value' in the header of a watttime trace", HF_CTRACE_WATTTIME},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hf_ctrace tr;
        const char *path = file(cases[i].name, cases[i].text);
        CHECK(hf_ctrace_load(ctx, path, cases[i].layout, 0, 0, &tr) == HF_EINPUT);
        CHECK_STR_CONTAINS(ctx->errmsg, cases[i].msg);
        CHECK(tr.t == NULL && tr.n == 0);
    }
    hf_ctrace tr;
    /* max_gap given: the 5 h hole passes with 6 h allowed */
    const char *path = NULL;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (strcmp(cases[i].name, "gap.csv") == 0) path = file("gap-ok.csv", cases[i].text);
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_PLAIN, 0, 21600, &tr) == HF_OK);
    hf_ctrace_destroy(&tr);
    /* a NUL byte; a FIFO (opened without blocking) and a directory are not regular files */
    path = file("nul.csv", "");
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite("2023-01-01 00:00,1\n2023-01-01 01:00,1\0\n", 1, 40, f);
        fclose(f);
    }
    CHECK(hf_ctrace_load(ctx, path, HF_CTRACE_PLAIN, 0, 0, &tr) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "nul.csv:2: a NUL byte");
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/carbon-fifo", HF_TEST_OUT);
    remove(fifo);
    if (mkfifo(fifo, 0600) == 0) {
        CHECK(hf_ctrace_load(ctx, fifo, HF_CTRACE_PLAIN, 0, 0, &tr) == HF_EIO);
        CHECK_STR_CONTAINS(ctx->errmsg, "not a regular file");
        remove(fifo);
    }
    CHECK(hf_ctrace_load(ctx, HF_TEST_OUT, HF_CTRACE_PLAIN, 0, 0, &tr) == HF_EIO);
    CHECK(hf_ctrace_load(ctx, "/nonexistent/trace.csv", HF_CTRACE_PLAIN, 0, 0, &tr) == HF_EIO);
    CHECK_STR_CONTAINS(ctx->errmsg, "cannot read carbon trace '/nonexistent/trace.csv'");
}

int main(void)
{
    ctx = hf_ctx_new();
    times();
    plain();
    layouts();
    precision();
    regular();
    forecasts();
    constant();
    bad();
    hf_ctx_free(ctx);
    return hf_check_summary();
}
