/* executor.c: runs a workflow on SimGrid. Worker actors live on resources and pull the tasks
 * that the policy placed there from a per-resource FIFO; they stage inputs in, compute, and
 * record. The executor never decides placement: it asks the policy when a task becomes ready.
 * Scale: actors exist per concurrently running task slot, never per task (docs/architecture.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <simgrid/actor.h>
#include <simgrid/cond.h>
#include <simgrid/engine.h>
#include <simgrid/exec.h>
#include <simgrid/host.h>
#include <simgrid/mutex.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/semaphore.h>
#include <simgrid/version.h>
#include <xbt/dynar.h>

#include "core/arena.h"
#include "core/engine.h"
#include "core/grow.h"
#include "core/strmap.h"
#include "exec/cost.h"
#include "exec/eft.h"
#include "exec/image.h"
#include "exec/kernel.h"
#include "exec/release.h"
#include "hetflow/hetflow.h"

typedef struct exec_state exec_state;

/* A GPU with several MIG layouts: one layout runs at a time (docs/models/gpu.md). */
typedef struct mig_group {
    exec_state *x;
    int *members; /* its instances (resource indices), all layouts */
    int nmembers;
    double reconfig;   /* s per switch */
    int current;       /* layout whose instances may run tasks */
    int running;       /* tasks running on its instances */
    int reconfiguring; /* 1 while switching: no instance runs anything */
    int target;        /* layout being switched to */
} mig_group;

/* A container of one function on one node (docs/models/serverless.md). */
typedef struct container {
    int node;          /* CPU node it lives on */
    int fkey;          /* function key (fn_key) */
    int busy;          /* invocations running in it */
    int alive;         /* 0 once reclaimed */
    double idle_since; /* s: end of its last invocation (keep-alive counts from here) */
    int ready;         /* 1 once its first invocation pulled the image and initialised it */
} container;

/* An endpoint's queue of submitted invocations and its container pool. */
typedef struct ep_state {
    int *queue; /* tasks in submission order (removals from the middle: O(queue)) */
    size_t nqueue, capqueue;
    int *conts; /* its containers (indices into exec_state.conts), alive or not */
    size_t nconts, capconts;
} ep_state;

typedef struct worker {
    exec_state *x;
    int res;      /* resource it serves */
    int task;     /* task to run next, -1 when idle */
    sg_sem_t sem; /* released to hand the worker a task or to make it quit */
} worker;

typedef struct res_state {
    sg_host_t host;
    int free_cores; /* cores not held by a dispatched task */
    int *queue;     /* FIFO of placed tasks (ring buffer) */
    size_t qcap, qhead, qlen;
    worker **idle; /* stack of idle workers */
    size_t nidle, capidle;
    worker **all; /* every worker created on this resource (owned) */
    size_t nall, capall;
    int running;       /* tasks computing now */
    double busy_since; /* when running went 0 -> 1 */
    double busy_time, core_seconds;
    int ntasks;
} res_state;

/* Where copies of a file are: a pool of singly linked location records, 8 bytes each (one per
 * file and per stage-in: 3 x 10^5 of them for the 10^5-task benchmark). */
typedef struct loc {
    int res : 31;         /* resource holding (or receiving) the copy */
    unsigned arrived : 1; /* 0 while the transfer is in flight */
    int next;             /* next record of the same file, -1 at the end */
} loc;

/* Route estimates for policies, cached per (src, dst) resource pair. */
typedef struct route_est {
    uint64_t key; /* src * nres + dst + 1; 0 = empty */
    double lat, bw;
} route_est;

struct exec_state {
    hf_ctx *ctx;
    const hf_platform *p;
    const hf_workflow *wf;
    hf_policy *pol;
    hf_results *r;
    res_state *res;
    int *pending;         /* parents not finished, per task */
    signed char *variant; /* chosen variant per task (HF_RES_CPU or HF_RES_GPU): one byte, not
                             four, at 10^6 tasks */
    int *placed;          /* chosen resource per task */
    int *file_head;       /* most recent location record per file, -1 = none */
    int *file_first;      /* oldest location record per file (the producer's or staged copy) */
    loc *locs;
    size_t nlocs, caplocs;
    sg_cond_t arrivals; /* notified whenever a copy arrives (waits on copies are rare) */
    sg_mutex_t mutex;   /* guards waits on in-flight copies (cooperative, but cond needs one) */
    hf_candidate *cand_cpu, *cand_gpu, *cand_all, *scratch; /* candidate lists, platform order */
    size_t ncpu, ngpu, nall;
    int min_cpu_cores;               /* smallest core count among CPU nodes */
    double min_cpu_mem, min_gpu_mem; /* smallest memory (INFINITY when unlimited) */
    int all_gpu_bw;                  /* every GPU has a memory bandwidth */
    int all_gpu_sms;                 /* every GPU has an SM count (kernel-sequence tasks) */
    route_est *routes;               /* open-addressing cache, power-of-two capacity */
    hf_eft *eft;                     /* booked core times; the earliest-finish index (exec/eft.h) */
    struct mig_group *groups; /* GPUs with several MIG layouts, by hf_resource.gpu_group - 1 */
    int *group_members;       /* the groups' members arrays point in here */
    int ngroups;
    int fast_eft; /* the policy is earliest-finish and routes come from the model */
    int *special; /* per decision: resources sharing a node with an input's copy */
    size_t nspecial;
    unsigned *mark; /* per resource: == stamp when in special */
    unsigned stamp;
    size_t route_cap, route_used;
    int default_stage; /* resource of initial inputs without a location */
    size_t done;       /* tasks finished */
    int failed;        /* a policy failed: the run stops */
    int finished;      /* all tasks done: idle workers quit */
    struct timespec wall0, last_progress;
    hf_dagview view; /* computed when the policy wants it (in the simulation) */
    int have_view;

    /* multi-target tasks: compile cache per (function key, variant, node type) */
    int *res_type; /* per resource: node type (kind and model) */
    int ntypes;
    unsigned char *compiled; /* 0 not compiled, 1 compiling, 2 done; NULL when no compile cost */
    double compile_seconds;
    size_t compiles;

    /* serverless modes (sl == NULL in direct mode) */
    const hf_serverless *sl;
    int *res_ep;            /* per resource: endpoint (a GPU: its node's), -1 = none */
    unsigned char *present; /* per resource: 1 while present (availability trace) */
    ep_state *eps;
    container *conts;
    size_t nconts, capconts;
    int *images; /* per function: image index, -1 = none */
    int nimages;
    unsigned char *img_state; /* per (node, image): 0 absent, 1 pulling, 2 cached */
    int *task_cont;           /* per task: its container, -1 */
    int *task_inv;            /* per task: its invocation record, -1 */
    int *cold_of;             /* per task: 1 when it got a new container */
    int *redeploys;           /* per task: moves between endpoints while queued */
    int *parked;              /* tasks no present node can take yet (placed again on a join) */
    size_t nparked, capparked;
    const int *topo;        /* monolith: the job's order */
    size_t topo_next;       /* monolith: next task of the job to place */
    sg_actor_t avail_actor; /* plays the availability trace; killed when the run ends */
    hf_releaser *rel;       /* holds tasks until their release time; NULL without any */
};

/* ---------- small helpers ---------- */

static double wall_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

/* Out of memory inside the simulated world cannot be reported through a return value: stop. */
static void die_oom(void)
{
    fprintf(stderr, "hetflow: out of memory during the simulation\n");
    exit(1);
}

static int add_loc(exec_state *x, int file, int res, int arrived)
{
    if (hf_grow((void **)&x->locs, &x->caplocs, x->nlocs + 1, sizeof *x->locs)) die_oom();
    int id = (int)x->nlocs++;
    x->locs[id] = (loc){res, arrived, x->file_head[file]};
    if (x->file_head[file] < 0) x->file_first[file] = id;
    x->file_head[file] = id;
    return id;
}

static int find_loc(const exec_state *x, int file, int res)
{
    for (int l = x->file_head[file]; l >= 0; l = x->locs[l].next)
        if (x->locs[l].res == res) return l;
    return -1;
}

/* Route figures for estimates: from the platform model when hetflow generated the platform
 * (O(1), the same routes as the XML), else from SimGrid, cached per (src, dst). */
static void route_estimate(exec_state *x, int src, int dst, double *lat, double *bw)
{
    if (hf_platform_route(x->p, src, dst, lat, bw) == 0) return;
    uint64_t key = (uint64_t)src * x->p->nres + (uint64_t)dst + 1;
    size_t mask = x->route_cap - 1, j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & mask;
    while (x->routes[j].key && x->routes[j].key != key)
        j = (j + 1) & mask;
    if (!x->routes[j].key) {
        /* bounded memory: when the table is half full, start it over */
        if (2 * (x->route_used + 1) > x->route_cap) {
            memset(x->routes, 0, x->route_cap * sizeof *x->routes);
            x->route_used = 0;
            j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & mask;
        }
        x->routes[j].key = key;
        x->routes[j].lat = sg_host_get_route_latency(x->res[src].host, x->res[dst].host);
        x->routes[j].bw = sg_host_get_route_bandwidth(x->res[src].host, x->res[dst].host);
        x->route_used++;
    }
    *lat = x->routes[j].lat;
    *bw = x->routes[j].bw;
}

/* Append task t to the resource's FIFO, growing the ring buffer in order. */
static void queue_push(res_state *rs, int t)
{
    if (rs->qlen == rs->qcap) {
        size_t ncap = rs->qcap ? 2 * rs->qcap : 16;
        int *nq = malloc(ncap * sizeof *nq);
        if (!nq) die_oom();
        for (size_t i = 0; i < rs->qlen; i++)
            nq[i] = rs->queue[(rs->qhead + i) % rs->qcap];
        free(rs->queue);
        rs->queue = nq;
        rs->qcap = ncap;
        rs->qhead = 0;
    }
    rs->queue[(rs->qhead + rs->qlen) % rs->qcap] = t;
    rs->qlen++;
}

/* ---------- estimates for policies ---------- */

static double startup_estimate(exec_state *x, int t, const hf_candidate *c);
static size_t serverless_candidates(exec_state *x, int t);
static int serverless(const exec_state *x);
static void ep_push(exec_state *x, int e, int t);
static void ep_dispatch(exec_state *x, int e);
static void park(exec_state *x, int t);
static double wan_latency(const exec_state *x, int node);

/* Estimated stage-in time of task t on resource dst: inputs move one after another from their
 * best current copy (docs/models/network.md): sum of latency + size / bandwidth. A widely
 * copied file (a broadcast input) is judged on its MAX_COPIES_SEEN most recent copies and its
 * first one (the producer's), so that a decision stays O(candidates x inputs). */
#define MAX_COPIES_SEEN 32
static double stage_in_estimate(exec_state *x, int t, int dst, double *local)
{
    const hf_task *task = &x->wf->tasks[t];
    double total = 0;
    *local = 0;
    for (int i = 0; i < task->ninputs; i++) {
        int f = task->inputs[i];
        double best = INFINITY;
        int seen = 0;
        for (int l = x->file_head[f]; l >= 0; l = x->locs[l].next) {
            if (++seen > MAX_COPIES_SEEN && l != x->file_first[f]) l = x->file_first[f];
            if (x->locs[l].res == dst) {
                best = 0;
                *local += x->wf->files[f].size;
                break;
            }
            double lat, bw;
            route_estimate(x, x->locs[l].res, dst, &lat, &bw);
            double tt = lat + (bw > 0 ? x->wf->files[f].size / bw : 0);
            if (tt < best) best = tt;
        }
        if (isfinite(best)) total += best;
    }
    return total;
}

/* Fill c's estimates for task t decided at now; *stage and *compute get the stage-in and
 * compute times they add (NULL when not wanted). */
static void estimate(exec_state *x, int t, hf_candidate *c, double now, double *stage,
                     double *compute)
{
    const hf_task *task = &x->wf->tasks[t];
    int need = c->variant == HF_RES_CPU ? task->cores : 1;
    double free_at = hf_eft_free_at(x->eft, c->resource, need);
    if (free_at < now) free_at = now;
    double S = stage_in_estimate(x, t, c->resource, &c->local_bytes);
    double C = hf_cost_seconds(x->wf, task, c->variant, &x->p->res[c->resource]);
    c->startup = startup_estimate(x, t, c);
    c->est_start = free_at + c->startup + S;
    c->est_finish = c->est_start + C;
    if (stage) *stage = S;
    if (compute) *compute = C;
}

static void fill_estimates(exec_state *x, int t, hf_candidate *c, size_t n, double now)
{
    for (size_t k = 0; k < n; k++)
        estimate(x, t, &c[k], now, NULL, NULL);
}

/* Estimate task t on resource res (stage-in and compute times into *S and *C when not NULL)
 * and keep it in *best when it finishes first (ties: earlier start, then lower resource index,
 * as hf_policy_earliest over a candidate list). Returns the estimate. */
static hf_candidate consider(exec_state *x, int t, int res, double now, hf_candidate *best,
                             int *found, double *S, double *C)
{
    hf_candidate c = {.resource = res, .variant = (int)x->p->res[res].kind, .endpoint = -1};
    estimate(x, t, &c, now, S, C);
    if (!*found || c.est_finish < best->est_finish ||
        (c.est_finish == best->est_finish &&
         (c.est_start < best->est_start ||
          (c.est_start == best->est_start && c.resource < best->resource)))) {
        *best = c;
        *found = 1;
    }
    return c;
}

/* The earliest-finish choice for task t without estimating every candidate (exec/eft.h): the
 * best generic member of each class that can run t, and every resource sharing a node with a
 * copy of one of t's inputs (the copies stage_in_estimate looks at). Same result as
 * hf_policy_earliest over all candidates: smallest est_finish, then est_start, then resource
 * index (candidate lists are in resource order). Returns 0 when no resource can run t. */
static int choose_earliest(exec_state *x, int t, hf_candidate *out)
{
    const hf_task *task = &x->wf->tasks[t];
    double now = simgrid_get_clock();
    if (++x->stamp == 0) { /* wrapped: forget every old mark */
        memset(x->mark, 0, x->p->nres * sizeof *x->mark);
        x->stamp = 1;
    }
    x->nspecial = 0;
    for (int i = 0; i < task->ninputs; i++) {
        int f = task->inputs[i], seen = 0;
        for (int l = x->file_head[f]; l >= 0; l = x->locs[l].next) {
            if (++seen > MAX_COPIES_SEEN && l != x->file_first[f]) l = x->file_first[f];
            size_t n;
            const int *on = hf_eft_node(x->eft, x->p->res[x->locs[l].res].node, &n);
            for (size_t k = 0; k < n; k++) {
                if (x->mark[on[k]] == x->stamp) continue;
                x->mark[on[k]] = x->stamp;
                x->special[x->nspecial++] = on[k];
            }
        }
    }
    int found = 0;
    hf_candidate best = {0};
    for (size_t c = 0, ncls = hf_eft_nclasses(x->eft); c < ncls; c++) {
        size_t nm;
        const hf_resource *r = &x->p->res[hf_eft_members(x->eft, (int)c, &nm)[0]];
        if (!hf_task_fits(task, r, (int)r->kind)) continue; /* the same over a class */
        int need = r->kind == HF_RES_CPU ? task->cores : 1;
        int m = hf_eft_best(x->eft, (int)c, need, now, x->special, x->nspecial);
        if (m == -2) die_oom();
        if (m < 0) continue;
        double S, C;
        hf_candidate cm = consider(x, t, m, now, &best, &found, &S, &C);
        /* Members freeing up a few ulps after m can round to the same est_start and est_finish,
         * and a scan then takes the lowest index among them. Ties hold on an interval of free
         * times (rounding is monotone) that ends within 2 ulps of est_start: when a member
         * other than m frees up by then (rare), the latest tying free time is found by
         * bisection and the first member free by then is estimated too. */
        double v = hf_eft_free_at(x->eft, m, need);
        if (v < now) v = now;
        double start = cm.est_start, finish = cm.est_finish;
        double lo = v, hi = v + 2 * (nextafter(start, INFINITY) - start) + 1e-300;
        int m2 = hf_eft_first_free_by(x->eft, (int)c, need, hi, x->special, x->nspecial);
        if (m2 == -2) die_oom();
        if (m2 < 0 || m2 == m) continue;
        for (int it = 0; it < 80 && nextafter(lo, INFINITY) < hi; it++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo) mid = nextafter(lo, INFINITY);
            if (mid + S == start && (mid + S) + C == finish)
                lo = mid;
            else
                hi = mid;
        }
        m2 = hf_eft_first_free_by(x->eft, (int)c, need, lo, x->special, x->nspecial);
        if (m2 == -2) die_oom();
        if (m2 >= 0 && m2 != m) consider(x, t, m2, now, &best, &found, NULL, NULL);
    }
    for (size_t k = 0; k < x->nspecial; k++) {
        const hf_resource *r = &x->p->res[x->special[k]];
        if (hf_task_fits(task, r, (int)r->kind))
            consider(x, t, x->special[k], now, &best, &found, NULL, NULL);
    }
    *out = best;
    return found;
}

/* ---------- placement ---------- */

/* Candidates for task t: a shared prebuilt list when every resource of the needed kinds fits
 * (O(1): the common case at scale), else a filtered copy in x->scratch. */
static hf_candidate *candidates(exec_state *x, int t, size_t *n)
{
    const hf_task *task = &x->wf->tasks[t];
    const hf_task_ext *e = hf_task_ext_of(task);
    if (serverless(x)) {
        *n = serverless_candidates(x, t);
        return x->scratch;
    }
    int all_cpu = task->cores <= x->min_cpu_cores && e->memory <= x->min_cpu_mem;
    int all_gpu = e->gpu_memory <= x->min_gpu_mem &&
                  (x->all_gpu_bw || e->gpu.flops > 0 || e->gpu.seconds > 0) &&
                  (!e->kernels || (x->all_gpu_bw && x->all_gpu_sms));
    if (task->cpu.set && !e->gpu.set && all_cpu) {
        *n = x->ncpu;
        return x->cand_cpu;
    }
    if (e->gpu.set && !task->cpu.set && all_gpu) {
        *n = x->ngpu;
        return x->cand_gpu;
    }
    if (e->gpu.set && task->cpu.set && all_cpu && all_gpu) {
        *n = x->nall;
        return x->cand_all;
    }
    size_t k = 0;
    for (size_t i = 0; i < x->nall; i++) {
        const hf_candidate *c = &x->cand_all[i];
        const hf_resource *r = &x->p->res[c->resource];
        if (hf_task_fits(task, r, c->variant)) x->scratch[k++] = *c;
    }
    *n = k;
    return x->scratch;
}

static void try_dispatch(exec_state *x, int ri);
static void worker_main(int argc, char **argv);

static void fail_run(exec_state *x)
{
    if (x->failed) return;
    x->failed = 1;
    sg_actor_kill_all();
}

/* Fill d for task t decided now, with candidates c (n of them; estimates when wanted). */
static void fill_decision(exec_state *x, int t, hf_candidate *c, size_t n, hf_decision *d)
{
    double now = simgrid_get_clock();
    if (x->pol->ops->wants_estimates) fill_estimates(x, t, c, n, now);
    *d = (hf_decision){.platform = x->p,
                       .workflow = x->wf,
                       .task = t,
                       .now = now,
                       .cands = c,
                       .ncands = n,
                       .estimated = x->pol->ops->wants_estimates,
                       .view = x->have_view ? &x->view : NULL,
                       .placed = x->placed,
                       .serverless = serverless(x) ? x->sl : NULL};
}

/* Task t goes to resource ri with variant: record it, book its cores until finish when the
 * policy keeps estimates (finish < 0: it does not), queue it and dispatch. */
static void commit(exec_state *x, int t, int ri, int variant, double finish)
{
    x->placed[t] = ri;
    x->variant[t] = (signed char)variant;
    if (serverless(x)) { /* submitted to the endpoint, which picks the worker */
        int e = x->res_ep[ri];
        ep_push(x, e, t);
        ep_dispatch(x, e);
        return;
    }
    if (finish >= 0)
        hf_eft_book(x->eft, ri, variant == HF_RES_CPU ? x->wf->tasks[t].cores : 1, finish);
    queue_push(&x->res[ri], t);
    try_dispatch(x, ri);
}

/* Ask the policy where ready task t runs, queue it there and dispatch. */
static void place(exec_state *x, int t)
{
    if (x->sl && x->sl->mode == HF_MODE_MONOLITH) { /* the job's next command, on its node */
        int node = x->sl->monolith_node;
        if (t == x->topo[0]) { /* the job's one start */
            hf_invoke_rec v = {.task = t,
                               .endpoint = x->res_ep[node],
                               .resource = node,
                               .cold = 1,
                               .submit = simgrid_get_clock(),
                               .start = simgrid_get_clock(),
                               .latency = 2 * wan_latency(x, node),
                               .overhead = x->sl->eps[x->res_ep[node]].overhead};
            x->task_inv[t] = (int)x->r->ninvokes;
            if (hf_results_add_invoke(x->r, &v) != HF_OK) die_oom();
        }
        commit(x, t, node, HF_RES_CPU, -1);
        return;
    }
    if (x->fast_eft) {
        hf_candidate c;
        if (!choose_earliest(x, t, &c)) { /* excluded by hf_workflow_check_platform */
            hf_ctx_fail(x->ctx, HF_ESIM, "task '%s': no resource can run it", x->wf->tasks[t].name);
            fail_run(x);
            return;
        }
        commit(x, t, c.resource, c.variant, c.est_finish);
        return;
    }
    size_t n;
    hf_candidate *c = candidates(x, t, &n);
    if (n == 0 && serverless(x)) { /* no present node can take it: wait for a join */
        park(x, t);
        return;
    }
    if (n == 0) { /* excluded by hf_workflow_check_platform; kept as a guard */
        hf_ctx_fail(x->ctx, HF_ESIM, "task '%s': no resource can run it", x->wf->tasks[t].name);
        fail_run(x);
        return;
    }
    hf_decision d;
    fill_decision(x, t, c, n, &d);
    size_t choice = 0;
    if (x->pol->ops->decide(x->pol, &d, &choice) != HF_OK || choice >= n) {
        if (x->ctx->errcode == HF_OK)
            hf_ctx_fail(x->ctx, HF_ESIM, "policy '%s' made no valid choice for task '%s'",
                        x->pol->ops->name, x->wf->tasks[t].name);
        fail_run(x);
        return;
    }
    commit(x, t, c[choice].resource, c[choice].variant,
           x->pol->ops->wants_estimates ? c[choice].est_finish : -1);
}

typedef struct prio {
    double p;
    int t;
} prio;

static int cmp_prio(const void *a, const void *b)
{
    const prio *x = a, *y = b;
    if (x->p != y->p) return x->p > y->p ? -1 : 1; /* higher priority first */
    return (x->t > y->t) - (x->t < y->t);          /* then workflow order */
}

/* Tasks that became ready together (batch, n of them, in workflow order; modified): record
 * their ready time and place them in the policy's order (priority, or pick). The batch lives in
 * the caller's memory: placing may yield to other actors (a simcall), which may place theirs. */
static void place_batch(exec_state *x, int *batch, size_t n)
{
    const hf_policy_ops *ops = x->pol->ops;
    double now = simgrid_get_clock();
    for (size_t i = 0; i < n; i++)
        x->r->tasks[batch[i]].ready = now;
    if (n > 1 && ops->pick) {
        /* one candidate list per task of the batch: bounded to 64 MiB, so a huge batch (10^5
         * entry tasks on 1000 nodes) is picked from in slices of that size, in order */
        size_t slice = (64u << 20) / (x->nall * sizeof(hf_candidate) + sizeof(hf_decision));
        if (slice < 2) slice = 2;
        if (n > slice) {
            for (size_t i = 0; i < n && !x->failed; i += slice)
                place_batch(x, batch + i, n - i < slice ? n - i : slice);
            return;
        }
        hf_decision *ds = malloc(n * sizeof *ds);
        hf_candidate *buf = malloc(n * x->nall * sizeof *buf);
        if (!ds || !buf) die_oom();
        while (n > 0 && !x->failed) {
            for (size_t i = 0; i < n; i++) { /* no simcall in here: a consistent snapshot */
                size_t nc;
                hf_candidate *c = candidates(x, batch[i], &nc);
                memcpy(buf + i * x->nall, c, nc * sizeof *c);
                fill_decision(x, batch[i], buf + i * x->nall, nc, &ds[i]);
            }
            size_t k = ops->pick(x->pol, ds, n);
            if (k >= n) k = 0;
            int t = batch[k];
            memmove(batch + k, batch + k + 1, (n - k - 1) * sizeof *batch);
            n--;
            place(x, t);
        }
        free(ds);
        free(buf);
        return;
    }
    if (n > 1 && ops->priority) {
        prio *pr = malloc(n * sizeof *pr);
        if (!pr) die_oom();
        for (size_t i = 0; i < n; i++)
            pr[i] =
                (prio){ops->priority(x->pol, x->have_view ? &x->view : NULL, batch[i]), batch[i]};
        qsort(pr, n, sizeof *pr, cmp_prio);
        for (size_t i = 0; i < n; i++)
            batch[i] = pr[i].t;
        free(pr);
    }
    for (size_t i = 0; i < n && !x->failed; i++)
        place(x, batch[i]);
}

/* Tasks that became ready together (batch, n of them): those whose release time is still to
 * come are held by the releaser (which places them then, release.h), the rest placed now. */
static void ready_batch(exec_state *x, int *batch, size_t n)
{
    if (x->rel) {
        double now = simgrid_get_clock();
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            double when = hf_task_release(x->wf, batch[i]);
            if (when > now)
                hf_releaser_hold(x->rel, batch[i], when);
            else
                batch[k++] = batch[i];
        }
        n = k;
    }
    if (n > 0) place_batch(x, batch, n);
}

/* The releaser's hand-over: released tasks are placed, then the run may be over. */
static void released(void *arg, int *tasks, size_t n)
{
    exec_state *x = arg;
    if (x->failed || x->finished) return;
    place_batch(x, tasks, n);
    /* a placement that failed the run (a stranded task) killed every other actor: the
     * releaser must end too, or SimGrid reports it as a deadlock */
    if (x->failed) hf_releaser_stop(x->rel);
}

static void maybe_reconfigure(exec_state *x, int group);

/* Hand queued tasks to workers while the head of the FIFO fits in the free cores. An instance
 * of a MIG layout that is not its GPU's current one waits (and may trigger a switch). */
static void try_dispatch(exec_state *x, int ri)
{
    res_state *rs = &x->res[ri];
    const hf_resource *r = &x->p->res[ri];
    if (r->gpu_group) {
        mig_group *g = &x->groups[r->gpu_group - 1];
        if (g->reconfiguring || g->current != r->layout) {
            if (rs->qlen > 0) maybe_reconfigure(x, r->gpu_group);
            return;
        }
    }
    while (rs->qlen > 0 && !x->failed) {
        int t = rs->queue[rs->qhead];
        int need = x->variant[t] == HF_RES_CPU ? x->wf->tasks[t].cores : 1;
        if (need > rs->free_cores) break;
        rs->qhead = (rs->qhead + 1) % rs->qcap;
        rs->qlen--;
        rs->free_cores -= need;
        if (r->gpu_group) x->groups[r->gpu_group - 1].running++;
        if (rs->nidle > 0) {
            worker *w = rs->idle[--rs->nidle];
            w->task = t;
            sg_sem_release(w->sem);
        } else {
            worker *w = calloc(1, sizeof *w);
            if (!w || hf_grow((void **)&rs->all, &rs->capall, rs->nall + 1, sizeof *rs->all))
                die_oom();
            rs->all[rs->nall++] = w;
            *w = (worker){x, ri, t, sg_sem_init(0)};
            char name[64];
            snprintf(name, sizeof name, "worker-%zu", rs->nall);
            sg_actor_t a = sg_actor_init(name, rs->host);
            sg_actor_set_data(a, w);
            sg_actor_start_(a, worker_main, 0, NULL);
        }
    }
}

/* The switch of a MIG group (the actor's data) to its target layout: the GPU runs nothing for
 * the reconfiguration time, then the old layout's instances stop drawing power (pstate 1), the
 * new one's start, and their queues are dispatched. */
static void reconfigure_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    mig_group *g = sg_actor_self_get_data();
    exec_state *x = g->x;
    if (g->reconfig > 0) sg_actor_sleep_for(g->reconfig);
    for (int k = 0; k < g->nmembers; k++) {
        int i = g->members[k];
        sg_host_set_pstate(x->res[i].host, x->p->res[i].layout == g->target ? 0 : 1);
    }
    g->current = g->target;
    g->reconfiguring = 0;
    for (int k = 0; k < g->nmembers && !x->failed; k++)
        try_dispatch(x, g->members[k]);
}

/* Switch MIG group (1-based) when its current layout has nothing running or queued and an
 * instance of another layout has queued work: to that instance's layout (the first such
 * instance in platform order). */
static void maybe_reconfigure(exec_state *x, int group)
{
    mig_group *g = &x->groups[group - 1];
    if (g->reconfiguring || g->running > 0) return;
    int target = -1;
    for (int k = 0; k < g->nmembers; k++) {
        int i = g->members[k];
        if (x->res[i].qlen == 0) continue;
        if (x->p->res[i].layout == g->current) return; /* the current layout still has work */
        if (target < 0) target = x->p->res[i].layout;
    }
    if (target < 0) return;
    g->reconfiguring = 1;
    g->target = target;
    sg_actor_t a = sg_actor_init("mig-reconfigure", x->res[x->cand_all[0].resource].host);
    sg_actor_set_data(a, g);
    sg_actor_start_(a, reconfigure_main, 0, NULL);
}

/* ---------- multi-target tasks: compile cache ---------- */

/* The container identity of task t: its function, or the task itself when it names none. */
static int fn_key(const exec_state *x, int t)
{
    int fn = hf_task_function(x->wf, t);
    return fn >= 0 ? fn : (int)x->wf->nfns + t;
}

static unsigned char *compile_state(const exec_state *x, int fn, int variant, int ri)
{
    return &x->compiled[((size_t)fn * 2 + (size_t)variant) * (size_t)x->ntypes +
                        (size_t)x->res_type[ri]];
}

/* Seconds of compile task t's variant still needs on resource ri's node type (0 when its
 * function has no compile cost or it is compiled, or being compiled, for that type). */
static double compile_pending(const exec_state *x, int t, int variant, int ri)
{
    int fn = hf_task_function(x->wf, t);
    if (fn < 0 || !x->compiled || !(x->wf->fns[fn].compile[variant] > 0)) return 0;
    return *compile_state(x, fn, variant, ri) == 0 ? x->wf->fns[fn].compile[variant] : 0;
}

/* Wait while *st is 1 (another actor compiling or pulling; *st lives in an array that never
 * moves): arrivals is notified when it changes. */
static void wait_busy(exec_state *x, const unsigned char *st)
{
    if (*st != 1) return;
    sg_mutex_lock(x->mutex);
    while (*st == 1)
        sg_cond_wait(x->arrivals, x->mutex);
    sg_mutex_unlock(x->mutex);
}

/* Compile task t's variant for resource ri's node type unless done: the first task of a
 * (function, variant, node type) pays the compile; one arriving meanwhile waits for it. Returns
 * the seconds this task spent (compiling or waiting). */
static double run_compile(exec_state *x, int t, int variant, int ri)
{
    int fn = hf_task_function(x->wf, t);
    if (fn < 0 || !x->compiled || !(x->wf->fns[fn].compile[variant] > 0)) return 0;
    unsigned char *st = compile_state(x, fn, variant, ri);
    double t0 = simgrid_get_clock(), c = x->wf->fns[fn].compile[variant];
    wait_busy(x, st);
    if (*st == 2) return simgrid_get_clock() - t0;
    *st = 1;
    sg_actor_sleep_for(c);
    *st = 2;
    x->compiles++;
    x->compile_seconds += c;
    sg_cond_notify_all(x->arrivals);
    return simgrid_get_clock() - t0;
}

/* ---------- serverless modes: endpoints, containers, availability ---------- */

static int serverless(const exec_state *x)
{
    return x->sl && x->sl->mode != HF_MODE_MONOLITH;
}

/* One-way WAN latency from the client's site to node's site (docs/models/serverless.md). */
static double wan_latency(const exec_state *x, int node)
{
    int a = x->sl->client_site, b = x->p->res[node].site;
    return a == b ? 0 : x->p->sites[a].wan.latency + x->p->sites[b].wan.latency;
}

static int image_of(const exec_state *x, int fkey)
{
    return fkey < (int)x->wf->nfns ? x->images[fkey] : -1;
}

static unsigned char *img_state(const exec_state *x, int node, int img)
{
    return &x->img_state[(size_t)node * (size_t)x->nimages + (size_t)img];
}

/* 0 for a MIG instance of a layout its GPU is not running (it takes no invocation). */
static int in_current_layout(const exec_state *x, const hf_resource *r)
{
    return !r->gpu_group || x->groups[r->gpu_group - 1].current == r->layout;
}

/* A resource of node able to start task t's variant now (present, fits, a free slot; a MIG
 * instance only in its GPU's current layout), or -1. */
static int free_slot_on(const exec_state *x, int node, int t, int variant)
{
    const hf_task *task = &x->wf->tasks[t];
    if (!x->present[node]) return -1;
    if (variant == HF_RES_CPU)
        return hf_task_fits(task, &x->p->res[node], HF_RES_CPU) &&
                       x->res[node].free_cores >= task->cores
                   ? node
                   : -1;
    size_t n;
    const int *on = hf_eft_node(x->eft, node, &n);
    for (size_t k = 0; k < n; k++) {
        const hf_resource *r = &x->p->res[on[k]];
        if (r->kind != HF_RES_GPU || !x->present[on[k]] || x->res[on[k]].free_cores < 1) continue;
        if (!in_current_layout(x, r)) continue;
        if (hf_task_fits(task, r, HF_RES_GPU)) return on[k];
    }
    return -1;
}

/* The first present resource of endpoint e that fits task t's variant (slots not considered),
 * or -1: the resource a candidate stands for. */
static int endpoint_rep(const exec_state *x, int e, int t, int variant)
{
    const hf_endpoint *ep = &x->sl->eps[e];
    const hf_task *task = &x->wf->tasks[t];
    for (int k = 0; k < ep->nnodes; k++) {
        int node = ep->nodes[k];
        if (!x->present[node]) continue;
        if (variant == HF_RES_CPU) {
            if (hf_task_fits(task, &x->p->res[node], HF_RES_CPU)) return node;
            continue;
        }
        size_t n;
        const int *on = hf_eft_node(x->eft, node, &n);
        for (size_t j = 0; j < n; j++) {
            const hf_resource *r = &x->p->res[on[j]];
            if (!in_current_layout(x, r)) continue;
            if (x->present[on[j]] && hf_task_fits(task, r, HF_RES_GPU)) return on[j];
        }
    }
    return -1;
}

/* Candidates of task t in a serverless mode, one per endpoint able to run the variant the mode
 * gives it (decomposed: cpu; decomposed_hha: gpu while some endpoint has a present GPU that
 * fits, else cpu), into x->scratch. Returns how many (0: no present node can take it now). */
static size_t serverless_candidates(exec_state *x, int t)
{
    const hf_task *task = &x->wf->tasks[t];
    size_t n = 0;
    int variant = HF_RES_CPU;
    if (x->sl->mode == HF_MODE_DECOMPOSED_HHA && hf_task_ext_of(task)->gpu.set)
        for (size_t e = 0; e < x->sl->neps && variant == HF_RES_CPU; e++)
            if (endpoint_rep(x, (int)e, t, HF_RES_GPU) >= 0) variant = HF_RES_GPU;
    if (variant == HF_RES_CPU && !task->cpu.set) return 0;
    for (size_t e = 0; e < x->sl->neps; e++) {
        int rep = endpoint_rep(x, (int)e, t, variant);
        if (rep >= 0)
            x->scratch[n++] =
                (hf_candidate){.resource = rep, .variant = variant, .endpoint = (int)e};
    }
    return n;
}

/* Seconds an invocation of task t on candidate c would spend before its stage-in: WAN latency
 * both ways, overhead, a cold start when the endpoint has no warm container of its function
 * with room, a pending compile. */
static double startup_estimate(exec_state *x, int t, const hf_candidate *c)
{
    double compile = compile_pending(x, t, c->variant, c->resource);
    if (!serverless(x) || c->endpoint < 0) return compile;
    const hf_endpoint *ep = &x->sl->eps[c->endpoint];
    const ep_state *es = &x->eps[c->endpoint];
    int node = x->p->res[c->resource].node, fk = fn_key(x, t), cold = 1;
    double now = simgrid_get_clock(), pull = 0, init = 0;
    for (size_t k = 0; k < es->nconts && cold; k++) {
        const container *ct = &x->conts[es->conts[k]];
        cold = !(ct->alive && ct->fkey == fk && ct->busy < ep->concurrency &&
                 (ct->busy > 0 || now < ct->idle_since + ep->keep_alive));
    }
    int fn = fk < (int)x->wf->nfns ? fk : -1;
    if (cold && fn >= 0) {
        const hf_function *f = &x->wf->fns[fn];
        int img = x->images[fn];
        if (img >= 0 && f->image_size > 0 && *img_state(x, node, img) != 2) {
            double lat = 0, bw = 0;
            int remote = x->sl->registry != node;
            if (remote) route_estimate(x, x->sl->registry, node, &lat, &bw);
            pull = hf_image_ready_seconds(&x->sl->pull, f->image_size, remote, lat, bw);
        }
        init = f->init;
    }
    return hf_invoke_latency(cold, wan_latency(x, node), ep->overhead, pull, init, compile, 0);
}

/* Reclaim endpoint e's containers idle for their keep-alive (exactly at idle_since +
 * keep_alive: an invocation arriving then finds none), and drop reclaimed ones from its list. */
static void reap(exec_state *x, int e)
{
    ep_state *es = &x->eps[e];
    double now = simgrid_get_clock(), ka = x->sl->eps[e].keep_alive;
    size_t k = 0;
    for (size_t i = 0; i < es->nconts; i++) {
        container *ct = &x->conts[es->conts[i]];
        if (ct->alive && ct->busy == 0 && now >= ct->idle_since + ka) ct->alive = 0;
        if (ct->alive) es->conts[k++] = es->conts[i];
    }
    es->nconts = k;
}

static int new_container(exec_state *x, int e, int node, int fkey)
{
    ep_state *es = &x->eps[e];
    if (hf_grow((void **)&x->conts, &x->capconts, x->nconts + 1, sizeof *x->conts) ||
        hf_grow((void **)&es->conts, &es->capconts, es->nconts + 1, sizeof *es->conts))
        die_oom();
    x->conts[x->nconts] = (container){node, fkey, 0, 1, 0, 0};
    es->conts[es->nconts++] = (int)x->nconts;
    return (int)x->nconts++;
}

/* Task t got container c on resource ri of endpoint e: record the invocation and hand the task
 * to a worker there (its slot is free: the caller checked). */
static void start_invocation(exec_state *x, int t, int e, int ri, int c, int cold)
{
    x->conts[c].busy++;
    x->task_cont[t] = c;
    x->cold_of[t] = cold;
    x->placed[t] = ri;
    hf_invoke_rec v = {.task = t,
                       .endpoint = e,
                       .resource = ri,
                       .cold = cold,
                       .redeployed = x->redeploys[t],
                       .submit = x->r->tasks[t].ready,
                       .start = simgrid_get_clock(),
                       .latency = 2 * wan_latency(x, x->p->res[ri].node),
                       .overhead = x->sl->eps[e].overhead};
    x->task_inv[t] = (int)x->r->ninvokes;
    if (hf_results_add_invoke(x->r, &v) != HF_OK) die_oom();
    queue_push(&x->res[ri], t);
    try_dispatch(x, ri);
}

/* 1 when some present resource of endpoint e has a free core or GPU. */
static int endpoint_has_room(const exec_state *x, int e)
{
    const hf_endpoint *ep = &x->sl->eps[e];
    for (int k = 0; k < ep->nnodes; k++) {
        size_t n;
        const int *on = hf_eft_node(x->eft, ep->nodes[k], &n);
        for (size_t j = 0; j < n; j++) {
            const hf_resource *r = &x->p->res[on[j]];
            if (!in_current_layout(x, r)) continue;
            if (x->present[on[j]] && x->res[on[j]].free_cores > 0) return 1;
        }
    }
    return 0;
}

/* Start what endpoint e's queue can start now (a task that cannot start does not hold back
 * those behind it): first every queued task for which a warm container of its function has
 * room on a node with a free slot; then, in submission order, new containers on a node with a
 * free slot (one holding the image first), when the pool has room or an idle container can be
 * reclaimed (the one idle longest). O(queue x (containers + nodes)); O(nodes) when no member
 * has a free slot. */
static void ep_dispatch(exec_state *x, int e)
{
    ep_state *es = &x->eps[e];
    const hf_endpoint *ep = &x->sl->eps[e];
    reap(x, e);
    /* a saturated endpoint (the common case under load) costs O(nodes), not a queue walk */
    if (es->nqueue == 0 || !endpoint_has_room(x, e)) return;
    /* two passes: queued tasks that find a warm container first, then new containers in
     * submission order, so that a free slot does not evict a warm container some queued task
     * could reuse */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < es->nqueue && !x->failed;) {
            int t = es->queue[i], v = x->variant[t], fk = fn_key(x, t);
            int ri = -1, c = -1, cold = 0;
            for (size_t k = 0; k < es->nconts && ri < 0; k++) {
                const container *ct = &x->conts[es->conts[k]];
                if (!ct->alive || ct->fkey != fk || ct->busy >= ep->concurrency) continue;
                int r = free_slot_on(x, ct->node, t, v);
                if (r >= 0) {
                    ri = r;
                    c = es->conts[k];
                }
            }
            if (ri < 0 && pass == 1) {
                int live = 0, victim = -1;
                for (size_t k = 0; k < es->nconts; k++) {
                    const container *ct = &x->conts[es->conts[k]];
                    if (!ct->alive) continue;
                    live++;
                    if (ct->busy == 0 &&
                        (victim < 0 || ct->idle_since < x->conts[es->conts[victim]].idle_since))
                        victim = (int)k;
                }
                if (live < ep->max_containers || victim >= 0) {
                    int img = image_of(x, fk), node = -1;
                    for (int k = 0; k < ep->nnodes; k++) {
                        int n = ep->nodes[k], r = free_slot_on(x, n, t, v);
                        if (r < 0) continue;
                        int cached = img >= 0 && *img_state(x, n, img) == 2;
                        if (ri < 0 || (cached && !(img >= 0 && *img_state(x, node, img) == 2))) {
                            ri = r;
                            node = n;
                        }
                    }
                    if (ri >= 0) {
                        if (live >= ep->max_containers) x->conts[es->conts[victim]].alive = 0;
                        c = new_container(x, e, node, fk);
                        cold = 1;
                    }
                }
            }
            if (ri < 0) {
                i++;
                continue;
            }
            memmove(es->queue + i, es->queue + i + 1, (es->nqueue - i - 1) * sizeof *es->queue);
            es->nqueue--;
            start_invocation(x, t, e, ri, c, cold);
            reap(x, e); /* start_invocation may have yielded: keep the list current */
            if (!endpoint_has_room(x, e)) return;
        }
}

static void ep_push(exec_state *x, int e, int t)
{
    ep_state *es = &x->eps[e];
    if (hf_grow((void **)&es->queue, &es->capqueue, es->nqueue + 1, sizeof *es->queue)) die_oom();
    es->queue[es->nqueue++] = t;
}

static void dispatch_all(exec_state *x)
{
    for (size_t e = 0; e < x->sl->neps && !x->failed; e++)
        ep_dispatch(x, (int)e);
}

/* No node able to run parked task t will ever join: stop the run with a message (not wait for
 * SimGrid to find the deadlock). */
static void stranded(exec_state *x, int t)
{
    hf_ctx_fail(x->ctx, HF_ESIM,
                "task '%s' waits for a node able to run its variant, and the availability trace "
                "has no more joins (at %g s, %zu of %zu tasks done)",
                x->wf->tasks[t].name, simgrid_get_clock(), x->done, x->wf->ntasks);
    fail_run(x);
}

/* Task t waits for a join; with the trace over, that would be forever. */
static void park(exec_state *x, int t)
{
    if (!x->avail_actor) {
        stranded(x, t);
        return;
    }
    if (hf_grow((void **)&x->parked, &x->capparked, x->nparked + 1, sizeof *x->parked)) die_oom();
    x->parked[x->nparked++] = t;
}

/* Pull image img of size bytes from the registry to node and unpack it (sim/exec/image.c) unless
 * cached there; an invocation arriving while another pulls it waits for that pull. Returns the
 * seconds spent. */
static double pull_image(exec_state *x, int node, int img, double size)
{
    if (img < 0 || !(size > 0) || x->sl->registry < 0) return 0;
    double t0 = simgrid_get_clock();
    wait_busy(x, img_state(x, node, img));
    if (*img_state(x, node, img) == 2) return simgrid_get_clock() - t0;
    *img_state(x, node, img) = 1;
    hf_image_pull(&x->sl->pull, x->res[x->sl->registry].host, x->res[node].host, size);
    *img_state(x, node, img) = x->present[node] ? 2 : 0; /* a node that left forgets it */
    sg_cond_notify_all(x->arrivals);
    return simgrid_get_clock() - t0;
}

/* What an invocation of task t does on resource ri before its stage-in: the WAN latency both
 * ways and the endpoint's overhead, then for a new container the image pull and the runtime
 * initialisation (docs/models/serverless.md). The monolith job's start pulls every image its
 * functions use as one image (sizes added) and initialises once (the longest init). */
static void invocation_startup(exec_state *x, int t, int ri)
{
    int iv = x->task_inv[t], node = x->p->res[ri].node;
    double head = x->r->invokes[iv].latency + x->r->invokes[iv].overhead;
    if (head > 0) sg_actor_sleep_for(head);
    if (!x->r->invokes[iv].cold) {
        /* a warm start on a container still starting (concurrency > 1) waits for it: the wait
         * is recorded as init */
        double t0 = simgrid_get_clock();
        if (!x->conts[x->task_cont[t]].ready) {
            sg_mutex_lock(x->mutex);
            while (!x->conts[x->task_cont[t]].ready)
                sg_cond_wait(x->arrivals, x->mutex);
            sg_mutex_unlock(x->mutex);
        }
        x->r->invokes[iv].init = simgrid_get_clock() - t0;
        return;
    }
    double pull = 0, init = 0;
    if (x->sl->mode == HF_MODE_MONOLITH) {
        double size = 0;
        for (size_t f = 0, seen = 0; f < x->wf->nfns; f++) {
            if (x->images[f] == (int)seen) { /* numbered by first appearance: a new image */
                size += x->wf->fns[f].image_size;
                seen++;
            }
            if (x->wf->fns[f].init > init) init = x->wf->fns[f].init;
        }
        if (x->sl->registry >= 0)
            pull =
                hf_image_pull(&x->sl->pull, x->res[x->sl->registry].host, x->res[node].host, size);
    } else {
        int fn = hf_task_function(x->wf, t);
        if (fn >= 0) {
            pull = pull_image(x, node, x->images[fn], x->wf->fns[fn].image_size);
            init = x->wf->fns[fn].init;
        }
    }
    if (init > 0) sg_actor_sleep_for(init);
    x->r->invokes[iv].pull = pull;
    x->r->invokes[iv].init = init;
    if (x->task_cont[t] >= 0) {
        x->conts[x->task_cont[t]].ready = 1;
        sg_cond_notify_all(x->arrivals);
    }
}

/* Task t's invocation ended: its container goes idle (keep-alive starts) or, on a node that
 * left, is reclaimed. */
static void end_invocation(exec_state *x, int t)
{
    container *ct = &x->conts[x->task_cont[t]];
    if (--ct->busy == 0) {
        ct->idle_since = simgrid_get_clock();
        if (!x->present[ct->node]) ct->alive = 0;
    }
}

/* A node joins: it and its devices become present. In decomposed_hha, invocations queued with
 * their cpu variant that a GPU of the joining node fits are redeployed to its endpoint with
 * their gpu variant (their cold start is paid there). Parked tasks are placed again. */
static void node_join(exec_state *x, int node)
{
    if (x->present[node]) return;
    size_t n;
    const int *on = hf_eft_node(x->eft, node, &n);
    for (size_t k = 0; k < n; k++)
        x->present[on[k]] = 1;
    int to = x->res_ep[node];
    if (x->sl->mode == HF_MODE_DECOMPOSED_HHA && to >= 0) {
        for (size_t e = 0; e < x->sl->neps; e++) {
            ep_state *es = &x->eps[e];
            size_t keep = 0, nq = es->nqueue;
            for (size_t i = 0; i < nq; i++) {
                int t = es->queue[i];
                int move = x->variant[t] == HF_RES_CPU && hf_task_ext_of(&x->wf->tasks[t])->gpu.set;
                int gpu_fits = 0;
                for (size_t k = 0; move && k < n && !gpu_fits; k++)
                    gpu_fits = x->p->res[on[k]].kind == HF_RES_GPU &&
                               hf_task_fits(&x->wf->tasks[t], &x->p->res[on[k]], HF_RES_GPU);
                if (!move || !gpu_fits) {
                    es->queue[keep++] = t;
                    continue;
                }
                x->variant[t] = (signed char)HF_RES_GPU;
                x->redeploys[t]++;
                x->r->redeployments++;
                if ((int)e == to) {
                    es->queue[keep++] = t;
                } else {
                    ep_push(x, to, t); /* es->queue is a different array: keep indices hold */
                }
            }
            es->nqueue = keep;
        }
    }
    size_t np = x->nparked;
    int *again = malloc((np ? np : 1) * sizeof *again);
    if (!again) die_oom();
    if (np) memcpy(again, x->parked, np * sizeof *again);
    x->nparked = 0;
    for (size_t i = 0; i < np && !x->failed; i++)
        place(x, again[i]);
    free(again);
    dispatch_all(x);
}

/* A node leaves: it and its devices take no new invocation (running ones finish), its idle
 * containers are reclaimed and its image cache is lost. Queued invocations that no present
 * member of their endpoint can run any more are placed again (a redeployment). */
static void node_leave(exec_state *x, int node)
{
    if (!x->present[node]) return;
    size_t n;
    const int *on = hf_eft_node(x->eft, node, &n);
    for (size_t k = 0; k < n; k++)
        x->present[on[k]] = 0;
    for (size_t c = 0; c < x->nconts; c++)
        if (x->conts[c].node == node && x->conts[c].busy == 0) x->conts[c].alive = 0;
    for (int img = 0; img < x->nimages; img++)
        if (*img_state(x, node, img) == 2) *img_state(x, node, img) = 0;
    int *again = NULL;
    size_t nagain = 0, cap = 0;
    for (size_t e = 0; e < x->sl->neps; e++) {
        ep_state *es = &x->eps[e];
        size_t keep = 0;
        for (size_t i = 0; i < es->nqueue; i++) {
            int t = es->queue[i];
            if (endpoint_rep(x, (int)e, t, x->variant[t]) >= 0) {
                es->queue[keep++] = t;
                continue;
            }
            if (hf_grow((void **)&again, &cap, nagain + 1, sizeof *again)) die_oom();
            again[nagain++] = t;
        }
        es->nqueue = keep;
    }
    for (size_t i = 0; i < nagain && !x->failed; i++) {
        x->redeploys[again[i]]++;
        x->r->redeployments++;
        place(x, again[i]);
    }
    free(again);
    dispatch_all(x);
}

/* Plays the availability trace; killed by finish_all when the last task ends. */
static void avail_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    exec_state *x = sg_actor_self_get_data();
    for (size_t i = 0; i < x->sl->nevents && !x->finished && !x->failed; i++) {
        const hf_avail_event *ev = &x->sl->events[i];
        double dt = ev->time - simgrid_get_clock();
        if (dt > 0) sg_actor_sleep_for(dt);
        if (x->finished || x->failed) break;
        if (ev->join)
            node_join(x, ev->node);
        else
            node_leave(x, ev->node);
    }
    x->avail_actor = NULL;
    if (x->nparked > 0 && !x->finished && !x->failed) stranded(x, x->parked[0]);
}

/* ---------- running one task ---------- */

/* Run amount flop on the worker's host, at most at bound flop/s (0: no bound). */
static void execute(double amount, double bound)
{
    if (!(bound > 0)) {
        sg_actor_execute(amount);
        return;
    }
    sg_exec_t e = sg_actor_exec_init(amount);
    sg_exec_set_bound(e, bound);
    sg_exec_start(e);
    sg_exec_wait(e);
}

/* A GPU variant given as kernel launches (docs/models/gpu.md#kernel-launches). On a resource
 * that runs one task at a time on its own host (a whole GPU or a MIG instance), each group runs
 * as its launch overheads (idle device), its busy time (one execution) and its host gaps (idle
 * device): alone on the device, the same end time and energy as launch by launch. An MPS
 * client shares its device with the other clients, so its launches run one by one, each an
 * execution bounded at the fraction of the device it keeps busy (hf_kernel_rate). */
static void run_kernels(const hf_kseq *q, const hf_resource *r)
{
    for (int i = 0; i < q->ngroups; i++) {
        const hf_kgroup *k = &q->groups[i];
        hf_kernel kk;
        hf_gpu_share g;
        hf_kgroup_on(k, r, &kk, &g); /* the GPU's profile for this kernel, if any */
        double busy = hf_kernel_seconds(&kk, &g) - g.launch;
        if (r->host) {
            double rate = r->peak * hf_kernel_rate(&kk, &g);
            for (double n = 0; n < k->count; n++) {
                if (g.launch > 0) sg_actor_sleep_for(g.launch);
                if (busy > 0 && rate > 0)
                    execute(busy * rate, rate);
                else if (busy > 0) /* a latency floor over no work: nothing to execute */
                    sg_actor_sleep_for(busy);
                if (k->gap > 0) sg_actor_sleep_for(k->gap);
            }
            continue;
        }
        if (k->count * g.launch > 0) sg_actor_sleep_for(k->count * g.launch);
        if (busy > 0) sg_actor_execute(k->count * busy * r->speed);
        if (k->count * k->gap > 0) sg_actor_sleep_for(k->count * k->gap);
    }
}

/* Make file f present on resource ri for task t, moving it if needed (blocking). */
static void stage_file(exec_state *x, int f, int ri, int t)
{
    int l = find_loc(x, f, ri);
    if (l >= 0) {
        if (!x->locs[l].arrived) {
            /* another task on this resource is already fetching it: wait for that copy. One
             * condition for every copy, made before the run: creating one here would be a
             * simcall, letting other actors run (and create theirs) in the middle of it. The
             * check and the wait are one uninterrupted step, so no arrival is missed. */
            sg_mutex_lock(x->mutex);
            while (!x->locs[find_loc(x, f, ri)].arrived)
                sg_cond_wait(x->arrivals, x->mutex);
            sg_mutex_unlock(x->mutex);
        }
        return;
    }
    /* source: the arrived copy with the shortest estimated transfer (producer's copy first) */
    int src = -1;
    double best = INFINITY;
    for (int k = x->file_head[f]; k >= 0; k = x->locs[k].next) {
        if (!x->locs[k].arrived) continue;
        double lat, bw;
        if (x->locs[k].next < 0 && src < 0) { /* single copy: no need to estimate */
            src = x->locs[k].res;
            break;
        }
        route_estimate(x, x->locs[k].res, ri, &lat, &bw);
        double tt = lat + (bw > 0 ? x->wf->files[f].size / bw : 0);
        if (tt < best) {
            best = tt;
            src = x->locs[k].res;
        }
    }
    if (src < 0) { /* unreachable: a consumer runs only after the producer wrote the file */
        hf_ctx_fail(x->ctx, HF_ESIM, "file '%s' has no copy to send to '%s'", x->wf->files[f].name,
                    x->p->res[ri].name);
        fail_run(x);
        return;
    }
    if (x->res[src].host == x->res[ri].host) { /* MPS clients of one GPU: one device memory */
        add_loc(x, f, ri, 1);
        return;
    }
    l = add_loc(x, f, ri, 0);
    double size = x->wf->files[f].size;
    double t0 = simgrid_get_clock();
    sg_host_sendto(x->res[src].host, x->res[ri].host, size);
    double t1 = simgrid_get_clock();
    l = find_loc(x, f, ri); /* the pool may have moved */
    x->locs[l].arrived = 1;
    sg_cond_notify_all(x->arrivals);
    x->r->tasks[t].bytes_in += size;
    hf_transfer_rec tr = {f, src, ri, t, size, t0, t1};
    if (hf_results_add_transfer(x->r, &tr) != HF_OK) die_oom();
}

static void run_task(exec_state *x, worker *w, int t)
{
    const hf_task *task = &x->wf->tasks[t];
    const hf_resource *r = &x->p->res[w->res];
    res_state *rs = &x->res[w->res];
    hf_task_rec *rec = &x->r->tasks[t];
    int variant = x->variant[t];
    int cores = variant == HF_RES_CPU ? task->cores : 1;

    rec->resource = w->res;
    rec->cores = cores;
    rec->dispatch = simgrid_get_clock();
    /* each figure finite, their product need not be (1e9 launches x a 1e300 s gap): SimGrid
     * aborts on an infinite sleep and never ends an infinite execution */
    double amount = hf_cost_amount(x->wf, task, variant, r); /* flop, on this resource's host */
    double secs = hf_cost_seconds(x->wf, task, variant, r);
    if (!isfinite(amount) || !isfinite(secs)) {
        hf_ctx_fail(x->ctx, HF_EINPUT,
                    "task '%s': its cost on '%s' overflows (%g flop, %g s): too large to simulate",
                    task->name, r->name, amount, secs);
        fail_run(x);
        return;
    }
    if (x->task_inv && x->task_inv[t] >= 0) invocation_startup(x, t, w->res);
    double comp = run_compile(x, t, variant, w->res);
    if (x->task_inv && x->task_inv[t] >= 0) x->r->invokes[x->task_inv[t]].compile = comp;
    for (int i = 0; i < task->ninputs && !x->failed; i++)
        stage_file(x, task->inputs[i], w->res, t);
    rec->start = simgrid_get_clock();

    if (rs->running++ == 0) rs->busy_since = rec->start;
    if (variant == HF_RES_GPU && hf_task_ext_of(task)->kernels) {
        run_kernels(&x->wf->kseqs[hf_task_ext_of(task)->kernels - 1], r);
    } else if (cores == 1) {
        execute(amount, r->host ? r->speed : 0); /* an MPS client: at most its share */
    } else {
        /* one execution per core: a SimGrid execution uses at most one core */
        sg_exec_t small[64];
        sg_exec_t *execs = cores <= 64 ? small : malloc((size_t)cores * sizeof *execs);
        if (!execs) die_oom();
        for (int i = 0; i < cores; i++) {
            execs[i] = sg_actor_exec_init(amount / cores);
            sg_exec_start(execs[i]);
        }
        for (int i = 0; i < cores; i++)
            sg_exec_wait(execs[i]);
    }
    rec->end = simgrid_get_clock();
    if (--rs->running == 0) rs->busy_time += rec->end - rs->busy_since;
    rs->core_seconds += cores * (rec->end - rec->start);
    rs->ntasks++;
    /* dynamic energy: (Pmax - Pidle) per all cores, times the core-seconds this work needs at
     * full speed (docs/models/energy.md); an MPS client's figures are its share of the
     * device's, so this is the device's (Pmax - Pidle) x the flop it ran / its peak */
    rec->energy = (r->p_max - r->p_idle) * amount / (r->speed * r->cores);
    for (int i = 0; i < task->noutputs; i++) {
        int f = task->outputs[i];
        add_loc(x, f, w->res, 1);
        rec->bytes_out += x->wf->files[f].size;
    }
}

static void progress(exec_state *x)
{
    if (x->ctx->quiet || (x->done & 255) != 0) return;
    if (wall_since(&x->wall0) < 3.0 || wall_since(&x->last_progress) < 2.0) return;
    clock_gettime(CLOCK_MONOTONIC, &x->last_progress);
    fprintf(stderr, "hetflow: simulated %.6g s, %zu of %zu tasks done\n", simgrid_get_clock(),
            x->done, x->wf->ntasks);
}

static void finish_all(exec_state *x)
{
    x->finished = 1;
    if (x->rel) hf_releaser_stop(x->rel);
    if (x->avail_actor) {
        sg_actor_t a = x->avail_actor;
        x->avail_actor = NULL;
        sg_actor_kill(a);
    }
    for (size_t i = 0; i < x->p->nres; i++) {
        res_state *rs = &x->res[i];
        while (rs->nidle > 0)
            sg_sem_release(rs->idle[--rs->nidle]->sem);
    }
}

static void worker_main(int argc, char **argv)
{
    worker *w = sg_actor_self_get_data();
    exec_state *x = w->x;
    res_state *rs = &x->res[w->res];
    for (;;) {
        int t = w->task;
        run_task(x, w, t);
        if (x->failed) return;
        rs->free_cores += x->variant[t] == HF_RES_CPU ? x->wf->tasks[t].cores : 1;
        int group = x->p->res[w->res].gpu_group;
        if (group) x->groups[group - 1].running--;
        if (serverless(x)) end_invocation(x, t);
        x->done++;
        progress(x);
        /* go idle before readying the children, so that a child placed here is handed to this
         * worker instead of a new one: a resource never has more workers than cores */
        w->task = -1;
        if (hf_grow((void **)&rs->idle, &rs->capidle, rs->nidle + 1, sizeof *rs->idle)) die_oom();
        rs->idle[rs->nidle++] = w;
        if (x->topo) { /* monolith: the job's next command */
            if (x->topo_next < x->wf->ntasks) {
                int next = x->topo[x->topo_next++];
                ready_batch(x, &next, 1);
            }
        } else {
            int nc, nready = 0, small[64];
            const int *ch = hf_dag_children(x->wf->dag, t, &nc); /* ascending: workflow order */
            int *ready = nc <= 64 ? small : malloc((size_t)nc * sizeof *ready);
            if (!ready) die_oom();
            for (int k = 0; k < nc; k++)
                if (--x->pending[ch[k]] == 0) ready[nready++] = ch[k];
            ready_batch(x, ready, (size_t)nready);
            if (ready != small) free(ready);
        }
        if (x->failed) return;
        if (x->done == x->wf->ntasks) finish_all(x);
        if (x->finished) return;
        /* the freed cores may let queued tasks start (possibly on this worker) */
        if (serverless(x))
            ep_dispatch(x, x->res_ep[w->res]);
        else
            try_dispatch(x, w->res);
        if (group) maybe_reconfigure(x, group);
        sg_sem_acquire(w->sem);
        if (x->finished || x->failed || w->task < 0) return;
    }
}

/* A user's XML platform may lack routes, and SimGrid aborts the process when a transfer finds
 * none. Check that resources reach each other (all pairs up to 256 resources, else every
 * resource to and from the first one) while nothing has run yet: an input error, not a crash.
 * Route queries must run inside the simulation (they crash before simgrid_run). */
static int routes_complete(exec_state *x)
{
    size_t n = x->p->nres;
    xbt_dynar_t links = xbt_dynar_new(sizeof(sg_link_t), NULL);
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        for (size_t j = 0; j < n && ok; j++) {
            if (i == j || (n > 256 && i != 0 && j != 0)) continue;
            xbt_dynar_reset(links);
            sg_host_get_route(x->res[i].host, x->res[j].host, links);
            if (xbt_dynar_is_empty(links)) {
                hf_ctx_fail(x->ctx, HF_EINPUT,
                            "%s: no route from '%s' to '%s' (hetflow may move data between any "
                            "two resources)",
                            x->p->xml_path, x->p->res[i].name, x->p->res[j].name);
                ok = 0;
            }
        }
    xbt_dynar_free(&links);
    return ok;
}

static void route_cb(void *arg, int src, int dst, double *lat, double *bw)
{
    route_estimate(arg, src, dst, lat, bw);
}

/* At time 0, inside the simulation (route queries work only there): check a user's XML,
 * compute the DAG view when the policy wants it, initialise the policy, place the entry
 * tasks (one batch, workflow order). */
static void starter_main(int argc, char **argv)
{
    exec_state *x = sg_actor_self_get_data();
    /* MIG layouts not configured yet draw no power (pstate 1); set inside the simulation, where
     * the energy plugin accounts for it from time 0 */
    for (size_t i = 0; i < x->p->nres; i++)
        if (x->p->res[i].gpu_group && x->p->res[i].layout != 0)
            sg_host_set_pstate(x->res[i].host, 1);
    if (x->p->xml_path && !routes_complete(x)) {
        fail_run(x);
        return;
    }
    if (x->pol->ops->wants_view) {
        if (hf_dagview_init(x->ctx, x->p, x->wf, route_cb, x, &x->view) != HF_OK) {
            fail_run(x);
            return;
        }
        x->have_view = 1;
    }
    if (x->pol->ops->init && x->pol->ops->init(x->pol, x->p, x->wf) != HF_OK) {
        if (x->ctx->errcode == HF_OK)
            hf_ctx_fail(x->ctx, HF_ESIM, "policy '%s' failed to start", x->pol->ops->name);
        fail_run(x);
        return;
    }
    if (x->sl && x->sl->nevents > 0 && x->sl->mode != HF_MODE_MONOLITH) {
        x->avail_actor = sg_actor_init("hetflow-availability", sg_host_self());
        sg_actor_set_data(x->avail_actor, x);
        sg_actor_start_(x->avail_actor, avail_main, 0, NULL);
    }
    if (x->rel) hf_releaser_start(x->rel, sg_host_self());
    if (x->topo) { /* monolith: one job, its commands in topological order */
        int first = x->topo[x->topo_next++];
        ready_batch(x, &first, 1);
        return;
    }
    int *entries = malloc((x->wf->ntasks ? x->wf->ntasks : 1) * sizeof *entries);
    if (!entries) die_oom();
    size_t n = 0;
    for (size_t t = 0; t < x->wf->ntasks; t++)
        if (hf_dag_nparents(x->wf->dag, (int)t) == 0) entries[n++] = (int)t;
    ready_batch(x, entries, n);
    free(entries);
}

/* ---------- set-up and tear-down ---------- */

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d) die_oom();
    return d;
}

/* Node types for the compile cache (a resource's kind and model), function images, and the
 * serverless state: endpoints of resources, presence at time 0, per-task invocation records. */
static hf_err setup_functions(exec_state *x)
{
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    size_t nres = p->nres, nt = wf->ntasks;
    int any_compile = 0;
    for (size_t f = 0; f < wf->nfns; f++)
        any_compile |= wf->fns[f].compile[0] > 0 || wf->fns[f].compile[1] > 0;
    if (any_compile) {
        x->res_type = malloc(nres * sizeof *x->res_type);
        if (!x->res_type) goto oom;
        for (size_t i = 0; i < nres; i++) {
            const hf_resource *r = &p->res[i];
            x->res_type[i] = -1;
            for (size_t j = 0; j < i && x->res_type[i] < 0; j++) {
                const hf_resource *o = &p->res[j];
                if (o->kind == r->kind &&
                    strcmp(o->model ? o->model : "", r->model ? r->model : "") == 0)
                    x->res_type[i] = x->res_type[j];
            }
            if (x->res_type[i] < 0) x->res_type[i] = x->ntypes++;
        }
        x->compiled = calloc(wf->nfns * 2 * (size_t)x->ntypes, 1);
        if (!x->compiled) goto oom;
    }
    if (!x->sl) return HF_OK;
    x->res_ep = malloc(nres * sizeof *x->res_ep);
    x->present = malloc(nres ? nres : 1);
    x->eps = calloc(x->sl->neps ? x->sl->neps : 1, sizeof *x->eps);
    x->images = malloc((wf->nfns ? wf->nfns : 1) * sizeof *x->images);
    x->task_cont = malloc(nt * sizeof *x->task_cont);
    x->task_inv = malloc(nt * sizeof *x->task_inv);
    x->cold_of = calloc(nt, sizeof *x->cold_of);
    x->redeploys = calloc(nt, sizeof *x->redeploys);
    if (!x->res_ep || !x->present || !x->eps || !x->images || !x->task_cont || !x->task_inv ||
        !x->cold_of || !x->redeploys)
        goto oom;
    for (size_t i = 0; i < nres; i++)
        x->res_ep[i] = -1;
    for (size_t e = 0; e < x->sl->neps; e++)
        for (int k = 0; k < x->sl->eps[e].nnodes; k++) {
            size_t n;
            const int *on = hf_eft_node(x->eft, x->sl->eps[e].nodes[k], &n);
            for (size_t j = 0; j < n; j++)
                x->res_ep[on[j]] = (int)e;
        }
    /* a node whose first event is a join starts absent; its devices follow it */
    memset(x->present, 1, nres);
    for (size_t i = x->sl->nevents; i-- > 0;)
        x->present[x->sl->events[i].node] = (unsigned char)!x->sl->events[i].join;
    for (size_t i = 0; i < nres; i++)
        x->present[i] = x->present[p->res[i].node];
    for (size_t f = 0; f < wf->nfns; f++) { /* images numbered by first appearance */
        x->images[f] = -1;
        if (!wf->fns[f].image) continue;
        for (size_t g = 0; g < f && x->images[f] < 0; g++)
            if (wf->fns[g].image && strcmp(wf->fns[g].image, wf->fns[f].image) == 0)
                x->images[f] = x->images[g];
        if (x->images[f] < 0) x->images[f] = x->nimages++;
    }
    x->img_state = calloc(nres * (size_t)(x->nimages ? x->nimages : 1), 1);
    if (!x->img_state) goto oom;
    for (size_t t = 0; t < nt; t++)
        x->task_cont[t] = x->task_inv[t] = -1;
    if (x->sl->mode == HF_MODE_MONOLITH) x->topo = hf_dag_topo_order(wf->dag);
    return HF_OK;
oom:
    return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
}

/* The SimGrid host of each resource (an MPS client's: its device's). sg_host_by_name walks
 * SimGrid's zones one by one (3.32), so once per resource it cost O(resources x sites) on a
 * platform of many sites; one pass over the host list and a name map cost O(hosts). */
static hf_err resolve_hosts(hf_ctx *ctx, const hf_platform *p, res_state *res)
{
    size_t n = sg_host_count();
    sg_host_t *hosts = sg_host_list();
    hf_strmap *m = hf_strmap_new();
    hf_err rc = HF_OK;
    if (!hosts || !m || hf_strmap_reserve(m, n) < 0) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < n; k++)
        hf_strmap_put(m, sg_host_get_name(hosts[k]), (int)k); /* reserved: cannot fail */
    for (size_t i = 0; i < p->nres; i++) {
        const hf_resource *r = &p->res[i];
        int k = hf_strmap_get(m, r->host ? r->host : r->name);
        if (k < 0) {
            rc = hf_ctx_fail(ctx, HF_ESIM, "SimGrid has no host '%s'", r->name);
            goto done;
        }
        res[i].host = hosts[k];
    }
done:
    hf_strmap_free(m);
    free(hosts);
    return rc;
}

static hf_err setup(exec_state *x)
{
    hf_ctx *ctx = x->ctx;
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    size_t nres = p->nres, nt = wf->ntasks;

    x->res = calloc(nres, sizeof *x->res);
    x->pending = malloc(nt * sizeof *x->pending);
    x->variant = malloc(nt ? nt : 1);
    x->placed = malloc(nt * sizeof *x->placed);
    x->file_head = malloc((wf->nfiles ? wf->nfiles : 1) * sizeof *x->file_head);
    x->file_first = malloc((wf->nfiles ? wf->nfiles : 1) * sizeof *x->file_first);
    x->cand_cpu = calloc(nres, sizeof *x->cand_cpu);
    x->cand_gpu = calloc(nres, sizeof *x->cand_gpu);
    x->cand_all = calloc(nres, sizeof *x->cand_all);
    x->scratch = calloc(nres, sizeof *x->scratch);
    /* route figures come from the model, except on a user's XML platform: cache SimGrid's */
    x->route_cap = p->xml_path ? 1u << 16 : 0;
    x->routes = p->xml_path ? calloc(x->route_cap, sizeof *x->routes) : NULL;
    x->eft = hf_eft_new(p);
    for (size_t i = 0; i < nres; i++)
        if (p->res[i].gpu_group > x->ngroups) x->ngroups = p->res[i].gpu_group;
    x->groups = calloc(x->ngroups ? (size_t)x->ngroups : 1, sizeof *x->groups);
    /* each group's instances, in platform order, in one array (counting sort by group) */
    x->group_members = malloc((nres ? nres : 1) * sizeof *x->group_members);
    if (x->groups && x->group_members) {
        for (size_t i = 0; i < nres; i++)
            if (p->res[i].gpu_group) x->groups[p->res[i].gpu_group - 1].nmembers++;
        int at = 0;
        for (int k = 0; k < x->ngroups; k++) {
            int n = x->groups[k].nmembers;
            x->groups[k] = (mig_group){.x = x, .members = x->group_members + at};
            at += n;
        }
        for (size_t i = 0; i < nres; i++) {
            if (!p->res[i].gpu_group) continue;
            mig_group *g = &x->groups[p->res[i].gpu_group - 1];
            g->members[g->nmembers++] = (int)i;
            g->reconfig = p->res[i].reconfig;
        }
    }
    x->special = malloc(nres * sizeof *x->special);
    x->mark = calloc(nres, sizeof *x->mark);
    /* the class argument of exec/eft.h needs the model's routes: not on a user's XML */
    x->fast_eft = x->pol->ops->earliest_finish && !p->xml_path && !x->sl;
    for (size_t f = 0; f < wf->nfns && x->fast_eft; f++) /* estimates would see compiles */
        if (wf->fns[f].compile[0] > 0 || wf->fns[f].compile[1] > 0) x->fast_eft = 0;
    if (!x->res || !x->pending || !x->variant || !x->placed || !x->file_head || !x->file_first ||
        !x->cand_cpu || !x->cand_gpu || !x->cand_all || !x->scratch ||
        (p->xml_path && !x->routes) || !x->eft || !x->special || !x->mark || !x->groups ||
        !x->group_members)
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");

    x->min_cpu_cores = 1 << 30;
    x->min_cpu_mem = x->min_gpu_mem = INFINITY;
    x->all_gpu_bw = 1;
    x->all_gpu_sms = 1;
    hf_err hrc = resolve_hosts(ctx, p, x->res);
    if (hrc != HF_OK) return hrc;
    for (size_t i = 0; i < nres; i++) {
        const hf_resource *r = &p->res[i];
        res_state *rs = &x->res[i];
        rs->free_cores = r->cores;
        hf_candidate c = {.resource = (int)i, .variant = (int)r->kind, .endpoint = -1};
        x->cand_all[x->nall++] = c;
        double mem = r->memory > 0 ? r->memory : INFINITY;
        if (r->kind == HF_RES_CPU) {
            x->cand_cpu[x->ncpu++] = c;
            if (r->cores < x->min_cpu_cores) x->min_cpu_cores = r->cores;
            if (mem < x->min_cpu_mem) x->min_cpu_mem = mem;
        } else {
            x->cand_gpu[x->ngpu++] = c;
            if (!(r->mem_bw > 0)) x->all_gpu_bw = 0;
            if (!(r->sms > 0)) x->all_gpu_sms = 0;
            if (mem < x->min_gpu_mem) x->min_gpu_mem = mem;
        }
    }
    /* every copy of a file is its first (producer or staging) or one stage-in, and every
     * transfer is one stage-in: size both tables exactly, no doubling slack at 10^6 tasks */
    size_t stage_ins = 0;
    for (size_t t = 0; t < nt; t++)
        stage_ins += (size_t)wf->tasks[t].ninputs;
    if (hf_grow((void **)&x->locs, &x->caplocs, wf->nfiles + stage_ins, sizeof *x->locs) ||
        hf_results_reserve_transfers(x->r, stage_ins) != HF_OK)
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    x->default_stage = wf->stage_at ? hf_platform_find(p, wf->stage_at) : x->cand_cpu[0].resource;
    for (size_t f = 0; f < wf->nfiles; f++) {
        x->file_head[f] = x->file_first[f] = -1;
        if (wf->files[f].producer >= 0) continue;
        const char *loc = hf_file_location(wf, &wf->files[f]);
        int at = loc ? hf_platform_find(p, loc) : x->default_stage;
        add_loc(x, (int)f, at, 1);
    }
    for (size_t t = 0; t < nt; t++) {
        x->pending[t] = hf_dag_nparents(wf->dag, (int)t);
        x->placed[t] = -1;
    }
    x->mutex = sg_mutex_init();
    x->arrivals = sg_cond_init();
    if (wf->nrelease > 0 && !(x->rel = hf_releaser_new(released, x)))
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return setup_functions(x);
}

static hf_err fill_results(exec_state *x, const hf_run_spec *spec)
{
    hf_results *r = x->r;
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    hf_ctx *ctx = x->ctx;
    int maj, min, patch;
    char buf[64];

    r->hetflow_version = xstrdup(HF_VERSION);
    sg_version_get(&maj, &min, &patch);
    snprintf(buf, sizeof buf, "%d.%d.%d", maj, min, patch);
    r->simgrid_version = xstrdup(buf);
    r->scenario = xstrdup(spec->scenario);
    r->platform = xstrdup(p->name);
    r->workflow = xstrdup(wf->name);
    r->policy = xstrdup(x->pol->name ? x->pol->name : x->pol->ops->name);
    r->seed = ctx->seed;
    r->nparams = ctx->nparams;
    r->param_names = calloc(ctx->nparams ? ctx->nparams : 1, sizeof(char *));
    r->param_values = calloc(ctx->nparams ? ctx->nparams : 1, sizeof(char *));
    if (!r->param_names || !r->param_values) die_oom();
    for (size_t i = 0; i < ctx->nparams; i++) {
        r->param_names[i] = xstrdup(ctx->params[i].name);
        r->param_values[i] = xstrdup(ctx->params[i].value);
    }

    r->makespan = 0;
    r->strings = hf_arena_new();
    char *cpu = r->strings ? hf_arena_strdup(r->strings, "cpu") : NULL;
    char *gpu = r->strings ? hf_arena_strdup(r->strings, "gpu") : NULL;
    char *none = r->strings ? hf_arena_strdup(r->strings, "") : NULL;
    if (!cpu || !gpu || !none) die_oom();
    for (size_t t = 0; t < wf->ntasks; t++) {
        hf_task_rec *tr = &r->tasks[t];
        tr->name = hf_arena_strdup(r->strings, wf->tasks[t].name);
        if (!tr->name) die_oom();
        tr->variant = x->placed[t] < 0 ? none : x->variant[t] == HF_RES_GPU ? gpu : cpu;
        if (tr->end > r->makespan) r->makespan = tr->end;
    }
    r->completed = x->done == wf->ntasks;
    r->mode = xstrdup(hf_mode_name(x->sl ? x->sl->mode : HF_MODE_DIRECT));
    r->compiles = x->compiles;
    r->compile_seconds = x->compile_seconds;
    if (x->sl) {
        r->nendpoints = x->sl->neps;
        r->endpoint_names = calloc(x->sl->neps ? x->sl->neps : 1, sizeof(char *));
        if (!r->endpoint_names) die_oom();
        for (size_t e = 0; e < x->sl->neps; e++)
            r->endpoint_names[e] = xstrdup(x->sl->eps[e].name);
        for (size_t i = 0; i < r->ninvokes; i++) {
            const hf_invoke_rec *v = &r->invokes[i];
            if (v->cold)
                r->cold_starts++;
            else
                r->warm_starts++;
            r->cold_seconds += v->pull + v->init;
        }
    }
    r->nres = p->nres;
    r->res = calloc(p->nres, sizeof *r->res);
    /* per MPS device (indexed by its first client): the sum of its clients' shares */
    double *shares = calloc(p->nres, sizeof *shares);
    if (!r->res || !shares) die_oom();
    for (size_t i = 0; i < p->nres; i++)
        if (p->res[i].host) shares[hf_platform_find(p, p->res[i].host)] += p->res[i].share;
    r->energy = 0;
    for (size_t i = 0; i < p->nres; i++) {
        const hf_resource *pr = &p->res[i];
        res_state *rs = &x->res[i];
        hf_res_rec *rr = &r->res[i];
        rr->name = xstrdup(pr->name);
        rr->kind = xstrdup(pr->kind == HF_RES_GPU ? "gpu" : "cpu");
        rr->site = xstrdup(p->sites[pr->site].name);
        rr->cores = pr->cores;
        rr->speed = pr->speed;
        rr->tasks = rs->ntasks;
        rr->busy_time = rs->busy_time;
        rr->core_seconds = rs->core_seconds;
        rr->utilisation = r->makespan > 0 ? rs->core_seconds / (pr->cores * r->makespan) : 0;
        /* SimGrid's plugin aborts on hosts without power figures (a user's XML may omit them):
         * such a host reports 0 J */
        rr->energy = sg_host_get_property_value(rs->host, "wattage_per_state")
                         ? sg_host_get_consumed_energy(rs->host)
                         : 0.0;
        if (pr->host) /* an MPS client: its share of its device's energy, by compute share */
            rr->energy *= pr->share / shares[hf_platform_find(p, pr->host)];
        r->energy += rr->energy;
    }
    free(shares);
    r->nfiles = wf->nfiles;
    r->file_names = calloc(wf->nfiles ? wf->nfiles : 1, sizeof(char *));
    if (!r->file_names) die_oom();
    for (size_t f = 0; f < wf->nfiles; f++)
        if (!(r->file_names[f] = hf_arena_strdup(r->strings, wf->files[f].name))) die_oom();
    r->bytes_moved = 0;
    for (size_t i = 0; i < r->ntransfers; i++)
        r->bytes_moved += r->transfers[i].bytes;
    return HF_OK;
}

static void teardown(exec_state *x)
{
    if (x->res)
        for (size_t i = 0; i < x->p->nres; i++) {
            res_state *rs = &x->res[i];
            for (size_t k = 0; k < rs->nall; k++) {
                sg_sem_destroy(rs->all[k]->sem);
                free(rs->all[k]);
            }
            free(rs->all);
            free(rs->idle);
            free(rs->queue);
        }
    if (x->arrivals) sg_cond_destroy(x->arrivals);
    if (x->mutex) sg_mutex_destroy(x->mutex);
    hf_releaser_free(x->rel);
    free(x->locs);
    free(x->res);
    free(x->pending);
    free(x->variant);
    free(x->placed);
    free(x->file_head);
    free(x->file_first);
    free(x->cand_cpu);
    free(x->cand_gpu);
    free(x->cand_all);
    free(x->scratch);
    free(x->routes);
    hf_eft_free(x->eft);
    free(x->groups);
    free(x->group_members);
    free(x->special);
    free(x->mark);
    free(x->res_type);
    free(x->compiled);
    if (x->eps)
        for (size_t e = 0; e < x->sl->neps; e++) {
            free(x->eps[e].queue);
            free(x->eps[e].conts);
        }
    free(x->eps);
    free(x->res_ep);
    free(x->present);
    free(x->conts);
    free(x->images);
    free(x->img_state);
    free(x->task_cont);
    free(x->task_inv);
    free(x->cold_of);
    free(x->redeploys);
    free(x->parked);
    hf_dagview_destroy(&x->view);
}

hf_err hf_run(hf_ctx *ctx, const hf_run_spec *spec, hf_results **out)
{
    exec_state x = {0};
    hf_err rc;
    *out = NULL;
    ctx->errcode = HF_OK;
    x.ctx = ctx;
    x.p = spec->platform;
    x.wf = spec->workflow;
    x.pol = spec->policy;
    x.sl = spec->serverless && spec->serverless->mode != HF_MODE_DIRECT ? spec->serverless : NULL;
    static int ran; /* SimGrid: one simulation per process */
    if (!x.wf->dag) {
        rc = hf_ctx_fail(ctx, HF_ESIM, "workflow '%s' was not finalized", x.wf->name);
        goto fail;
    }
    if (ran) {
        rc = hf_ctx_fail(ctx, HF_ESIM, "one simulation per process: hf_run was called twice");
        goto fail;
    }
    ran = 1;

    rc = hf_engine_start(ctx, spec->cfg, spec->log, spec->platform->xml_path);
    if (rc != HF_OK) goto fail;
    rc = hf_engine_load_platform(ctx, spec->platform);
    if (rc != HF_OK) goto fail;
    rc = hf_workflow_check_platform(ctx, x.wf, x.p);
    if (rc == HF_OK && x.sl) rc = hf_serverless_check(ctx, spec->serverless, x.p, x.wf);
    if (rc != HF_OK) goto fail;
    hf_dag_release_graph(x.wf->dag); /* the run walks the CSR arrays: give igraph's copy back */
    x.r = hf_results_new();
    if (!x.r) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    x.r->ntasks = x.wf->ntasks;
    x.r->tasks = calloc(x.wf->ntasks, sizeof *x.r->tasks);
    if (!x.r->tasks) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t t = 0; t < x.wf->ntasks; t++)
        x.r->tasks[t].resource = -1;
    rc = setup(&x);
    if (rc != HF_OK) goto fail;

    clock_gettime(CLOCK_MONOTONIC, &x.wall0);
    x.last_progress = x.wall0;
    sg_actor_t starter = sg_actor_init("hetflow-starter", x.res[x.cand_all[0].resource].host);
    sg_actor_set_data(starter, &x);
    sg_actor_start_(starter, starter_main, 0, NULL);
    simgrid_run();

    if (x.failed) {
        rc = ctx->errcode != HF_OK ? ctx->errcode : HF_ESIM;
        goto fail;
    }
    if (x.done != x.wf->ntasks) {
        rc = hf_ctx_fail(ctx, HF_ESIM, "the simulation stopped with %zu of %zu tasks done", x.done,
                         x.wf->ntasks);
        goto fail;
    }
    /* the copy records, route cache and per-task and per-file counters are done with: give
     * them back before the result strings are made (the run's peak memory is here: 12 B per
     * task and file more at 10^6 tasks) */
    free(x.locs);
    x.locs = NULL;
    x.nlocs = 0;
    free(x.routes);
    x.routes = NULL;
    free(x.pending);
    x.pending = NULL;
    free(x.file_head);
    x.file_head = NULL;
    free(x.file_first);
    x.file_first = NULL;
    fill_results(&x, spec);
    if (x.pol->ops->finish) x.pol->ops->finish(x.pol);
    teardown(&x);
    *out = x.r;
    return HF_OK;

fail:
    if (x.pol->ops->finish) x.pol->ops->finish(x.pol);
    teardown(&x);
    hf_results_free(x.r);
    return rc;
}
