/* test_meas.c: measurement files (hf_meas.h): building a set, HDF5 round trip, every
 * hf_meas_check finding refused on write with no file left, and files that must not read (a
 * results file, text, a truncated file, a missing file, another tool's HDF5, rows naming no
 * experiment and other edits made with h5py). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "hetflow/hf_meas.h"

#ifndef HF_TEST_OUT
#define HF_TEST_OUT "/tmp"
#endif
#ifndef HF_ROOT
#define HF_ROOT "."
#endif

#define GOOD_PATH HF_TEST_OUT "/meas-good.h5"
#define PYTHON "/usr/bin/python3" /* the interpreter the h5py.* tests use */

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void tmp_name(char *buf, size_t len, const char *path)
{
    snprintf(buf, len, "%s.tmp.%ld", path, (long)getpid());
}

static void set(hf_ctx *ctx, char **field, const char *value)
{
    if (hf_meas_set_str(ctx, field, value) != HF_OK) abort();
}

static void add_kernel(hf_ctx *ctx, hf_meas_exp *e, const char *name, double count, double flops,
                       double bytes, double blocks, double gap)
{
    hf_meas_kernel k = {count, flops, bytes, blocks, gap, ""};
    snprintf(k.name, sizeof k.name, "%s", name);
    if (hf_meas_add_kernel(ctx, e, &k) != HF_OK) abort();
}

static void add_samples(hf_ctx *ctx, hf_meas_exp *e, const double *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (hf_meas_add_sample(ctx, e, s[i]) != HF_OK) abort();
}

/* Two kernel experiments (one partitioned with two concurrent clients, one whole and serial) and
 * one copy, on an H200-like device; every field differs from its default. */
static hf_meas *make_set(hf_ctx *ctx)
{
    hf_meas *m = hf_meas_new();
    if (!m) abort();
    set(ctx, &m->tool, "hetflow-validate");
    set(ctx, &m->tool_version, "0.1.0");
    set(ctx, &m->host, "gpu-node-α");
    set(ctx, &m->date, "2025-01-31T12:00:00Z");
    set(ctx, &m->origin, "synthetic");
    set(ctx, &m->mechanism, "green_context");
    set(ctx, &m->mechanisms_available, "green_context,mps");
    m->warmup = 3;
    set(ctx, &m->command, "hetflow-validate --reps 4 -o meas.h5");
    set(ctx, &m->dev.name, "NVIDIA H200");
    m->dev.sms = 132;
    m->dev.cc_major = 9;
    m->dev.cc_minor = 0;
    m->dev.sm_clock_hz = 1.98e9;
    m->dev.mem_clock_hz = 2.619e9;
    m->dev.mem_bus_bits = 6144;
    m->dev.memory = 150754820096.0;
    m->dev.driver_version = 13000;
    m->dev.runtime_version = 12080;
    m->dev.cublas_version = 120804;

    hf_meas_exp *e = hf_meas_add_exp(ctx, m, "stream_triad@s0.30", "stream_triad");
    if (!e) abort();
    set(ctx, &e->mechanism, "green_context");
    e->share_requested = 0.3;
    e->share = 40.0 / 132.0;
    e->sms = 40;
    e->clients = 2;
    add_kernel(ctx, e, "stream_triad", 100, 2.0e8, 2.4e9, 65536, 0);
    add_kernel(ctx, e, "", 1, 0, 8.0e6, 1, 1.5e-5);
    const double s1[] = {0.0125, 0.0127, 0.0124};
    add_samples(ctx, e, s1, 3);

    e = hf_meas_add_exp(ctx, m, "lj_step@s1.00", "lj_step");
    if (!e) abort();
    set(ctx, &e->precision, "fp32");
    e->sms = 132;
    e->clients = 3;
    e->serial = 1;
    add_kernel(ctx, e, "lj_pair", 10, 3.5e10, 1.2e9, 4096, 2.0e-6);
    const double s2[] = {1.25, 1.5, 1.375, 1.3125};
    add_samples(ctx, e, s2, 4);

    e = hf_meas_add_exp(ctx, m, "h2d@64MiB", "h2d");
    if (!e) abort();
    set(ctx, &e->mechanism, "copy");
    set(ctx, &e->precision, "");
    set(ctx, &e->direction, "h2d");
    e->sms = 132;
    e->pinned = 1;
    e->bytes = 67108864;
    const double s3[] = {0.0014, 0.00135};
    add_samples(ctx, e, s3, 2);
    return m;
}

static void check_same(const hf_meas *a, const hf_meas *b)
{
    CHECK_STREQ(b->tool, a->tool);
    CHECK_STREQ(b->tool_version, a->tool_version);
    CHECK_STREQ(b->host, a->host);
    CHECK_STREQ(b->date, a->date);
    CHECK_STREQ(b->origin, a->origin);
    CHECK_STREQ(b->mechanism, a->mechanism);
    CHECK_STREQ(b->mechanisms_available, a->mechanisms_available);
    CHECK(b->warmup == a->warmup);
    CHECK_STREQ(b->command, a->command);
    CHECK_STREQ(b->dev.name, a->dev.name);
    CHECK(b->dev.sms == a->dev.sms);
    CHECK(b->dev.cc_major == a->dev.cc_major);
    CHECK(b->dev.cc_minor == a->dev.cc_minor);
    CHECK(b->dev.sm_clock_hz == a->dev.sm_clock_hz);
    CHECK(b->dev.mem_clock_hz == a->dev.mem_clock_hz);
    CHECK(b->dev.mem_bus_bits == a->dev.mem_bus_bits);
    CHECK(b->dev.memory == a->dev.memory);
    CHECK(b->dev.driver_version == a->dev.driver_version);
    CHECK(b->dev.runtime_version == a->dev.runtime_version);
    CHECK(b->dev.cublas_version == a->dev.cublas_version);
    CHECK(b->nexps == a->nexps);
    for (size_t i = 0; i < a->nexps && i < b->nexps; i++) {
        const hf_meas_exp *x = &a->exps[i], *y = &b->exps[i];
        CHECK_STREQ(y->name, x->name);
        CHECK_STREQ(y->workload, x->workload);
        CHECK_STREQ(y->mechanism, x->mechanism);
        CHECK_STREQ(y->precision, x->precision);
        CHECK_STREQ(y->direction, x->direction);
        CHECK(y->share_requested == x->share_requested);
        CHECK(y->share == x->share);
        CHECK(y->sms == x->sms);
        CHECK(y->clients == x->clients);
        CHECK(y->serial == x->serial);
        CHECK(y->pinned == x->pinned);
        CHECK(y->bytes == x->bytes);
        CHECK(y->nkernels == x->nkernels);
        for (size_t k = 0; k < x->nkernels && k < y->nkernels; k++) {
            CHECK(y->kernels[k].count == x->kernels[k].count);
            CHECK(y->kernels[k].flops == x->kernels[k].flops);
            CHECK(y->kernels[k].bytes == x->kernels[k].bytes);
            CHECK(y->kernels[k].blocks == x->kernels[k].blocks);
            CHECK(y->kernels[k].gap == x->kernels[k].gap);
            CHECK_STREQ(y->kernels[k].name, x->kernels[k].name);
        }
        CHECK(y->nsamples == x->nsamples);
        for (size_t s = 0; s < x->nsamples && s < y->nsamples; s++)
            CHECK(y->samples[s] == x->samples[s]);
    }
}

static void test_new_and_add(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_meas *m = hf_meas_new();
    CHECK(m != NULL);
    CHECK_STREQ(m->tool, "");
    CHECK_STREQ(m->dev.name, "");
    CHECK_STREQ(m->command, "");
    CHECK(m->nexps == 0);
    /* growth past the first allocations keeps earlier entries */
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "e%d", i);
        hf_meas_exp *e = hf_meas_add_exp(ctx, m, name, "w");
        CHECK(e != NULL);
        if (!e) break;
        for (int s = 0; s <= i; s++)
            CHECK(hf_meas_add_sample(ctx, e, s + 1.0) == HF_OK);
    }
    CHECK(m->nexps == 40);
    CHECK(m->cap_exps >= 40);
    const hf_meas_exp *e = hf_meas_find(m, "e17");
    CHECK(e == &m->exps[17]);
    CHECK(e && e->nsamples == 18 && e->samples[17] == 18.0);
    CHECK_STREQ(e ? e->mechanism : NULL, "whole");
    CHECK_STREQ(e ? e->precision : NULL, "fp64");
    CHECK_STREQ(e ? e->direction : NULL, "");
    CHECK(e && e->share == 1 && e->share_requested == 1 && e->clients == 1);
    CHECK(hf_meas_find(m, "e40") == NULL);
    CHECK(hf_meas_set_str(ctx, &m->exps[0].workload, NULL) == HF_OK);
    CHECK_STREQ(m->exps[0].workload, "");
    hf_meas_free(m);
    hf_meas_free(NULL);
    hf_ctx_free(ctx);
}

static void test_roundtrip(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_meas *m = make_set(ctx), *back = NULL;
    CHECK(hf_meas_check(ctx, m) == HF_OK);
    CHECK(hf_meas_write(ctx, m, GOOD_PATH) == HF_OK);
    char tmp[1024];
    tmp_name(tmp, sizeof tmp, GOOD_PATH);
    CHECK(!exists(tmp));
    CHECK(hf_meas_read(ctx, GOOD_PATH, &back) == HF_OK);
    CHECK(back != NULL);
    if (back) check_same(m, back);
    hf_meas_free(back);
    hf_meas_free(m);
    hf_ctx_free(ctx);
}

/* ---- hf_meas_check findings: each refused on write, leaving no file ---- */

static void bad_sms(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->dev.sms = 0;
}
static void empty_name(hf_ctx *c, hf_meas *m)
{
    set(c, &m->exps[1].name, "");
}
static void dup_name(hf_ctx *c, hf_meas *m)
{
    set(c, &m->exps[2].name, "stream_triad@s0.30");
}
static void share_high(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[0].share = 1.5;
}
static void share_nan(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[0].share = NAN;
}
static void requested_zero(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[1].share_requested = 0;
}
static void no_clients(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[1].clients = 0;
}
static void copy_direction(hf_ctx *c, hf_meas *m)
{
    set(c, &m->exps[2].direction, "up");
}
static void copy_bytes(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[2].bytes = 0;
}
static void copy_kernel(hf_ctx *c, hf_meas *m)
{
    add_kernel(c, &m->exps[2], "", 1, 1, 1, 1, 0);
}
static void no_kernels(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[1].nkernels = 0;
}
static void zero_count(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[0].kernels[1].count = 0;
}
static void negative_flops(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[0].kernels[0].flops = -1;
}
static void negative_bytes(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[1].kernels[0].bytes = -8;
}
static void half_block(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[1].kernels[0].blocks = 0.5;
}
static void nan_gap(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[0].kernels[1].gap = NAN;
}
static void no_samples(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[1].nsamples = 0;
}
static void negative_sample(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[1].samples[3] = -1;
}
static void infinite_sample(hf_ctx *c, hf_meas *m)
{
    (void)c;
    m->exps[2].samples[0] = INFINITY;
}

static void test_check_refused(void)
{
    static const struct {
        void (*spoil)(hf_ctx *, hf_meas *);
        const char *message;
    } cases[] = {
        {bad_sms, "device: sms must be >= 1 (is 0)"},
        {empty_name, "experiment 1 has an empty name"},
        {dup_name, "duplicate experiment name 'stream_triad@s0.30'"},
        {share_high, "experiment 'stream_triad@s0.30': share 1.5 is outside (0, 1]"},
        {share_nan, "experiment 'stream_triad@s0.30': share nan is outside (0, 1]"},
        {requested_zero, "experiment 'lj_step@s1.00': share_requested 0 is outside (0, 1]"},
        {no_clients, "experiment 'lj_step@s1.00': clients is 0 (must be >= 1)"},
        {copy_direction, "experiment 'h2d@64MiB': direction 'up' of a copy must be 'h2d' or "
                         "'d2h'"},
        {copy_bytes, "experiment 'h2d@64MiB': bytes 0 of a copy must be finite and > 0"},
        {copy_kernel, "experiment 'h2d@64MiB': a copy has no kernel groups (found 1)"},
        {no_kernels, "experiment 'lj_step@s1.00': no kernel groups"},
        {zero_count, "experiment 'stream_triad@s0.30': kernel group 1: count is 0 (must be "
                     "finite and >= 1)"},
        {negative_flops, "experiment 'stream_triad@s0.30': kernel group 0: flops is -1 (must be "
                         "finite and >= 0)"},
        {negative_bytes, "experiment 'lj_step@s1.00': kernel group 0: bytes is -8 (must be "
                         "finite and >= 0)"},
        {half_block, "experiment 'lj_step@s1.00': kernel group 0: blocks is 0.5 (must be "
                     "finite and >= 1)"},
        {nan_gap, "experiment 'stream_triad@s0.30': kernel group 1: gap is nan (must be finite "
                  "and >= 0)"},
        {no_samples, "experiment 'lj_step@s1.00': no samples"},
        {negative_sample, "experiment 'lj_step@s1.00': sample 3 is -1 (must be finite and > 0)"},
        {infinite_sample, "experiment 'h2d@64MiB': sample 0 is inf (must be finite and > 0)"},
    };
    const char *path = HF_TEST_OUT "/meas-refused.h5";
    char tmp[1024];
    tmp_name(tmp, sizeof tmp, path);
    remove(path);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hf_ctx *ctx = hf_ctx_new();
        hf_meas *m = make_set(ctx);
        cases[i].spoil(ctx, m);
        CHECK(hf_meas_check(ctx, m) == HF_EINPUT);
        CHECK_STREQ(hf_ctx_errmsg(ctx), cases[i].message);
        CHECK(hf_meas_write(ctx, m, path) == HF_EINPUT);
        CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/meas-refused.h5'");
        CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), cases[i].message);
        CHECK(!exists(path));
        CHECK(!exists(tmp));
        hf_meas_free(m);
        hf_ctx_free(ctx);
    }

    /* an earlier file at the path survives a refused write */
    hf_ctx *ctx = hf_ctx_new();
    hf_meas *m = make_set(ctx), *back = NULL;
    CHECK(hf_meas_write(ctx, m, path) == HF_OK);
    m->exps[0].share = 2;
    CHECK(hf_meas_write(ctx, m, path) == HF_EINPUT);
    CHECK(hf_meas_read(ctx, path, &back) == HF_OK);
    CHECK(back && back->exps[0].share == 40.0 / 132.0);
    hf_meas_free(back);

    /* a missing directory: HF_EIO naming errno, nothing left */
    m->exps[0].share = 1;
    const char *nodir = HF_TEST_OUT "/no-such-dir/meas.h5";
    CHECK(hf_meas_write(ctx, m, nodir) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/no-such-dir/meas.h5'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "No such file or directory");
    CHECK(!exists(nodir));
    hf_meas_free(m);
    hf_ctx_free(ctx);
}

/* ---- files that must not read ---- */

/* hf_meas_read(path) fails with code and a message holding want (and the path); *out NULL. */
static void expect_read_error(const char *path, hf_err code, const char *want)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_meas *back = (hf_meas *)ctx; /* must be reset to NULL */
    CHECK(hf_meas_read(ctx, path, &back) == code);
    CHECK(back == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), path);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), want);
    hf_ctx_free(ctx);
}

static void test_read_not_meas(void)
{
    expect_read_error(HF_ROOT "/tests/data/results-v1-pre-serverless.h5", HF_EINPUT,
                      "'" HF_ROOT "/tests/data/results-v1-pre-serverless.h5' is not a hetflow "
                      "measurement file (format is 'hetflow-results')");
    /* plain text named like an HDF5 file */
    expect_read_error(HF_ROOT "/tests/bad/not_results.h5", HF_EINPUT,
                      "'" HF_ROOT "/tests/bad/not_results.h5' is not a hetflow measurement file "
                      "(not an HDF5 file)");
    expect_read_error(HF_TEST_OUT "/no-such-meas.h5", HF_EIO,
                      "cannot read '" HF_TEST_OUT "/no-such-meas.h5': No such file or directory");
    expect_read_error(HF_TEST_OUT, HF_EIO, "cannot read '" HF_TEST_OUT "': is a directory");
}

/* A valid file cut to half its size: a clean error, never a crash. */
static void test_read_truncated(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_meas *m = make_set(ctx);
    const char *path = HF_TEST_OUT "/meas-truncated.h5";
    struct stat st;
    CHECK(hf_meas_write(ctx, m, path) == HF_OK);
    CHECK(stat(path, &st) == 0 && st.st_size > 0);
    CHECK(truncate(path, st.st_size / 2) == 0);
    expect_read_error(path, HF_EINPUT,
                      "'" HF_TEST_OUT "/meas-truncated.h5' is not a hetflow measurement file "
                      "(damaged HDF5 file)");
    hf_meas_free(m);
    hf_ctx_free(ctx);
}

/* h5py (a second implementation of HDF5) reads the good file and makes bad ones from it. Its
 * argv: the good file, the output directory. */
static const char h5py_script[] =
    "import shutil, sys\n"
    "import h5py, numpy as np\n"
    "good, out = sys.argv[1], sys.argv[2]\n"
    "with h5py.File(good, 'r') as f:\n"
    "    assert f.attrs['format'] == 'hetflow-measurements', f.attrs['format']\n"
    "    assert f.attrs['format_version'] == 2 and f.attrs['format_version'].dtype == np.int32\n"
    "    assert f['metadata'].attrs['warmup'] == 3\n"
    "    assert f['device'].attrs['name'] == 'NVIDIA H200'\n"
    "    assert f['device'].attrs['sms'].dtype == np.int32\n"
    "    assert f['device'].attrs['memory'].dtype == np.float64\n"
    "    e, k, s = f['experiments'][()], f['kernels'][()], f['samples'][()]\n"
    "    assert [x.decode() for x in e['name']] == ['stream_triad@s0.30', 'lj_step@s1.00',\n"
    "                                                'h2d@64MiB'], e['name']\n"
    "    assert list(e['reps']) == [3, 4, 2] and e.dtype['reps'] == np.int32\n"
    "    assert e.dtype['clients'] == np.int32 and k.dtype['count'] == np.float64\n"
    "    assert [x.decode() for x in k['experiment']] == ['stream_triad@s0.30'] * 2 +\\\n"
    "        ['lj_step@s1.00']\n"
    "    assert [x.decode() for x in k['kernel']] == ['stream_triad', '', 'lj_pair']\n"
    "    assert list(s['rep']) == [0, 1, 2, 0, 1, 2, 3, 0, 1] and s['seconds'][3] == 1.25\n"
    "def edit(name):\n"
    "    path = out + '/' + name\n"
    "    shutil.copyfile(good, path)\n"
    "    return h5py.File(path, 'r+')\n"
    "def set_cell(f, table, row, col, value):\n"
    "    a = f[table][()]\n"
    "    a[col][row] = value\n"
    "    f[table][...] = a\n"
    "with h5py.File(out + '/meas-other-tool.h5', 'w') as f:\n"
    "    f.create_dataset('x', data=np.arange(3))\n"
    "    f.attrs['creator'] = 'another tool'\n"
    "with edit('meas-unknown-sample.h5') as f:\n"
    "    set_cell(f, 'samples', 4, 'experiment', b'ghost')\n"
    "with edit('meas-unknown-kernel.h5') as f:\n"
    "    set_cell(f, 'kernels', 2, 'experiment', b'lj_step@s1.0')\n"
    "with edit('meas-version-3.h5') as f:\n"
    "    f.attrs['format_version'] = np.int32(3)\n"
    "with edit('meas-version-1.h5') as f:\n"
    "    import numpy.lib.recfunctions as rf\n"
    "    a = f['kernels'][()]\n"
    "    del f['kernels']\n"
    "    f['kernels'] = rf.drop_fields(a, 'kernel', usemask=False)\n"
    "    f.attrs['format_version'] = np.int32(1)\n"
    "with edit('meas-long-name.h5') as f:\n"
    "    set_cell(f, 'kernels', 2, 'kernel', b'k' * 48)\n"
    "with edit('meas-v2-no-kernel-column.h5') as f:\n"
    "    import numpy.lib.recfunctions as rf\n"
    "    a = f['kernels'][()]\n"
    "    del f['kernels']\n"
    "    f['kernels'] = rf.drop_fields(a, 'kernel', usemask=False)\n"
    "with edit('meas-no-device.h5') as f:\n"
    "    del f['device']\n"
    "with edit('meas-no-kernels.h5') as f:\n"
    "    del f['kernels']\n"
    "with edit('meas-reps.h5') as f:\n"
    "    set_cell(f, 'experiments', 1, 'reps', 5)\n"
    "with edit('meas-rep-order.h5') as f:\n"
    "    set_cell(f, 'samples', 5, 'rep', 3)\n"
    "with edit('meas-share.h5') as f:\n"
    "    set_cell(f, 'experiments', 0, 'share', 1.5)\n"
    "with edit('meas-no-column.h5') as f:\n"
    "    a = f['samples'][()]\n"
    "    del f['samples']\n"
    "    import numpy.lib.recfunctions as rf\n"
    "    f['samples'] = rf.drop_fields(a, 'seconds', usemask=False)\n";

static void test_read_h5py_files(void)
{
    if (system(PYTHON " -c 'import h5py, numpy' 2>/dev/null") != 0) {
        printf("test_meas: skipping the h5py cases: " PYTHON " cannot import h5py\n");
        return;
    }
    const char *script_path = HF_TEST_OUT "/meas-edit.py";
    FILE *f = fopen(script_path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs(h5py_script, f);
    fclose(f);
    CHECK(access(GOOD_PATH, R_OK) == 0); /* written by test_roundtrip */
    int rc = system(PYTHON " " HF_TEST_OUT "/meas-edit.py " GOOD_PATH " " HF_TEST_OUT);
    CHECK(rc == 0);
    if (rc != 0) return;

    /* the message is "'PATH'" followed by tail */
    static const struct {
        const char *file, *tail;
    } cases[] = {
        {"meas-other-tool.h5", " is not a hetflow measurement file (no 'format' attribute)"},
        {"meas-unknown-sample.h5", ": /samples row 4: unknown experiment 'ghost'"},
        {"meas-unknown-kernel.h5", ": /kernels row 2: unknown experiment 'lj_step@s1.0'"},
        {"meas-version-3.h5", " has format_version 3; this hetflow reads versions 1 to 2"},
        {"meas-long-name.h5", ": /kernels row 2: kernel name 'kkkkkkkkkkkkkkkkkkkk...' is longer "
                              "than 47 bytes"},
        {"meas-v2-no-kernel-column.h5", ": dataset '/kernels' has no column 'kernel'"},
        {"meas-no-device.h5", ": missing group '/device'"},
        {"meas-no-kernels.h5", ": missing dataset '/kernels'"},
        {"meas-reps.h5", ": experiment 'lj_step@s1.00': /experiments says reps 5, but /samples "
                         "has 4 rows for it"},
        {"meas-rep-order.h5", ": /samples row 5: experiment 'lj_step@s1.00' has rep 3 where rep "
                              "2 comes next"},
        {"meas-share.h5", ": experiment 'stream_triad@s0.30': share 1.5 is outside (0, 1]"},
        {"meas-no-column.h5", ": dataset '/samples' has no column 'seconds'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[1024], want[2048];
        snprintf(path, sizeof path, "%s/%s", HF_TEST_OUT, cases[i].file);
        snprintf(want, sizeof want, "'%s'%s", path, cases[i].tail);
        expect_read_error(path, HF_EINPUT, want);
    }

    /* a version 1 file (no kernel column, as the first H200 run wrote) reads with every kernel
     * name "" and everything else as written */
    hf_ctx *ctx = hf_ctx_new();
    hf_meas *v1 = NULL, *good = NULL;
    CHECK(hf_meas_read(ctx, HF_TEST_OUT "/meas-version-1.h5", &v1) == HF_OK);
    CHECK(hf_meas_read(ctx, GOOD_PATH, &good) == HF_OK);
    if (v1 && good) {
        CHECK(v1->nexps == 3 && v1->exps[0].nkernels == 2 && v1->exps[1].nkernels == 1);
        CHECK_STREQ(v1->exps[0].kernels[0].name, "");
        CHECK_STREQ(v1->exps[1].kernels[0].name, "");
        CHECK(v1->exps[1].kernels[0].flops == 3.5e10 && v1->exps[1].kernels[0].gap == 2.0e-6);
        CHECK_STREQ(good->exps[1].kernels[0].name, "lj_pair");
    }
    hf_meas_free(v1);
    hf_meas_free(good);
    hf_ctx_free(ctx);
}

int main(void)
{
    test_new_and_add();
    test_roundtrip();
    test_check_refused();
    test_read_not_meas();
    test_read_truncated();
    test_read_h5py_files();
    return hf_check_summary();
}
