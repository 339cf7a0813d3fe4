/* place.c: placement: the candidates and estimates a policy decides on (stage-in from
 * transfer.c, start-up from svruntime.c, compute from cost.c), the earliest-finish shortcut
 * that finds the policy's choice without estimating every candidate (exec/eft.h), batches of
 * ready tasks in the policy's order, and the hand-over of each decision (or, when the policy
 * defers the task, its hold in the releaser until the time it asked for). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/engine.h>

#include "exec/cost.h"
#include "exec/exec_internal.h"
#include "platform/carbon.h"

/* ---------- estimates for policies ---------- */

/* Fill c's estimates for task t decided at now; *stage and *compute get the stage-in and
 * compute times they add (NULL when not wanted). */
static void estimate(exec_state *x, int t, hf_candidate *c, double now, double *stage,
                     double *compute)
{
    const hf_task *task = &x->wf->tasks[t];
    int need = c->variant == HF_RES_CPU ? task->cores : 1;
    /* an endpoint's queue: its slots as booked by earlier placements (svr_book) */
    double free_at = c->endpoint >= 0 ? svr_free_at(x, c->endpoint, c->variant, need)
                                      : hf_eft_free_at(x->eft, c->resource, need);
    if (free_at < now) free_at = now;
    double S = xfer_estimate(x, t, c->resource, &c->local_bytes);
    double C = hf_cost_seconds(x->wf, task, c->variant, &x->p->res[c->resource]);
    c->startup = svr_startup_estimate(x, t, c);
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
    hf_candidate c = {
        .resource = res, .variant = (int)x->p->res[res].kind, .endpoint = -1, .carbon = -1};
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

/* xfer_input_copies' callback: every resource on the node of a copy at res becomes special. */
static void add_special(exec_state *x, int res)
{
    place_state *s = &x->place;
    size_t n;
    const int *on = hf_eft_node(x->eft, x->p->res[res].node, &n);
    for (size_t k = 0; k < n; k++) {
        if (s->mark[on[k]] == s->stamp) continue;
        s->mark[on[k]] = s->stamp;
        s->special[s->nspecial++] = on[k];
    }
}

/* The earliest-finish choice for task t without estimating every candidate (exec/eft.h): the
 * best generic member of each class that can run t, and every resource sharing a node with a
 * copy of one of t's inputs (the copies xfer_estimate looks at). Same result as
 * hf_policy_earliest over all candidates: smallest est_finish, then est_start, then resource
 * index (candidate lists are in resource order). Returns 0 when no resource can run t. */
static int choose_earliest(exec_state *x, int t, hf_candidate *out)
{
    place_state *s = &x->place;
    const hf_task *task = &x->wf->tasks[t];
    double now = simgrid_get_clock();
    if (++s->stamp == 0) { /* wrapped: forget every old mark */
        memset(s->mark, 0, x->p->nres * sizeof *s->mark);
        s->stamp = 1;
    }
    s->nspecial = 0;
    xfer_input_copies(x, t, add_special);
    int found = 0;
    hf_candidate best = {0};
    for (size_t c = 0, ncls = hf_eft_nclasses(x->eft); c < ncls; c++) {
        size_t nm;
        const hf_resource *r = &x->p->res[hf_eft_members(x->eft, (int)c, &nm)[0]];
        if (!hf_task_fits(task, r, (int)r->kind)) continue; /* the same over a class */
        int need = r->kind == HF_RES_CPU ? task->cores : 1;
        int m = hf_eft_best(x->eft, (int)c, need, now, s->special, s->nspecial);
        if (m == -2) exec_die_oom();
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
        int m2 = hf_eft_first_free_by(x->eft, (int)c, need, hi, s->special, s->nspecial);
        if (m2 == -2) exec_die_oom();
        if (m2 < 0 || m2 == m) continue;
        for (int it = 0; it < 80 && nextafter(lo, INFINITY) < hi; it++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo) mid = nextafter(lo, INFINITY);
            if (mid + S == start && (mid + S) + C == finish)
                lo = mid;
            else
                hi = mid;
        }
        m2 = hf_eft_first_free_by(x->eft, (int)c, need, lo, s->special, s->nspecial);
        if (m2 == -2) exec_die_oom();
        if (m2 >= 0 && m2 != m) consider(x, t, m2, now, &best, &found, NULL, NULL);
    }
    for (size_t k = 0; k < s->nspecial; k++) {
        const hf_resource *r = &x->p->res[s->special[k]];
        if (hf_task_fits(task, r, (int)r->kind))
            consider(x, t, s->special[k], now, &best, &found, NULL, NULL);
    }
    *out = best;
    return found;
}

/* ---------- placement ---------- */

/* Candidates for task t: a shared prebuilt list when every resource of the needed kinds fits
 * (O(1): the common case at scale), else a filtered copy in scratch; in a serverless mode, one
 * per endpoint (svr_candidates). */
static hf_candidate *candidates(exec_state *x, int t, size_t *n)
{
    place_state *s = &x->place;
    const hf_task *task = &x->wf->tasks[t];
    const hf_task_ext *e = hf_task_ext_of(task);
    if (exec_serverless(x)) {
        *n = svr_candidates(x, t, s->scratch);
        return s->scratch;
    }
    int all_cpu = task->cores <= s->min_cpu_cores && e->memory <= s->min_cpu_mem;
    int all_gpu = e->gpu_memory <= s->min_gpu_mem &&
                  (s->all_gpu_bw || e->gpu.flops > 0 || e->gpu.seconds > 0) &&
                  (!e->kernels || (s->all_gpu_bw && s->all_gpu_sms));
    if (task->cpu.set && !e->gpu.set && all_cpu) {
        *n = s->ncpu;
        return s->cand_cpu;
    }
    if (e->gpu.set && !task->cpu.set && all_gpu) {
        *n = s->ngpu;
        return s->cand_gpu;
    }
    if (e->gpu.set && task->cpu.set && all_cpu && all_gpu) {
        *n = s->nall;
        return s->cand_all;
    }
    size_t k = 0;
    for (size_t i = 0; i < s->nall; i++) {
        const hf_candidate *c = &s->cand_all[i];
        const hf_resource *r = &x->p->res[c->resource];
        if (hf_task_fits(task, r, c->variant)) s->scratch[k++] = *c;
    }
    *n = k;
    return s->scratch;
}

/* Fill d for task t decided now, with candidates c (n of them; estimates when wanted). */
static void fill_decision(exec_state *x, int t, hf_candidate *c, size_t n, hf_decision *d)
{
    double now = simgrid_get_clock();
    if (x->pol->ops->wants_estimates) fill_estimates(x, t, c, n, now);
    for (size_t k = 0; k < n && x->place.carbon; k++) { /* each candidate's grid now */
        const hf_ctrace *tr = x->p->sites[x->p->res[c[k].resource].site].carbon;
        c[k].carbon = tr ? hf_ctrace_at(tr, now) : -1;
    }
    for (size_t k = 0; k < n && exec_serverless(x); k++)
        c[k].latency = svr_wan_latency(x, x->p->res[c[k].resource].node);
    *d = (hf_decision){.platform = x->p,
                       .workflow = x->wf,
                       .task = t,
                       .now = now,
                       .cands = c,
                       .ncands = n,
                       .estimated = x->pol->ops->wants_estimates,
                       .view = x->have_view ? &x->view : NULL,
                       .placed = x->placed,
                       .serverless = exec_serverless(x) ? x->sl : NULL,
                       .may_defer = x->deferred && !(x->deferred[t] > 0)};
}

/* Task t goes to resource ri with variant: record it, book its cores until finish when the
 * policy keeps estimates (finish < 0: it does not), queue it and dispatch. */
static void commit(exec_state *x, int t, int ri, int variant, double finish)
{
    x->placed[t] = ri;
    x->variant[t] = (signed char)variant;
    int need = variant == HF_RES_CPU ? x->wf->tasks[t].cores : 1;
    if (exec_serverless(x)) { /* submitted to the endpoint, which picks the worker */
        if (finish >= 0) svr_book(x, x->svr.res_ep[ri], variant, need, finish);
        svr_submit(x, t, ri);
        return;
    }
    if (finish >= 0) hf_eft_book(x->eft, ri, need, finish);
    exec_enqueue(x, ri, t);
}

void place_task(exec_state *x, int t)
{
    if (x->sl && x->sl->mode == HF_MODE_MONOLITH) { /* the job's next command, on its node */
        commit(x, t, svr_monolith_start(x, t), HF_RES_CPU, -1);
        return;
    }
    if (x->place.fast_eft) {
        hf_candidate c;
        if (!choose_earliest(x, t, &c)) { /* excluded by hf_workflow_check_platform */
            hf_ctx_fail(x->ctx, HF_ESIM, "task '%s': no resource can run it", x->wf->tasks[t].name);
            exec_fail(x);
            return;
        }
        commit(x, t, c.resource, c.variant, c.est_finish);
        return;
    }
    size_t n;
    hf_candidate *c = candidates(x, t, &n);
    if (n == 0 && exec_serverless(x)) { /* no present node can take it: wait for a join */
        avail_park(x, t);
        return;
    }
    if (n == 0) { /* excluded by hf_workflow_check_platform; kept as a guard */
        hf_ctx_fail(x->ctx, HF_ESIM, "task '%s': no resource can run it", x->wf->tasks[t].name);
        exec_fail(x);
        return;
    }
    hf_decision d;
    fill_decision(x, t, c, n, &d);
    size_t choice = 0;
    if (x->pol->ops->decide(x->pol, &d, &choice) != HF_OK || choice >= n) {
        if (x->ctx->errcode == HF_OK)
            hf_ctx_fail(x->ctx, HF_ESIM, "policy '%s' made no valid choice for task '%s'",
                        x->pol->ops->name, x->wf->tasks[t].name);
        exec_fail(x);
        return;
    }
    if (d.may_defer) { /* the policy may hold the task to a later time, once */
        double until = x->pol->ops->defer(x->pol, &d, choice);
        if (x->failed || x->ctx->errcode != HF_OK) {
            exec_fail(x);
            return;
        }
        if (until > d.now) {
            x->deferred[t] = until;
            x->r->deferrals++;
            x->r->deferred_seconds += until - d.now;
            hf_releaser_hold(x->rel, t, until);
            return;
        }
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

void place_batch(exec_state *x, int *batch, size_t n)
{
    const hf_policy_ops *ops = x->pol->ops;
    size_t nall = x->place.nall;
    double now = simgrid_get_clock();
    for (size_t i = 0; i < n; i++) /* a deferred task keeps the time it first became ready */
        if (!x->deferred || !(x->deferred[batch[i]] > 0)) x->r->tasks[batch[i]].ready = now;
    if (x->gang.n > 0) { /* collectives go to their groups, not to the policy */
        size_t k = 0;
        for (size_t i = 0; i < n && !x->failed; i++)
            if (gang_task(x, batch[i]))
                gang_place(x, batch[i]);
            else
                batch[k++] = batch[i];
        n = k;
        if (n == 0 || x->failed) return;
    }
    if (n > 1 && ops->pick) {
        /* one candidate list per task of the batch: bounded to 64 MiB, so a huge batch (10^5
         * entry tasks on 1000 nodes) is picked from in slices of that size, in order */
        size_t slice = (64u << 20) / (nall * sizeof(hf_candidate) + sizeof(hf_decision));
        if (slice < 2) slice = 2;
        if (n > slice) {
            for (size_t i = 0; i < n && !x->failed; i += slice)
                place_batch(x, batch + i, n - i < slice ? n - i : slice);
            return;
        }
        hf_decision *ds = malloc(n * sizeof *ds);
        hf_candidate *buf = malloc(n * nall * sizeof *buf);
        if (!ds || !buf) exec_die_oom();
        while (n > 0 && !x->failed) {
            for (size_t i = 0; i < n; i++) { /* no simcall in here: a consistent snapshot */
                size_t nc;
                hf_candidate *c = candidates(x, batch[i], &nc);
                memcpy(buf + i * nall, c, nc * sizeof *c);
                fill_decision(x, batch[i], buf + i * nall, nc, &ds[i]);
            }
            size_t k = ops->pick(x->pol, ds, n);
            if (k >= n) k = 0;
            int t = batch[k];
            memmove(batch + k, batch + k + 1, (n - k - 1) * sizeof *batch);
            n--;
            place_task(x, t);
        }
        free(ds);
        free(buf);
        return;
    }
    if (n > 1 && ops->priority) {
        prio *pr = malloc(n * sizeof *pr);
        if (!pr) exec_die_oom();
        for (size_t i = 0; i < n; i++)
            pr[i] =
                (prio){ops->priority(x->pol, x->have_view ? &x->view : NULL, batch[i]), batch[i]};
        qsort(pr, n, sizeof *pr, cmp_prio);
        for (size_t i = 0; i < n; i++)
            batch[i] = pr[i].t;
        free(pr);
    }
    for (size_t i = 0; i < n && !x->failed; i++)
        place_task(x, batch[i]);
}

/* ---------- set-up and tear-down ---------- */

hf_err place_setup(exec_state *x)
{
    place_state *s = &x->place;
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    size_t nres = p->nres;
    s->cand_cpu = calloc(nres, sizeof *s->cand_cpu);
    s->cand_gpu = calloc(nres, sizeof *s->cand_gpu);
    s->cand_all = calloc(nres, sizeof *s->cand_all);
    s->scratch = calloc(nres, sizeof *s->scratch);
    s->special = malloc(nres * sizeof *s->special);
    s->mark = calloc(nres, sizeof *s->mark);
    if (!s->cand_cpu || !s->cand_gpu || !s->cand_all || !s->scratch || !s->special || !s->mark)
        return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
    /* the class argument of exec/eft.h needs the model's routes: not on a user's XML */
    s->fast_eft = x->pol->ops->earliest_finish && !p->xml_path && !x->sl;
    for (size_t f = 0; f < wf->nfns && s->fast_eft; f++) /* estimates would see compiles */
        if (wf->fns[f].compile[0] > 0 || wf->fns[f].compile[1] > 0) s->fast_eft = 0;
    s->min_cpu_cores = 1 << 30;
    s->min_cpu_mem = s->min_gpu_mem = INFINITY;
    s->all_gpu_bw = 1;
    s->all_gpu_sms = 1;
    s->carbon = 0;
    for (size_t i = 0; i < p->nsites; i++)
        s->carbon |= p->sites[i].carbon != NULL;
    for (size_t i = 0; i < nres; i++) {
        const hf_resource *r = &p->res[i];
        hf_candidate c = {
            .resource = (int)i, .variant = (int)r->kind, .endpoint = -1, .carbon = -1};
        s->cand_all[s->nall++] = c;
        double mem = r->memory > 0 ? r->memory : INFINITY;
        if (r->kind == HF_RES_CPU) {
            s->cand_cpu[s->ncpu++] = c;
            if (r->cores < s->min_cpu_cores) s->min_cpu_cores = r->cores;
            if (mem < s->min_cpu_mem) s->min_cpu_mem = mem;
        } else {
            s->cand_gpu[s->ngpu++] = c;
            if (!(r->mem_bw > 0)) s->all_gpu_bw = 0;
            if (!(r->sms > 0)) s->all_gpu_sms = 0;
            if (mem < s->min_gpu_mem) s->min_gpu_mem = mem;
        }
    }
    return HF_OK;
}

void place_destroy(exec_state *x)
{
    place_state *s = &x->place;
    free(s->cand_cpu);
    free(s->cand_gpu);
    free(s->cand_all);
    free(s->scratch);
    free(s->special);
    free(s->mark);
    *s = (place_state){0};
}
