/* avail.h: node availability in the serverless modes (avail.c): which nodes are present, the
 * actor that plays the availability trace (joins and leaves, docs/models/serverless.md), and the
 * tasks that wait for a node able to run them. Internal to sim/exec (exec_internal.h). */
#ifndef HF_EXEC_AVAIL_H
#define HF_EXEC_AVAIL_H

#include <stddef.h>

#include <simgrid/forward.h>

#include "hetflow/hf_error.h"

typedef struct exec_state exec_state;

typedef struct avail_state {
    unsigned char *present; /* per resource: 1 while present (a GPU follows its node); read by
                               the serverless runtime; NULL in direct mode */
    int *parked;            /* tasks no present node can take yet (placed again on a join) */
    size_t nparked, capparked;
    sg_actor_t actor; /* plays the trace; NULL once it is over or killed */
} avail_state;

/* Presence at time 0 in a serverless mode (none in direct mode): a node whose first event in
 * the trace is a join starts absent, with its devices. Before the simulation; HF_ENOMEM when out
 * of memory (message in x->ctx). */
hf_err avail_setup(exec_state *x);

/* Free the presence flags and the parked list. */
void avail_destroy(exec_state *x);

/* Start the trace's actor on the calling actor's host when the deployment has events and is not
 * monolith (at time 0). */
void avail_start(exec_state *x);

/* The run is over: kill the trace's actor, so that the simulated clock stops with the last
 * task. */
void avail_stop(exec_state *x);

/* Task t has no present node able to run it: it waits for a join (placed again then), or, when
 * the trace has no more events, the run fails with a message naming it. */
void avail_park(exec_state *x, int t);

#endif
