/* move.c: a planned message carried as SimGrid flows (docs/models/network.md#transfer-paths):
 * the rendezvous handshake, then the stages, one actor per stage passing chunks on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/semaphore.h>
#include <xbt/dynar.h>

#include "net/path.h"

/* One stage of a message in flight: what its actor needs. */
typedef struct stage_job {
    const hf_platform *p;
    const hf_path *pa;
    double bytes;
    int stage;            /* which stage */
    sg_sem_t in;          /* chunks ready for this stage (NULL: the first stage) */
    sg_sem_t out;         /* chunks this stage passed on (NULL: the last stage) */
    double t0;            /* when the message's data started (every chunk is ready at the first
                             stage then) */
    const double *arrive; /* [chunks] when each chunk left the previous stage */
    double *leave;        /* [chunks] when each chunk leaves this one (or NULL) */
    sg_sem_t finish;      /* released when the stage ends */
} stage_job;

sg_host_t hf_path_host(const hf_platform *p, int r)
{
    const hf_resource *x = &p->res[r];
    return sg_host_by_name(x->host ? x->host : x->name);
}

int hf_path_routed(sg_host_t a, sg_host_t b)
{
    if (a == b) return 1;
    xbt_dynar_t links = xbt_dynar_new(sizeof(sg_link_t), NULL);
    sg_host_get_route(a, b, links);
    int ok = !xbt_dynar_is_empty(links);
    xbt_dynar_free(&links);
    return ok;
}

static void sleep_for(double s)
{
    if (s > 0) sg_actor_sleep_for(s);
}

/* The flow part of stage st for a chunk of c bytes: a SimGrid flow, or a CPU copy's time. */
static void stage_flow(const hf_platform *p, const hf_stage *st, double c)
{
    if (st->src < 0) {
        sleep_for(st->cpu_bw > 0 ? c / st->cpu_bw : 0);
        return;
    }
    sg_host_t from = hf_path_host(p, st->src);
    if (st->nic_read) { /* the NIC reads the GPU: from its endpoint behind the P2P limit */
        char name[512];
        const hf_resource *r = &p->res[st->src];
        snprintf(name, sizeof name, "%s" HF_GDR_SUFFIX, r->host ? r->host : r->name);
        from = sg_host_by_name(name);
    }
    sg_host_sendto(from, hf_path_host(p, st->dst), c);
}

/* Stage actor: each chunk, once the previous stage passed it on, pays the stage's fixed cost
 * (overlapping this stage's previous flow), then takes the stage's flow when that is through:
 * C(j, i) = max(C(j, i-1) + fixed, C(j-1, i)) + flow (sim/net/path.h). */
static void stage_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    stage_job *m = sg_actor_self_get_data();
    const hf_path *pa = m->pa;
    const hf_stage *st = &pa->st[m->stage];
    double n = hf_path_chunks(pa, m->bytes);
    for (size_t j = 0; j < (size_t)n; j++) {
        double c = (double)j + 1 < n ? pa->chunk : m->bytes - (n - 1) * pa->chunk;
        double ready = m->t0;
        if (m->in) {
            sg_sem_acquire(m->in);
            ready = m->arrive[j];
        }
        double wait = ready + st->fixed - simgrid_get_clock();
        if (st->src < 0) { /* one sleep for the fixed cost and the CPU copy: one rounding */
            sleep_for((wait > 0 ? wait : 0) + (st->cpu_bw > 0 ? c / st->cpu_bw : 0));
        } else {
            sleep_for(wait);
            stage_flow(m->p, st, c);
        }
        if (m->leave) m->leave[j] = simgrid_get_clock();
        if (m->out) sg_sem_release(m->out);
    }
    sg_sem_release(m->finish);
}

void hf_path_move(const hf_platform *p, const hf_path *pa, double bytes)
{
    if (pa->kind == HF_PATH_LOCAL) return;
    if (pa->rendezvous) { /* request to send, then clear to send: empty flows between the nodes */
        sg_host_sendto(hf_path_host(p, pa->hs_a), hf_path_host(p, pa->hs_b), 0);
        sg_host_sendto(hf_path_host(p, pa->hs_b), hf_path_host(p, pa->hs_a), 0);
    }
    double n = hf_path_chunks(pa, bytes);
    if (n == 1) { /* one chunk: the stages in turn, inline */
        for (int i = 0; i < pa->nstages; i++) {
            const hf_stage *st = &pa->st[i];
            if (st->src < 0) { /* one sleep: one rounding to SimGrid's time precision */
                sleep_for(st->fixed + (st->cpu_bw > 0 ? bytes / st->cpu_bw : 0));
            } else {
                sleep_for(st->fixed);
                stage_flow(p, st, bytes);
            }
        }
        return;
    }
    stage_job st[HF_PATH_STAGES];
    sg_sem_t link[HF_PATH_STAGES];
    double *times[HF_PATH_STAGES] = {NULL};
    sg_sem_t finish = sg_sem_init(0);
    double t0 = simgrid_get_clock();
    for (int i = 0; i + 1 < pa->nstages; i++) {
        link[i] = sg_sem_init(0);
        if (!(times[i] = malloc((size_t)n * sizeof(double)))) abort(); /* 8 B per chunk */
    }
    for (int i = 0; i < pa->nstages; i++) {
        st[i] = (stage_job){.p = p, .pa = pa, .bytes = bytes, .stage = i, .finish = finish, .t0 = t0,
                      .in = i > 0 ? link[i - 1] : NULL,
                      .out = i + 1 < pa->nstages ? link[i] : NULL,
                      .arrive = i > 0 ? times[i - 1] : NULL,
                      .leave = i + 1 < pa->nstages ? times[i] : NULL};
        sg_actor_t a = sg_actor_init("stage", sg_host_self());
        sg_actor_set_data(a, &st[i]);
        sg_actor_start(a, stage_main, 0, NULL);
    }
    for (int i = 0; i < pa->nstages; i++)
        sg_sem_acquire(finish);
    for (int i = 0; i + 1 < pa->nstages; i++) {
        sg_sem_destroy(link[i]);
        free(times[i]);
    }
    sg_sem_destroy(finish);
}

void hf_path_send(const hf_platform *p, const hf_path *pa, double bytes)
{
    if (pa->kind == HF_PATH_LOCAL) return;
    sleep_for(pa->overhead);
    hf_path_move(p, pa, bytes);
}
