/* executor.c: runs a workflow on SimGrid: the dispatch core. Worker actors live on resources
 * and pull the tasks that the policy placed there from a per-resource FIFO; they stage inputs
 * in, compute, and record, then ready the children. The executor never decides placement: it
 * asks the policy when a task becomes ready (place.c). Scale: actors exist per concurrently
 * running task slot, never per task (docs/architecture.md). The concerns around this loop are
 * modules of their own (exec_internal.h): placement (place.c), data movement (transfer.c), the
 * serverless runtime and compile caches (svruntime.c), MIG layouts (layout.c), node
 * availability (avail.c), the computation (compute.c) and the results (exec_results.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <simgrid/actor.h>
#include <simgrid/cond.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mutex.h>
#include <simgrid/semaphore.h>

#include "core/grow.h"
#include "core/strmap.h"
#include "engine/engine.h"
#include "exec/compute.h"
#include "exec/cost.h"
#include "exec/exec_internal.h"
#include "net/path.h"

/* ---------- small helpers ---------- */

static double wall_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

void exec_die_oom(void)
{
    fprintf(stderr, "hetflow: out of memory during the simulation\n");
    exit(1);
}

void exec_fail(exec_state *x)
{
    if (x->failed) return;
    x->failed = 1;
    sg_actor_kill_all();
}

/* ---------- resources: FIFOs and workers ---------- */

static void worker_main(int argc, char **argv);

/* Append task t to the resource's FIFO. */
static void queue_push(res_state *rs, int t)
{
    if (hf_ring_push(&rs->queue, &t)) exec_die_oom();
}

void exec_queue(exec_state *x, int ri, int t)
{
    queue_push(&x->res[ri], t);
}

void exec_enqueue(exec_state *x, int ri, int t)
{
    queue_push(&x->res[ri], t);
    exec_try_dispatch(x, ri);
}

/* An instance of a MIG layout that is not its GPU's current one waits (and may trigger a
 * switch: layout_blocked). */
void exec_try_dispatch(exec_state *x, int ri)
{
    res_state *rs = &x->res[ri];
    if (layout_blocked(x, ri)) return;
    while (rs->queue.len > 0 && !x->failed) {
        int t = *(int *)hf_ring_head(&rs->queue);
        int need = x->variant[t] == HF_RES_CPU ? x->wf->tasks[t].cores : 1;
        if (need > rs->free_cores) break;
        hf_ring_pop(&rs->queue);
        rs->free_cores -= need;
        layout_task_started(x, ri);
        if (rs->nidle > 0) {
            worker *w = rs->idle[--rs->nidle];
            w->task = t;
            sg_sem_release(w->sem);
        } else {
            worker *w = calloc(1, sizeof *w);
            if (!w || hf_grow((void **)&rs->all, &rs->capall, rs->nall + 1, sizeof *rs->all))
                exec_die_oom();
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

/* ---------- readiness ---------- */

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

/* ---------- running one task ---------- */

/* Task t on worker w: start-up and compile (svruntime.c), stage-in (transfer.c), compute
 * (compute.c), its records and counters, stage-out. */
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
        exec_fail(x);
        return;
    }
    svr_before_task(x, t, w->res, variant);
    xfer_stage_in(x, t, w->res);
    rec->start = simgrid_get_clock();

    if (rs->running++ == 0) rs->busy_since = rec->start;
    const hf_task_ext *e = hf_task_ext_of(task);
    const hf_kseq *kseq =
        variant == HF_RES_GPU && e->kernels ? &x->wf->kseqs[e->kernels - 1] : NULL;
    compute_run(r, kseq, cores, amount);
    rec->end = simgrid_get_clock();
    if (--rs->running == 0) rs->busy_time += rec->end - rs->busy_since;
    rs->core_seconds += cores * (rec->end - rec->start);
    rs->ntasks++;
    /* dynamic energy: (Pmax - Pidle) per all cores, times the core-seconds this work needs at
     * full speed (docs/models/energy.md); an MPS client's figures are its share of the
     * device's, so this is the device's (Pmax - Pidle) x the flop it ran / its peak */
    rec->energy = (r->p_max - r->p_idle) * amount / (r->speed * r->cores);
    xfer_stage_out(x, t, w->res);
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
    avail_stop(x);
    xfer_stop(x);
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
        int complete = 1; /* t is done: a collective only once its last rank is */
        if (gang_task(x, t))
            complete = gang_run(x, w, t);
        else
            run_task(x, w, t);
        if (x->failed) return;
        rs->free_cores += x->variant[t] == HF_RES_CPU ? x->wf->tasks[t].cores : 1;
        layout_task_ended(x, w->res);
        if (complete) {
            if (exec_serverless(x)) svr_task_ended(x, t);
            x->done++;
            progress(x);
        }
        /* go idle before readying the children, so that a child placed here is handed to this
         * worker instead of a new one: a resource never has more workers than cores */
        w->task = -1;
        if (hf_grow((void **)&rs->idle, &rs->capidle, rs->nidle + 1, sizeof *rs->idle))
            exec_die_oom();
        rs->idle[rs->nidle++] = w;
        if (!complete) {
            /* another rank of the collective completes it */
        } else if (x->topo) { /* monolith: the job's next command */
            if (x->topo_next < x->wf->ntasks) {
                int next = x->topo[x->topo_next++];
                ready_batch(x, &next, 1);
            }
        } else {
            int nc, nready = 0, small[64];
            const int *ch = hf_dag_children(x->wf->dag, t, &nc); /* ascending: workflow order */
            int *ready = nc <= 64 ? small : malloc((size_t)nc * sizeof *ready);
            if (!ready) exec_die_oom();
            for (int k = 0; k < nc; k++)
                if (--x->pending[ch[k]] == 0) ready[nready++] = ch[k];
            ready_batch(x, ready, (size_t)nready);
            if (ready != small) free(ready);
        }
        if (x->failed) return;
        if (complete && x->done == x->wf->ntasks) finish_all(x);
        if (x->finished) return;
        /* the freed cores may let queued tasks start (possibly on this worker) */
        if (exec_serverless(x))
            svr_dispatch(x, w->res);
        else
            exec_try_dispatch(x, w->res);
        layout_maybe_switch(x, w->res);
        sg_sem_acquire(w->sem);
        if (x->finished || x->failed || w->task < 0) return;
    }
}

static void route_cb(void *arg, int src, int dst, double *lat, double *bw)
{
    xfer_route(arg, src, dst, lat, bw);
}

/* At time 0, inside the simulation (route queries work only there): check a user's XML,
 * compute the DAG view when the policy wants it, initialise the policy, place the entry
 * tasks (one batch, workflow order). */
static void starter_main(int argc, char **argv)
{
    exec_state *x = sg_actor_self_get_data();
    layout_start(x);
    if (x->p->xml_path && !xfer_routes_complete(x)) {
        exec_fail(x);
        return;
    }
    if (gang_start(x) != HF_OK) { /* before the estimates: it sets the collectives' */
        exec_fail(x);
        return;
    }
    if (x->pol->ops->wants_view) {
        if (hf_dagview_init(x->ctx, x->p, x->wf, route_cb, x, &x->view) != HF_OK) {
            exec_fail(x);
            return;
        }
        x->have_view = 1;
    }
    if (x->pol->ops->init && x->pol->ops->init(x->pol, x->p, x->wf) != HF_OK) {
        if (x->ctx->errcode == HF_OK)
            hf_ctx_fail(x->ctx, HF_ESIM, "policy '%s' failed to start", x->pol->ops->name);
        exec_fail(x);
        return;
    }
    avail_start(x);
    if (x->rel) hf_releaser_start(x->rel, sg_host_self());
    if (x->topo) { /* monolith: one job, its commands in topological order */
        int first = x->topo[x->topo_next++];
        ready_batch(x, &first, 1);
        return;
    }
    int *entries = malloc((x->wf->ntasks ? x->wf->ntasks : 1) * sizeof *entries);
    if (!entries) exec_die_oom();
    size_t n = 0;
    for (size_t t = 0; t < x->wf->ntasks; t++)
        if (hf_dag_nparents(x->wf->dag, (int)t) == 0) entries[n++] = (int)t;
    ready_batch(x, entries, n);
    free(entries);
}

/* ---------- set-up and tear-down ---------- */

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

/* The core's state, then each module's (place, layout, transfer, availability, serverless
 * runtime: the last two need the eft index's nodes). */
static hf_err setup(exec_state *x)
{
    hf_ctx *ctx = x->ctx;
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    size_t nres = p->nres, nt = wf->ntasks;
    hf_err rc;

    x->res = calloc(nres, sizeof *x->res);
    x->pending = malloc(nt * sizeof *x->pending);
    x->variant = malloc(nt ? nt : 1);
    x->placed = malloc(nt * sizeof *x->placed);
    x->eft = hf_eft_new(p);
    if (!x->res || !x->pending || !x->variant || !x->placed || !x->eft)
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    if ((rc = place_setup(x)) != HF_OK || (rc = layout_setup(x)) != HF_OK ||
        (rc = gang_setup(x)) != HF_OK)
        return rc;
    if ((rc = resolve_hosts(ctx, p, x->res)) != HF_OK) return rc;
    for (size_t i = 0; i < nres; i++) {
        x->res[i].free_cores = p->res[i].cores;
        x->res[i].queue = HF_RING_OF(int);
    }
    if ((rc = xfer_setup(x)) != HF_OK) return rc;
    for (size_t t = 0; t < nt; t++) {
        x->pending[t] = hf_dag_nparents(wf->dag, (int)t);
        x->placed[t] = -1;
    }
    x->mutex = sg_mutex_init();
    x->arrivals = sg_cond_init();
    if ((wf->nrelease > 0 || x->pol->ops->defer) && !(x->rel = hf_releaser_new(released, x)))
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    if (x->pol->ops->defer && !(x->deferred = calloc(nt ? nt : 1, sizeof *x->deferred)))
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    if ((rc = avail_setup(x)) != HF_OK || (rc = svr_setup(x)) != HF_OK) return rc;
    if (x->sl && x->sl->mode == HF_MODE_MONOLITH) x->topo = hf_dag_topo_order(wf->dag);
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
            hf_ring_free(&rs->queue);
        }
    if (x->arrivals) sg_cond_destroy(x->arrivals);
    if (x->mutex) sg_mutex_destroy(x->mutex);
    hf_releaser_free(x->rel);
    free(x->deferred);
    xfer_destroy(x);
    free(x->res);
    free(x->pending);
    free(x->variant);
    free(x->placed);
    hf_eft_free(x->eft);
    place_destroy(x);
    layout_destroy(x);
    svr_destroy(x);
    avail_destroy(x);
    gang_destroy(x);
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
    x.transfer = spec->transfer;
    x.stage_in = spec->stage_in;
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
    if (rc == HF_OK && x.sl && x.wf->ncolls > 0) /* endpoints hand out nodes, not GPU groups */
        for (size_t t = 0; t < x.wf->ntasks && rc == HF_OK; t++)
            if (hf_task_ext_of(&x.wf->tasks[t])->coll)
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "task '%s': collective tasks run in direct mode, not in mode %s "
                                 "(endpoints hand out nodes, not groups of GPUs)",
                                 x.wf->tasks[t].name, hf_mode_name(x.sl->mode));
    if (rc == HF_OK && x.sl) rc = hf_serverless_check(ctx, spec->serverless, x.p, x.wf);
    if (rc != HF_OK) goto fail;
    hf_dag_release_graph(x.wf->dag); /* the run walks the CSR arrays: give igraph's copy back */
    x.r = hf_results_new();
    if (!x.r) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    x.r->paths = x.transfer != HF_XFER_DIRECT;
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
    sg_actor_t starter = sg_actor_init("hetflow-starter", x.res[0].host);
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
    xfer_destroy(&x);
    free(x.pending);
    x.pending = NULL;
    exec_fill_results(&x, spec);
    if ((rc = exec_carbon(&x)) != HF_OK) goto fail;
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
