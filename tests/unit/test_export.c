/* test_export.c: trace-event JSON and CSV export: events, times, lanes, names, quoting, errors,
 * serverless invocations (start-up slices, invocations.csv, summary figures). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "check.h"
#include "hetflow/hf_results.h"

#ifndef HF_TEST_OUT
#define HF_TEST_OUT "/tmp"
#endif

static char *xdup(const char *s)
{
    char *d = strdup(s);
    if (!d) abort();
    return d;
}

static void set_res(hf_res_rec *s, const char *name, const char *kind, const char *site, int cores)
{
    s->name = xdup(name);
    s->kind = xdup(kind);
    s->site = xdup(site);
    s->cores = cores;
    s->speed = 1e9;
}

static void set_task(hf_task_rec *t, const char *name, int res, double dispatch, double start,
                     double end)
{
    t->name = xdup(name);
    t->resource = res;
    t->variant = xdup(res == 1 ? "gpu" : "cpu");
    t->cores = 2;
    t->ready = dispatch > 0.5 ? dispatch - 0.5 : 0;
    t->dispatch = dispatch;
    t->start = start;
    t->end = end;
    t->bytes_in = 1000;
    t->bytes_out = 2000;
    t->energy = 10;
}

static void add_transfer(hf_results *r, int file, int task, double start, double end)
{
    hf_transfer_rec x = {
        .file = file, .src = 1, .dst = 0, .task = task, .bytes = 500, .start = start, .end = end};
    if (hf_results_add_transfer(r, &x) != HF_OK) abort();
}

/* Sites "A" (resources 0 and 2, in that platform order) and "B" (resource 1).
 * On "node a" (4 cores):
 *   t1: dispatch 1, start 1.5, end 4   -> stage-in [1, 1.5], compute [1.5, 4]: lane 0
 *   t2: dispatch 2, start 2, end 3     -> overlaps t1: lane 1, no stage-in slice
 *   t3: dispatch 4, start 4.25, end 5  -> t1 has ended at 4 (touching is free): lane 0 again
 * On "gpu 1": t4 'x, "q"' [0, 2]. "node c" is idle. t5 never ran.
 * Transfers (network): a.dat [1, 1.5] lane 0, c.dat [1.2, 1.4] overlaps: lane 1,
 * b.dat [4, 4.25]: lane 0 again.
 * pids: A = 1, B = 2, network = 3; tids from 4 in platform order: node a 4, 5; gpu 1 6;
 * node c 7; network 8, 9. Events: M = 2 per process (3) + 2 per lane (6) = 18;
 * X = 4 tasks + 2 stage-in + 3 transfers = 9. */
static hf_results *make_results(void)
{
    hf_results *r = hf_results_new();
    if (!r) abort();
    r->hetflow_version = xdup("0.1.0");
    r->simgrid_version = xdup("3.35.0");
    r->scenario = xdup("test.lua");
    r->platform = xdup("two sites");
    r->workflow = xdup("wf");
    r->policy = xdup("fcfs");
    r->seed = UINT64_C(18446744073709551557);
    r->completed = 0;
    r->nparams = 2;
    r->param_names = calloc(2, sizeof(char *));
    r->param_values = calloc(2, sizeof(char *));
    r->param_names[0] = xdup("gpu.noise");
    r->param_values[0] = xdup("0.05");
    r->param_names[1] = xdup("label");
    r->param_values[1] = xdup("a,b");

    r->nres = 3;
    r->res = calloc(3, sizeof *r->res);
    set_res(&r->res[0], "node a", "cpu", "A", 4);
    set_res(&r->res[1], "gpu 1", "gpu", "B", 1);
    set_res(&r->res[2], "node\nc", "cpu", "A", 8);
    r->res[0].tasks = 3;
    r->res[0].busy_time = 4;
    r->res[0].core_seconds = 0.1;
    r->res[0].utilisation = 1.0 / 3.0;
    r->res[0].energy = 123.5;

    r->ntasks = 5;
    r->tasks = calloc(5, sizeof *r->tasks);
    set_task(&r->tasks[0], "t1", 0, 1.0, 1.5, 4.0);
    set_task(&r->tasks[1], "t2", 0, 2.0, 2.0, 3.0);
    set_task(&r->tasks[2], "t3", 0, 4.0, 4.25, 5.0);
    set_task(&r->tasks[3], "t4, \"q\"", 1, 0.0, 0.0, 2.0);
    set_task(&r->tasks[4], "t5", -1, 0, 0, 0);
    r->tasks[1].energy = NAN; /* JSON has no NaN: written as null */

    r->nfiles = 3;
    r->file_names = calloc(3, sizeof(char *));
    r->file_names[0] = xdup("a.dat");
    r->file_names[1] = xdup("b.dat");
    r->file_names[2] = xdup("c.dat");
    add_transfer(r, 0, 0, 1.0, 1.5);
    add_transfer(r, 2, 0, 1.2, 1.4);
    add_transfer(r, 1, 2, 4.0, 4.25);
    r->makespan = 5.0;
    r->energy = 123.5;
    r->bytes_moved = 1500;
    return r;
}

static void add_endpoints(hf_results *r, const char *a, const char *b)
{
    r->nendpoints = 2;
    r->endpoint_names = calloc(2, sizeof(char *));
    r->endpoint_names[0] = xdup(a);
    r->endpoint_names[1] = xdup(b);
}

static void add_invoke(hf_results *r, int task, int endpoint, int cold, int redeployed,
                       double submit, double start, double latency, double overhead, double pull,
                       double init, double compile)
{
    hf_invoke_rec v = {.task = task,
                       .endpoint = endpoint,
                       .resource = r->tasks[task].resource,
                       .cold = cold,
                       .redeployed = redeployed,
                       .submit = submit,
                       .start = start,
                       .latency = latency,
                       .overhead = overhead,
                       .pull = pull,
                       .init = init,
                       .compile = compile};
    if (hf_results_add_invoke(r, &v) != HF_OK) abort();
}

/* make_results() run in mode decomposed on endpoints "hpc" and "cloud, \"b\"":
 *   t1 cold (hpc): start 1 = its dispatch; latency 1/8 + overhead 1/16 + pull 1/16 + init 1/32
 *      + compile 1/32 = 0.3125 s -> "cold start t1" [1, 1.3125], "stage-in t1" [1.3125, 1.5];
 *   t3 warm (cloud), redeployed once: start 4 = dispatch, latency 1/8 + overhead 1/16
 *      = 0.1875 s -> "warm start t3" [4, 4.1875], "stage-in t3" [4.1875, 4.25];
 *   t4 warm (hpc) with no start-up time at all: no slice;
 *   t2 warm (cloud) started at 1.75, before its dispatch at 2 (not what the executor records):
 *      "warm start t2" [1.75, 2]; t2 then holds its lane from 1.75, still lane 1 (t1 holds
 *      lane 0 from 1). */
static void make_serverless(hf_results *r)
{
    r->mode = xdup("decomposed");
    add_endpoints(r, "hpc", "cloud, \"b\"");
    add_invoke(r, 0, 0, 1, 0, 0.5, 1.0, 0.125, 0.0625, 0.0625, 0.03125, 0.03125);
    add_invoke(r, 3, 0, 0, 0, 0.0, 0.0, 0, 0, 0, 0, 0);
    add_invoke(r, 1, 1, 0, 0, 1.5, 1.75, 0.125, 0.125, 0, 0, 0);
    add_invoke(r, 2, 1, 0, 1, 3.5, 4.0, 0.125, 0.0625, 0, 0, 0);
    r->cold_starts = 1;
    r->warm_starts = 3;
    r->cold_seconds = 0.09375;
    r->compile_seconds = 0.03125;
    r->compiles = 1;
    r->redeployments = 1;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Whole file as a string (caller frees), NULL when it cannot be read. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) abort();
    s[n] = '\0';
    fclose(f);
    return s;
}

static const char *sget(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static double nget(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The first event with phase ph and name, or NULL. */
static json_t *find_event(json_t *events, const char *ph, const char *name)
{
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev)
    {
        const char *p = sget(ev, "ph"), *n = sget(ev, "name");
        if (p && n && strcmp(p, ph) == 0 && strcmp(n, name) == 0) return ev;
    }
    return NULL;
}

/* The args.name of the metadata event what ("thread_name", "process_name") for pid, tid
 * (tid < 0: any). */
static const char *meta_name(json_t *events, const char *what, double pid, double tid)
{
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev)
    {
        if (strcmp(sget(ev, "ph"), "M") || strcmp(sget(ev, "name"), what)) continue;
        if (nget(ev, "pid") == pid && (tid < 0 || nget(ev, "tid") == tid))
            return sget(json_object_get(ev, "args"), "name");
    }
    return NULL;
}

static size_t count_phase(json_t *events, const char *ph)
{
    size_t i, n = 0;
    json_t *ev;
    json_array_foreach(events, i, ev)
    {
        const char *p = sget(ev, "ph");
        if (p && strcmp(p, ph) == 0) n++;
    }
    return n;
}

typedef struct span {
    double tid;
    int64_t ts, end; /* ns, as Perfetto rounds them */
} span;

static int cmp_span(const void *pa, const void *pb)
{
    const span *a = pa, *b = pb;
    if (a->tid != b->tid) return a->tid < b->tid ? -1 : 1;
    return a->ts < b->ts ? -1 : a->ts > b->ts;
}

/* Whether no two "X" slices on one tid overlap (touching is fine). */
static int lanes_disjoint(json_t *events)
{
    size_t n = json_array_size(events), m = 0, i;
    span *s = calloc(n ? n : 1, sizeof *s);
    json_t *ev;
    json_array_foreach(events, i, ev)
    {
        if (strcmp(sget(ev, "ph"), "X")) continue;
        int64_t ts = llround(nget(ev, "ts") * 1000), dur = llround(nget(ev, "dur") * 1000);
        s[m++] = (span){nget(ev, "tid"), ts, ts + dur};
    }
    qsort(s, m, sizeof *s, cmp_span);
    int ok = 1;
    for (size_t k = 1; k < m; k++)
        if (s[k].tid == s[k - 1].tid && s[k].ts < s[k - 1].end) ok = 0;
    free(s);
    return ok;
}

static void test_trace(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    const char *path = HF_TEST_OUT "/export-trace.json";
    char tmp[1024];
    remove(path);
    CHECK(hf_results_export_trace(ctx, r, path, 1) == HF_OK);
    CHECK_STREQ(hf_ctx_errmsg(ctx), "");
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    CHECK(!exists(tmp));

    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    CHECK(root != NULL);
    if (!root) {
        fprintf(stderr, "  %s:%d: %s\n", path, jerr.line, jerr.text);
        goto done;
    }
    json_t *events = json_object_get(root, "traceEvents");
    CHECK(json_is_array(events));
    CHECK(json_array_size(events) == 27);
    CHECK(count_phase(events, "M") == 18);
    CHECK(count_phase(events, "X") == 9);
    CHECK(find_event(events, "X", "t5") == NULL); /* never ran */

    /* t1: start 1.5 s, end 4 s -> ts 1500000 us, dur 2500000 us. */
    json_t *t1 = find_event(events, "X", "t1");
    CHECK(t1 != NULL);
    if (!t1) goto done;
    CHECK(nget(t1, "ts") == 1500000);
    CHECK(nget(t1, "dur") == 2500000);
    CHECK(nget(t1, "pid") == 1);
    CHECK(nget(t1, "tid") == 4);
    CHECK_STREQ(sget(t1, "cat"), "task");
    json_t *a = json_object_get(t1, "args");
    CHECK_STREQ(sget(a, "resource"), "node a");
    CHECK_STREQ(sget(a, "variant"), "cpu");
    CHECK(nget(a, "cores") == 2);
    CHECK(nget(a, "ready") == 0.5);
    CHECK(nget(a, "dispatch") == 1.0);
    CHECK(nget(a, "start") == 1.5);
    CHECK(nget(a, "end") == 4.0);
    CHECK(nget(a, "bytes_in") == 1000);
    CHECK(nget(a, "bytes_out") == 2000);
    CHECK(nget(a, "energy") == 10);

    /* Its stage-in: dispatch 1 s to start 1.5 s, same lane. */
    json_t *s1 = find_event(events, "X", "stage-in t1");
    CHECK(s1 != NULL);
    if (s1) {
        CHECK(nget(s1, "ts") == 1000000);
        CHECK(nget(s1, "dur") == 500000);
        CHECK(nget(s1, "tid") == nget(t1, "tid"));
        CHECK_STREQ(sget(s1, "cat"), "stage-in");
        CHECK_STREQ(sget(json_object_get(s1, "args"), "task"), "t1");
    }
    CHECK(find_event(events, "X", "stage-in t2") == NULL); /* dispatch == start */

    /* t2 overlaps t1: another lane; t3 follows t1: the same lane. */
    json_t *t2 = find_event(events, "X", "t2"), *t3 = find_event(events, "X", "t3");
    CHECK(t2 && t3);
    if (!t2 || !t3) goto done;
    CHECK(nget(t2, "tid") == 5);
    CHECK(nget(t2, "pid") == 1);
    CHECK(nget(t3, "tid") == nget(t1, "tid"));
    CHECK(json_is_null(json_object_get(json_object_get(t2, "args"), "energy")));
    CHECK(nget(t3, "ts") == 4250000 && nget(t3, "dur") == 750000);
    CHECK(lanes_disjoint(events));

    /* The comma-and-quote name survives; it runs on site B. */
    json_t *t4 = find_event(events, "X", "t4, \"q\"");
    CHECK(t4 != NULL);
    if (t4) CHECK(nget(t4, "pid") == 2 && nget(t4, "tid") == 6 && nget(t4, "dur") == 2000000);

    /* Metadata names and sort order. */
    CHECK_STREQ(meta_name(events, "process_name", 1, -1), "A");
    CHECK_STREQ(meta_name(events, "process_name", 2, -1), "B");
    CHECK_STREQ(meta_name(events, "process_name", 3, -1), "network");
    CHECK_STREQ(meta_name(events, "thread_name", 1, 4), "node a");
    CHECK_STREQ(meta_name(events, "thread_name", 1, 5), "node a #2");
    CHECK_STREQ(meta_name(events, "thread_name", 2, 6), "gpu 1");
    CHECK_STREQ(meta_name(events, "thread_name", 1, 7), "node\nc"); /* idle, still named */
    CHECK_STREQ(meta_name(events, "thread_name", 3, 8), "transfers");
    CHECK_STREQ(meta_name(events, "thread_name", 3, 9), "transfers #2");
    json_t *sort = find_event(events, "M", "process_sort_index");
    CHECK(sort && nget(json_object_get(sort, "args"), "sort_index") == nget(sort, "pid"));

    /* Transfers. */
    json_t *xa = find_event(events, "X", "a.dat"), *xb = find_event(events, "X", "b.dat"),
           *xc = find_event(events, "X", "c.dat");
    CHECK(xa && xb && xc);
    if (xa && xb && xc) {
        CHECK(nget(xa, "pid") == 3 && nget(xa, "tid") == 8);
        CHECK(nget(xc, "tid") == 9);
        CHECK(nget(xb, "tid") == 8);
        CHECK(nget(xc, "ts") == 1200000);
        CHECK_NEAR(nget(xc, "dur"), 200000, 1e-12);
        json_t *xargs = json_object_get(xa, "args");
        CHECK_STREQ(sget(xargs, "src"), "gpu 1");
        CHECK_STREQ(sget(xargs, "dst"), "node a");
        CHECK_STREQ(sget(xargs, "task"), "t1");
        CHECK(nget(xargs, "bytes") == 500);
        CHECK_STREQ(sget(xa, "cat"), "transfer");
    }

    json_t *other = json_object_get(root, "otherData");
    CHECK_STREQ(sget(other, "format"), "hetflow-trace");
    CHECK_STREQ(sget(other, "seed"), "18446744073709551557");
    CHECK_STREQ(sget(other, "policy"), "fcfs");
    CHECK(nget(other, "makespan") == 5.0);
    CHECK(json_is_false(json_object_get(other, "completed")));
    CHECK_STREQ(sget(other, "mode"), "direct"); /* mode NULL */
    CHECK(nget(other, "invocations") == 0 && nget(other, "cold_starts") == 0);
done:
    json_decref(root);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

static void test_trace_startup(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    const char *path = HF_TEST_OUT "/export-startup.json";
    make_serverless(r);
    CHECK(hf_results_export_trace(ctx, r, path, 1) == HF_OK);
    json_t *root = json_load_file(path, 0, NULL);
    json_t *events = json_object_get(root, "traceEvents");
    CHECK(root != NULL);
    /* test_trace's 27 events, plus 3 start-up slices */
    CHECK(json_array_size(events) == 30);
    CHECK(count_phase(events, "X") == 12);
    json_t *c1 = find_event(events, "X", "cold start t1"),
           *s1 = find_event(events, "X", "stage-in t1"), *t1 = find_event(events, "X", "t1");
    CHECK(c1 && s1 && t1);
    if (c1 && s1 && t1) {
        CHECK(nget(c1, "ts") == 1000000 && nget(c1, "dur") == 312500);
        CHECK(nget(s1, "ts") == 1312500 && nget(s1, "dur") == 187500);
        CHECK(nget(t1, "ts") == 1500000);
        CHECK(nget(c1, "tid") == 4 && nget(s1, "tid") == 4 && nget(c1, "pid") == 1);
        CHECK_STREQ(sget(c1, "cat"), "startup");
        json_t *a = json_object_get(c1, "args");
        CHECK_STREQ(sget(a, "task"), "t1");
        CHECK_STREQ(sget(a, "endpoint"), "hpc");
        CHECK_STREQ(sget(a, "resource"), "node a");
        CHECK(json_is_true(json_object_get(a, "cold")));
        CHECK(nget(a, "redeployed") == 0);
        CHECK(nget(a, "submit") == 0.5 && nget(a, "start") == 1.0);
        CHECK(nget(a, "latency") == 0.125 && nget(a, "overhead") == 0.0625);
        CHECK(nget(a, "pull") == 0.0625 && nget(a, "init") == 0.03125);
        CHECK(nget(a, "compile") == 0.03125);
    }
    json_t *w3 = find_event(events, "X", "warm start t3"),
           *s3 = find_event(events, "X", "stage-in t3");
    CHECK(w3 && s3);
    if (w3 && s3) {
        CHECK(nget(w3, "ts") == 4000000 && nget(w3, "dur") == 187500);
        CHECK(nget(s3, "ts") == 4187500 && nget(s3, "dur") == 62500);
        CHECK(nget(w3, "tid") == 4);
        json_t *a = json_object_get(w3, "args");
        CHECK(json_is_false(json_object_get(a, "cold")));
        CHECK(nget(a, "redeployed") == 1);
        CHECK_STREQ(sget(a, "endpoint"), "cloud, \"b\"");
    }
    json_t *w2 = find_event(events, "X", "warm start t2");
    CHECK(w2 != NULL);
    if (w2) CHECK(nget(w2, "ts") == 1750000 && nget(w2, "dur") == 250000 && nget(w2, "tid") == 5);
    CHECK(find_event(events, "X", "stage-in t2") == NULL);          /* dispatch == start */
    CHECK(find_event(events, "X", "warm start t4, \"q\"") == NULL); /* no start-up time */
    CHECK(lanes_disjoint(events));

    json_t *other = json_object_get(root, "otherData");
    CHECK_STREQ(sget(other, "mode"), "decomposed");
    CHECK(nget(other, "invocations") == 4 && nget(other, "cold_starts") == 1);
    CHECK(nget(other, "warm_starts") == 3 && nget(other, "cold_seconds") == 0.09375);
    CHECK(nget(other, "compile_seconds") == 0.03125 && nget(other, "compiles") == 1);
    CHECK(nget(other, "redeployments") == 1);
    json_decref(root);

    /* A start-up longer than dispatch -> start (not what the executor records) is cut at the
     * task's start: t1's [1, 1.5], no stage-in. */
    r->invokes[0].pull = 1.0;
    CHECK(hf_results_export_trace(ctx, r, path, 1) == HF_OK);
    root = json_load_file(path, 0, NULL);
    events = json_object_get(root, "traceEvents");
    c1 = find_event(events, "X", "cold start t1");
    CHECK(c1 && nget(c1, "ts") == 1000000 && nget(c1, "dur") == 500000);
    CHECK(find_event(events, "X", "stage-in t1") == NULL);
    CHECK(lanes_disjoint(events));
    json_decref(root);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* Sub-microsecond times: ts and dur are rounded to whole ns once, so that a slice starting
 * where another ends never overlaps it by a rounding error (1/3 s has no exact decimal). */
static void test_trace_rounding(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    const char *path = HF_TEST_OUT "/export-rounding.json";
    r->tasks[0].dispatch = 0.1;
    r->tasks[0].start = 1.0 / 3.0;
    r->tasks[0].end = 2.0 / 3.0;
    r->tasks[2].dispatch = 2.0 / 3.0;
    r->tasks[2].start = 0.7 + 1e-10;
    CHECK(hf_results_export_trace(ctx, r, path, 1) == HF_OK);
    json_t *root = json_load_file(path, 0, NULL);
    json_t *events = json_object_get(root, "traceEvents");
    json_t *t1 = find_event(events, "X", "t1"), *s3 = find_event(events, "X", "stage-in t3");
    CHECK(t1 && s3);
    if (t1 && s3) {
        /* 1/3 s = 333333333 ns (rounded) = 333333.333 us; end 666666667 ns. */
        CHECK(llround(nget(t1, "ts") * 1000) == 333333333);
        CHECK(llround(nget(t1, "dur") * 1000) == 333333334);
        CHECK(llround(nget(s3, "ts") * 1000) == 666666667);
        CHECK(nget(s3, "tid") == nget(t1, "tid"));
        CHECK(llround(nget(s3, "dur") * 1000) == 700000000 - 666666667);
    }
    CHECK(lanes_disjoint(events));
    json_decref(root);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* Many random tasks on two resources: no overlap on any lane, and exactly as many lanes as the
 * largest number of tasks that overlap at one instant (greedy interval partitioning is
 * optimal). */
static void test_trace_random_lanes(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    const char *path = HF_TEST_OUT "/export-random.json";
    enum { N = 300 };
    for (size_t i = 0; i < r->ntasks; i++) {
        free(r->tasks[i].name);
        free(r->tasks[i].variant);
    }
    free(r->tasks);
    r->ntasks = N;
    r->tasks = calloc(N, sizeof *r->tasks);
    srand(42);
    int64_t b[N], e[N];
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "r%d", i);
        /* Durations are positive: a zero-length slot may need a lane of its own. */
        double d = rand() % 1000 / 10.0, s = d + rand() % 3 / 10.0,
               f = s + (1 + rand() % 50) / 10.0;
        set_task(&r->tasks[i], name, i % 2 ? 0 : 2, d, s, f);
        b[i] = llround(d * 1e9);
        e[i] = llround(f * 1e9);
    }
    /* Largest overlap on resource 0 (odd tasks) by brute force over the begin instants. */
    size_t want = 0;
    for (int i = 1; i < N; i += 2) {
        size_t n = 0;
        for (int j = 1; j < N; j += 2)
            if (b[j] <= b[i] && b[i] < e[j]) n++;
        if (n > want) want = n;
    }
    CHECK(want >= 3); /* the case is worth testing */
    CHECK(hf_results_export_trace(ctx, r, path, 1) == HF_OK);
    json_t *root = json_load_file(path, 0, NULL);
    json_t *events = json_object_get(root, "traceEvents");
    CHECK(count_phase(events, "X") >= N);
    CHECK(lanes_disjoint(events));
    size_t i, lanes = 0;
    json_t *ev;
    json_array_foreach(events, i, ev)
    {
        const char *n = sget(json_object_get(ev, "args"), "name");
        if (strcmp(sget(ev, "name"), "thread_name") == 0 && n && strncmp(n, "node a", 6) == 0)
            lanes++;
    }
    CHECK(lanes == want);
    json_decref(root);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* No tables at all: still a valid trace, and CSV files with headers only. */
static void test_empty(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = hf_results_new();
    const char *path = HF_TEST_OUT "/export-empty.json";
    CHECK(hf_results_export_trace(ctx, r, path, 1) == HF_OK);
    json_t *root = json_load_file(path, 0, NULL);
    CHECK(root && json_array_size(json_object_get(root, "traceEvents")) == 0);
    CHECK_STREQ(sget(json_object_get(root, "otherData"), "scenario"), "");
    json_decref(root);

    CHECK(hf_results_export_csv(ctx, r, HF_TEST_OUT "/export-empty-csv", 1) == HF_OK);
    char *t = slurp(HF_TEST_OUT "/export-empty-csv/transfers.csv");
    CHECK_STREQ(t, "file,src,dst,task,bytes,start,end\n");
    free(t);
    t = slurp(HF_TEST_OUT "/export-empty-csv/invocations.csv");
    CHECK_STREQ(t, "task,endpoint,resource,cold,redeployed,submit,start,latency,overhead,pull,"
                   "init,compile\n");
    free(t);
    t = slurp(HF_TEST_OUT "/export-empty-csv/summary.csv");
    CHECK_STREQ(t, "hetflow_version,simgrid_version,scenario,platform,workflow,policy,seed,"
                   "completed,makespan,energy,bytes_moved,tasks,transfers,mode,invocations,"
                   "cold_starts,warm_starts,cold_seconds,compile_seconds,compiles,redeployments,"
                   "emissions,deferrals,deferred_seconds,embodied\n"
                   ",,,,,,0,0,0,0,0,0,0,direct,0,0,0,0,0,0,0,0,0,0,0\n");
    free(t);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* Invalid UTF-8 (possible in a hand-made file) cannot go into JSON as is: '?' instead. */
static void test_bad_utf8(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    const char *path = HF_TEST_OUT "/export-utf8.json";
    free(r->tasks[0].name);
    r->tasks[0].name = xdup("bad \xff\xfe ok");
    free(r->res[1].name);
    r->res[1].name = xdup("gpu-\xce\xb1"); /* valid: gpu-α */
    CHECK(hf_results_export_trace(ctx, r, path, 1) == HF_OK);
    json_t *root = json_load_file(path, 0, NULL);
    json_t *events = json_object_get(root, "traceEvents");
    CHECK(find_event(events, "X", "bad ?? ok") != NULL);
    CHECK(find_event(events, "X", "stage-in bad ?? ok") != NULL);
    CHECK_STREQ(meta_name(events, "thread_name", 2, 6), "gpu-\xce\xb1");
    json_decref(root);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

static void test_trace_failures(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    char tmp[1024];

    const char *nodir = HF_TEST_OUT "/no-such-dir/trace.json";
    CHECK(hf_results_export_trace(ctx, r, nodir, 1) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/no-such-dir/trace.json'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "No such file or directory");
    CHECK(!exists(nodir));

    /* A directory is never replaced, found after the whole file was written: no temporary file
     * stays behind. */
    const char *dir = HF_TEST_OUT "/export-dir-target";
    mkdir(dir, 0777);
    CHECK(hf_results_export_trace(ctx, r, dir, 1) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/export-dir-target'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "it is a directory");
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", dir, (long)getpid());
    CHECK(!exists(tmp));
    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* The n-th line (0-based) of text, copied into buf without its newline. */
static const char *line_of(const char *text, int n, char *buf, size_t len)
{
    const char *p = text;
    for (; p && n > 0; n--) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    if (!p) return NULL;
    size_t k = strcspn(p, "\n");
    if (k >= len) k = len - 1;
    memcpy(buf, p, k);
    buf[k] = '\0';
    return buf;
}

static void test_csv(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    const char *dir = HF_TEST_OUT "/export-csv/nested";
    char line[512];
    r->tasks[2].energy = 0.1; /* no exact decimal: 17 digits */
    CHECK(hf_results_export_csv(ctx, r, dir, 1) == HF_OK);
    CHECK_STREQ(hf_ctx_errmsg(ctx), "");

    char *t = slurp(HF_TEST_OUT "/export-csv/nested/tasks.csv");
    CHECK(t != NULL);
    if (t) {
        CHECK_STREQ(line_of(t, 0, line, sizeof line),
                    "name,resource,variant,cores,ready,dispatch,start,end,bytes_in,bytes_out,"
                    "energy,emissions");
        CHECK_STREQ(line_of(t, 1, line, sizeof line),
                    "t1,node a,cpu,2,0.5,1,1.5,4,1000,2000,10,0");
        CHECK_STREQ(line_of(t, 2, line, sizeof line),
                    "t2,node a,cpu,2,1.5,2,2,3,1000,2000,nan,0");
        CHECK_STREQ(line_of(t, 3, line, sizeof line),
                    "t3,node a,cpu,2,3.5,4,4.25,5,1000,2000,0.10000000000000001,0");
        *strrchr(line, ',') = '\0'; /* drop emissions: energy is the field before */
        CHECK(strtod(strrchr(line, ',') + 1, NULL) == 0.1);
        CHECK_STREQ(line_of(t, 4, line, sizeof line), "\"t4, \"\"q\"\"\",gpu 1,gpu,2,0,0,0,2,1000,"
                                                      "2000,10,0");
        CHECK_STREQ(line_of(t, 5, line, sizeof line), "t5,,cpu,2,0,0,0,0,1000,2000,10,0");
        CHECK(line_of(t, 6, line, sizeof line) && line[0] == '\0'); /* ends with a newline */
        CHECK(line_of(t, 7, line, sizeof line) == NULL);
    }
    free(t);

    t = slurp(HF_TEST_OUT "/export-csv/nested/resources.csv");
    CHECK(t != NULL);
    if (t) {
        CHECK_STREQ(line_of(t, 0, line, sizeof line),
                    "name,kind,site,cores,speed,tasks,busy_time,core_seconds,utilisation,energy");
        CHECK_STREQ(line_of(t, 1, line, sizeof line),
                    "node a,cpu,A,4,1000000000,3,4,0.10000000000000001,0.33333333333333331,123.5");
        /* A newline inside a name is quoted: the record spans two lines. */
        CHECK_STR_CONTAINS(t, "\n\"node\nc\",cpu,A,8,1000000000,0,0,0,0,0\n");
    }
    free(t);

    t = slurp(HF_TEST_OUT "/export-csv/nested/transfers.csv");
    CHECK_STREQ(t, "file,src,dst,task,bytes,start,end\n"
                   "a.dat,gpu 1,node a,t1,500,1,1.5\n"
                   "c.dat,gpu 1,node a,t1,500,1.2,1.3999999999999999\n"
                   "b.dat,gpu 1,node a,t3,500,4,4.25\n");
    free(t);

    t = slurp(HF_TEST_OUT "/export-csv/nested/summary.csv");
    CHECK_STREQ(t, "hetflow_version,simgrid_version,scenario,platform,workflow,policy,seed,"
                   "completed,makespan,energy,bytes_moved,tasks,transfers,mode,invocations,"
                   "cold_starts,warm_starts,cold_seconds,compile_seconds,compiles,redeployments,"
                   "emissions,deferrals,deferred_seconds,embodied,param.gpu.noise,param.label\n"
                   "0.1.0,3.35.0,test.lua,two sites,wf,fcfs,18446744073709551557,0,5,123.5,1500,"
                   "5,3,direct,0,0,0,0,0,0,0,0,0,0,0,0.05,\"a,b\"\n");
    free(t);
    t = slurp(HF_TEST_OUT "/export-csv/nested/invocations.csv");
    CHECK_STREQ(t, "task,endpoint,resource,cold,redeployed,submit,start,latency,overhead,pull,"
                   "init,compile\n");
    free(t);

    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s/tasks.csv.tmp.%ld", dir, (long)getpid());
    CHECK(!exists(tmp));

    /* Exporting again replaces the files. */
    r->ntransfers = 1;
    CHECK(hf_results_export_csv(ctx, r, dir, 1) == HF_OK);
    t = slurp(HF_TEST_OUT "/export-csv/nested/transfers.csv");
    CHECK_STREQ(t, "file,src,dst,task,bytes,start,end\na.dat,gpu 1,node a,t1,500,1,1.5\n");
    free(t);

    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* invocations.csv and the summary's serverless figures, values from make_serverless(); t3's
 * submit 1/3 has no exact decimal (17 digits), t4's endpoint name needs quotes. */
static void test_csv_invocations(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    const char *dir = HF_TEST_OUT "/export-csv-invocations";
    make_serverless(r);
    r->invokes[3].submit = 1.0 / 3.0;
    r->invokes[1].endpoint = 1;
    CHECK(hf_results_export_csv(ctx, r, dir, 1) == HF_OK);
    char *t = slurp(HF_TEST_OUT "/export-csv-invocations/invocations.csv");
    CHECK_STREQ(t, "task,endpoint,resource,cold,redeployed,submit,start,latency,overhead,pull,"
                   "init,compile\n"
                   "t1,hpc,node a,1,0,0.5,1,0.125,0.0625,0.0625,0.03125,0.03125\n"
                   "\"t4, \"\"q\"\"\",\"cloud, \"\"b\"\"\",gpu 1,0,0,0,0,0,0,0,0,0\n"
                   "t2,\"cloud, \"\"b\"\"\",node a,0,0,1.5,1.75,0.125,0.125,0,0,0\n"
                   "t3,\"cloud, \"\"b\"\"\",node a,0,1,0.33333333333333331,4,0.125,0.0625,0,0,0\n");
    free(t);
    t = slurp(HF_TEST_OUT "/export-csv-invocations/summary.csv");
    CHECK_STREQ(t, "hetflow_version,simgrid_version,scenario,platform,workflow,policy,seed,"
                   "completed,makespan,energy,bytes_moved,tasks,transfers,mode,invocations,"
                   "cold_starts,warm_starts,cold_seconds,compile_seconds,compiles,redeployments,"
                   "emissions,deferrals,deferred_seconds,embodied,param.gpu.noise,param.label\n"
                   "0.1.0,3.35.0,test.lua,two sites,wf,fcfs,18446744073709551557,0,5,123.5,1500,"
                   "5,3,decomposed,4,1,3,0.09375,0.03125,1,1,0,0,0,0,0.05,\"a,b\"\n");
    free(t);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

static void test_csv_failures(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make_results();
    const char *file = HF_TEST_OUT "/export-plain-file";
    FILE *f = fopen(file, "w");
    CHECK(f != NULL);
    if (f) fclose(f);

    /* A component of the directory is a regular file. */
    CHECK(hf_results_export_csv(ctx, r, HF_TEST_OUT "/export-plain-file/csv", 1) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/export-plain-file/csv'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot create directory");

    /* The directory is itself a file. */
    CHECK(hf_results_export_csv(ctx, r, file, 1) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '" HF_TEST_OUT "/export-plain-file'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "not a directory");

    /* tasks.csv cannot be replaced (it is a directory): the message names it. */
    const char *dir = HF_TEST_OUT "/export-csv-blocked";
    mkdir(dir, 0777);
    mkdir(HF_TEST_OUT "/export-csv-blocked/tasks.csv", 0777);
    CHECK(hf_results_export_csv(ctx, r, dir, 1) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx),
                       "cannot write '" HF_TEST_OUT "/export-csv-blocked/tasks.csv'");
    hf_results_free(r);
    hf_ctx_free(ctx);
}

int main(void)
{
    test_trace();
    test_trace_startup();
    test_trace_rounding();
    test_trace_random_lanes();
    test_empty();
    test_bad_utf8();
    test_trace_failures();
    test_csv();
    test_csv_invocations();
    test_csv_failures();
    return hf_check_summary();
}
