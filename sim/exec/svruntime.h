/* svruntime.h: the serverless runtime in the executor (svruntime.c): compile caches of
 * multi-target tasks (any mode), and in the serverless modes the endpoints' queues, containers,
 * image caches and each invocation's start-up (docs/models/serverless.md). The pure parts
 * (configuration, checks, the latency equation) are serverless.c's, image pulls image.c's.
 * Internal to sim/exec (exec_internal.h). */
#ifndef HF_EXEC_SVRUNTIME_H
#define HF_EXEC_SVRUNTIME_H

#include <stddef.h>

#include "hetflow/hf_error.h"
#include "hetflow/hf_policy.h"

typedef struct exec_state exec_state;

struct svr_endpoint;
struct svr_container;

typedef struct svr_state {
    /* compile cache per (function, variant, node type); any mode */
    int *res_type;           /* per resource: node type (kind and model); NULL without compiles */
    int ntypes;              /* distinct node types */
    unsigned char *compiled; /* 0 not compiled, 1 compiling, 2 done; NULL when no compile cost */
    double compile_seconds;  /* s compiling, summed over compiles */
    size_t compiles;         /* compiles run */

    /* serverless modes (all NULL in direct mode) */
    int *res_ep;                 /* per resource: endpoint (a GPU: its node's), -1 = none */
    struct svr_endpoint *eps;    /* per endpoint: its queue and container list */
    struct svr_container *conts; /* every container made, alive or not */
    size_t nconts, capconts;
    int *images;              /* per function: image index, -1 = none */
    int nimages;              /* distinct images (numbered by first appearance) */
    unsigned char *img_state; /* per (node, image): 0 absent, 1 pulling, 2 cached */
    int *task_cont;           /* per task: its container, -1 */
    int *task_inv;            /* per task: its invocation record, -1 */
    int *cold_of;             /* per task: 1 when it got a new container */
    int *redeploys;           /* per task: moves between endpoints while queued */
    int *queued_fk;           /* per function key (fn_key): tasks of it queued at any endpoint
                                 (dispatch skips its warm-container pass when no container
                                 with room has queued work) */
} svr_state;

/* Node types for the compile cache (when some function has a compile cost), and in a
 * serverless mode the endpoints of resources, function images and per-task invocation state.
 * Before the simulation, after avail_setup; HF_ENOMEM when out of memory (message in x->ctx). */
hf_err svr_setup(exec_state *x);

/* Free everything svr_setup and the run allocated. Safe on a state svr_setup did not fill. */
void svr_destroy(exec_state *x);

/* Candidates of task t in a serverless mode, one per endpoint able to run the variant the mode
 * gives it (decomposed: cpu; decomposed_hha: gpu while some endpoint has a present GPU that
 * fits, else cpu), written to out (room for one per resource). Returns how many (0: no present
 * node can take it now). O(endpoints x nodes). */
size_t svr_candidates(exec_state *x, int t, hf_candidate *out);

/* Seconds task t on candidate c would spend before its stage-in: a pending compile, and in a
 * serverless mode WAN latency both ways, overhead and, when the endpoint has no warm container
 * of its function with room, the cold start (image pull, init). */
double svr_startup_estimate(exec_state *x, int t, const hf_candidate *c);

/* One-way WAN latency (s) from the serverless client's site to the site of node (a node's
 * resource index): 0 on the client's site. Serverless modes only. */
double svr_wan_latency(const exec_state *x, int node);

/* Estimated time endpoint e has need slots of variant free (a CPU core each, or a GPU), from
 * the placements booked so far (0 before any; the endpoint's slots counted over its nodes at
 * the start, as if a task could spread over them). O(1). */
double svr_free_at(const exec_state *x, int e, int variant, int need);

/* Book need slots of variant on endpoint e, the earliest free, until finish (a placement with
 * estimates). O(slots). */
void svr_book(exec_state *x, int e, int variant, int need, double finish);

/* Submit task t, placed on resource ri (its variant recorded), to ri's endpoint's queue and
 * start what that endpoint can start (serverless modes). */
void svr_submit(exec_state *x, int t, int ri);

/* Monolith: the node that runs task t (every task of the job); t the job's first command
 * records the job's one invocation. */
int svr_monolith_start(exec_state *x, int t);

/* What task t does on resource ri before its stage-in (blocking): an invocation's start-up
 * (latency and overhead, then for a new container the image pull and init, recorded in the
 * invocation), then a pending compile of its variant for ri's node type (waiting for one in
 * progress). */
void svr_before_task(exec_state *x, int t, int ri, int variant);

/* Task t's invocation ended: its container goes idle (keep-alive starts) or, on a node that
 * left, is reclaimed. Serverless modes only. */
void svr_task_ended(exec_state *x, int t);

/* Start what resource ri's endpoint can start now (a task got a container on a node with a free
 * slot), or what every endpoint can (svr_dispatch_all). Serverless modes only. */
void svr_dispatch(exec_state *x, int ri);
void svr_dispatch_all(exec_state *x);

/* Node just joined (present already, avail.c): in decomposed_hha, invocations queued with their
 * cpu variant that a GPU of the node fits are redeployed to its endpoint with their gpu
 * variant. */
void svr_node_joined(exec_state *x, int node);

/* Node just left (absent already, avail.c): its idle containers are reclaimed, its image cache
 * is lost, and queued invocations that no present member of their endpoint can run are placed
 * again (a redeployment each). */
void svr_node_left(exec_state *x, int node);

#endif
