/* test_results.c: results module: HDF5 round trip, bad files, failed writes, printing, growth. */
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


/* The round-trip file; tests/unit/h5py_check.py is run on it with these expected values. */
#define ROUNDTRIP_PATH HF_TEST_OUT "/results-roundtrip.h5"
#define ROUNDTRIP_MAKESPAN 11.25
#define ROUNDTRIP_TASKS 4

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

/* 3 resources (one idle), 4 tasks (one never ran), 2 transfers, 2 parameters; names with
 * spaces and UTF-8; values that do not round-trip through decimal text (0.1 + 0.2, 1/3). */
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
    return r;
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
        /* read results accept more transfers */
        hf_transfer_rec t = {.file = 0, .src = 0, .dst = 2, .task = 0, .bytes = 1};
        CHECK(hf_results_add_transfer(back, &t) == HF_OK);
        CHECK(back->ntransfers == 3 && back->transfers[2].dst == 2);
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
    CHECK(hf_results_write(ctx, full, good) == HF_OK);

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

    /* The rename fails (target is a directory) after the whole file was written: the temporary
     * file must be removed and the directory left alone. */
    const char *dir = HF_TEST_OUT "/results-dir-target";
    mkdir(dir, 0777);
    CHECK(hf_results_write(ctx, full, dir) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/results-dir-target'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot rename");
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

    /* Partially filled results print without crashing. */
    hf_results *bare = hf_results_new();
    out = open_memstream(&text, &len);
    hf_results_print(bare, out);
    fclose(out);
    CHECK_STR_CONTAINS(text, "scenario     -\n");
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

    /* Partially filled tables (NULL strings, counts set) free cleanly under valgrind. */
    r->ntasks = 3;
    r->tasks = calloc(3, sizeof *r->tasks);
    r->tasks[1].name = xdup("only one");
    r->nparams = 2;
    r->param_names = calloc(2, sizeof(char *));
    r->policy = xdup("heft");
    hf_results_free(r);
    hf_results_free(NULL);
}

int main(void)
{
    test_roundtrip();
    test_empty_roundtrip();
    test_read_not_hdf5();
    test_read_malformed();
    test_write_failures();
    test_print();
    test_growth_and_free();
    return hf_check_summary();
}
