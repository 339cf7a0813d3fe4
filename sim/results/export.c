/* export.c: a run's results as a Chrome/Perfetto trace-event timeline and as CSV tables. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/outfile.h"
#include "hetflow/hf_results.h"

/* Every real in the trace is written with 17 significant digits, so it reads back exactly. */
#define JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(17))

/* ================================ atomic output files ================================ */

typedef struct outfile {
    hf_outfile o; /* the temporary file and where it goes */
    FILE *f;      /* open on it, NULL once closed */
} outfile;

/* Open a new temporary file for path (hf_outfile_open). On failure nothing is left and ctx is
 * set. */
static hf_err out_open(hf_ctx *ctx, outfile *o, const char *path, int replace)
{
    o->f = NULL;
    hf_err err = hf_outfile_open(ctx, &o->o, path, replace);
    if (err) return err;
    if (!(o->f = fdopen(o->o.fd, "w"))) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", path, strerror(errno));
        hf_outfile_abort(&o->o);
        return err;
    }
    o->o.fd = -1; /* the stream owns it now */
    return HF_OK;
}

/* Finish o: when err is HF_OK, flush and close the temporary file and publish it at the final
 * path (hf_outfile_commit); otherwise (or when any of that fails) remove it. Returns the
 * resulting error; ctx already holds err's message, and gets a new one only for a failure here.
 */
static hf_err out_finish(hf_ctx *ctx, outfile *o, hf_err err)
{
    if (!o->f) return err;
    if (!err) {
        errno = 0;
        if (fflush(o->f) != 0 || ferror(o->f)) {
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", o->o.path,
                              errno ? strerror(errno) : "write error");
        } /* no fsync, as for result files: rename keeps the file whole if the run dies */
    }
    int closed = fclose(o->f);
    o->f = NULL;
    if (!err && closed != 0)
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': cannot close '%s': %s", o->o.path,
                          o->o.tmp, strerror(errno));
    if (!err) return hf_outfile_commit(ctx, &o->o);
    hf_outfile_abort(&o->o);
    return err;
}

/* ================================ small helpers ================================ */

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Name of resource i, "" when i is out of range (a task that never ran). */
static const char *res_name(const hf_results *r, long i)
{
    return i >= 0 && (size_t)i < r->nres ? or_empty(r->res[i].name) : "";
}

static const char *task_name(const hf_results *r, long i)
{
    return i >= 0 && (size_t)i < r->ntasks ? or_empty(r->tasks[i].name) : "";
}

static const char *file_name(const hf_results *r, long i)
{
    return i >= 0 && (size_t)i < r->nfiles ? or_empty(r->file_names[i]) : "";
}

static const char *endpoint_name(const hf_results *r, long i)
{
    return i >= 0 && (size_t)i < r->nendpoints ? or_empty(r->endpoint_names[i]) : "";
}

/* The run's mode; NULL (results of an executor without serverless modes) means direct. */
static const char *mode_of(const hf_results *r)
{
    return r->mode ? r->mode : "direct";
}

/* Seconds from an invocation's start to its task's stage-in: WAN latency, endpoint overhead,
 * image pull, container init and compile, summed in the order the executor waits them. */
static double startup_seconds(const hf_invoke_rec *v)
{
    return v->latency + v->overhead + v->pull + v->init + v->compile;
}

/* Simulated seconds to whole nanoseconds. 0 when s is not finite or beyond int64 range. Every
 * time is rounded once, here, so that a slice ending at t and one starting at t meet exactly
 * (Perfetto rounds ts and dur to ns separately; unrounded sums could overlap by 1 ns). */
static int to_ns(double s, int64_t *ns)
{
    if (!isfinite(s) || fabs(s) > 9.2e9) return 0;
    *ns = llround(s * 1e9);
    return 1;
}

/* ================================ JSON values ================================ */

/* A JSON string for s (NULL reads as ""). jansson refuses invalid UTF-8, which a hand-made
 * results file could hold: such a string is kept with every non-ASCII byte replaced by '?'.
 * NULL only when out of memory. */
static json_t *jstr(const char *s)
{
    s = or_empty(s);
    json_t *j = json_string(s);
    if (j) return j;
    char *copy = strdup(s);
    if (!copy) return NULL;
    for (char *p = copy; *p; p++)
        if ((unsigned char)*p >= 0x80) *p = '?';
    j = json_string(copy);
    free(copy);
    return j;
}

/* A JSON number for v, or null when v is not finite (JSON has no NaN or infinity). */
static json_t *jreal(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* Microseconds (the trace-event unit) for ns nanoseconds. */
static json_t *jus(int64_t ns)
{
    return json_real((double)ns / 1e3);
}

/* printf into a new string; NULL when out of memory. */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* ================================ lanes ================================ */

/* An interval that occupies a lane: a task from dispatch (or its invocation's start, when
 * earlier) to end (container start-up, stage-in, then compute), or a transfer from start to
 * end. */
typedef struct slot {
    int64_t begin;   /* ns: the lane is taken from here */
    int64_t staging; /* ns: stage-in begins (dispatch, or the start-up's end when later) */
    int64_t start;   /* ns: computation (or transfer) starts */
    int64_t end;     /* ns: the lane is free again from here */
    size_t group;    /* resource index for tasks; 0 for transfers (one network group) */
    size_t idx;      /* task or transfer index */
    size_t lane;     /* lane within the group, from assign_lanes */
} slot;

static int cmp_slot(const void *pa, const void *pb)
{
    const slot *a = pa, *b = pb;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    if (a->begin != b->begin) return a->begin < b->begin ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

typedef struct heap_item {
    int64_t key;
    size_t val;
} heap_item;

/* Binary min-heap on (key, val). */
typedef struct heap {
    heap_item *v;
    size_t n, cap;
} heap;

static int item_less(heap_item a, heap_item b)
{
    return a.key < b.key || (a.key == b.key && a.val < b.val);
}

/* -1 when out of memory. */
static int heap_push(heap *h, int64_t key, size_t val)
{
    if (h->n == h->cap) {
        size_t ncap = h->cap ? 2 * h->cap : 16;
        heap_item *nv = realloc(h->v, ncap * sizeof *nv);
        if (!nv) return -1;
        h->v = nv;
        h->cap = ncap;
    }
    size_t i = h->n++;
    h->v[i] = (heap_item){key, val};
    while (i > 0 && item_less(h->v[i], h->v[(i - 1) / 2])) {
        heap_item t = h->v[i];
        h->v[i] = h->v[(i - 1) / 2];
        h->v[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
    return 0;
}

/* Remove and return the smallest item; the heap must not be empty. */
static heap_item heap_pop(heap *h)
{
    heap_item top = h->v[0];
    h->v[0] = h->v[--h->n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < h->n && item_less(h->v[l], h->v[m])) m = l;
        if (l + 1 < h->n && item_less(h->v[l + 1], h->v[m])) m = l + 1;
        if (m == i) break;
        heap_item t = h->v[i];
        h->v[i] = h->v[m];
        h->v[m] = t;
        i = m;
    }
    return top;
}

/* Give each of the n slots (one group, sorted by begin) the lowest-numbered lane that is free
 * at its begin: a lane is free from the end of its last slot on (touching is not overlapping).
 * This is interval partitioning, so the number of lanes is the largest number of slots that
 * overlap at one instant. Sets *nlanes. O(n log lanes). HF_ENOMEM when out of memory. */
static hf_err assign_lanes(slot *s, size_t n, size_t *nlanes)
{
    heap busy = {0}, idle = {0}; /* busy: (end, lane); idle: (lane, lane) */
    hf_err err = HF_OK;
    *nlanes = 0;
    for (size_t i = 0; i < n; i++) {
        while (busy.n && busy.v[0].key <= s[i].begin) {
            heap_item done = heap_pop(&busy);
            if (heap_push(&idle, (int64_t)done.val, done.val)) {
                err = HF_ENOMEM;
                goto fail;
            }
        }
        s[i].lane = idle.n ? heap_pop(&idle).val : (*nlanes)++;
        if (heap_push(&busy, s[i].end, s[i].lane)) {
            err = HF_ENOMEM;
            goto fail;
        }
    }
fail:
    free(busy.v);
    free(idle.v);
    return err;
}

/* ================================ trace ================================ */

typedef struct trace {
    hf_ctx *ctx;
    const hf_results *r;
    const char *path; /* for messages */
    FILE *f;
    size_t nevents;     /* events written so far */
    size_t *site_of;    /* per resource: index of its site (order of first appearance) */
    const char **sites; /* per site: its name (borrowed) */
    size_t nsites;
    slot *tasks; /* tasks that ran, sorted by (resource, begin) */
    size_t ntasks;
    size_t *inv_of;   /* per task: its invocation (the last in table order), SIZE_MAX if none */
    size_t *lanes;    /* per resource: lanes used (0 for an idle resource) */
    size_t *tid_base; /* per resource: tid of its lane 0 */
    slot *xfers;      /* transfers, sorted by begin */
    size_t nxfers, xfer_lanes, xfer_tid_base;
} trace;

static hf_err oom(trace *t)
{
    return hf_ctx_fail(t->ctx, HF_ENOMEM, "cannot write '%s': out of memory", t->path);
}

/* Write ev (stolen; NULL means an allocation failed) as the next element of traceEvents. */
static hf_err emit(trace *t, json_t *ev)
{
    if (!ev) return oom(t);
    if (t->nevents++) fputs(",\n", t->f);
    int rc = json_dumpf(ev, t->f, JSON_FLAGS);
    json_decref(ev);
    if (rc != 0)
        return hf_ctx_fail(t->ctx, HF_EIO, "cannot write '%s': %s", t->path,
                           errno ? strerror(errno) : "write error");
    return HF_OK;
}

/* A metadata ("M") event; args is stolen. */
static hf_err emit_meta(trace *t, const char *what, int64_t pid, int64_t tid, json_t *args)
{
    return emit(t, json_pack("{s:s, s:s, s:I, s:I, s:o}", "name", what, "ph", "M", "pid",
                             (json_int_t)pid, "tid", (json_int_t)tid, "args", args));
}

/* process_name and process_sort_index for pid. */
static hf_err emit_process(trace *t, int64_t pid, const char *name)
{
    hf_err err = emit_meta(t, "process_name", pid, pid, json_pack("{s:o}", "name", jstr(name)));
    if (!err)
        err = emit_meta(t, "process_sort_index", pid, pid,
                        json_pack("{s:I}", "sort_index", (json_int_t)pid));
    return err;
}

/* thread_name and thread_sort_index for lane of a process: lane 0 is called base, lane k
 * "base #k+1". Sort index = tid, so lanes keep the order in which tids were handed out. */
static hf_err emit_thread(trace *t, int64_t pid, int64_t tid, const char *base, size_t lane)
{
    hf_err err = HF_OK;
    char *name = lane ? format("%s #%zu", base, lane + 1) : NULL;
    if (lane && !name) {
        err = oom(t);
        goto fail;
    }
    if ((err = emit_meta(t, "thread_name", pid, tid,
                         json_pack("{s:o}", "name", jstr(lane ? name : base)))) ||
        (err = emit_meta(t, "thread_sort_index", pid, tid,
                         json_pack("{s:I}", "sort_index", (json_int_t)tid))))
        goto fail;
fail:
    free(name);
    return err;
}

/* A complete ("X") slice from ts to ts + dur (ns); name and args are stolen. */
static hf_err emit_slice(trace *t, const char *cat, json_t *name, int64_t pid, int64_t tid,
                         int64_t ts, int64_t dur, json_t *args)
{
    return emit(t, json_pack("{s:o, s:s, s:s, s:o, s:o, s:I, s:I, s:o}", "name", name, "cat", cat,
                             "ph", "X", "ts", jus(ts), "dur", jus(dur), "pid", (json_int_t)pid,
                             "tid", (json_int_t)tid, "args", args));
}

/* Sites in order of first appearance among the resources (platform order). O(resources x
 * sites): platforms have few sites. */
static hf_err find_sites(trace *t)
{
    const hf_results *r = t->r;
    t->site_of = calloc(r->nres ? r->nres : 1, sizeof *t->site_of);
    t->sites = calloc(r->nres ? r->nres : 1, sizeof *t->sites);
    if (!t->site_of || !t->sites) return oom(t);
    for (size_t i = 0; i < r->nres; i++) {
        const char *site = or_empty(r->res[i].site);
        size_t s = 0;
        while (s < t->nsites && strcmp(t->sites[s], site) != 0)
            s++;
        if (s == t->nsites) t->sites[t->nsites++] = site;
        t->site_of[i] = s;
    }
    return HF_OK;
}

/* The start-up slice of task i, whose computation starts at s (ns): from its invocation's start
 * for the invocation's start-up seconds, cut at s. 0 (and nothing set) when the task has no
 * invocation, the start-up takes no time, its times are not finite, or it starts at or after s.
 * t->inv_of must be filled. */
static int startup_span(const trace *t, size_t i, int64_t s, int64_t *from, int64_t *to)
{
    if (t->inv_of[i] == SIZE_MAX) return 0;
    const hf_invoke_rec *v = &t->r->invokes[t->inv_of[i]];
    double u = startup_seconds(v);
    int64_t a, z;
    if (!(u > 0) || !to_ns(v->start, &a) || !to_ns(v->start + u, &z) || a >= s || z <= a) return 0;
    *from = a;
    *to = z < s ? z : s;
    return 1;
}

/* The slots of the tasks that ran (with finite times), their lanes, and tids: pids are
 * 1..nsites (+1 for the network), tids follow, lane by lane in platform order. Perfetto keys
 * threads by tid alone, so tids are unique across processes and never equal another pid. */
static hf_err plan(trace *t)
{
    const hf_results *r = t->r;
    t->tasks = calloc(r->ntasks ? r->ntasks : 1, sizeof *t->tasks);
    t->inv_of = malloc((r->ntasks ? r->ntasks : 1) * sizeof *t->inv_of);
    t->lanes = calloc(r->nres ? r->nres : 1, sizeof *t->lanes);
    t->tid_base = calloc(r->nres ? r->nres : 1, sizeof *t->tid_base);
    t->xfers = calloc(r->ntransfers ? r->ntransfers : 1, sizeof *t->xfers);
    if (!t->tasks || !t->inv_of || !t->lanes || !t->tid_base || !t->xfers) return oom(t);

    for (size_t i = 0; i < r->ntasks; i++)
        t->inv_of[i] = SIZE_MAX;
    for (size_t i = 0; i < r->ninvokes; i++) {
        int k = r->invokes[i].task;
        if (k >= 0 && (size_t)k < r->ntasks) t->inv_of[k] = i;
    }
    for (size_t i = 0; i < r->ntasks; i++) {
        const hf_task_rec *k = &r->tasks[i];
        int64_t d, s, e, from, to;
        if (k->resource < 0 || (size_t)k->resource >= r->nres) continue;
        if (!to_ns(k->start, &s) || !to_ns(k->end, &e)) continue;
        if (!to_ns(k->dispatch, &d) || d > s) d = s;
        /* In the executor an invocation starts at its task's dispatch; one that starts earlier
         * extends the task's hold on its lane, and stage-in waits for the start-up's end. */
        int64_t b = d, staging = d;
        if (startup_span(t, i, s, &from, &to)) {
            if (from < b) b = from;
            if (to > staging) staging = to;
        }
        t->tasks[t->ntasks++] = (slot){.begin = b,
                                       .staging = staging,
                                       .start = s,
                                       .end = e > s ? e : s,
                                       .group = (size_t)k->resource,
                                       .idx = i};
    }
    qsort(t->tasks, t->ntasks, sizeof *t->tasks, cmp_slot);
    for (size_t i = 0, j; i < t->ntasks; i = j) {
        for (j = i; j < t->ntasks && t->tasks[j].group == t->tasks[i].group;)
            j++;
        if (assign_lanes(t->tasks + i, j - i, &t->lanes[t->tasks[i].group])) return oom(t);
    }
    size_t tid = t->nsites + 2; /* after every pid, the network's included */
    for (size_t i = 0; i < r->nres; i++) {
        t->tid_base[i] = tid;
        tid += t->lanes[i] ? t->lanes[i] : 1;
    }

    for (size_t i = 0; i < r->ntransfers; i++) {
        const hf_transfer_rec *x = &r->transfers[i];
        int64_t s, e;
        if (!to_ns(x->start, &s) || !to_ns(x->end, &e)) continue;
        t->xfers[t->nxfers++] = (slot){.begin = s, .start = s, .end = e > s ? e : s, .idx = i};
    }
    qsort(t->xfers, t->nxfers, sizeof *t->xfers, cmp_slot);
    if (assign_lanes(t->xfers, t->nxfers, &t->xfer_lanes)) return oom(t);
    t->xfer_tid_base = tid;
    return HF_OK;
}

static hf_err emit_metadata(trace *t)
{
    const hf_results *r = t->r;
    hf_err err = HF_OK;
    for (size_t s = 0; s < t->nsites && !err; s++)
        err = emit_process(t, (int64_t)s + 1, t->sites[s][0] ? t->sites[s] : "(no site)");
    for (size_t i = 0; i < r->nres && !err; i++) {
        size_t n = t->lanes[i] ? t->lanes[i] : 1; /* an idle resource still gets its name */
        for (size_t l = 0; l < n && !err; l++)
            err = emit_thread(t, (int64_t)t->site_of[i] + 1, (int64_t)(t->tid_base[i] + l),
                              or_empty(r->res[i].name), l);
    }
    if (!err && t->nxfers) {
        int64_t pid = (int64_t)t->nsites + 1;
        err = emit_process(t, pid, "network");
        for (size_t l = 0; l < t->xfer_lanes && !err; l++)
            err = emit_thread(t, pid, (int64_t)(t->xfer_tid_base + l), "transfers", l);
    }
    return err;
}

/* The args of task k's slice: where and how it ran, its times (s), bytes and energy. */
static json_t *task_args(const hf_results *r, const hf_task_rec *k)
{
    return json_pack("{s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "resource",
                     jstr(res_name(r, k->resource)), "variant", jstr(k->variant), "cores",
                     (json_int_t)k->cores, "ready", jreal(k->ready), "dispatch", jreal(k->dispatch),
                     "start", jreal(k->start), "end", jreal(k->end), "bytes_in", jreal(k->bytes_in),
                     "bytes_out", jreal(k->bytes_out), "energy", jreal(k->energy));
}

/* The args of task k's stage-in slice. */
static json_t *stage_in_args(const hf_results *r, const hf_task_rec *k)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "task", jstr(k->name), "resource",
                     jstr(res_name(r, k->resource)), "bytes_in", jreal(k->bytes_in), "dispatch",
                     jreal(k->dispatch), "start", jreal(k->start));
}

/* The args of invocation v's start-up slice: the /invocations row. */
static json_t *startup_args(const hf_results *r, const hf_invoke_rec *v)
{
    return json_pack("{s:o, s:o, s:o, s:b, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "task",
                     jstr(task_name(r, v->task)), "endpoint", jstr(endpoint_name(r, v->endpoint)),
                     "resource", jstr(res_name(r, v->resource)), "cold", v->cold != 0, "redeployed",
                     (json_int_t)v->redeployed, "submit", jreal(v->submit), "start",
                     jreal(v->start), "latency", jreal(v->latency), "overhead", jreal(v->overhead),
                     "pull", jreal(v->pull), "init", jreal(v->init), "compile", jreal(v->compile));
}

/* A slice named "<prefix> <task name>"; args is stolen. */
static hf_err emit_named(trace *t, const char *cat, const char *prefix, const hf_task_rec *k,
                         int64_t pid, int64_t tid, int64_t ts, int64_t dur, json_t *args)
{
    char *name = format("%s %s", prefix, or_empty(k->name));
    if (!name) {
        json_decref(args);
        return oom(t);
    }
    json_t *jname = jstr(name);
    free(name);
    return emit_slice(t, cat, jname, pid, tid, ts, dur, args);
}

/* Per task that ran, in lane order: its invocation's start-up slice (when it has one), its
 * stage-in slice (when stage-in takes time), then its compute slice. */
static hf_err emit_tasks(trace *t)
{
    const hf_results *r = t->r;
    hf_err err = HF_OK;
    for (size_t i = 0; i < t->ntasks && !err; i++) {
        const slot *s = &t->tasks[i];
        const hf_task_rec *k = &r->tasks[s->idx];
        int64_t pid = (int64_t)t->site_of[s->group] + 1;
        int64_t tid = (int64_t)(t->tid_base[s->group] + s->lane);
        int64_t from, to;
        if (startup_span(t, s->idx, s->start, &from, &to)) {
            const hf_invoke_rec *v = &r->invokes[t->inv_of[s->idx]];
            err = emit_named(t, "startup", v->cold ? "cold start" : "warm start", k, pid, tid, from,
                             to - from, startup_args(r, v));
            if (err) break;
        }
        if (s->staging < s->start) {
            err = emit_named(t, "stage-in", "stage-in", k, pid, tid, s->staging,
                             s->start - s->staging, stage_in_args(r, k));
            if (err) break;
        }
        err = emit_slice(t, "task", jstr(k->name), pid, tid, s->start, s->end - s->start,
                         task_args(r, k));
    }
    return err;
}

/* The args of transfer x's slice: endpoints, size, consumer task and times (s). */
static json_t *transfer_args(const hf_results *r, const hf_transfer_rec *x)
{
    json_t *a = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "src", jstr(res_name(r, x->src)),
                          "dst", jstr(res_name(r, x->dst)), "bytes", jreal(x->bytes), "task",
                          jstr(task_name(r, x->task)), "start", jreal(x->start), "end",
                          jreal(x->end));
    if (a && r->paths && x->path >= 0 && x->path < HF_NPATHS)
        json_object_set_new(a, "path", json_string(hf_transfer_paths[x->path]));
    return a;
}

static hf_err emit_transfers(trace *t)
{
    const hf_results *r = t->r;
    hf_err err = HF_OK;
    int64_t pid = (int64_t)t->nsites + 1;
    for (size_t i = 0; i < t->nxfers && !err; i++) {
        const slot *s = &t->xfers[i];
        const hf_transfer_rec *x = &r->transfers[s->idx];
        err = emit_slice(t, "transfer", jstr(file_name(r, x->file)), pid,
                         (int64_t)(t->xfer_tid_base + s->lane), s->start, s->end - s->start,
                         transfer_args(r, x));
    }
    return err;
}

/* The run's metadata, as trace-level "otherData" (chrome://tracing shows it under Metadata).
 * The seed is a string: JSON readers commonly hold integers as doubles or int64. */
static json_t *other_data(const hf_results *r)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%" PRIu64, r->seed);
    json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:b, s:o, s:o, s:o, s:I, s:I}",
                          "format", "hetflow-trace", "hetflow_version", jstr(r->hetflow_version),
                          "simgrid_version", jstr(r->simgrid_version), "scenario",
                          jstr(r->scenario), "platform", jstr(r->platform), "workflow",
                          jstr(r->workflow), "policy", jstr(r->policy), "seed", seed, "completed",
                          r->completed, "makespan", jreal(r->makespan), "energy", jreal(r->energy),
                          "bytes_moved", jreal(r->bytes_moved), "tasks", (json_int_t)r->ntasks,
                          "transfers", (json_int_t)r->ntransfers);
    json_t *serverless =
        json_pack("{s:o, s:I, s:I, s:I, s:o, s:o, s:I, s:I}", "mode", jstr(mode_of(r)),
                  "invocations", (json_int_t)r->ninvokes, "cold_starts", (json_int_t)r->cold_starts,
                  "warm_starts", (json_int_t)r->warm_starts, "cold_seconds", jreal(r->cold_seconds),
                  "compile_seconds", jreal(r->compile_seconds), "compiles", (json_int_t)r->compiles,
                  "redeployments", (json_int_t)r->redeployments);
    if (!o || !serverless || json_object_update(o, serverless) != 0) {
        json_decref(o);
        o = NULL;
    }
    json_decref(serverless);
    return o;
}

hf_err hf_results_export_trace(hf_ctx *ctx, const hf_results *r, const char *path, int replace)
{
    trace t = {.ctx = ctx, .r = r, .path = path};
    outfile o = {0};
    json_t *other = NULL;
    hf_err err = HF_OK;

    if ((err = find_sites(&t)) || (err = plan(&t)) || (err = out_open(ctx, &o, path, replace)))
        goto fail;
    t.f = o.f;
    /* Streamed one event per line rather than built as one json_t: a tree for a million-task
     * run would take gigabytes. */
    fputs("{\"traceEvents\":[\n", t.f);
    if ((err = emit_metadata(&t)) || (err = emit_tasks(&t)) || (err = emit_transfers(&t)))
        goto fail;
    if (!(other = other_data(r))) {
        err = oom(&t);
        goto fail;
    }
    fputs("\n],\n\"otherData\":", t.f);
    if (json_dumpf(other, t.f, JSON_FLAGS) != 0) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", path,
                          errno ? strerror(errno) : "write error");
        goto fail;
    }
    fputs("}\n", t.f);
fail:
    err = out_finish(ctx, &o, err);
    json_decref(other);
    free(t.site_of);
    free(t.sites);
    free(t.tasks);
    free(t.inv_of);
    free(t.lanes);
    free(t.tid_base);
    free(t.xfers);
    return err;
}

/* ================================ CSV ================================ */

void hf_csv_field(FILE *f, const char *s)
{
    s = or_empty(s);
    if (!s[strcspn(s, ",\"\r\n")]) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* v with 17 significant digits: parsing the text gives back the same double. */
static void csv_num(FILE *f, double v)
{
    fprintf(f, "%.17g", v);
}

static void csv_sep(FILE *f)
{
    fputc(',', f);
}

static void write_tasks(FILE *f, const hf_results *r)
{
    fputs("name,resource,variant,cores,ready,dispatch,start,end,bytes_in,bytes_out,energy,"
          "emissions\n",
          f);
    for (size_t i = 0; i < r->ntasks; i++) {
        const hf_task_rec *k = &r->tasks[i];
        hf_csv_field(f, k->name);
        csv_sep(f);
        hf_csv_field(f, res_name(r, k->resource));
        csv_sep(f);
        hf_csv_field(f, k->variant);
        fprintf(f, ",%d", k->cores);
        const double v[] = {k->ready,    k->dispatch,  k->start,  k->end,
                            k->bytes_in, k->bytes_out, k->energy, k->emissions};
        for (size_t c = 0; c < sizeof v / sizeof v[0]; c++) {
            csv_sep(f);
            csv_num(f, v[c]);
        }
        fputc('\n', f);
    }
}

static void write_resources(FILE *f, const hf_results *r)
{
    fputs("name,kind,site,cores,speed,tasks,busy_time,core_seconds,utilisation,energy\n", f);
    for (size_t i = 0; i < r->nres; i++) {
        const hf_res_rec *x = &r->res[i];
        hf_csv_field(f, x->name);
        csv_sep(f);
        hf_csv_field(f, x->kind);
        csv_sep(f);
        hf_csv_field(f, x->site);
        fprintf(f, ",%d,", x->cores);
        csv_num(f, x->speed);
        fprintf(f, ",%d", x->tasks);
        const double v[] = {x->busy_time, x->core_seconds, x->utilisation, x->energy};
        for (size_t c = 0; c < sizeof v / sizeof v[0]; c++) {
            csv_sep(f);
            csv_num(f, v[c]);
        }
        fputc('\n', f);
    }
}

static void write_transfers(FILE *f, const hf_results *r)
{
    fputs(r->paths ? "file,src,dst,task,bytes,start,end,path\n" : "file,src,dst,task,bytes,start,end\n",
          f);
    for (size_t i = 0; i < r->ntransfers; i++) {
        const hf_transfer_rec *x = &r->transfers[i];
        hf_csv_field(f, file_name(r, x->file));
        csv_sep(f);
        hf_csv_field(f, res_name(r, x->src));
        csv_sep(f);
        hf_csv_field(f, res_name(r, x->dst));
        csv_sep(f);
        hf_csv_field(f, task_name(r, x->task));
        const double v[] = {x->bytes, x->start, x->end};
        for (size_t c = 0; c < sizeof v / sizeof v[0]; c++) {
            csv_sep(f);
            csv_num(f, v[c]);
        }
        if (r->paths) {
            csv_sep(f);
            fputs(x->path >= 0 && x->path < HF_NPATHS ? hf_transfer_paths[x->path] : "", f);
        }
        fputc('\n', f);
    }
}

static void write_invocations(FILE *f, const hf_results *r)
{
    fputs("task,endpoint,resource,cold,redeployed,submit,start,latency,overhead,pull,init,"
          "compile\n",
          f);
    for (size_t i = 0; i < r->ninvokes; i++) {
        const hf_invoke_rec *v = &r->invokes[i];
        hf_csv_field(f, task_name(r, v->task));
        csv_sep(f);
        hf_csv_field(f, endpoint_name(r, v->endpoint));
        csv_sep(f);
        hf_csv_field(f, res_name(r, v->resource));
        fprintf(f, ",%d,%d", v->cold, v->redeployed);
        const double x[] = {v->submit, v->start, v->latency, v->overhead,
                            v->pull,   v->init,  v->compile};
        for (size_t c = 0; c < sizeof x / sizeof x[0]; c++) {
            csv_sep(f);
            csv_num(f, x[c]);
        }
        fputc('\n', f);
    }
}

static void write_carbon(FILE *f, const hf_results *r)
{
    fputs("site,pue,intensity,energy,emissions,embodied\n", f);
    for (size_t i = 0; i < r->ncarbon; i++) {
        const hf_carbon_rec *c = &r->carbon[i];
        hf_csv_field(f, c->site);
        const double x[] = {c->pue, c->intensity, c->energy, c->emissions, c->embodied};
        for (size_t k = 0; k < 5; k++) {
            csv_sep(f);
            csv_num(f, x[k]);
        }
        fputc('\n', f);
    }
}

/* One row: metadata, totals, the serverless figures (columns appended after the older ones, so
 * that readers by position keep working), then one "param.NAME" column per --set parameter, so
 * that the summaries of a sweep's points concatenate into one table. */
static void write_summary(FILE *f, const hf_results *r)
{
    fputs("hetflow_version,simgrid_version,scenario,platform,workflow,policy,seed,completed,"
          "makespan,energy,bytes_moved,tasks,transfers,mode,invocations,cold_starts,warm_starts,"
          "cold_seconds,compile_seconds,compiles,redeployments,emissions,deferrals,"
          "deferred_seconds,embodied",
          f);
    for (size_t i = 0; i < r->nparams; i++) {
        char *name = format("param.%s", or_empty(r->param_names[i]));
        csv_sep(f);
        hf_csv_field(f, name ? name : "param.?");
        free(name);
    }
    fputc('\n', f);
    const char *meta[] = {r->hetflow_version, r->simgrid_version, r->scenario,
                          r->platform,        r->workflow,        r->policy};
    for (size_t c = 0; c < sizeof meta / sizeof meta[0]; c++) {
        hf_csv_field(f, meta[c]);
        csv_sep(f);
    }
    fprintf(f, "%" PRIu64 ",%d,", r->seed, r->completed);
    csv_num(f, r->makespan);
    csv_sep(f);
    csv_num(f, r->energy);
    csv_sep(f);
    csv_num(f, r->bytes_moved);
    fprintf(f, ",%zu,%zu,", r->ntasks, r->ntransfers);
    hf_csv_field(f, mode_of(r));
    fprintf(f, ",%zu,%zu,%zu,", r->ninvokes, r->cold_starts, r->warm_starts);
    csv_num(f, r->cold_seconds);
    csv_sep(f);
    csv_num(f, r->compile_seconds);
    fprintf(f, ",%zu,%zu,", r->compiles, r->redeployments);
    csv_num(f, r->emissions);
    fprintf(f, ",%zu,", r->deferrals);
    csv_num(f, r->deferred_seconds);
    csv_sep(f);
    csv_num(f, r->embodied);
    for (size_t i = 0; i < r->nparams; i++) {
        csv_sep(f);
        hf_csv_field(f, r->param_values[i]);
    }
    fputc('\n', f);
}

/* mkdir -p dir. HF_EIO with ctx set when a component cannot be created or is not a directory. */
static hf_err make_dirs(hf_ctx *ctx, const char *dir)
{
    hf_err err = HF_OK;
    struct stat st;
    char *p = strdup(dir);
    if (!p) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "cannot write '%s': out of memory", dir);
        goto fail;
    }
    for (char *s = p;; s++) {
        if (*s && (*s != '/' || s == p)) continue; /* a leading '/' ends no component */
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': cannot create directory '%s': %s",
                              dir, p, strerror(errno));
            goto fail;
        }
        *s = c;
        if (!c) break;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': not a directory", dir);
        goto fail;
    }
fail:
    free(p);
    return err;
}

hf_err hf_results_export_csv(hf_ctx *ctx, const hf_results *r, const char *dir, int replace)
{
    static const struct {
        const char *name;
        void (*write)(FILE *, const hf_results *);
    } files[] = {{"tasks.csv", write_tasks},
                 {"resources.csv", write_resources},
                 {"transfers.csv", write_transfers},
                 {"invocations.csv", write_invocations},
                 {"carbon.csv", write_carbon},
                 {"summary.csv", write_summary}};
    char *path = NULL;
    hf_err err = HF_OK;

    if ((err = make_dirs(ctx, dir))) goto fail;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        outfile o = {0};
        free(path);
        if (!(path = format("%s/%s", dir, files[i].name))) {
            err = hf_ctx_fail(ctx, HF_ENOMEM, "cannot write '%s': out of memory", dir);
            goto fail;
        }
        if ((err = out_open(ctx, &o, path, replace))) goto fail;
        files[i].write(o.f, r);
        if ((err = out_finish(ctx, &o, HF_OK))) goto fail;
    }
fail:
    free(path);
    return err;
}
