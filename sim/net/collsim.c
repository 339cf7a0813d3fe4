/* collsim.c: collectives simulated step by step (collsim.h, docs/models/collectives.md). One
 * actor per rank runs its schedule: send (a blocking transfer, so a rank's sends leave one after
 * another), then wait for the step's incoming message, then reduce. A message's arrival is a
 * flag per (rank, step), so an early message of a later step is never taken for this one. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/semaphore.h>

#include "net/collsim.h"

struct hf_coll_run {
    hf_ctx *ctx;
    const hf_platform *p;
    const hf_coll_sim *s;
    hf_path_route_fn *route;
    void *arg;
    int nsteps;
    double bytes;           /* the current collective's size */
    unsigned char *arrived; /* [rank * nsteps + step]: its message of that step is in */
    unsigned char *ready;   /* [rank * nsteps + step]: it has reached that step (posted the
                               receive), so a message to it may leave */
    struct rank_job *jobs;  /* per rank */
    sg_host_t *hosts;       /* per rank: its SimGrid host, looked up once (by name, O(zones)) */
    sg_sem_t *wake;         /* per rank: released to wake it when it waits (waiting set) */
    unsigned char *waiting; /* per rank: blocked on its wake semaphore for a flag */
    sg_sem_t done;          /* released by each rank at its end */
    double *rate;           /* per rank: B/s of its reductions, 0: free */
    double *seconds;        /* per size: the result */
    hf_err rc;
    int failed;
    void (*fail)(void *); /* called when a message cannot be planned; NULL: kill every actor */
    void *fail_arg;
    /* the double binary tree: 4 roles per rank (role = (rank x 2 + tree) x 2 + dir, dir 0 the
     * reduce up the tree, 1 the broadcast down), k chunks of cb bytes per tree */
    int k, kmax;
    double cb;
    unsigned char *dflag;  /* [((tree x 2 + dir) x kmax + chunk) x p + rank]: up, rank's
                              reduced chunk is at its parent; down, the result chunk is at rank */
    sg_sem_t *rwake;       /* per role */
    unsigned char *rwait;  /* per role: blocked on its rwake */
    struct role_job *roles;
    sg_sem_t *rank_done;   /* per rank: released by its 3 helper roles at their end */
};
typedef struct hf_coll_run coll_run;

typedef struct rank_job {
    coll_run *c;
    int rank;
} rank_job;

typedef struct role_job {
    coll_run *c;
    int rank, tree, dir;
} role_job;

/* Move bytes from rank a's resource to rank b's as the path model plans it. */
static void move(coll_run *c, int a, int b, double bytes)
{
    int ra = c->s->ranks[a], rb = c->s->ranks[b];
    if (c->s->mode == HF_XFER_DIRECT) {
        sg_host_sendto(c->hosts[a], c->hosts[b], bytes);
        return;
    }
    hf_path pa;
    if (hf_path_plan(c->ctx, c->p, ra, rb, bytes, c->s->mode, c->route, c->arg, &pa) != HF_OK) {
        if (!c->failed) c->rc = c->ctx->errcode;
        c->failed = 1;
        if (c->fail)
            c->fail(c->fail_arg);
        else
            sg_actor_kill_all();
        return;
    }
    hf_path_send(c->p, &pa, bytes);
}

/* Wake rank t if it waits for a flag just set (one semaphore operation when needed, not one
 * per flag: 2 x 10^6 messages on 1,024 ranks). */
static void wake(coll_run *c, int t)
{
    if (!c->waiting[t]) return;
    c->waiting[t] = 0;
    sg_sem_release(c->wake[t]);
}

/* Block rank r until *flag is set (by another rank, which then wakes it). */
static void wait_flag(coll_run *c, int r, const unsigned char *flag)
{
    while (!*flag) {
        c->waiting[r] = 1;
        sg_sem_acquire(c->wake[r]);
    }
}

/* ---- the double binary tree ---- */

static unsigned char *dflag(coll_run *c, int tree, int dir, int j, int r)
{
    return &c->dflag[(((size_t)tree * 2 + dir) * (size_t)c->kmax + (size_t)j) *
                         (size_t)c->s->nranks + (size_t)r];
}

static int role_of(int r, int tree, int dir)
{
    return (r * 2 + tree) * 2 + dir;
}

static void role_wake(coll_run *c, int role)
{
    if (!c->rwait[role]) return;
    c->rwait[role] = 0;
    sg_sem_release(c->rwake[role]);
}

static void role_wait(coll_run *c, int role, const unsigned char *flag)
{
    while (!*flag && !c->failed) {
        c->rwait[role] = 1;
        sg_sem_acquire(c->rwake[role]);
    }
}

/* Rank r's part in tree t, one direction, chunk after chunk. Up: wait for each child's reduced
 * chunk, reduce them into its own, send the sum to the parent (the root's sum is the result,
 * handed to its own broadcast). Down: wait for the result chunk (from the parent, or the root's
 * own), send it to each child in turn. */
static void dbtree_role(coll_run *c, int r, int t, int dir)
{
    int p = c->s->nranks, parent, ch[2];
    hf_coll_dbtree_node(p, t, r, &parent, &ch[0], &ch[1]);
    int me = role_of(r, t, dir), nch = (ch[0] >= 0) + (ch[1] >= 0);
    for (int j = 0; j < c->k && !c->failed; j++) {
        if (dir == 0) {
            for (int i = 0; i < 2; i++)
                if (ch[i] >= 0) role_wait(c, me, dflag(c, t, 0, j, ch[i]));
            if (nch > 0 && c->rate[r] > 0) sg_actor_sleep_for(nch * c->cb / c->rate[r]);
            if (parent >= 0) {
                move(c, r, parent, c->cb);
                *dflag(c, t, 0, j, r) = 1;
                role_wake(c, role_of(parent, t, 0));
            } else {
                *dflag(c, t, 1, j, r) = 1;
                role_wake(c, role_of(r, t, 1));
            }
        } else {
            role_wait(c, me, dflag(c, t, 1, j, r));
            for (int i = 0; i < 2 && !c->failed; i++)
                if (ch[i] >= 0) {
                    move(c, r, ch[i], c->cb);
                    *dflag(c, t, 1, j, ch[i]) = 1;
                    role_wake(c, role_of(ch[i], t, 1));
                }
        }
    }
}

static void role_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    role_job *j = sg_actor_self_get_data();
    dbtree_role(j->c, j->rank, j->tree, j->dir);
    sg_sem_release(j->c->rank_done[j->rank]);
}

/* Rank r: three of its roles on helper actors of its host, the fourth (tree 0 up) itself. */
static void dbtree_rank(coll_run *c, int r)
{
    for (int t = 0; t < 2; t++)
        for (int d = 0; d < 2; d++) {
            if (t == 0 && d == 0) continue;
            role_job *j = &c->roles[role_of(r, t, d)];
            *j = (role_job){c, r, t, d};
            sg_actor_t a = sg_actor_init("dbtree", c->hosts[r]);
            sg_actor_set_data(a, j);
            sg_actor_start(a, role_main, 0, NULL);
        }
    dbtree_role(c, r, 0, 0);
    for (int i = 0; i < 3; i++)
        sg_sem_acquire(c->rank_done[r]);
}

void hf_coll_run_rank(hf_coll_run *c, int r)
{
    const hf_coll_sim *s = c->s;
    int p = s->nranks;
    if (s->algo == HF_COLL_DBTREE) {
        dbtree_rank(c, r);
        return;
    }
    for (int k = 0; k < c->nsteps && !c->failed; k++) {
        hf_coll_action a;
        hf_coll_step(s->op, s->algo, p, s->per_node, c->bytes, r, k, &a);
        /* the tree: a rank with nothing to receive at a step (a leaf) would send at once and
         * overlap its parent's other receives; its message leaves once the parent reached
         * the step (a rendezvous, as MPI's large messages wait for the posted receive). Ring,
         * rhd and hier need none: every rank receives at every step, and a message sent ahead
         * waits in the receiver's buffer as NCCL's do; a rendezvous there would make each rank
         * block and be woken once per step for nothing */
        int rendezvous = s->algo == HF_COLL_TREE;
        if (rendezvous) {
            c->ready[(size_t)r * c->nsteps + k] = 1;
            if (a.recv_from >= 0) wake(c, a.recv_from);
        }
        if (a.send_to >= 0) {
            if (rendezvous) wait_flag(c, r, &c->ready[(size_t)a.send_to * c->nsteps + k]);
            move(c, r, a.send_to, a.bytes);
            c->arrived[(size_t)a.send_to * c->nsteps + k] = 1;
            wake(c, a.send_to);
        }
        if (a.recv_from >= 0) wait_flag(c, r, &c->arrived[(size_t)r * c->nsteps + k]);
        if (a.reduce > 0 && c->rate[r] > 0) sg_actor_sleep_for(a.reduce / c->rate[r]);
    }
}

static void rank_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    rank_job *j = sg_actor_self_get_data();
    hf_coll_run_rank(j->c, j->rank);
    sg_sem_release(j->c->done);
}

/* Plan, before any rank moves, every pair of ranks that exchange a message (at the largest
 * size: the plan's chunk count grows with it), so that a plan the platform refuses (gdr without
 * GPUDirect, too many chunks) is an error before the run, not an actor killed in its middle.
 * Each rank's peers are found over its steps (at most 64 distinct ones kept to compare: ring
 * and hier have 1 or 2, rhd and tree log2 p). 1, or 0 with c->rc set. */
static int plans_ok(coll_run *c);

hf_err hf_coll_run_plan(hf_coll_run *c)
{
    if (c->s->mode == HF_XFER_DIRECT) return HF_OK;
    return plans_ok(c) ? HF_OK : c->rc;
}

static int plans_ok(coll_run *c)
{
    const hf_coll_sim *s = c->s;
    if (s->algo == HF_COLL_DBTREE) { /* each rank's parent and children in both trees */
        for (int r = 0; r < s->nranks; r++)
            for (int t = 0; t < 2; t++) {
                int peer[3];
                hf_coll_dbtree_node(s->nranks, t, r, &peer[0], &peer[1], &peer[2]);
                for (int i = 0; i < 3; i++) {
                    hf_path pa;
                    if (peer[i] >= 0 &&
                        hf_path_plan(c->ctx, c->p, s->ranks[r], s->ranks[peer[i]], c->cb,
                                     s->mode, c->route, c->arg, &pa) != HF_OK) {
                        c->rc = c->ctx->errcode;
                        c->failed = 1;
                        return 0;
                    }
                }
            }
        return 1;
    }
    double biggest = 0;
    for (size_t z = 0; z < s->nsizes; z++)
        if (s->sizes[z] > biggest) biggest = s->sizes[z];
    for (int r = 0; r < s->nranks; r++) {
        int seen[64], nseen = 0;
        for (int k = 0; k < c->nsteps; k++) {
            hf_coll_action a;
            hf_coll_step(s->op, s->algo, s->nranks, s->per_node, biggest, r, k, &a);
            if (a.send_to < 0) continue;
            int known = 0;
            for (int i = 0; i < nseen && !known; i++)
                known = seen[i] == a.send_to;
            if (known) continue;
            if (nseen < 64) seen[nseen++] = a.send_to;
            hf_path pa;
            if (hf_path_plan(c->ctx, c->p, s->ranks[r], s->ranks[a.send_to], a.bytes, s->mode,
                             c->route, c->arg, &pa) != HF_OK) {
                c->rc = c->ctx->errcode;
                c->failed = 1;
                return 0;
            }
        }
    }
    return 1;
}

/* dbtree: chunks per tree for a collective of n bytes per rank, each tree carrying n / 2 */
static int dbtree_chunks(const hf_coll_sim *s, double n)
{
    double chunk = s->chunk > 0 ? s->chunk : 512.0 * 1024;
    double k = ceil(n / (2 * chunk));
    return k < 1 ? 1 : k > 1e9 ? 1000000000 : (int)k;
}

void hf_coll_run_start(hf_coll_run *c, double bytes)
{
    size_t n = (size_t)c->s->nranks * (size_t)c->nsteps;
    c->bytes = bytes;
    memset(c->arrived, 0, n);
    memset(c->ready, 0, n);
    if (c->s->algo == HF_COLL_DBTREE) {
        c->k = dbtree_chunks(c->s, bytes);
        c->cb = bytes / 2 / c->k;
        memset(c->dflag, 0, 4 * (size_t)c->kmax * (size_t)c->s->nranks);
    }
}

/* One collective per size, in turn: every rank's actor starts at once; the time is the last
 * one's end. */
static void driver_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    coll_run *c = sg_actor_self_get_data();
    const hf_coll_sim *s = c->s;
    int p = s->nranks;
    rank_job *jobs = c->jobs;
    if (hf_coll_run_plan(c) != HF_OK) return;
    for (size_t z = 0; z < s->nsizes && !c->failed; z++) {
        hf_coll_run_start(c, s->sizes[z]);
        double t0 = simgrid_get_clock();
        for (int r = 0; r < p; r++) {
            jobs[r] = (rank_job){c, r};
            sg_actor_t a = sg_actor_init("rank", c->hosts[r]);
            sg_actor_set_data(a, &jobs[r]);
            sg_actor_start(a, rank_main, 0, NULL);
        }
        for (int r = 0; r < p; r++)
            sg_sem_acquire(c->done);
        c->seconds[z] = simgrid_get_clock() - t0;
    }
}

/* A rank's host and index, to find two ranks on one host by sorting. */
typedef struct host_rank {
    uintptr_t host;
    int rank;
} host_rank;

static int cmp_host_rank(const void *a, const void *b)
{
    const host_rank *x = a, *y = b;
    if (x->host != y->host) return x->host < y->host ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

hf_err hf_coll_sim_check(hf_ctx *ctx, const hf_platform *p, const hf_coll_sim *s)
{
    int n = s->nranks;
    const char *on = hf_coll_op_name(s->op);
    if (s->offload == HF_COLL_SWITCH)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s with switch offload: not simulated (the platform's "
                           "switches are links, not hosts that aggregate; use the closed form)",
                           on);
    if (n < 2 || n > (1 << 20))
        return hf_ctx_fail(ctx, HF_EINPUT, "collective %s: %d ranks (2 to %d simulated)", on, n,
                           1 << 20);
    int dbt = s->algo == HF_COLL_DBTREE && s->op == HF_COLL_ALLREDUCE;
    int steps = hf_coll_nsteps(s->op, s->algo, n, s->per_node);
    if (steps == 0 && !dbt)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s by %s over %d ranks: not simulated (ring, rhd and hier "
                           "simulate allreduce, reducescatter and allgather, rhd on a power of "
                           "two, hier with per-node ranks dividing the ranks; tree allreduce and "
                           "broadcast; dbtree allreduce; auto is closed form only)",
                           on, hf_coll_algo_name(s->algo), n);
    if (!(s->chunk >= 0) || !isfinite(s->chunk))
        return hf_ctx_fail(ctx, HF_EINPUT, "collective %s: chunk %g bytes (>= 0)", on, s->chunk);
    /* a rank is one actor (the double binary tree's: four), and up to 3 more per message in
     * flight on a path (the double binary tree: one message per role) */
    double per = dbt ? 4 : 1, stages = s->mode == HF_XFER_DIRECT ? 0 : HF_PATH_STAGES * per;
    double actors = (double)n * (per + stages) + 1;
    if (actors > HF_MAX_ACTORS)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s: %d ranks need %.0f actors (%s%s), more than "
                           "the %d SimGrid 3.32 holds under Linux's default vm.max_map_count: use "
                           "the closed form (no --platform) at this scale",
                           on, n, actors, dbt ? "four per rank" : "one per rank",
                           s->mode == HF_XFER_DIRECT ? "" : ", and up to 3 per message on a path",
                           HF_MAX_ACTORS);
    double messages = 0;
    for (size_t z = 0; z < s->nsizes; z++) {
        double chunks = 1;
        if (dbt && s->sizes[z] > 0 && isfinite(s->sizes[z]))
            chunks = ceil(s->sizes[z] / (2 * (s->chunk > 0 ? s->chunk : 512.0 * 1024)));
        messages += dbt ? 4.0 * (n - 1) * chunks : (double)n * steps;
    }
    if (messages > HF_COLLSIM_MAX_MESSAGES)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s: %.0f messages (%d ranks, %zu sizes%s), more than the "
                           "%.0f one run moves",
                           on, messages, n, s->nsizes,
                           dbt ? ", 4 (ranks - 1) per chunk pair: give a larger chunk" : "",
                           HF_COLLSIM_MAX_MESSAGES);
    for (size_t z = 0; z < s->nsizes; z++)
        if (!(s->sizes[z] >= 0) || !isfinite(s->sizes[z]))
            return hf_ctx_fail(ctx, HF_EINPUT, "collective %s: size %g bytes", on, s->sizes[z]);
    host_rank *hr = malloc((size_t)n * sizeof *hr);
    if (!hr) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        int r = s->ranks[i];
        if (r < 0 || (size_t)r >= p->nres) {
            free(hr);
            return hf_ctx_fail(ctx, HF_EINPUT, "collective %s: rank %d is no resource", on, i);
        }
        hr[i] = (host_rank){(uintptr_t)hf_path_host(p, r), i};
    }
    qsort(hr, (size_t)n, sizeof *hr, cmp_host_rank);
    for (int i = 1; i < n; i++)
        if (hr[i].host == hr[i - 1].host) {
            int a = hr[i - 1].rank, b = hr[i].rank;
            free(hr);
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "collective %s: ranks %d and %d ('%s', '%s') share one memory "
                               "(the same host): give each rank its own GPU or node",
                               on, a, b, p->res[s->ranks[a]].name, p->res[s->ranks[b]].name);
        }
    free(hr);
    return HF_OK;
}

void hf_coll_run_free(hf_coll_run *c)
{
    if (!c) return;
    for (int i = 0; c->wake && i < c->s->nranks; i++)
        if (c->wake[i]) sg_sem_destroy(c->wake[i]);
    if (c->done) sg_sem_destroy(c->done);
    free(c->arrived);
    free(c->ready);
    free(c->wake);
    free(c->rate);
    free(c->jobs);
    free(c->waiting);
    free(c->hosts);
    for (int i = 0; c->rwake && i < 4 * c->s->nranks; i++)
        if (c->rwake[i]) sg_sem_destroy(c->rwake[i]);
    for (int i = 0; c->rank_done && i < c->s->nranks; i++)
        if (c->rank_done[i]) sg_sem_destroy(c->rank_done[i]);
    free(c->rwake);
    free(c->rwait);
    free(c->roles);
    free(c->rank_done);
    free(c->dflag);
    free(c);
}

hf_coll_run *hf_coll_run_new(hf_ctx *ctx, const hf_platform *p, const hf_coll_sim *s,
                             hf_path_route_fn *route, void *arg)
{
    int n = s->nranks, steps = hf_coll_nsteps(s->op, s->algo, n, s->per_node);
    coll_run *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    *c = (coll_run){.ctx = ctx, .p = p, .s = s, .route = route, .arg = arg, .nsteps = steps};
    c->arrived = calloc((size_t)n * (size_t)steps + 1, 1); /* dbtree: no steps, unused */
    c->ready = calloc((size_t)n * (size_t)steps + 1, 1);
    c->wake = calloc((size_t)n, sizeof *c->wake);
    c->rate = calloc((size_t)n, sizeof *c->rate);
    c->jobs = calloc((size_t)n, sizeof *c->jobs);
    c->waiting = calloc((size_t)n, 1);
    c->hosts = calloc((size_t)n, sizeof *c->hosts);
    if (!c->arrived || !c->ready || !c->wake || !c->rate || !c->jobs || !c->waiting ||
        !c->hosts) {
        hf_coll_run_free(c);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        const hf_resource *res = &p->res[s->ranks[i]];
        c->hosts[i] = hf_path_host(p, s->ranks[i]);
        c->wake[i] = sg_sem_init(0);
        c->rate[i] = s->reduce_bw > 0                                  ? s->reduce_bw
                     : s->offload == HF_COLL_NIC                        ? 0
                     : res->kind == HF_RES_GPU && res->mem_bw > 0 ? res->mem_bw / 3
                                                                       : 0;
    }
    c->done = sg_sem_init(0);
    if (s->algo == HF_COLL_DBTREE) {
        for (size_t z = 0; z < s->nsizes; z++) {
            int kz = dbtree_chunks(s, s->sizes[z]);
            if (kz > c->kmax) c->kmax = kz;
        }
        c->dflag = calloc(4 * (size_t)c->kmax * (size_t)n, 1);
        c->rwake = calloc(4 * (size_t)n, sizeof *c->rwake);
        c->rwait = calloc(4 * (size_t)n, 1);
        c->roles = calloc(4 * (size_t)n, sizeof *c->roles);
        c->rank_done = calloc((size_t)n, sizeof *c->rank_done);
        if (!c->dflag || !c->rwake || !c->rwait || !c->roles || !c->rank_done) {
            hf_coll_run_free(c);
            return NULL;
        }
        for (int i = 0; i < 4 * n; i++)
            c->rwake[i] = sg_sem_init(0);
        for (int i = 0; i < n; i++)
            c->rank_done[i] = sg_sem_init(0);
        c->cb = (s->nsizes ? s->sizes[0] : 0) / 2 / dbtree_chunks(s, s->nsizes ? s->sizes[0] : 0);
    }
    return c;
}

void hf_coll_run_on_fail(hf_coll_run *c, void (*fail)(void *), void *arg)
{
    c->fail = fail;
    c->fail_arg = arg;
}

hf_err hf_coll_run_error(const hf_coll_run *c)
{
    return c->failed ? (c->rc != HF_OK ? c->rc : HF_ESIM) : HF_OK;
}

hf_err hf_coll_simulate(hf_ctx *ctx, const hf_platform *p, const hf_coll_sim *s,
                        hf_path_route_fn *route, void *arg, double *seconds)
{
    hf_err rc = hf_coll_sim_check(ctx, p, s);
    if (rc != HF_OK) return rc;
    coll_run *c = hf_coll_run_new(ctx, p, s, route, arg);
    if (!c) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    c->seconds = seconds;
    sg_actor_t a = sg_actor_init("coll", hf_path_host(p, s->ranks[0]));
    sg_actor_set_data(a, c);
    sg_actor_start(a, driver_main, 0, NULL);
    simgrid_run();
    rc = c->rc;
    hf_coll_run_free(c);
    return rc;
}
