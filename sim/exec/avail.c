/* avail.c: node availability in the serverless modes: presence flags, the actor that plays the
 * availability trace (docs/models/serverless.md), and tasks parked until a node able to run them
 * joins. What a join or a leave does to endpoints and containers is the serverless runtime's
 * (svr_node_joined, svr_node_left). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>

#include "core/grow.h"
#include "exec/exec_internal.h"

hf_err avail_setup(exec_state *x)
{
    if (!x->sl) return HF_OK;
    const hf_platform *p = x->p;
    size_t nres = p->nres;
    unsigned char *present = malloc(nres ? nres : 1);
    if (!present) return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
    x->avail.present = present;
    /* a node whose first event is a join starts absent; its devices follow it */
    memset(present, 1, nres);
    for (size_t i = x->sl->nevents; i-- > 0;)
        present[x->sl->events[i].node] = (unsigned char)!x->sl->events[i].join;
    for (size_t i = 0; i < nres; i++)
        present[i] = present[p->res[i].node];
    return HF_OK;
}

void avail_destroy(exec_state *x)
{
    free(x->avail.present);
    free(x->avail.parked);
    x->avail.present = NULL;
    x->avail.parked = NULL;
}

/* No node able to run parked task t will ever join: stop the run with a message (not wait for
 * SimGrid to find the deadlock). */
static void stranded(exec_state *x, int t)
{
    hf_ctx_fail(x->ctx, HF_ESIM,
                "task '%s' waits for a node able to run its variant, and the availability trace "
                "has no more joins (at %g s, %zu of %zu tasks done)",
                x->wf->tasks[t].name, simgrid_get_clock(), x->done, x->wf->ntasks);
    exec_fail(x);
}

void avail_park(exec_state *x, int t)
{
    avail_state *s = &x->avail;
    if (!s->actor) { /* the trace is over: it would wait forever */
        stranded(x, t);
        return;
    }
    if (hf_grow((void **)&s->parked, &s->capparked, s->nparked + 1, sizeof *s->parked))
        exec_die_oom();
    s->parked[s->nparked++] = t;
}

/* A node joins: it and its devices become present, the serverless runtime redeploys what it
 * can take, parked tasks are placed again, and every endpoint dispatches. */
static void node_join(exec_state *x, int node)
{
    avail_state *s = &x->avail;
    if (s->present[node]) return;
    size_t n;
    const int *on = hf_eft_node(x->eft, node, &n);
    for (size_t k = 0; k < n; k++)
        s->present[on[k]] = 1;
    svr_node_joined(x, node);
    size_t np = s->nparked;
    int *again = malloc((np ? np : 1) * sizeof *again);
    if (!again) exec_die_oom();
    if (np) memcpy(again, s->parked, np * sizeof *again);
    s->nparked = 0;
    for (size_t i = 0; i < np && !x->failed; i++)
        place_task(x, again[i]);
    free(again);
    svr_dispatch_all(x);
}

/* A node leaves: it and its devices take no new invocation (running ones finish); the serverless
 * runtime reclaims its idle containers, forgets its images and places again what its endpoint
 * can no longer run; then every endpoint dispatches. */
static void node_leave(exec_state *x, int node)
{
    avail_state *s = &x->avail;
    if (!s->present[node]) return;
    size_t n;
    const int *on = hf_eft_node(x->eft, node, &n);
    for (size_t k = 0; k < n; k++)
        s->present[on[k]] = 0;
    svr_node_left(x, node);
    svr_dispatch_all(x);
}

/* Plays the availability trace; killed by avail_stop when the last task ends. */
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
    x->avail.actor = NULL;
    if (x->avail.nparked > 0 && !x->finished && !x->failed) stranded(x, x->avail.parked[0]);
}

void avail_start(exec_state *x)
{
    if (!x->sl || x->sl->nevents == 0 || x->sl->mode == HF_MODE_MONOLITH) return;
    x->avail.actor = sg_actor_init("hetflow-availability", sg_host_self());
    sg_actor_set_data(x->avail.actor, x);
    sg_actor_start_(x->avail.actor, avail_main, 0, NULL);
}

void avail_stop(exec_state *x)
{
    if (x->avail.actor) {
        sg_actor_t a = x->avail.actor;
        x->avail.actor = NULL;
        sg_actor_kill(a);
    }
}
