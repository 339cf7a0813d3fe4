/* exec_internal.h: the executor's shared state (one exec_state per run) and the dispatch core's
 * entry points for its modules. Internal to sim/exec: every executor module (place.c,
 * transfer.c, svruntime.c, layout.c, avail.c, compute.c, exec_results.c) includes it; nothing
 * outside sim/exec does. The core (executor.c) owns the resources, their FIFOs and workers, and
 * readiness; each module owns one struct embedded here, behind its own header. Functions
 * between modules take the exec_state and carry the module's prefix (exec_, place_, xfer_, svr_,
 * layout_, avail_, gang_), not hf_: they are not API. All of them run inside the simulation unless said
 * otherwise, and exit the process when out of memory there (exec_die_oom). */
#ifndef HF_EXEC_INTERNAL_H
#define HF_EXEC_INTERNAL_H

#include <stddef.h>
#include <time.h>

#include <simgrid/forward.h>

#include "core/ring.h"
#include "exec/avail.h"
#include "exec/eft.h"
#include "exec/gang.h"
#include "exec/layout.h"
#include "exec/place.h"
#include "exec/release.h"
#include "exec/svruntime.h"
#include "exec/transfer.h"
#include "hetflow/hetflow.h"

/* A worker actor: runs the tasks dispatched to its resource, one at a time. */
typedef struct worker {
    exec_state *x;
    int res;      /* resource it serves */
    int task;     /* task to run next, -1 when idle */
    sg_sem_t sem; /* released to hand the worker a task or to make it quit */
} worker;

/* One resource (CPU node, GPU, MIG instance or MPS client) in the simulation. */
typedef struct res_state {
    sg_host_t host;
    int free_cores; /* cores not held by a dispatched task */
    hf_ring queue;  /* FIFO of placed tasks (int) */
    worker **idle; /* stack of idle workers */
    size_t nidle, capidle;
    worker **all; /* every worker created on this resource (owned) */
    size_t nall, capall;
    int running;       /* tasks computing now */
    double busy_since; /* when running went 0 -> 1 */
    double busy_time, core_seconds;
    int ntasks;
} res_state;

struct exec_state {
    hf_ctx *ctx;
    const hf_platform *p;
    const hf_workflow *wf;
    hf_policy *pol;
    hf_results *r;
    const hf_serverless *sl; /* the deployment; NULL in direct mode */
    res_state *res;          /* per resource, platform order */
    int *pending;            /* parents not finished, per task */
    signed char *variant;    /* chosen variant per task (HF_RES_CPU or HF_RES_GPU): one byte, not
                                four, at 10^6 tasks */
    int *placed;             /* chosen resource per task */
    hf_eft *eft;             /* booked core times; the earliest-finish index; a node's resources */
    sg_cond_t arrivals; /* notified whenever a copy arrives, a compile or an image pull ends, or
                           a container is ready (waits on them are rare) */
    sg_mutex_t mutex;   /* guards those waits (cooperative, but cond needs one) */
    const int *topo;    /* monolith: the job's order (the DAG's); NULL otherwise */
    size_t topo_next;   /* monolith: next task of the job to place */
    size_t done;        /* tasks finished */
    int failed;         /* a policy failed: the run stops */
    int finished;       /* all tasks done: idle workers quit */
    struct timespec wall0, last_progress;
    hf_dagview view; /* computed when the policy wants it (in the simulation) */
    int have_view;
    hf_releaser *rel; /* holds tasks until their release time, or until the time a policy
                         deferred them to; NULL without either */
    double *deferred; /* per task: the time it was held until (ops->defer), 0 when never
                         held; NULL when the policy defers nothing */

    place_state place;   /* candidates and estimates for the policy (place.c) */
    int transfer;        /* hf_xfer_mode of the run (spec->transfer) */
    int stage_in;        /* hf_stage_in of the run (spec->stage_in) */
    xfer_state xfer;     /* file copies, route cache, staging (transfer.c) */
    layout_state layout; /* MIG groups and their layout switches (layout.c) */
    svr_state svr;       /* compile caches, endpoints, containers, images (svruntime.c) */
    avail_state avail;   /* presence, parked tasks, the trace's actor (avail.c) */
    gang_state gang;     /* collective tasks' groups and runs (gang.c) */
};

/* 1 in the serverless modes where endpoints take the invocations (not direct, not monolith). */
static inline int exec_serverless(const exec_state *x)
{
    return x->sl && x->sl->mode != HF_MODE_MONOLITH;
}

/* Out of memory inside the simulated world cannot be reported through a return value: prints a
 * message and exits the process with status 1. */
void exec_die_oom(void);

/* Stop the run (a policy or input failure already left its message in x->ctx): marks it failed
 * and kills every actor. Later calls are no-ops. */
void exec_fail(exec_state *x);

/* Append task t to resource ri's FIFO only (no simcall; the caller dispatches later). */
void exec_queue(exec_state *x, int ri, int t);

/* Append task t to resource ri's FIFO and hand queued tasks to workers there (exec_try_dispatch).
 * The caller has recorded t's resource and variant. May create an actor (a simcall). */
void exec_enqueue(exec_state *x, int ri, int t);

/* Fill x->r once the simulation is over (exec_results.c): names, versions, parameters, task
 * variants, the summary and the per-resource table. spec names the scenario. Outside the
 * simulation; exits the process when out of memory. */
void exec_fill_results(exec_state *x, const hf_run_spec *spec);

/* Operational emissions per site that states its carbon (docs/models/carbon.md#emissions),
 * into x->r->carbon and x->r->emissions, once exec_fill_results has run. HF_EINPUT naming the
 * site when its trace does not cover the run. Outside the simulation. */
hf_err exec_carbon(exec_state *x);

/* Hand resource ri's queued tasks to idle or new workers while the head of its FIFO fits in its
 * free cores; nothing while its MIG layout is not the current one (layout_blocked). */
void exec_try_dispatch(exec_state *x, int ri);

#endif
