/* transfer.c: data movement for the executor: the copies of each file, route figures for
 * estimates, stage-in (one SimGrid transfer per missing input, recorded in the results) and its
 * estimate for policies (docs/models/network.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/actor.h>
#include <simgrid/cond.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mutex.h>
#include <simgrid/semaphore.h>

#include "core/grow.h"
#include "exec/exec_internal.h"
#include "net/path.h"

/* Where copies of a file are: a pool of singly linked location records, 8 bytes each (one per
 * file and per stage-in: 3 x 10^5 of them for the 10^5-task benchmark). */
struct xfer_loc {
    int res : 31;         /* resource holding (or receiving) the copy */
    unsigned arrived : 1; /* 0 while the transfer is in flight */
    int next;             /* next record of the same file, -1 at the end */
};

/* Route estimates for policies, cached per (src, dst) resource pair. */
struct xfer_route {
    uint64_t key; /* src * nres + dst + 1; 0 = empty */
    double lat, bw;
};

/* Concurrent stage-in: a transfer service per node (stage_in_concurrent below). */
/* One input to move: file f to resource ri for task t; done is released once it arrived (by a
 * fetcher: the requesting worker counts the moves it makes itself). */
typedef struct xfer_req {
    int f, ri, t;
    sg_sem_t done; /* the requesting worker's: identifies its requests */
} xfer_req;

/* A fetcher actor of a node's transfer service: moves the request it was handed, then the
 * next one waiting, if a lane is free, until none waits. */
typedef struct xfer_fetcher {
    int node;      /* the node's resource index */
    sg_sem_t wake; /* released to hand it a request or to make it quit */
    xfer_req job;  /* its request, valid while has_job */
    int has_job;
} xfer_fetcher;

/* A node's transfer service: `lanes` transfers into the node in flight (at most its
 * transfer.concurrent), requests waiting for a lane in order, and the fetchers. */
struct xfer_node {
    int lanes;
    hf_ring queue; /* FIFO of xfer_req */
    xfer_fetcher **idle; /* without a request, blocked on their wake semaphore */
    size_t nidle, capidle;
    xfer_fetcher **all; /* made so far (owned) */
    size_t nall, capall;
};

/* The run whose fetchers run: one simulation per process (hf_run), set by xfer_setup. A fetcher
 * finds its state from it and its arguments, not from actor data: data set after the actor's
 * creation would leave a window (a simcall) in which a failing run kills the creator and leaves
 * the new actor orphaned (SimGrid then reports a deadlock). */
static exec_state *fetcher_run;

/* A widely copied file (a broadcast input) is judged on its MAX_COPIES_SEEN most recent copies
 * and its first one (the producer's), so that a decision stays O(candidates x inputs). */
#define MAX_COPIES_SEEN 32

static int add_loc(exec_state *x, int file, int res, int arrived)
{
    xfer_state *s = &x->xfer;
    if (hf_grow((void **)&s->locs, &s->caplocs, s->nlocs + 1, sizeof *s->locs)) exec_die_oom();
    int id = (int)s->nlocs++;
    s->locs[id] = (struct xfer_loc){res, arrived, s->file_head[file]};
    if (s->file_head[file] < 0) s->file_first[file] = id;
    s->file_head[file] = id;
    return id;
}

static int find_loc(const exec_state *x, int file, int res)
{
    const xfer_state *s = &x->xfer;
    for (int l = s->file_head[file]; l >= 0; l = s->locs[l].next)
        if (s->locs[l].res == res) return l;
    return -1;
}

/* Concurrent stage-in: every node's transfer.concurrent in range (the C API does not check it),
 * and room in SimGrid for the actors the run may make: a worker per slot (cores of a node, 1 per
 * GPU resource; no more than the tasks), and on each node up to min(k, slots x the largest
 * task's inputs) fetchers, one fewer on a node of one slot, whose worker moves its own first
 * request; in the auto, gdr and bounce modes, each transfer in flight (as many as lanes in use)
 * also holds up to HF_PATH_STAGES stage actors (sim/net/move.c). Fetchers are kept once made.
 * 1, or 0 with an HF_EINPUT message in x->ctx. */
static int actors_fit(exec_state *x)
{
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    double max_in = 0, workers = 0, fetchers = 0, inflight = 0;
    for (size_t t = 0; t < wf->ntasks; t++)
        if (wf->tasks[t].ninputs > max_in) max_in = wf->tasks[t].ninputs;
    double *slots = calloc(p->nres ? p->nres : 1, sizeof *slots);
    if (!slots) {
        hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
        return 0;
    }
    for (size_t i = 0; i < p->nres; i++) {
        const hf_resource *r = &p->res[i];
        if (r->kind == HF_RES_CPU &&
            (r->xfer.concurrent < 1 || r->xfer.concurrent > HF_XFER_MAX_CONCURRENT)) {
            hf_ctx_fail(x->ctx, HF_EINPUT,
                        "node '%s': transfer.concurrent must be 1 to %d for concurrent stage-in, "
                        "got %d",
                        r->name, HF_XFER_MAX_CONCURRENT, r->xfer.concurrent);
            free(slots);
            return 0;
        }
        slots[r->node] += r->kind == HF_RES_CPU ? r->cores : 1;
        workers += r->kind == HF_RES_CPU ? r->cores : 1;
    }
    for (size_t i = 0; i < p->nres; i++)
        if (p->res[i].kind == HF_RES_CPU && slots[i] > 0) {
            double lanes = fmin(p->res[i].xfer.concurrent, slots[i] * max_in);
            fetchers += fmax(0, lanes - (slots[i] == 1 ? 1 : 0));
            inflight += lanes;
        }
    free(slots);
    if (workers > (double)wf->ntasks) workers = (double)wf->ntasks;
    double stages = x->transfer == HF_XFER_DIRECT ? 0 : HF_PATH_STAGES * inflight;
    double total = workers + fetchers + stages;
    if (total <= HF_MAX_ACTORS) return 1;
    hf_ctx_fail(x->ctx, HF_EINPUT,
                "concurrent stage-in: this run may need %.0f actors (%.0f workers, %.0f transfer "
                "fetchers: up to each node's transfer.concurrent, its slots x the largest "
                "task's %.0f inputs; %.0f path stages), more than the %d SimGrid 3.32 holds "
                "under Linux's default vm.max_map_count: lower transfer.concurrent, or use "
                "sequential stage-in",
                total, workers, fetchers, max_in, stages, HF_MAX_ACTORS);
    return 0;
}

hf_err xfer_setup(exec_state *x)
{
    xfer_state *s = &x->xfer;
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    s->file_head = malloc((wf->nfiles ? wf->nfiles : 1) * sizeof *s->file_head);
    s->file_first = malloc((wf->nfiles ? wf->nfiles : 1) * sizeof *s->file_first);
    s->sending = calloc(p->nres ? p->nres : 1, sizeof *s->sending);
    /* route figures come from the model, except on a user's XML platform: cache SimGrid's */
    s->route_cap = p->xml_path ? 1u << 16 : 0;
    s->routes = p->xml_path ? calloc(s->route_cap, sizeof *s->routes) : NULL;
    if (x->stage_in == HF_STAGE_CONCURRENT &&
        (s->nodes = calloc(p->nres ? p->nres : 1, sizeof *s->nodes)))
        for (size_t i = 0; i < p->nres; i++)
            s->nodes[i].queue = HF_RING_OF(xfer_req);
    fetcher_run = x;
    if (!s->file_head || !s->file_first || !s->sending || (p->xml_path && !s->routes) ||
        (x->stage_in == HF_STAGE_CONCURRENT && !s->nodes))
        return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
    /* every copy of a file is its first (producer or staging) or one stage-in, and every
     * transfer is one stage-in: size both tables exactly, no doubling slack at 10^6 tasks */
    size_t stage_ins = 0;
    for (size_t t = 0; t < wf->ntasks; t++)
        stage_ins += (size_t)wf->tasks[t].ninputs;
    if (hf_grow((void **)&s->locs, &s->caplocs, wf->nfiles + stage_ins, sizeof *s->locs) ||
        hf_results_reserve_transfers(x->r, stage_ins) != HF_OK)
        return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
    /* initial inputs without a location: at stage_at, else on the first CPU node */
    int first_cpu = 0;
    for (size_t i = 0; i < p->nres; i++)
        if (p->res[i].kind == HF_RES_CPU) {
            first_cpu = (int)i;
            break;
        }
    /* plans refused in the middle of the run would stop it: rule their causes out now */
    if (x->transfer == HF_XFER_GDR || x->transfer == HF_XFER_BOUNCE ||
        x->transfer == HF_XFER_AUTO) {
        double biggest = 0;
        for (size_t f = 0; f < wf->nfiles; f++)
            if (wf->files[f].size > biggest) biggest = wf->files[f].size;
        for (size_t i = 0; i < p->nres; i++) {
            const hf_resource *g = &p->res[i], *n = &p->res[g->node];
            if (g->kind != HF_RES_GPU) continue;
            if (x->transfer == HF_XFER_GDR && !n->xfer.gpudirect)
                return hf_ctx_fail(x->ctx, HF_EINPUT,
                                   "transfer mode gdr: node '%s' has GPUs but no GPUDirect RDMA "
                                   "(set transfer.gpudirect = true on it, or use auto or bounce)",
                                   n->name);
            if (x->transfer != HF_XFER_GDR && n->xfer.chunk > 0 &&
                biggest / n->xfer.chunk > HF_PATH_MAX_CHUNKS)
                return hf_ctx_fail(x->ctx, HF_EINPUT,
                                   "transfer mode %s: a file of %.17g bytes in chunks of %.17g "
                                   "bytes (node '%s') takes more than %d chunks",
                                   x->transfer == HF_XFER_AUTO ? "auto" : "bounce", biggest,
                                   n->xfer.chunk, n->name, HF_PATH_MAX_CHUNKS);
        }
    }
    if (x->stage_in == HF_STAGE_CONCURRENT && !actors_fit(x)) return x->ctx->errcode;
    int default_stage = wf->stage_at ? hf_platform_find(p, wf->stage_at) : first_cpu;
    for (size_t f = 0; f < wf->nfiles; f++) {
        s->file_head[f] = s->file_first[f] = -1;
        if (wf->files[f].producer >= 0) continue;
        const char *loc = hf_file_location(wf, &wf->files[f]);
        int at = loc ? hf_platform_find(p, loc) : default_stage;
        add_loc(x, (int)f, at, 1);
    }
    return HF_OK;
}

void xfer_destroy(exec_state *x)
{
    xfer_state *s = &x->xfer;
    free(s->locs);
    s->locs = NULL;
    s->nlocs = s->caplocs = 0;
    free(s->routes);
    s->routes = NULL;
    free(s->file_head);
    s->file_head = NULL;
    free(s->file_first);
    s->file_first = NULL;
    free(s->sending);
    s->sending = NULL;
    if (s->nodes) {
        for (size_t i = 0; i < x->p->nres; i++) {
            struct xfer_node *nd = &s->nodes[i];
            for (size_t k = 0; k < nd->nall; k++) {
                sg_sem_destroy(nd->all[k]->wake);
                free(nd->all[k]);
            }
            free(nd->all);
            free(nd->idle);
            hf_ring_free(&nd->queue);
        }
        free(s->nodes);
        s->nodes = NULL;
    }
    for (size_t i = 0; i < s->nall_sems; i++)
        sg_sem_destroy(s->all_sems[i]);
    free(s->all_sems);
    free(s->sems);
    s->all_sems = s->sems = NULL;
    s->nall_sems = s->capall_sems = s->nsems = s->capsems = 0;
}

/* Route figures for estimates: from the platform model when hetflow generated the platform
 * (O(1), the same routes as the XML), else from SimGrid, cached per (src, dst). */
void xfer_route(exec_state *x, int src, int dst, double *lat, double *bw)
{
    xfer_state *s = &x->xfer;
    if (hf_platform_route(x->p, src, dst, lat, bw) == 0) return;
    uint64_t key = (uint64_t)src * x->p->nres + (uint64_t)dst + 1;
    size_t mask = s->route_cap - 1, j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & mask;
    while (s->routes[j].key && s->routes[j].key != key)
        j = (j + 1) & mask;
    if (!s->routes[j].key) {
        /* bounded memory: when the table is half full, start it over */
        if (2 * (s->route_used + 1) > s->route_cap) {
            memset(s->routes, 0, s->route_cap * sizeof *s->routes);
            s->route_used = 0;
            j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & mask;
        }
        s->routes[j].key = key;
        s->routes[j].lat = sg_host_get_route_latency(x->res[src].host, x->res[dst].host);
        s->routes[j].bw = sg_host_get_route_bandwidth(x->res[src].host, x->res[dst].host);
        s->route_used++;
    }
    *lat = s->routes[j].lat;
    *bw = s->routes[j].bw;
}

static int route_fn(void *arg, int src, int dst, double *lat, double *bw)
{
    xfer_route(arg, src, dst, lat, bw);
    return 0;
}

/* Seconds to move `size` bytes from resource src to dst alone: in transfer mode direct, the
 * route's latency + size / bandwidth; else the transfer-path model's plan (INFINITY when it
 * cannot be planned, which setup rules out). */
static double move_seconds(exec_state *x, int src, int dst, double size)
{
    if (x->transfer == HF_XFER_DIRECT) {
        double lat, bw;
        xfer_route(x, src, dst, &lat, &bw);
        return lat + (bw > 0 ? size / bw : 0);
    }
    hf_path pa;
    if (hf_path_plan(x->ctx, x->p, src, dst, size, x->transfer, route_fn, x, &pa) != HF_OK)
        return INFINITY;
    return hf_path_seconds(&pa, size);
}

/* Each input from its best current copy, as if alone on its route (docs/models/network.md):
 * latency + size / bandwidth (transfer mode direct) or the path's time. Sequential stage-in: the
 * sum of those times. Concurrent, with k = the node's transfer.concurrent: when the inputs are
 * handed in order to k lanes, each to the lane free first (what the node's fetchers do), the
 * time the last lane ends; with k = 1, the sum again. */
double xfer_estimate(exec_state *x, int t, int dst, double *local)
{
    const xfer_state *s = &x->xfer;
    const hf_task *task = &x->wf->tasks[t];
    int concurrent = x->stage_in == HF_STAGE_CONCURRENT;
    size_t k = concurrent ? (size_t)x->p->res[x->p->res[dst].node].xfer.concurrent : 1;
    if (k > (size_t)task->ninputs) k = (size_t)task->ninputs;
    double small[64], *lane = small, total = 0;
    if (concurrent && k > 64 && !(lane = malloc(k * sizeof *lane))) exec_die_oom();
    for (size_t j = 0; concurrent && j < k; j++)
        lane[j] = 0;
    *local = 0;
    for (int i = 0; i < task->ninputs; i++) {
        int f = task->inputs[i];
        double best = INFINITY;
        int seen = 0;
        for (int l = s->file_head[f]; l >= 0; l = s->locs[l].next) {
            if (++seen > MAX_COPIES_SEEN && l != s->file_first[f]) l = s->file_first[f];
            if (s->locs[l].res == dst) {
                best = 0;
                *local += x->wf->files[f].size;
                break;
            }
            double tt = move_seconds(x, s->locs[l].res, dst, x->wf->files[f].size);
            if (tt < best) best = tt;
        }
        if (!isfinite(best)) continue;
        if (!concurrent) {
            total += best;
            continue;
        }
        if (best <= 0) continue; /* nothing to move: no lane taken */
        size_t first = 0;
        for (size_t j = 1; j < k; j++)
            if (lane[j] < lane[first]) first = j;
        lane[first] += best;
    }
    for (size_t j = 0; concurrent && j < k; j++)
        if (lane[j] > total) total = lane[j];
    if (lane != small) free(lane);
    return total;
}

void xfer_input_copies(exec_state *x, int t, void (*fn)(exec_state *x, int res))
{
    const xfer_state *s = &x->xfer;
    const hf_task *task = &x->wf->tasks[t];
    for (int i = 0; i < task->ninputs; i++) {
        int f = task->inputs[i], seen = 0;
        for (int l = s->file_head[f]; l >= 0; l = s->locs[l].next) {
            if (++seen > MAX_COPIES_SEEN && l != s->file_first[f]) l = s->file_first[f];
            fn(x, s->locs[l].res);
        }
    }
}

/* Wait until the copy of file f on resource ri (present or in flight) has arrived. One
 * condition for every copy, made before the run: creating one here would be a simcall, letting
 * other actors run (and create theirs) in the middle of it. The check and the wait are one
 * uninterrupted step, so no arrival is missed. */
static void wait_arrival(exec_state *x, int f, int ri)
{
    xfer_state *s = &x->xfer;
    if (s->locs[find_loc(x, f, ri)].arrived) return;
    sg_mutex_lock(x->mutex);
    while (!s->locs[find_loc(x, f, ri)].arrived)
        sg_cond_wait(x->arrivals, x->mutex);
    sg_mutex_unlock(x->mutex);
}

/* Move file f to resource ri for task t into the copy record already claimed for it there
 * (arrived = 0), from the arrived copy with the shortest estimated transfer; on a tie, from the
 * one sending the fewest transfers now, then the first copy (the producer's or the staged one),
 * then the resource first in platform order: never from the order in which copies were claimed,
 * which differs between sequential and concurrent stage-in. Mark it arrived and record the
 * transfer. */
static void move_file(exec_state *x, int f, int ri, int t)
{
    xfer_state *s = &x->xfer;
    int src = -1, busy = 0, first = 0;
    double best = INFINITY;
    for (int k = s->file_head[f]; k >= 0; k = s->locs[k].next) {
        if (!s->locs[k].arrived) continue;
        int r = s->locs[k].res, is_first = k == s->file_first[f];
        if (s->locs[k].next < 0 && src < 0) { /* single copy: no need to estimate */
            src = r;
            break;
        }
        double tt = move_seconds(x, r, ri, x->wf->files[f].size);
        int better = tt < best ||
                     (tt == best && (s->sending[r] < busy ||
                                     (s->sending[r] == busy &&
                                      (is_first > first || (is_first == first && r < src)))));
        if (better) {
            best = tt;
            src = r;
            busy = s->sending[r];
            first = is_first;
        }
    }
    if (src < 0) { /* unreachable: a consumer runs only after the producer wrote the file */
        hf_ctx_fail(x->ctx, HF_ESIM, "file '%s' has no copy to send to '%s'", x->wf->files[f].name,
                    x->p->res[ri].name);
        exec_fail(x);
        return;
    }
    if (x->res[src].host == x->res[ri].host) { /* MPS clients of one GPU: one device memory */
        s->locs[find_loc(x, f, ri)].arrived = 1;
        /* sequential: the claim was made just now, so nobody waits for it (and a notification,
         * a simcall, would let other actors run here) */
        if (x->stage_in == HF_STAGE_CONCURRENT) sg_cond_notify_all(x->arrivals);
        return;
    }
    double size = x->wf->files[f].size;
    double t0 = simgrid_get_clock();
    int path = HF_PATH_DIRECT;
    s->sending[src]++;
    if (x->transfer == HF_XFER_DIRECT) {
        sg_host_sendto(x->res[src].host, x->res[ri].host, size);
    } else {
        hf_path pa;
        if (hf_path_plan(x->ctx, x->p, src, ri, size, x->transfer, route_fn, x, &pa) != HF_OK) {
            exec_fail(x); /* setup ruled the known causes out */
            return;
        }
        hf_path_send(x->p, &pa, size);
        path = (int)pa.kind;
    }
    double t1 = simgrid_get_clock();
    s->sending[src]--;
    s->locs[find_loc(x, f, ri)].arrived = 1; /* the pool may have moved */
    sg_cond_notify_all(x->arrivals);
    x->r->tasks[t].bytes_in += size;
    hf_transfer_rec tr = {f, src, ri, t, size, t0, t1, path};
    if (hf_results_add_transfer(x->r, &tr) != HF_OK) exec_die_oom();
}

/* ---- concurrent stage-in: a transfer service per node ---- */

/* Take the request at the head of the node's FIFO (non-empty) on a free lane. */
static xfer_req node_pop(struct xfer_node *nd)
{
    xfer_req q = *(xfer_req *)hf_ring_head(&nd->queue);
    hf_ring_pop(&nd->queue);
    nd->lanes++;
    return q;
}


/* argv: "fetcher", node index, index in the node's fetchers. */
static void fetcher_main(int argc, char **argv)
{
    exec_state *x = fetcher_run;
    if (argc != 3 || !x || x->failed) return;
    int node = atoi(argv[1]);
    struct xfer_node *nd = &x->xfer.nodes[node]; /* allocated once: never moves */
    xfer_fetcher *fe = nd->all[atoi(argv[2])];
    int limit = x->p->res[fe->node].xfer.concurrent;
    for (;;) {
        if (!fe->has_job) {
            if (x->xfer.stopping) return;
            if (hf_grow((void **)&nd->idle, &nd->capidle, nd->nidle + 1, sizeof *nd->idle))
                exec_die_oom();
            nd->idle[nd->nidle++] = fe;
            sg_sem_acquire(fe->wake);
            if (x->xfer.stopping || x->failed) return;
            continue;
        }
        xfer_req q = fe->job;
        move_file(x, q.f, q.ri, q.t);
        if (x->failed) return;
        nd->lanes--;
        fe->has_job = nd->queue.len > 0 && nd->lanes < limit; /* the lane passes to the next one */
        if (fe->has_job) fe->job = node_pop(nd);
        sg_sem_release(q.done);
    }
}

/* Append a request to the node's FIFO. */
static void node_push(struct xfer_node *nd, xfer_req q)
{
    if (hf_ring_push(&nd->queue, &q)) exec_die_oom();
}

/* Start the node's waiting requests, in order, while lanes are free. The first one of the
 * calling worker's own (those released on own) goes back to it in *mine when *have is 0, for it
 * to move itself (a task with one input to move needs no other actor); the others go to an idle
 * fetcher, or to a new one. */
static void node_dispatch(exec_state *x, int node, sg_sem_t own, xfer_req *mine, int *have)
{
    struct xfer_node *nd = &x->xfer.nodes[node];
    int limit = x->p->res[node].xfer.concurrent;
    while (nd->queue.len > 0 && nd->lanes < limit) {
        xfer_req q = node_pop(nd);
        if (q.done == own && !*have) {
            *mine = q;
            *have = 1;
        } else if (nd->nidle > 0) {
            xfer_fetcher *fe = nd->idle[--nd->nidle];
            fe->job = q;
            fe->has_job = 1;
            sg_sem_release(fe->wake);
        } else {
            xfer_fetcher *fe = malloc(sizeof *fe);
            if (!fe || hf_grow((void **)&nd->all, &nd->capall, nd->nall + 1, sizeof *nd->all))
                exec_die_oom();
            *fe = (xfer_fetcher){node, sg_sem_init(0), q, 1};
            nd->all[nd->nall++] = fe;
            char n[24], k[24];
            const char *argv[] = {"fetcher", n, k};
            snprintf(n, sizeof n, "%d", node);
            snprintf(k, sizeof k, "%zu", nd->nall - 1);
            sg_actor_create_("fetcher", x->res[node].host, fetcher_main, 3, argv);
        }
    }
}

/* A semaphore at 0 for a worker to wait on (reused: made once per worker waiting at a time). */
static sg_sem_t sem_take(exec_state *x)
{
    xfer_state *s = &x->xfer;
    if (s->nsems > 0) return s->sems[--s->nsems];
    sg_sem_t m = sg_sem_init(0);
    if (hf_grow((void **)&s->all_sems, &s->capall_sems, s->nall_sems + 1, sizeof *s->all_sems) ||
        hf_grow((void **)&s->sems, &s->capsems, s->nall_sems + 1, sizeof *s->sems))
        exec_die_oom();
    s->all_sems[s->nall_sems++] = m;
    return m;
}

/* Concurrent stage-in of task t on resource ri (xfer_stage_in). The copies are claimed when
 * requested, so a task needing one of them meanwhile waits for it rather than moving it again. */
static void stage_in_concurrent(exec_state *x, int t, int ri)
{
    const hf_task *task = &x->wf->tasks[t];
    int node = x->p->res[ri].node;
    struct xfer_node *nd = &x->xfer.nodes[node];
    sg_sem_t done = NULL;
    int asked = 0, moved = 0, have = 0;
    for (int i = 0; i < task->ninputs; i++) {
        int f = task->inputs[i];
        if (find_loc(x, f, ri) >= 0) continue; /* there, or in flight: waited for below */
        add_loc(x, f, ri, 0);
        if (!done) done = sem_take(x);
        node_push(nd, (xfer_req){f, ri, t, done});
        asked++;
    }
    xfer_req mine;
    if (asked) node_dispatch(x, node, done, &mine, &have);
    while (have && !x->failed) { /* this worker moves its own requests while it can start one */
        move_file(x, mine.f, mine.ri, mine.t);
        if (x->failed) return;
        moved++;
        nd->lanes--;
        have = 0;
        node_dispatch(x, node, done, &mine, &have);
    }
    for (int k = moved; k < asked && !x->failed; k++)
        sg_sem_acquire(done);
    if (done) x->xfer.sems[x->xfer.nsems++] = done;
    for (int i = 0; i < task->ninputs && !x->failed; i++)
        wait_arrival(x, task->inputs[i], ri);
}

void xfer_stage_in(exec_state *x, int t, int ri)
{
    if (x->stage_in == HF_STAGE_CONCURRENT) {
        stage_in_concurrent(x, t, ri);
        return;
    }
    const hf_task *task = &x->wf->tasks[t];
    for (int i = 0; i < task->ninputs && !x->failed; i++) {
        int f = task->inputs[i];
        if (find_loc(x, f, ri) >= 0) {
            wait_arrival(x, f, ri); /* another task on ri is already fetching it */
            continue;
        }
        add_loc(x, f, ri, 0);
        move_file(x, f, ri, t);
    }
}

void xfer_stop(exec_state *x)
{
    xfer_state *s = &x->xfer;
    s->stopping = 1;
    if (!s->nodes) return;
    for (size_t i = 0; i < x->p->nres; i++) {
        struct xfer_node *nd = &s->nodes[i];
        while (nd->nidle > 0)
            sg_sem_release(nd->idle[--nd->nidle]->wake);
    }
}

void xfer_stage_out(exec_state *x, int t, int ri)
{
    const hf_task *task = &x->wf->tasks[t];
    for (int i = 0; i < task->noutputs; i++) {
        int f = task->outputs[i];
        add_loc(x, f, ri, 1);
        x->r->tasks[t].bytes_out += x->wf->files[f].size;
    }
}

int xfer_routes_complete(exec_state *x)
{
    size_t n = x->p->nres;
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        for (size_t j = 0; j < n && ok; j++) {
            if (i == j || (n > 256 && i != 0 && j != 0)) continue;
            if (!hf_path_routed(x->res[i].host, x->res[j].host)) {
                hf_ctx_fail(x->ctx, HF_EINPUT,
                            "%s: no route from '%s' to '%s' (hetflow may move data between any "
                            "two resources)",
                            x->p->xml_path, x->p->res[i].name, x->p->res[j].name);
                ok = 0;
            }
        }
    return ok;
}
