/* svruntime.c: the serverless runtime: compile caches of multi-target tasks, and in the
 * serverless modes the endpoints' queues and dispatch, containers (warm, cold, keep-alive,
 * reclaimed), image caches per node, and each invocation's start-up (docs/models/serverless.md).
 * The policy's choice reaches an endpoint's queue (svr_submit); its dispatcher gives each task a
 * container and hands it to the resource's FIFO (exec_enqueue). */
#include <stdlib.h>
#include <string.h>

#include <simgrid/actor.h>
#include <simgrid/cond.h>
#include <simgrid/engine.h>
#include <simgrid/mutex.h>

#include "core/grow.h"
#include "exec/exec_internal.h"
#include "exec/image.h"

/* A container of one function on one node (docs/models/serverless.md). */
struct svr_container {
    int node;          /* CPU node it lives on */
    int fkey;          /* function key (fn_key) */
    int busy;          /* invocations running in it */
    int alive;         /* 0 once reclaimed */
    double idle_since; /* s: end of its last invocation (keep-alive counts from here) */
    int ready;         /* 1 once its first invocation pulled the image and initialised it */
};

/* An endpoint's queue of submitted invocations and its container pool. */
struct svr_endpoint {
    int *queue; /* tasks in submission order (removals from the middle: O(queue)) */
    size_t nqueue, capqueue;
    int *conts; /* its containers (indices into svr_state.conts), alive or not */
    size_t nconts, capconts;
    /* estimated free time of each slot (a core of its CPU nodes, [HF_RES_CPU]; a GPU on them,
     * [HF_RES_GPU]), ascending: booked by placements with estimates (svr_book) */
    double *slot_free[2];
    int nslots[2];
};

typedef struct svr_container container;
typedef struct svr_endpoint ep_state;

/* ---------- multi-target tasks: compile cache ---------- */

/* The container identity of task t: its function, or the task itself when it names none. */
static int fn_key(const exec_state *x, int t)
{
    int fn = hf_task_function(x->wf, t);
    return fn >= 0 ? fn : (int)x->wf->nfns + t;
}

static unsigned char *compile_state(const exec_state *x, int fn, int variant, int ri)
{
    return &x->svr.compiled[((size_t)fn * 2 + (size_t)variant) * (size_t)x->svr.ntypes +
                            (size_t)x->svr.res_type[ri]];
}

/* Seconds of compile task t's variant still needs on resource ri's node type (0 when its
 * function has no compile cost or it is compiled, or being compiled, for that type). */
static double compile_pending(const exec_state *x, int t, int variant, int ri)
{
    int fn = hf_task_function(x->wf, t);
    if (fn < 0 || !x->svr.compiled || !(x->wf->fns[fn].compile[variant] > 0)) return 0;
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
    if (fn < 0 || !x->svr.compiled || !(x->wf->fns[fn].compile[variant] > 0)) return 0;
    unsigned char *st = compile_state(x, fn, variant, ri);
    double t0 = simgrid_get_clock(), c = x->wf->fns[fn].compile[variant];
    wait_busy(x, st);
    if (*st == 2) return simgrid_get_clock() - t0;
    *st = 1;
    sg_actor_sleep_for(c);
    *st = 2;
    x->svr.compiles++;
    x->svr.compile_seconds += c;
    sg_cond_notify_all(x->arrivals);
    return simgrid_get_clock() - t0;
}

/* ---------- serverless modes: endpoints, containers ---------- */

/* One-way WAN latency from the client's site to node's site (docs/models/serverless.md). */
double svr_wan_latency(const exec_state *x, int node)
{
    int a = x->sl->client_site, b = x->p->res[node].site;
    return a == b ? 0 : x->p->sites[a].wan.latency + x->p->sites[b].wan.latency;
}

static int image_of(const exec_state *x, int fkey)
{
    return fkey < (int)x->wf->nfns ? x->svr.images[fkey] : -1;
}

static unsigned char *img_state(const exec_state *x, int node, int img)
{
    return &x->svr.img_state[(size_t)node * (size_t)x->svr.nimages + (size_t)img];
}

/* A resource of node able to start task t's variant now (present, fits, a free slot; a MIG
 * instance only in its GPU's current layout), or -1. */
static int free_slot_on(const exec_state *x, int node, int t, int variant)
{
    const hf_task *task = &x->wf->tasks[t];
    const unsigned char *present = x->avail.present;
    if (!present[node]) return -1;
    if (variant == HF_RES_CPU)
        return hf_task_fits(task, &x->p->res[node], HF_RES_CPU) &&
                       x->res[node].free_cores >= task->cores
                   ? node
                   : -1;
    size_t n;
    const int *on = hf_eft_node(x->eft, node, &n);
    for (size_t k = 0; k < n; k++) {
        const hf_resource *r = &x->p->res[on[k]];
        if (r->kind != HF_RES_GPU || !present[on[k]] || x->res[on[k]].free_cores < 1) continue;
        if (!layout_current(x, on[k])) continue;
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
    const unsigned char *present = x->avail.present;
    for (int k = 0; k < ep->nnodes; k++) {
        int node = ep->nodes[k];
        if (!present[node]) continue;
        if (variant == HF_RES_CPU) {
            if (hf_task_fits(task, &x->p->res[node], HF_RES_CPU)) return node;
            continue;
        }
        size_t n;
        const int *on = hf_eft_node(x->eft, node, &n);
        for (size_t j = 0; j < n; j++) {
            const hf_resource *r = &x->p->res[on[j]];
            if (!layout_current(x, on[j])) continue;
            if (present[on[j]] && hf_task_fits(task, r, HF_RES_GPU)) return on[j];
        }
    }
    return -1;
}

size_t svr_candidates(exec_state *x, int t, hf_candidate *out)
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
            out[n++] = (hf_candidate){
                .resource = rep, .variant = variant, .endpoint = (int)e, .carbon = -1};
    }
    return n;
}

double svr_startup_estimate(exec_state *x, int t, const hf_candidate *c)
{
    double compile = compile_pending(x, t, c->variant, c->resource);
    if (!exec_serverless(x) || c->endpoint < 0) return compile;
    const hf_endpoint *ep = &x->sl->eps[c->endpoint];
    const ep_state *es = &x->svr.eps[c->endpoint];
    int node = x->p->res[c->resource].node, fk = fn_key(x, t), cold = 1;
    double now = simgrid_get_clock(), pull = 0, init = 0;
    for (size_t k = 0; k < es->nconts && cold; k++) {
        const container *ct = &x->svr.conts[es->conts[k]];
        cold = !(ct->alive && ct->fkey == fk && ct->busy < ep->concurrency &&
                 (ct->busy > 0 || now < ct->idle_since + ep->keep_alive));
    }
    int fn = fk < (int)x->wf->nfns ? fk : -1;
    if (cold && fn >= 0) {
        const hf_function *f = &x->wf->fns[fn];
        int img = x->svr.images[fn];
        if (img >= 0 && f->image_size > 0 && *img_state(x, node, img) != 2) {
            double lat = 0, bw = 0;
            int remote = x->sl->registry != node;
            if (remote) xfer_route(x, x->sl->registry, node, &lat, &bw);
            pull = hf_image_ready_seconds(&x->sl->pull, f->image_size, remote, lat, bw);
        }
        init = f->init;
    }
    return hf_invoke_latency(cold, svr_wan_latency(x, node), ep->overhead, pull, init, compile, 0);
}

/* Reclaim endpoint e's containers idle for their keep-alive (exactly at idle_since +
 * keep_alive: an invocation arriving then finds none), and drop reclaimed ones from its list. */
static void reap(exec_state *x, int e)
{
    ep_state *es = &x->svr.eps[e];
    double now = simgrid_get_clock(), ka = x->sl->eps[e].keep_alive;
    size_t k = 0;
    for (size_t i = 0; i < es->nconts; i++) {
        container *ct = &x->svr.conts[es->conts[i]];
        if (ct->alive && ct->busy == 0 && now >= ct->idle_since + ka) ct->alive = 0;
        if (ct->alive) es->conts[k++] = es->conts[i];
    }
    es->nconts = k;
}

static int new_container(exec_state *x, int e, int node, int fkey)
{
    svr_state *s = &x->svr;
    ep_state *es = &s->eps[e];
    if (hf_grow((void **)&s->conts, &s->capconts, s->nconts + 1, sizeof *s->conts) ||
        hf_grow((void **)&es->conts, &es->capconts, es->nconts + 1, sizeof *es->conts))
        exec_die_oom();
    s->conts[s->nconts] = (container){node, fkey, 0, 1, 0, 0};
    es->conts[es->nconts++] = (int)s->nconts;
    return (int)s->nconts++;
}

/* Task t got container c on resource ri of endpoint e: record the invocation and hand the task
 * to a worker there (its slot is free: the caller checked). */
static void start_invocation(exec_state *x, int t, int e, int ri, int c, int cold)
{
    svr_state *s = &x->svr;
    s->conts[c].busy++;
    s->task_cont[t] = c;
    s->cold_of[t] = cold;
    x->placed[t] = ri;
    hf_invoke_rec v = {.task = t,
                       .endpoint = e,
                       .resource = ri,
                       .cold = cold,
                       .redeployed = s->redeploys[t],
                       /* the client submits when the policy placed it: after a hold,
                          when the hold ended */
                       .submit = x->deferred && x->deferred[t] > 0 ? x->deferred[t]
                                                                  : x->r->tasks[t].ready,
                       .start = simgrid_get_clock(),
                       .latency = 2 * svr_wan_latency(x, x->p->res[ri].node),
                       .overhead = x->sl->eps[e].overhead};
    s->task_inv[t] = (int)x->r->ninvokes;
    if (hf_results_add_invoke(x->r, &v) != HF_OK) exec_die_oom();
    exec_enqueue(x, ri, t);
}

/* 1 when some present resource of endpoint e has a free core or GPU. */
static int endpoint_has_room(const exec_state *x, int e)
{
    const hf_endpoint *ep = &x->sl->eps[e];
    for (int k = 0; k < ep->nnodes; k++) {
        size_t n;
        const int *on = hf_eft_node(x->eft, ep->nodes[k], &n);
        for (size_t j = 0; j < n; j++) {
            if (!layout_current(x, on[j])) continue;
            if (x->avail.present[on[j]] && x->res[on[j]].free_cores > 0) return 1;
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
    svr_state *s = &x->svr;
    ep_state *es = &s->eps[e];
    const hf_endpoint *ep = &x->sl->eps[e];
    reap(x, e);
    /* a saturated endpoint (the common case under load) costs O(nodes), not a queue walk */
    if (es->nqueue == 0 || !endpoint_has_room(x, e)) return;
    /* two passes: queued tasks that find a warm container first, then new containers in
     * submission order, so that a free slot does not evict a warm container some queued task
     * could reuse. The first is skipped when no live container with room has a function of
     * which some task is queued: it would start nothing (O(containers), not O(queue x
     * containers), for a queue of functions whose containers are busy or gone) */
    int warm = 0;
    for (size_t k = 0; k < es->nconts && !warm; k++) {
        const container *ct = &s->conts[es->conts[k]];
        warm = ct->alive && ct->busy < ep->concurrency && s->queued_fk[ct->fkey] > 0;
    }
    for (int pass = warm ? 0 : 1; pass < 2; pass++)
        for (size_t i = 0; i < es->nqueue && !x->failed;) {
            int t = es->queue[i], v = x->variant[t], fk = fn_key(x, t);
            int ri = -1, c = -1, cold = 0;
            for (size_t k = 0; k < es->nconts && ri < 0; k++) {
                const container *ct = &s->conts[es->conts[k]];
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
                    const container *ct = &s->conts[es->conts[k]];
                    if (!ct->alive) continue;
                    live++;
                    if (ct->busy == 0 &&
                        (victim < 0 || ct->idle_since < s->conts[es->conts[victim]].idle_since))
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
                        if (live >= ep->max_containers) s->conts[es->conts[victim]].alive = 0;
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
            s->queued_fk[fk]--;
            start_invocation(x, t, e, ri, c, cold);
            reap(x, e); /* start_invocation may have yielded: keep the list current */
            if (!endpoint_has_room(x, e)) return;
        }
}

static void ep_push(exec_state *x, int e, int t)
{
    ep_state *es = &x->svr.eps[e];
    if (hf_grow((void **)&es->queue, &es->capqueue, es->nqueue + 1, sizeof *es->queue))
        exec_die_oom();
    es->queue[es->nqueue++] = t;
    x->svr.queued_fk[fn_key(x, t)]++;
}

double svr_free_at(const exec_state *x, int e, int variant, int need)
{
    const ep_state *es = &x->svr.eps[e];
    int n = es->nslots[variant];
    if (n == 0) return 0;
    return es->slot_free[variant][(need < n ? need : n) - 1];
}

void svr_book(exec_state *x, int e, int variant, int need, double finish)
{
    ep_state *es = &x->svr.eps[e];
    int n = es->nslots[variant];
    hf_slots_book(es->slot_free[variant], n, need < n ? need : n, finish);
}

void svr_submit(exec_state *x, int t, int ri)
{
    int e = x->svr.res_ep[ri];
    ep_push(x, e, t);
    ep_dispatch(x, e);
}

void svr_dispatch(exec_state *x, int ri)
{
    ep_dispatch(x, x->svr.res_ep[ri]);
}

void svr_dispatch_all(exec_state *x)
{
    for (size_t e = 0; e < x->sl->neps && !x->failed; e++)
        ep_dispatch(x, (int)e);
}

int svr_monolith_start(exec_state *x, int t)
{
    int node = x->sl->monolith_node;
    if (t == x->topo[0]) { /* the job's one start */
        hf_invoke_rec v = {.task = t,
                           .endpoint = x->svr.res_ep[node],
                           .resource = node,
                           .cold = 1,
                           .submit = simgrid_get_clock(),
                           .start = simgrid_get_clock(),
                           .latency = 2 * svr_wan_latency(x, node),
                           .overhead = x->sl->eps[x->svr.res_ep[node]].overhead};
        x->svr.task_inv[t] = (int)x->r->ninvokes;
        if (hf_results_add_invoke(x->r, &v) != HF_OK) exec_die_oom();
    }
    return node;
}

void svr_node_joined(exec_state *x, int node)
{
    int to = x->svr.res_ep[node];
    if (x->sl->mode != HF_MODE_DECOMPOSED_HHA || to < 0) return;
    size_t n;
    const int *on = hf_eft_node(x->eft, node, &n);
    for (size_t e = 0; e < x->sl->neps; e++) {
        ep_state *es = &x->svr.eps[e];
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
            x->svr.redeploys[t]++;
            x->r->redeployments++;
            if ((int)e == to) {
                es->queue[keep++] = t;
            } else {
                ep_push(x, to, t); /* es->queue is a different array: keep indices hold */
                x->svr.queued_fk[fn_key(x, t)]--; /* and it left this queue */
            }
        }
        es->nqueue = keep;
    }
}

void svr_node_left(exec_state *x, int node)
{
    svr_state *s = &x->svr;
    for (size_t c = 0; c < s->nconts; c++)
        if (s->conts[c].node == node && s->conts[c].busy == 0) s->conts[c].alive = 0;
    for (int img = 0; img < s->nimages; img++)
        if (*img_state(x, node, img) == 2) *img_state(x, node, img) = 0;
    int *again = NULL;
    size_t nagain = 0, cap = 0;
    for (size_t e = 0; e < x->sl->neps; e++) {
        ep_state *es = &s->eps[e];
        size_t keep = 0;
        for (size_t i = 0; i < es->nqueue; i++) {
            int t = es->queue[i];
            if (endpoint_rep(x, (int)e, t, x->variant[t]) >= 0) {
                es->queue[keep++] = t;
                continue;
            }
            if (hf_grow((void **)&again, &cap, nagain + 1, sizeof *again)) exec_die_oom();
            again[nagain++] = t;
            s->queued_fk[fn_key(x, t)]--; /* placed again below */
        }
        es->nqueue = keep;
    }
    for (size_t i = 0; i < nagain && !x->failed; i++) {
        s->redeploys[again[i]]++;
        x->r->redeployments++;
        place_task(x, again[i]);
    }
    free(again);
}

/* ---------- an invocation's start-up ---------- */

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
    *img_state(x, node, img) = x->avail.present[node] ? 2 : 0; /* a node that left forgets it */
    sg_cond_notify_all(x->arrivals);
    return simgrid_get_clock() - t0;
}

/* What an invocation of task t does on resource ri before its stage-in: the WAN latency both
 * ways and the endpoint's overhead, then for a new container the image pull and the runtime
 * initialisation (docs/models/serverless.md). The monolith job's start pulls every image its
 * functions use as one image (sizes added) and initialises once (the longest init). */
static void invocation_startup(exec_state *x, int t, int ri)
{
    svr_state *s = &x->svr;
    int iv = s->task_inv[t], node = x->p->res[ri].node;
    double head = x->r->invokes[iv].latency + x->r->invokes[iv].overhead;
    if (head > 0) sg_actor_sleep_for(head);
    if (!x->r->invokes[iv].cold) {
        /* a warm start on a container still starting (concurrency > 1) waits for it: the wait
         * is recorded as init */
        double t0 = simgrid_get_clock();
        if (!s->conts[s->task_cont[t]].ready) {
            sg_mutex_lock(x->mutex);
            while (!s->conts[s->task_cont[t]].ready)
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
            if (s->images[f] == (int)seen) { /* numbered by first appearance: a new image */
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
            pull = pull_image(x, node, s->images[fn], x->wf->fns[fn].image_size);
            init = x->wf->fns[fn].init;
        }
    }
    if (init > 0) sg_actor_sleep_for(init);
    x->r->invokes[iv].pull = pull;
    x->r->invokes[iv].init = init;
    if (s->task_cont[t] >= 0) {
        s->conts[s->task_cont[t]].ready = 1;
        sg_cond_notify_all(x->arrivals);
    }
}

void svr_before_task(exec_state *x, int t, int ri, int variant)
{
    svr_state *s = &x->svr;
    if (s->task_inv && s->task_inv[t] >= 0) invocation_startup(x, t, ri);
    double comp = run_compile(x, t, variant, ri);
    if (s->task_inv && s->task_inv[t] >= 0) x->r->invokes[s->task_inv[t]].compile = comp;
}

void svr_task_ended(exec_state *x, int t)
{
    svr_state *s = &x->svr;
    container *ct = &s->conts[s->task_cont[t]];
    if (--ct->busy == 0) {
        ct->idle_since = simgrid_get_clock();
        if (!x->avail.present[ct->node]) ct->alive = 0;
    }
}

/* ---------- set-up and tear-down ---------- */

hf_err svr_setup(exec_state *x)
{
    svr_state *s = &x->svr;
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    size_t nres = p->nres, nt = wf->ntasks;
    int any_compile = 0;
    for (size_t f = 0; f < wf->nfns; f++)
        any_compile |= wf->fns[f].compile[0] > 0 || wf->fns[f].compile[1] > 0;
    if (any_compile) {
        s->res_type = malloc(nres * sizeof *s->res_type);
        if (!s->res_type) goto oom;
        for (size_t i = 0; i < nres; i++) {
            const hf_resource *r = &p->res[i];
            s->res_type[i] = -1;
            for (size_t j = 0; j < i && s->res_type[i] < 0; j++) {
                const hf_resource *o = &p->res[j];
                if (o->kind == r->kind &&
                    strcmp(o->model ? o->model : "", r->model ? r->model : "") == 0)
                    s->res_type[i] = s->res_type[j];
            }
            if (s->res_type[i] < 0) s->res_type[i] = s->ntypes++;
        }
        s->compiled = calloc(wf->nfns * 2 * (size_t)s->ntypes, 1);
        if (!s->compiled) goto oom;
    }
    if (!x->sl) return HF_OK;
    s->res_ep = malloc(nres * sizeof *s->res_ep);
    s->eps = calloc(x->sl->neps ? x->sl->neps : 1, sizeof *s->eps);
    s->images = malloc((wf->nfns ? wf->nfns : 1) * sizeof *s->images);
    s->task_cont = malloc(nt * sizeof *s->task_cont);
    s->task_inv = malloc(nt * sizeof *s->task_inv);
    s->cold_of = calloc(nt, sizeof *s->cold_of);
    s->redeploys = calloc(nt, sizeof *s->redeploys);
    s->queued_fk = calloc(wf->nfns + nt + 1, sizeof *s->queued_fk);
    if (!s->res_ep || !s->eps || !s->images || !s->task_cont || !s->task_inv || !s->cold_of ||
        !s->redeploys || !s->queued_fk)
        goto oom;
    for (size_t i = 0; i < nres; i++)
        s->res_ep[i] = -1;
    for (size_t e = 0; e < x->sl->neps; e++) {
        ep_state *es = &s->eps[e];
        for (int k = 0; k < x->sl->eps[e].nnodes; k++) {
            size_t n;
            const int *on = hf_eft_node(x->eft, x->sl->eps[e].nodes[k], &n);
            for (size_t j = 0; j < n; j++) {
                s->res_ep[on[j]] = (int)e;
                const hf_resource *r = &p->res[on[j]];
                es->nslots[r->kind] += r->kind == HF_RES_CPU ? r->cores : 1;
            }
        }
        for (int v = 0; v < 2; v++) {
            es->slot_free[v] = calloc(es->nslots[v] ? (size_t)es->nslots[v] : 1, sizeof(double));
            if (!es->slot_free[v]) goto oom;
        }
    }
    for (size_t f = 0; f < wf->nfns; f++) { /* images numbered by first appearance */
        s->images[f] = -1;
        if (!wf->fns[f].image) continue;
        for (size_t g = 0; g < f && s->images[f] < 0; g++)
            if (wf->fns[g].image && strcmp(wf->fns[g].image, wf->fns[f].image) == 0)
                s->images[f] = s->images[g];
        if (s->images[f] < 0) s->images[f] = s->nimages++;
    }
    s->img_state = calloc(nres * (size_t)(s->nimages ? s->nimages : 1), 1);
    if (!s->img_state) goto oom;
    for (size_t t = 0; t < nt; t++)
        s->task_cont[t] = s->task_inv[t] = -1;
    return HF_OK;
oom:
    return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
}

void svr_destroy(exec_state *x)
{
    svr_state *s = &x->svr;
    free(s->res_type);
    free(s->compiled);
    if (s->eps)
        for (size_t e = 0; e < x->sl->neps; e++) {
            free(s->eps[e].queue);
            free(s->eps[e].conts);
            free(s->eps[e].slot_free[0]);
            free(s->eps[e].slot_free[1]);
        }
    free(s->eps);
    free(s->res_ep);
    free(s->conts);
    free(s->images);
    free(s->img_state);
    free(s->task_cont);
    free(s->task_inv);
    free(s->cold_of);
    free(s->redeploys);
    free(s->queued_fk);
    *s = (svr_state){0};
}
