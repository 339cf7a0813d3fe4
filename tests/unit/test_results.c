/* test_results.c: results module: HDF5 round trip (serverless invocations included), files of
 * older versions, bad files, failed writes, printing, growth. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "hetflow/hf_results.h"

#ifndef HF_TEST_OUT
#define HF_TEST_OUT "/tmp"
#endif
#ifndef HF_ROOT
#define HF_ROOT "."
#endif

/* The round-trip file; tests/unit/h5py_check.py is run on it with these expected values. */
#define ROUNDTRIP_PATH HF_TEST_OUT "/results-roundtrip.h5"
#define ROUNDTRIP_MAKESPAN 11.25
#define ROUNDTRIP_TASKS 4

/* A file written by hetflow before the serverless modes (commit 4e8ee25: `hetflow run
 * tests/scenarios/chain2.lua -q -o FILE`): no /metadata@mode, no /invocations, no serverless
 * /summary attributes. */
#define PRE_SERVERLESS_PATH HF_ROOT "/tests/data/results-v1-pre-serverless.h5"

static char *xdup(const char *s)
{
    char *d = strdup(s);
    if (!d) abort();
    return d;
}

static void set_res(hf_res_rec *s, const char *name, const char *kind, const char *site, int cores,
                    double speed, int tasks, double busy, double core_s, double energy)
{
    s->name = xdup(name);
    s->kind = xdup(kind);
    s->site = xdup(site);
    s->cores = cores;
    s->speed = speed;
    s->tasks = tasks;
    s->busy_time = busy;
    s->core_seconds = core_s;
    s->utilisation = core_s / (cores * ROUNDTRIP_MAKESPAN);
    s->energy = energy;
}

static void set_task(hf_task_rec *t, const char *name, int res, const char *variant, int cores,
                     double ready, double dispatch, double start, double end, double in, double out,
                     double energy)
{
    t->name = xdup(name);
    t->resource = res;
    t->variant = xdup(variant);
    t->cores = cores;
    t->ready = ready;
    t->dispatch = dispatch;
    t->start = start;
    t->end = end;
    t->bytes_in = in;
    t->bytes_out = out;
    t->energy = energy;
}

/* Metadata only: every table empty. */
static hf_results *make_empty(void)
{
    hf_results *r = hf_results_new();
    if (!r) abort();
    r->hetflow_version = xdup("0.1.0");
    r->simgrid_version = xdup("3.35.0");
    r->scenario = xdup("--platform empty --workflow none");
    r->platform = xdup("empty");
    r->workflow = xdup("none");
    r->policy = xdup("fcfs");
    r->seed = 1;
    r->completed = 1;
    return r;
}

static hf_invoke_rec invoke(int task, int endpoint, int res, int cold, int redeployed,
                            double submit, double start, double latency, double overhead,
                            double pull, double init, double compile)
{
    return (hf_invoke_rec){.task = task,
                           .endpoint = endpoint,
                           .resource = res,
                           .cold = cold,
                           .redeployed = redeployed,
                           .submit = submit,
                           .start = start,
                           .latency = latency,
                           .overhead = overhead,
                           .pull = pull,
                           .init = init,
                           .compile = compile};
}

/* 3 resources (one idle), 4 tasks (one never ran), 2 transfers, 2 parameters; names with
 * spaces and UTF-8; values that do not round-trip through decimal text (0.1 + 0.2, 1/3).
 * Serverless, mode decomposed_hha, 2 endpoints and 3 invocations (tasks t1 to t3, each starting
 * at its task's dispatch):
 *   t1 cold on "hpc ✓": latency 1/64 + overhead 1/128 + pull 1/16 + init 1/32 + compile 1/128
 *      = 0.125 s = t1's start - dispatch;
 *   t2 warm on "cloud, east": latency 0.1 + overhead 0.2 (< 0.5 s to t2's start);
 *   t3 warm on "hpc ✓", redeployed twice while queued (submitted 5.5, started 5.75).
 * Summary: 1 cold, 2 warm; cold seconds = pull + init = 0.09375; 1 compile of 0.0078125 s;
 * 2 redeployments. */
static hf_results *make_full(void)
{
    hf_results *r = hf_results_new();
    if (!r) abort();
    r->hetflow_version = xdup("0.1.0");
    r->simgrid_version = xdup("3.35.0");
    r->scenario = xdup("examples/my scenario ✓.lua");
    r->platform = xdup("two sites — α");
    r->workflow = xdup("montage 1.0");
    r->policy = xdup("heft");
    r->seed = UINT64_C(18446744073709551557); /* largest 64-bit prime: needs all 64 bits */
    r->completed = 0;
    r->nparams = 2;
    r->param_names = calloc(2, sizeof(char *));
    r->param_values = calloc(2, sizeof(char *));
    r->param_names[0] = xdup("gpu.noise");
    r->param_values[0] = xdup("0.05");
    r->param_names[1] = xdup("label with space ü");
    r->param_values[1] = xdup("héllo wörld ✓");

    r->nres = 3;
    r->res = calloc(3, sizeof *r->res);
    set_res(&r->res[0], "cpu node 0", "cpu", "site A", 32, 2e9, 2, 10.5, 40.25, 12345.678);
    set_res(&r->res[1], "gpu-α 1", "gpu", "site B ✓", 1, 19.5e12, 1, 3.25, 3.25, 987.0);
    set_res(&r->res[2], "idle node", "cpu", "site A", 8, 1e9, 0, 0.0, 0.0, 50.0);

    r->ntasks = 4;
    r->tasks = calloc(4, sizeof *r->tasks);
    set_task(&r->tasks[0], "t1 stage-in", 0, "cpu", 4, 0, 0, 0.125, 5.5, 0, 1e6, 100.1);
    set_task(&r->tasks[1], "t2 ✓ gpu", 1, "gpu", 1, 5.5, 5.5, 6.0, 9.25, 1e6, 2e6, 0.1 + 0.2);
    set_task(&r->tasks[2], "t3", 0, "cpu", 8, 5.5, 5.75, 6.0, 11.25, 1e6, 3, 1.0 / 3.0);
    set_task(&r->tasks[3], "t4 never ran", -1, "", 0, 0, 0, 0, 0, 0, 0, 0);

    r->nfiles = 2;
    r->file_names = calloc(2, sizeof(char *));
    r->file_names[0] = xdup("out 1.dat");
    r->file_names[1] = xdup("données.h5");
    hf_transfer_rec t0 = {
        .file = 0, .src = 0, .dst = 1, .task = 1, .bytes = 1e6, .start = 5.5, .end = 6.0};
    hf_transfer_rec t1 = {
        .file = 1, .src = 1, .dst = 0, .task = 2, .bytes = 2e6, .start = 9.25, .end = 9.75};
    CHECK(hf_results_add_transfer(r, &t0) == HF_OK);
    CHECK(hf_results_add_transfer(r, &t1) == HF_OK);

    r->makespan = ROUNDTRIP_MAKESPAN;
    r->energy = 12345.678 + 987.0 + 50.0;
    r->bytes_moved = 3e6;

    r->mode = xdup("decomposed_hha");
    r->nendpoints = 2;
    r->endpoint_names = calloc(2, sizeof(char *));
    r->endpoint_names[0] = xdup("hpc ✓");
    r->endpoint_names[1] = xdup("cloud, east");
    hf_invoke_rec v[] = {
        invoke(0, 0, 0, 1, 0, 0.0, 0.0, 1.0 / 64, 1.0 / 128, 1.0 / 16, 1.0 / 32, 1.0 / 128),
        invoke(1, 1, 1, 0, 0, 5.5, 5.5, 0.1, 0.2, 0, 0, 0),
        invoke(2, 0, 0, 0, 2, 5.5, 5.75, 1.0 / 64, 1.0 / 128, 0, 0, 0),
    };
    for (size_t i = 0; i < 3; i++)
        CHECK(hf_results_add_invoke(r, &v[i]) == HF_OK);
    r->cold_starts = 1;
    r->warm_starts = 2;
    r->cold_seconds = 1.0 / 16 + 1.0 / 32;
    r->compile_seconds = 1.0 / 128;
    r->compiles = 1;
    r->redeployments = 2;
    return r;
}

/* The mode results mean: NULL (an executor without serverless modes) is "direct". */
static const char *mode_of(const hf_results *r)
{
    return r->mode ? r->mode : "direct";
}

/* Every field of b equals a's, exactly. */
static void check_same(const hf_results *a, const hf_results *b)
{
    CHECK_STREQ(b->hetflow_version, a->hetflow_version);
    CHECK_STREQ(b->simgrid_version, a->simgrid_version);
    CHECK_STREQ(b->scenario, a->scenario);
    CHECK_STREQ(b->platform, a->platform);
    CHECK_STREQ(b->workflow, a->workflow);
    CHECK_STREQ(b->policy, a->policy);
    CHECK(b->seed == a->seed);
    CHECK(b->completed == a->completed);
    CHECK(b->nparams == a->nparams);
    for (size_t i = 0; i < a->nparams && i < b->nparams; i++) {
        CHECK_STREQ(b->param_names[i], a->param_names[i]);
        CHECK_STREQ(b->param_values[i], a->param_values[i]);
    }
    CHECK(b->nres == a->nres);
    for (size_t i = 0; i < a->nres && i < b->nres; i++) {
        const hf_res_rec *x = &a->res[i], *y = &b->res[i];
        CHECK_STREQ(y->name, x->name);
        CHECK_STREQ(y->kind, x->kind);
        CHECK_STREQ(y->site, x->site);
        CHECK(y->cores == x->cores);
        CHECK(y->speed == x->speed);
        CHECK(y->tasks == x->tasks);
        CHECK(y->busy_time == x->busy_time);
        CHECK(y->core_seconds == x->core_seconds);
        CHECK(y->utilisation == x->utilisation);
        CHECK(y->energy == x->energy);
    }
    CHECK(b->ntasks == a->ntasks);
    for (size_t i = 0; i < a->ntasks && i < b->ntasks; i++) {
        const hf_task_rec *x = &a->tasks[i], *y = &b->tasks[i];
        CHECK_STREQ(y->name, x->name);
        CHECK(y->resource == x->resource);
        CHECK_STREQ(y->variant, x->variant);
        CHECK(y->cores == x->cores);
        CHECK(y->ready == x->ready);
        CHECK(y->dispatch == x->dispatch);
        CHECK(y->start == x->start);
        CHECK(y->end == x->end);
        CHECK(y->bytes_in == x->bytes_in);
        CHECK(y->bytes_out == x->bytes_out);
        CHECK(y->energy == x->energy);
    }
    CHECK(b->nfiles == a->nfiles);
    for (size_t i = 0; i < a->nfiles && i < b->nfiles; i++)
        CHECK_STREQ(b->file_names[i], a->file_names[i]);
    CHECK(b->ntransfers == a->ntransfers);
    for (size_t i = 0; i < a->ntransfers && i < b->ntransfers; i++) {
        const hf_transfer_rec *x = &a->transfers[i], *y = &b->transfers[i];
        CHECK(y->file == x->file);
        CHECK(y->src == x->src);
        CHECK(y->dst == x->dst);
        CHECK(y->task == x->task);
        CHECK(y->bytes == x->bytes);
        CHECK(y->start == x->start);
        CHECK(y->end == x->end);
    }
    CHECK(b->makespan == a->makespan);
    CHECK(b->energy == a->energy);
    CHECK(b->bytes_moved == a->bytes_moved);

    CHECK(b->mode != NULL); /* the reader always sets it */
    CHECK_STREQ(mode_of(b), mode_of(a));
    CHECK(b->nendpoints == a->nendpoints);
    for (size_t i = 0; i < a->nendpoints && i < b->nendpoints; i++)
        CHECK_STREQ(b->endpoint_names[i], a->endpoint_names[i]);
    CHECK(b->ninvokes == a->ninvokes);
    for (size_t i = 0; i < a->ninvokes && i < b->ninvokes; i++) {
        const hf_invoke_rec *x = &a->invokes[i], *y = &b->invokes[i];
        CHECK(y->task == x->task);
        CHECK(y->endpoint == x->endpoint);
        CHECK(y->resource == x->resource);
        CHECK(y->cold == x->cold);
        CHECK(y->redeployed == x->redeployed);
        CHECK(y->submit == x->submit);
        CHECK(y->start == x->start);
        CHECK(y->latency == x->latency);
        CHECK(y->overhead == x->overhead);
        CHECK(y->pull == x->pull);
        CHECK(y->init == x->init);
        CHECK(y->compile == x->compile);
    }
    CHECK(b->cold_starts == a->cold_starts);
    CHECK(b->warm_starts == a->warm_starts);
    CHECK(b->cold_seconds == a->cold_seconds);
    CHECK(b->compile_seconds == a->compile_seconds);
    CHECK(b->compiles == a->compiles);
    CHECK(b->redeployments == a->redeployments);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void tmp_name(char *buf, size_t len, const char *path)
{
    snprintf(buf, len, "%s.tmp.%ld", path, (long)getpid());
}

/* Copy src to dst replacing every occurrence of needle (n bytes) by repl (n bytes); with
 * heap_only, only inside the data segments of local heaps (where old-style groups keep their
 * link names), so that equal compound member names are left alone. The test cannot use HDF5
 * itself to build malformed files. Returns the number of replacements. */
static int patch_copy(const char *src, const char *dst, const char *needle, const char *repl,
                      size_t n, int heap_only)
{
    FILE *f = fopen(src, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) abort();
    fclose(f);
    int count = 0;
    /* Local heap header (superblock v0, 8-byte offsets and lengths): "HEAP", version, 3
     * reserved bytes, data segment size, free list offset, data segment address (LE). */
    for (long h = 0; h + 32 <= size; h++) {
        long lo = 0, hi = size;
        if (heap_only) {
            if (memcmp(buf + h, "HEAP", 4) != 0) continue;
            uint64_t seg = 0, addr = 0;
            for (int b = 7; b >= 0; b--) {
                seg = seg << 8 | (unsigned char)buf[h + 8 + b];
                addr = addr << 8 | (unsigned char)buf[h + 24 + b];
            }
            if (addr >= (uint64_t)size || seg > (uint64_t)size - addr) continue;
            lo = (long)addr;
            hi = (long)(addr + seg);
        }
        for (long i = lo; i + (long)n <= hi; i++) {
            if (memcmp(buf + i, needle, n) == 0) {
                memcpy(buf + i, repl, n);
                count++;
            }
        }
        if (!heap_only) break;
    }
    f = fopen(dst, "wb");
    if (!f || fwrite(buf, 1, (size_t)size, f) != (size_t)size) abort();
    fclose(f);
    free(buf);
    return count;
}

/* Copy src to dst with the last occurrence of needle (n bytes) replaced by repl (n bytes).
 * Strings of compound tables live uncompressed in HDF5's global heap, one copy per row and in
 * the order written, so the last copy of a name is in the last table that names it. Returns 1
 * when replaced, 0 when needle is absent. */
static int patch_last(const char *src, const char *dst, const char *needle, const char *repl,
                      size_t n)
{
    FILE *f = fopen(src, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) abort();
    fclose(f);
    long last = -1;
    for (long i = 0; i + (long)n <= size; i++)
        if (memcmp(buf + i, needle, n) == 0) last = i;
    if (last >= 0) memcpy(buf + last, repl, n);
    f = fopen(dst, "wb");
    if (!f || fwrite(buf, 1, (size_t)size, f) != (size_t)size) abort();
    fclose(f);
    free(buf);
    return last >= 0;
}

static void test_roundtrip(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *empty = make_empty(), *full = make_full(), *back = NULL;
    char tmp[1024];
    /* Write twice: the second write must replace the first file (rename over it). */
    CHECK(hf_results_write(ctx, empty, ROUNDTRIP_PATH) == HF_OK);
    CHECK(hf_results_write(ctx, full, ROUNDTRIP_PATH) == HF_OK);
    CHECK_STREQ(hf_ctx_errmsg(ctx), "");
    tmp_name(tmp, sizeof tmp, ROUNDTRIP_PATH);
    CHECK(!exists(tmp));
    CHECK(hf_results_read(ctx, ROUNDTRIP_PATH, &back) == HF_OK);
    CHECK(back != NULL);
    if (back) {
        check_same(full, back);
        /* the serverless part was not empty on either side */
        CHECK_STREQ(back->mode, "decomposed_hha");
        CHECK(back->ninvokes == 3 && back->nendpoints == 2);
        if (back->ninvokes == 3 && back->nendpoints == 2) {
            CHECK_STREQ(back->endpoint_names[1], "cloud, east");
            CHECK(back->invokes[0].cold == 1 && back->invokes[0].pull == 0.0625);
            CHECK(back->invokes[2].redeployed == 2 && back->invokes[2].endpoint == 0);
        }
        CHECK(back->cold_seconds == 0.09375 && back->redeployments == 2);
        /* read results accept more transfers and invocations */
        hf_transfer_rec t = {.file = 0, .src = 0, .dst = 2, .task = 0, .bytes = 1};
        CHECK(hf_results_add_transfer(back, &t) == HF_OK);
        CHECK(back->ntransfers == 3 && back->transfers[2].dst == 2);
        hf_invoke_rec v = {.task = 3, .endpoint = 1, .resource = -1, .submit = 11.0};
        CHECK(hf_results_add_invoke(back, &v) == HF_OK);
        CHECK(back->ninvokes == 4 && back->invokes[3].submit == 11.0);
        CHECK(back->invokes[0].cold == 1); /* kept across the growth */
    }
    if (!back) fprintf(stderr, "  read: %s\n", hf_ctx_errmsg(ctx));
    hf_results_free(back);
    hf_results_free(full);
    hf_results_free(empty);
    hf_ctx_free(ctx);
}

static void test_empty_roundtrip(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_empty(), *back = NULL;
    const char *path = HF_TEST_OUT "/results-empty.h5";
    CHECK(hf_results_write(ctx, r, path) == HF_OK);
    CHECK(hf_results_read(ctx, path, &back) == HF_OK);
    CHECK(back != NULL);
    if (back) {
        check_same(r, back);
        CHECK(back->ntasks == 0 && back->nres == 0 && back->ntransfers == 0);
        CHECK(back->nfiles == 0 && back->nparams == 0);
        /* r->mode is NULL (an executor without serverless modes): written and read as direct */
        CHECK(r->mode == NULL);
        CHECK_STREQ(back->mode, "direct");
        CHECK(back->ninvokes == 0 && back->nendpoints == 0 && back->cold_starts == 0);
    }
    hf_results_free(back);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* A file of the version before the serverless modes reads as direct, with no invocations and
 * zero serverless figures; the rest as it was written (chain2.lua's worked values). Written
 * again, it gains the new parts and reads back the same. */
static void test_read_pre_serverless(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *old = NULL, *again = NULL;
    const char *path = HF_TEST_OUT "/results-pre-serverless-rewritten.h5";
    CHECK(hf_results_read(ctx, PRE_SERVERLESS_PATH, &old) == HF_OK);
    CHECK(old != NULL);
    if (!old) {
        fprintf(stderr, "  read: %s\n", hf_ctx_errmsg(ctx));
        hf_ctx_free(ctx);
        return;
    }
    CHECK_STREQ(old->mode, "direct");
    CHECK(old->ninvokes == 0 && old->invokes == NULL);
    CHECK(old->nendpoints == 0 && old->endpoint_names == NULL);
    CHECK(old->cold_starts == 0 && old->warm_starts == 0 && old->compiles == 0);
    CHECK(old->redeployments == 0);
    CHECK(old->cold_seconds == 0 && old->compile_seconds == 0);
    CHECK_STREQ(old->workflow, "chain2");
    CHECK_STREQ(old->policy, "lua");
    CHECK(old->ntasks == 2 && old->ntransfers == 1 && old->nres == 2);
    CHECK_NEAR(old->makespan, 5.502, 1e-12);
    CHECK_NEAR(old->bytes_moved, 50e6, 1e-12);

    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    hf_results_print(old, out);
    fclose(out);
    CHECK(text && !strstr(text, "mode") && !strstr(text, "cold starts"));
    free(text);

    CHECK(hf_results_write(ctx, old, path) == HF_OK);
    CHECK(hf_results_read(ctx, path, &again) == HF_OK);
    if (again) check_same(old, again);
    hf_results_free(again);
    hf_results_free(old);
    hf_ctx_free(ctx);
}

/* endpoint_names is rebuilt from /invocations in order of first appearance: an endpoint no
 * invocation names is not in the file, and the others are renumbered. */
static void test_endpoint_order(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_full(), *back = NULL;
    const char *path = HF_TEST_OUT "/results-endpoints.h5";
    for (size_t i = 0; i < r->nendpoints; i++)
        free(r->endpoint_names[i]);
    free(r->endpoint_names);
    r->nendpoints = 3;
    r->endpoint_names = calloc(3, sizeof(char *));
    r->endpoint_names[0] = xdup("never used");
    r->endpoint_names[1] = xdup("second");
    r->endpoint_names[2] = xdup("first");
    r->invokes[0].endpoint = 2;
    r->invokes[1].endpoint = 1;
    r->invokes[2].endpoint = 2;
    CHECK(hf_results_write(ctx, r, path) == HF_OK);
    CHECK(hf_results_read(ctx, path, &back) == HF_OK);
    CHECK(back && back->nendpoints == 2);
    if (back && back->nendpoints == 2) {
        CHECK_STREQ(back->endpoint_names[0], "first");
        CHECK_STREQ(back->endpoint_names[1], "second");
        CHECK(back->invokes[0].endpoint == 0);
        CHECK(back->invokes[1].endpoint == 1);
        CHECK(back->invokes[2].endpoint == 0);
    }
    hf_results_free(back);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

static void test_read_not_hdf5(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *back = (hf_results *)ctx; /* must be reset to NULL */
    const char *path = HF_TEST_OUT "/results-not-hdf5.h5";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("task,start,end\nt1,0,1\n", f);
        fclose(f);
    }
    CHECK(hf_results_read(ctx, path, &back) == HF_EINPUT);
    CHECK(back == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx),
                       "'" HF_TEST_OUT "/results-not-hdf5.h5' is not a hetflow results file");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "not an HDF5 file");

    CHECK(hf_results_read(ctx, HF_TEST_OUT "/no-such-results.h5", &back) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot read '" HF_TEST_OUT "/no-such-results.h5'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "No such file or directory");
    hf_ctx_free(ctx);
}

/* Files made by patching names in a valid file. */
static void test_read_malformed(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *full = make_full(), *back = NULL;
    const char *good = HF_TEST_OUT "/results-good.h5";
    const char *nofmt = HF_TEST_OUT "/results-no-format.h5";
    const char *wrongfmt = HF_TEST_OUT "/results-wrong-format.h5";
    const char *notasks = HF_TEST_OUT "/results-no-tasks.h5";
    const char *trunc = HF_TEST_OUT "/results-truncated.h5";
    /* Byte patches in the layout without checksums (files hetflow wrote before them): the
     * reader's own checks stay the guard there. The current layout is refused by HDF5's
     * checksums first (test_read_checksums). */
    CHECK(hf_results_save(ctx, full, good, HF_WRITE_REPLACE | HF_WRITE_LEGACY) == HF_OK);

    /* HDF5, but no attribute named format. */
    CHECK(patch_copy(good, nofmt, "format", "fOrmat", 7, 0) == 1);
    CHECK(hf_results_read(ctx, nofmt, &back) == HF_EINPUT);
    CHECK(back == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "'" HF_TEST_OUT "/results-no-format.h5' is not a "
                                           "hetflow results file (no 'format' attribute)");

    CHECK(patch_copy(good, wrongfmt, "hetflow-results", "hetflow-resultz", 15, 0) == 1);
    CHECK(hf_results_read(ctx, wrongfmt, &back) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "(format is 'hetflow-resultz')");

    /* The root group's link "tasks" renamed "taskz". */
    CHECK(patch_copy(good, notasks, "tasks", "taskz", 6, 1) == 1);
    CHECK(hf_results_read(ctx, notasks, &back) == HF_EINPUT);
    CHECK(back == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "missing dataset '/tasks'");

    /* /invocations: a column renamed in its type, a task and a resource no other table has
     * (the last copy of a name is the last table row naming it). */
    const char *nocol = HF_TEST_OUT "/results-no-compile.h5";
    const char *badtask = HF_TEST_OUT "/results-invoke-task.h5";
    const char *badres = HF_TEST_OUT "/results-invoke-res.h5";
    CHECK(patch_copy(good, nocol, "compile", "compilf", 8, 0) == 1);
    CHECK(hf_results_read(ctx, nocol, &back) == HF_EINPUT);
    CHECK(back == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "dataset '/invocations' has no column 'compile'");
    CHECK(patch_last(good, badtask, "t1 stage-in", "t1 stage-on", 12) == 1);
    CHECK(hf_results_read(ctx, badtask, &back) == HF_EINPUT);
    CHECK(back == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "'" HF_TEST_OUT "/results-invoke-task.h5': "
                                           "/invocations row 0: unknown task 't1 stage-on' in "
                                           "column 'task'");
    CHECK(patch_last(good, badres, "cpu node 0", "cpu node 9", 11) == 1);
    CHECK(hf_results_read(ctx, badres, &back) == HF_EINPUT);
    CHECK(back == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "/invocations row 2: unknown resource 'cpu node 9' in "
                                           "column 'resource'");

    /* Truncated: an error, never a crash. */
    FILE *in = fopen(good, "rb"), *out = fopen(trunc, "wb");
    CHECK(in && out);
    if (in && out) {
        char buf[4096];
        size_t n = fread(buf, 1, sizeof buf, in);
        fwrite(buf, 1, n / 2, out);
    }
    if (in) fclose(in);
    if (out) fclose(out);
    CHECK(hf_results_read(ctx, trunc, &back) != HF_OK);
    CHECK(back == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "results-truncated.h5");

    hf_results_free(full);
    hf_ctx_free(ctx);
}

static void test_write_failures(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *full = make_full(), *back = NULL;
    char tmp[1024];

    /* Missing directory: HF_EIO, no temporary file. */
    const char *nodir = HF_TEST_OUT "/no-such-dir/results.h5";
    CHECK(hf_results_write(ctx, full, nodir) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/no-such-dir/results.h5'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "No such file or directory");
    tmp_name(tmp, sizeof tmp, nodir);
    CHECK(!exists(tmp));
    CHECK(!exists(nodir));

    /* The target is a directory: refused (a non-regular file is never replaced) once the whole
     * file was written; the temporary file must be removed and the directory left alone. */
    const char *dir = HF_TEST_OUT "/results-dir-target";
    mkdir(dir, 0777);
    CHECK(hf_results_write(ctx, full, dir) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/results-dir-target'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "it is a directory");
    tmp_name(tmp, sizeof tmp, dir);
    CHECK(!exists(tmp));
    struct stat st;
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));

    /* Invalid results: refused, and an earlier file at path survives untouched. */
    const char *keep = HF_TEST_OUT "/results-keep.h5";
    CHECK(hf_results_write(ctx, full, keep) == HF_OK);
    full->transfers[1].file = 7;
    CHECK(hf_results_write(ctx, full, keep) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "transfer 1 has an index out of range");
    full->transfers[1].file = 1;
    free(full->res[2].name);
    full->res[2].name = xdup("cpu node 0");
    CHECK(hf_results_write(ctx, full, keep) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "duplicate resource name 'cpu node 0'");
    free(full->res[2].name);
    full->res[2].name = xdup("idle node");
    full->invokes[1].endpoint = 2;
    CHECK(hf_results_write(ctx, full, keep) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "invocation 1 has an index out of range (task 1 of 4, "
                                           "endpoint 2 of 2, resource 1 of 3)");
    full->invokes[1].endpoint = 1;
    full->invokes[2].task = -1;
    CHECK(hf_results_write(ctx, full, keep) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "invocation 2 has an index out of range");
    full->invokes[2].task = 2;
    free(full->endpoint_names[1]);
    full->endpoint_names[1] = xdup("hpc ✓");
    CHECK(hf_results_write(ctx, full, keep) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "duplicate endpoint name 'hpc ✓'");
    tmp_name(tmp, sizeof tmp, keep);
    CHECK(!exists(tmp));
    CHECK(hf_results_read(ctx, keep, &back) == HF_OK);
    CHECK(back && back->ntasks == 4 && strcmp(back->res[2].name, "idle node") == 0);

    hf_results_free(back);
    hf_results_free(full);
    hf_ctx_free(ctx);
}

static size_t utf8_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
    return w;
}

static void test_print(void)
{
    hf_results *full = make_full();
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    CHECK(out != NULL);
    if (!out) return;
    hf_results_print(full, out);
    fclose(out);
    CHECK_STR_CONTAINS(text, "policy       heft\n");
    CHECK_STR_CONTAINS(text, "seed         18446744073709551557\n");
    CHECK_STR_CONTAINS(text, "completed    no\n");
    CHECK_STR_CONTAINS(text, "tasks        4 (3 ran)\n");
    CHECK_STR_CONTAINS(text, "makespan     11.25 s\n");
    CHECK_STR_CONTAINS(text, "energy       13382.7 J (13.4 kJ)\n");
    CHECK_STR_CONTAINS(text, "bytes moved  3000000 B (3.00 MB)\n");
    CHECK_STR_CONTAINS(text, "transfers    2\n");
    CHECK_STR_CONTAINS(text, "policy       heft\nmode         decomposed_hha\n");
    CHECK_STR_CONTAINS(text, "transfers    2\n"
                             "cold starts  1 (0.09375 s pull + init)\n"
                             "warm starts  2\n"
                             "compiles     1 (0.0078125 s)\n"
                             "redeploys    2\n\n");
    CHECK_STR_CONTAINS(text, "resource");
    CHECK_STR_CONTAINS(text, "utilisation (%)");
    CHECK_STR_CONTAINS(text, "gpu-α 1");
    /* utilisation of cpu node 0: 40.25 / (32 x 11.25) = 11.18 % */
    CHECK_STR_CONTAINS(text, "11.2");

    /* The table (after the blank line): header, rule and 3 rows, all the same display width. */
    const char *table = text ? strstr(text, "\n\n") : NULL;
    CHECK(table != NULL);
    if (table) {
        size_t lines = 0, width = 0;
        int same = 1;
        for (const char *p = table + 2; *p;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            size_t w = utf8_width(p, n);
            if (lines == 0)
                width = w;
            else if (w != width)
                same = 0;
            lines++;
            p += n + (nl ? 1 : 0);
        }
        CHECK(lines == 5);
        CHECK(same);
    }
    free(text);

    /* Direct mode (NULL or "direct"): no serverless lines, but compiles when there were any. */
    free(full->mode);
    full->mode = NULL;
    out = open_memstream(&text, &len);
    hf_results_print(full, out);
    fclose(out);
    CHECK_STR_CONTAINS(text, "transfers    2\ncompiles     1 (0.0078125 s)\n\n");
    CHECK(text && !strstr(text, "mode") && !strstr(text, "starts") && !strstr(text, "redeploys"));
    free(text);
    full->mode = xdup("direct");
    full->compiles = 0;
    out = open_memstream(&text, &len);
    hf_results_print(full, out);
    fclose(out);
    CHECK_STR_CONTAINS(text, "transfers    2\n\n");
    CHECK(text && !strstr(text, "mode") && !strstr(text, "compiles"));
    free(text);

    /* Partially filled results print without crashing. */
    hf_results *bare = hf_results_new();
    out = open_memstream(&text, &len);
    hf_results_print(bare, out);
    fclose(out);
    CHECK_STR_CONTAINS(text, "scenario     -\n");
    CHECK(text && !strstr(text, "compiles"));
    free(text);
    hf_results_free(bare);
    hf_results_free(full);
}

static void test_growth_and_free(void)
{
    hf_results *r = hf_results_new();
    CHECK(r != NULL);
    for (int i = 0; i < 1000; i++) {
        hf_transfer_rec t = {.file = i, .src = 1, .dst = 2, .task = 3, .bytes = i * 0.5};
        CHECK(hf_results_add_transfer(r, &t) == HF_OK);
    }
    CHECK(r->ntransfers == 1000 && r->cap_transfers >= 1000);
    CHECK(r->transfers[999].file == 999 && r->transfers[999].bytes == 499.5);
    CHECK(r->transfers[0].file == 0 && r->transfers[0].dst == 2);
    for (int i = 0; i < 1000; i++) {
        hf_invoke_rec v = {.task = i, .endpoint = 1, .cold = i % 2, .pull = i * 0.25};
        CHECK(hf_results_add_invoke(r, &v) == HF_OK);
    }
    CHECK(r->ninvokes == 1000 && r->cap_invokes >= 1000);
    CHECK(r->invokes[999].task == 999 && r->invokes[999].pull == 249.75);
    CHECK(r->invokes[0].task == 0 && r->invokes[0].endpoint == 1 && r->invokes[1].cold == 1);

    /* Partially filled tables (NULL strings, counts set) free cleanly under valgrind. */
    r->ntasks = 3;
    r->tasks = calloc(3, sizeof *r->tasks);
    r->tasks[1].name = xdup("only one");
    r->nparams = 2;
    r->param_names = calloc(2, sizeof(char *));
    r->policy = xdup("heft");
    r->mode = xdup("monolith");
    r->nendpoints = 2;
    r->endpoint_names = calloc(2, sizeof(char *));
    r->endpoint_names[1] = xdup("ep");
    hf_results_free(r);
    hf_results_free(NULL);
}

int main(void)
{
    test_roundtrip();
    test_empty_roundtrip();
    test_read_pre_serverless();
    test_endpoint_order();
    test_read_not_hdf5();
    test_read_malformed();
    test_write_failures();
    test_print();
    test_growth_and_free();
    return hf_check_summary();
}
