/* transfer.c: data movement for the executor: the copies of each file, route figures for
 * estimates, stage-in (one SimGrid transfer per missing input, recorded in the results) and its
 * estimate for policies (docs/models/network.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/cond.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mutex.h>

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

hf_err xfer_setup(exec_state *x)
{
    xfer_state *s = &x->xfer;
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    s->file_head = malloc((wf->nfiles ? wf->nfiles : 1) * sizeof *s->file_head);
    s->file_first = malloc((wf->nfiles ? wf->nfiles : 1) * sizeof *s->file_first);
    /* route figures come from the model, except on a user's XML platform: cache SimGrid's */
    s->route_cap = p->xml_path ? 1u << 16 : 0;
    s->routes = p->xml_path ? calloc(s->route_cap, sizeof *s->routes) : NULL;
    if (!s->file_head || !s->file_first || (p->xml_path && !s->routes))
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

/* Inputs move one after another from their best current copy (docs/models/network.md): sum of
 * latency + size / bandwidth (transfer mode direct), or of the paths' times. */
double xfer_estimate(exec_state *x, int t, int dst, double *local)
{
    const xfer_state *s = &x->xfer;
    const hf_task *task = &x->wf->tasks[t];
    double total = 0;
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
        if (isfinite(best)) total += best;
    }
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

/* Make file f present on resource ri for task t, moving it if needed (blocking). */
static void stage_file(exec_state *x, int f, int ri, int t)
{
    xfer_state *s = &x->xfer;
    int l = find_loc(x, f, ri);
    if (l >= 0) {
        if (!s->locs[l].arrived) {
            /* another task on this resource is already fetching it: wait for that copy. One
             * condition for every copy, made before the run: creating one here would be a
             * simcall, letting other actors run (and create theirs) in the middle of it. The
             * check and the wait are one uninterrupted step, so no arrival is missed. */
            sg_mutex_lock(x->mutex);
            while (!s->locs[find_loc(x, f, ri)].arrived)
                sg_cond_wait(x->arrivals, x->mutex);
            sg_mutex_unlock(x->mutex);
        }
        return;
    }
    /* source: the arrived copy with the shortest estimated transfer (producer's copy first) */
    int src = -1;
    double best = INFINITY;
    for (int k = s->file_head[f]; k >= 0; k = s->locs[k].next) {
        if (!s->locs[k].arrived) continue;
        if (s->locs[k].next < 0 && src < 0) { /* single copy: no need to estimate */
            src = s->locs[k].res;
            break;
        }
        double tt = move_seconds(x, s->locs[k].res, ri, x->wf->files[f].size);
        if (tt < best) {
            best = tt;
            src = s->locs[k].res;
        }
    }
    if (src < 0) { /* unreachable: a consumer runs only after the producer wrote the file */
        hf_ctx_fail(x->ctx, HF_ESIM, "file '%s' has no copy to send to '%s'", x->wf->files[f].name,
                    x->p->res[ri].name);
        exec_fail(x);
        return;
    }
    if (x->res[src].host == x->res[ri].host) { /* MPS clients of one GPU: one device memory */
        add_loc(x, f, ri, 1);
        return;
    }
    l = add_loc(x, f, ri, 0);
    double size = x->wf->files[f].size;
    double t0 = simgrid_get_clock();
    int path = HF_PATH_DIRECT;
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
    l = find_loc(x, f, ri); /* the pool may have moved */
    s->locs[l].arrived = 1;
    sg_cond_notify_all(x->arrivals);
    x->r->tasks[t].bytes_in += size;
    hf_transfer_rec tr = {f, src, ri, t, size, t0, t1, path};
    if (hf_results_add_transfer(x->r, &tr) != HF_OK) exec_die_oom();
}

void xfer_stage_in(exec_state *x, int t, int ri)
{
    const hf_task *task = &x->wf->tasks[t];
    for (int i = 0; i < task->ninputs && !x->failed; i++)
        stage_file(x, task->inputs[i], ri, t);
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
