/* transfer.h: data movement in the executor (transfer.c): where the copies of each file are,
 * route figures for estimates, a task's stage-in (its inputs moved to its resource, recorded as
 * transfers in the results) and its estimate (docs/models/network.md). A worker calls
 * xfer_stage_in and xfer_stage_out, placement xfer_estimate: a new transfer path changes this
 * module, not the dispatch loop. Internal to sim/exec (exec_internal.h). */
#ifndef HF_EXEC_TRANSFER_H
#define HF_EXEC_TRANSFER_H

#include <stddef.h>

#include <simgrid/forward.h>

#include "hetflow/hf_error.h"

typedef struct exec_state exec_state;

struct xfer_loc;
struct xfer_route;
struct xfer_node;

/* The copies of every file (a pool of 8-byte records, linked per file) and the route cache. */
typedef struct xfer_state {
    int *file_head;        /* most recent copy record per file, -1 = none */
    int *file_first;       /* oldest copy record per file (the producer's or staged copy) */
    int *sending;          /* per resource: transfers leaving it now (source tie-break) */
    struct xfer_loc *locs; /* the records: one per file and per stage-in at most */
    size_t nlocs, caplocs; /* records used, allocated */
    struct xfer_route
        *routes; /* SimGrid's route figures per (src, dst) on a user's XML, else NULL */
    size_t route_cap, route_used; /* routes' power-of-two capacity, entries used */
    /* concurrent stage-in (x->stage_in): each CPU node's transfer service, indexed like the
     * resources (only nodes' entries are used); NULL in sequential stage-in */
    struct xfer_node *nodes;
    sg_sem_t *sems;            /* semaphores a worker waits on for its inputs: free ones... */
    size_t nsems, capsems;     /* ...first nsems of them; every one made is in all_sems */
    sg_sem_t *all_sems;
    size_t nall_sems, capall_sems;
    int stopping; /* the run is over: idle fetchers quit */
} xfer_state;

/* Size the copy and transfer tables for the whole run (one copy per file and per stage-in, one
 * transfer record per stage-in: never grown) and record the first copy of every file no task
 * produces: at its location, else at the workflow's stage_at, else on the first CPU node. On a
 * user's XML platform, allocate the route cache. Concurrent stage-in: refuses a node whose
 * transfer.concurrent is out of range, and a run that may need more than HF_MAX_ACTORS
 * actors (HF_EINPUT). Before the simulation; HF_ENOMEM when out of memory (message in x->ctx). */
hf_err xfer_setup(exec_state *x);

/* Free the copy records, the route cache and the transfer services (once the run is over: the
 * results need none of them). Safe to call twice. */
void xfer_destroy(exec_state *x);

/* Every task has finished: the transfer services' idle fetchers quit (inside the simulation). */
void xfer_stop(exec_state *x);

/* Route figures from resource src to dst for estimates (latency in s, bandwidth in B/s): from
 * the platform model when hetflow generated the platform (O(1)), else SimGrid's, cached. */
void xfer_route(exec_state *x, int src, int dst, double *lat, double *bw);

/* Estimated stage-in time (s) of task t on resource dst, each input from its best current copy:
 * one after another (sequential stage-in: the sum of their times), or at once (concurrent: the
 * largest of three lower bounds, docs/models/network.md#stage-in); *local gets the bytes already
 * on dst. O(inputs x copies seen): a widely copied file is judged on its 32 most recent copies
 * and its first one. */
double xfer_estimate(exec_state *x, int t, int dst, double *local);

/* Call fn(x, res) for the resource of every copy xfer_estimate would look at, over task t's
 * inputs, in that order (a resource may come more than once). */
void xfer_input_copies(exec_state *x, int t, void (*fn)(exec_state *x, int res));

/* Make task t's inputs present on resource ri (blocking, simcalls): a copy already there is
 * used, one in flight to ri is waited for, else the file moves from the arrived copy with the
 * shortest estimated transfer when its move starts, which adds to the task's bytes_in and
 * appends a transfer record. Sequential stage-in: the worker moves them one after another.
 * Concurrent: the worker hands them all to the transfer service of ri's node, whose fetcher
 * actors (at most the node's transfer.concurrent, made on demand and reused) move them in
 * request order, then waits for all. Stops early when the run failed. */
void xfer_stage_in(exec_state *x, int t, int ri);

/* Task t wrote its outputs on resource ri: a copy of each there, added to its bytes_out. */
void xfer_stage_out(exec_state *x, int t, int ri);

/* A user's XML platform may lack routes, and SimGrid aborts the process when a transfer finds
 * none: 1 when every resource reaches every other (all pairs up to 256 resources, else to and
 * from the first one), else 0 with an HF_EINPUT message in x->ctx. At time 0, inside the
 * simulation (route queries crash before simgrid_run). */
int xfer_routes_complete(exec_state *x);

#endif
