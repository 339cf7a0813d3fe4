/* gang.c: collective tasks in the executor (gang.h, docs/models/collectives.md#collectives-as-
 * workflow-tasks). */
#include <stdlib.h>
#include <string.h>

#include <simgrid/engine.h>
#include <simgrid/semaphore.h>

#include "exec/exec_internal.h"
#include "net/coll.h"

hf_err gang_setup(exec_state *x)
{
    gang_state *s = &x->gang;
    s->n = x->wf->ncolls;
    if (s->n == 0) return HF_OK;
    s->g = calloc(s->n, sizeof *s->g);
    if (!s->g) return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
    return HF_OK;
}

void gang_destroy(exec_state *x)
{
    gang_state *s = &x->gang;
    for (size_t k = 0; s->g && k < s->n; k++) {
        hf_coll_run_free(s->g[k].run);
        if (s->g[k].go) sg_sem_destroy(s->g[k].go);
        free((int *)s->g[k].sim.ranks);
    }
    free(s->g);
    s->g = NULL;
    s->n = 0;
}

int gang_task(const exec_state *x, int t)
{
    return x->gang.n > 0 && hf_task_ext_of(&x->wf->tasks[t])->coll != 0;
}

static int route_of(void *arg, int src, int dst, double *lat, double *bw)
{
    xfer_route(arg, src, dst, lat, bw);
    return 0;
}

/* The task of collective k (for messages): the first task naming it. O(tasks), on errors only. */
static const char *task_of(const exec_state *x, size_t k)
{
    for (size_t t = 0; t < x->wf->ntasks; t++)
        if (hf_task_ext_of(&x->wf->tasks[t])->coll == (int)k + 1) return x->wf->tasks[t].name;
    return "?";
}

static hf_coll_algo choose(exec_state *x, const hf_coll_task *c, const gang *g);

/* Resolve collective k's group into g->sim.ranks and check it. */
static hf_err resolve(exec_state *x, size_t k, gang *g)
{
    const hf_platform *p = x->p;
    const hf_coll_task *c = &x->wf->colls[k];
    const char *task = task_of(x, k);
    int n = c->ngroup > 0 ? c->ngroup : (int)hf_platform_count(p, HF_RES_GPU);
    int *ranks = malloc((size_t)(n > 0 ? n : 1) * sizeof *ranks);
    if (!ranks) return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
    g->sim.ranks = ranks;
    if (c->ngroup > 0) {
        for (int i = 0; i < n; i++) {
            int r = hf_platform_find(p, c->group[i]);
            if (r < 0)
                return hf_ctx_fail(x->ctx, HF_EINPUT,
                                   "task '%s': collective.group[%d] '%s' is no resource of "
                                   "platform '%s'",
                                   task, i + 1, c->group[i], p->name);
            if (p->res[r].kind != HF_RES_GPU)
                return hf_ctx_fail(x->ctx, HF_EINPUT,
                                   "task '%s': collective.group[%d] '%s' is not a GPU (a "
                                   "collective task runs on GPUs)",
                                   task, i + 1, c->group[i]);
            ranks[i] = r;
        }
    } else {
        int i = 0;
        for (size_t r = 0; r < p->nres; r++)
            if (p->res[r].kind == HF_RES_GPU) ranks[i++] = (int)r;
    }
    if (n < 2)
        return hf_ctx_fail(x->ctx, HF_EINPUT,
                           "task '%s': collective.group \"gpus\": platform '%s' has %d GPU%s "
                           "(a group needs 2 or more)",
                           task, p->name, n, n == 1 ? "" : "s");
    for (int i = 0; i < n; i++)
        if (p->res[ranks[i]].gpu_group)
            return hf_ctx_fail(x->ctx, HF_EINPUT,
                               "task '%s': collective rank %d '%s' is a MIG instance of a GPU "
                               "with several layouts (a rank waiting for its group would keep "
                               "the GPU from switching to another rank's layout)",
                               task, i, p->res[ranks[i]].name);
    g->size = c->size;
    g->sim = (hf_coll_sim){.op = (hf_coll_op)c->op,
                           .algo = (hf_coll_algo)c->algo,
                           .ranks = ranks,
                           .nranks = n,
                           .sizes = &g->size,
                           .nsizes = 1,
                           .reduce_bw = c->reduce,
                           .mode = (hf_xfer_mode)x->transfer,
                           .per_node = c->per_node,
                           .offload = (hf_coll_offload)c->offload,
                           .chunk = c->chunk};
    if (g->sim.algo == HF_COLL_AUTO) g->sim.algo = choose(x, c, g);
    if (hf_coll_sim_check(x->ctx, p, &g->sim) != HF_OK) {
        hf_ctx_prefix(x->ctx, "task '%s'", task);
        return x->ctx->errcode;
    }
    return HF_OK;
}

/* The closed form's figures for collective c on group g: alpha and B the route from rank 0 to
 * rank 1 (hier: that is inside the node, the network's to rank per_node), the reducer the
 * run's. */
static hf_coll_params params_of(exec_state *x, const hf_coll_task *c, const gang *g,
                                hf_coll_algo algo)
{
    const hf_platform *p = x->p;
    const int *rk = g->sim.ranks;
    hf_coll_params par = {.levels = 1, .per_node = c->per_node, .chunk = c->chunk};
    const hf_resource *r0 = &p->res[rk[0]];
    par.reduce_bw = c->reduce > 0                              ? c->reduce
                    : c->offload == HF_COLL_NIC                ? 0
                    : r0->kind == HF_RES_GPU && r0->mem_bw > 0 ? r0->mem_bw / 3
                                                               : 0;
    int far = algo == HF_COLL_HIER && c->per_node < g->sim.nranks ? c->per_node : 1;
    double lat = 0, bw = 0;
    xfer_route(x, rk[0], rk[far], &lat, &bw);
    par.alpha = lat;
    par.bandwidth = bw > 0 && bw < 1e300 ? bw : 1e300;
    if (algo == HF_COLL_HIER) {
        xfer_route(x, rk[0], rk[1], &lat, &bw);
        par.alpha_intra = lat;
        par.bandwidth_intra = bw > 0 && bw < 1e300 ? bw : 1e300;
    }
    return par;
}

/* The closed form's time of collective c by algo on group g, or -1 where it does not apply. */
static double closed_time(exec_state *x, const hf_coll_task *c, const gang *g, hf_coll_algo algo)
{
    hf_coll_params par = params_of(x, c, g, algo);
    hf_coll_cost cost;
    hf_ctx *quiet = hf_ctx_new(); /* a refusal here is no error of the run */
    double t =
        quiet && hf_coll_closed_form(quiet, (hf_coll_op)c->op, algo, (hf_coll_offload)c->offload,
                                     g->sim.nranks, c->size, &par, &cost) == HF_OK
            ? cost.seconds
            : -1;
    hf_ctx_free(quiet);
    return t;
}

/* auto: the algorithm of least closed-form time (ring, rhd, tree, hier, dbtree in that order on
 * a tie; hier when per_node is given), as NCCL's tuner picks by its cost model. */
static hf_coll_algo choose(exec_state *x, const hf_coll_task *c, const gang *g)
{
    static const hf_coll_algo algos[] = {HF_COLL_RING, HF_COLL_RHD, HF_COLL_TREE, HF_COLL_HIER,
                                         HF_COLL_DBTREE};
    hf_coll_algo best = HF_COLL_RING;
    double best_t = -1;
    for (size_t i = 0; i < sizeof algos / sizeof algos[0]; i++) {
        if (algos[i] == HF_COLL_HIER && c->per_node < 2) continue;
        if (algos[i] == HF_COLL_DBTREE
                ? g->sim.op != HF_COLL_ALLREDUCE
                : hf_coll_nsteps(g->sim.op, algos[i], g->sim.nranks, c->per_node) == 0)
            continue;
        double t = closed_time(x, c, g, algos[i]);
        if (t >= 0 && (best_t < 0 || t < best_t)) {
            best = algos[i];
            best_t = t;
        }
    }
    return best;
}

hf_err gang_start(exec_state *x)
{
    gang_state *s = &x->gang;
    if (s->n == 0) return HF_OK;
    for (size_t k = 0; k < s->n; k++) {
        gang *g = &s->g[k];
        const hf_coll_task *c = &x->wf->colls[k];
        hf_err rc = resolve(x, k, g);
        if (rc != HF_OK) return rc;
        double t = closed_time(x, c, g, g->sim.algo);
        if (t < 0) /* every collective the workflow accepts has a closed form */
            return hf_ctx_fail(x->ctx, HF_EINPUT,
                               "task '%s': collective %s by %s with %s offload has no closed "
                               "form for the policies' estimates",
                               task_of(x, k), hf_coll_op_name(g->sim.op),
                               hf_coll_algo_name(g->sim.algo),
                               hf_coll_offload_name(g->sim.offload));
        x->wf->colls[k].estimate = t;
        if (g->sim.mode != HF_XFER_DIRECT) { /* every exchanging pair planned before the run */
            hf_coll_run *run = hf_coll_run_new(x->ctx, x->p, &g->sim, route_of, x);
            if (!run) return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
            rc = hf_coll_run_plan(run);
            hf_coll_run_free(run);
            if (rc != HF_OK) {
                hf_ctx_prefix(x->ctx, "task '%s'", task_of(x, k));
                return rc;
            }
        }
    }
    return HF_OK;
}

void gang_place(exec_state *x, int t)
{
    gang *g = &x->gang.g[hf_task_ext_of(&x->wf->tasks[t])->coll - 1];
    x->variant[t] = HF_RES_GPU;
    x->placed[t] = g->sim.ranks[0];
    for (int i = 0; i < g->sim.nranks; i++) /* no simcall: one consistent order everywhere */
        exec_queue(x, g->sim.ranks[i], t);
    for (int i = 0; i < g->sim.nranks && !x->failed; i++)
        exec_try_dispatch(x, g->sim.ranks[i]);
}

static void fail_run(void *arg)
{
    exec_fail(arg);
}

int gang_run(exec_state *x, worker *w, int t)
{
    gang *g = &x->gang.g[hf_task_ext_of(&x->wf->tasks[t])->coll - 1];
    hf_task_rec *rec = &x->r->tasks[t];
    int p = g->sim.nranks, rank = 0;
    while (rank < p && g->sim.ranks[rank] != w->res)
        rank++;
    if (g->arrived == 0) {
        rec->dispatch = simgrid_get_clock();
        g->finished = 0;
        g->go = sg_sem_init(0);
        g->run = hf_coll_run_new(x->ctx, x->p, &g->sim, route_of, x);
        if (!g->run) exec_die_oom();
        hf_coll_run_on_fail(g->run, fail_run, x);
        hf_coll_run_start(g->run, g->size);
    }
    if (++g->arrived < p) {
        sg_sem_acquire(g->go);
    } else {
        rec->start = simgrid_get_clock();
        for (int i = 0; i < p - 1; i++)
            sg_sem_release(g->go);
    }
    if (x->failed) return 0;
    res_state *rs = &x->res[w->res];
    double t0 = simgrid_get_clock();
    if (rs->running++ == 0) rs->busy_since = t0;
    hf_coll_run_rank(g->run, rank);
    double t1 = simgrid_get_clock();
    if (--rs->running == 0) rs->busy_time += t1 - rs->busy_since;
    rs->core_seconds += t1 - t0;
    rs->ntasks++;
    if (x->failed || hf_coll_run_error(g->run) != HF_OK) {
        exec_fail(x);
        return 0;
    }
    if (++g->finished < p) return 0;
    rec->resource = g->sim.ranks[0];
    rec->cores = 1;
    rec->end = t1;
    rec->energy = 0; /* the reductions are timed, not executions: no dynamic energy */
    hf_coll_run_free(g->run);
    g->run = NULL;
    sg_sem_destroy(g->go);
    g->go = NULL;
    g->arrived = 0;
    return 1;
}
