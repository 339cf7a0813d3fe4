/* gang.h: collective tasks in the executor (gang.c, docs/models/collectives.md#collectives-as-
 * workflow-tasks): a task whose group of GPUs runs a collective together. It is queued on every
 * GPU of its group at once, without asking the policy; each GPU's worker takes it in its turn
 * and waits until the whole group has, then runs its rank's part of the schedule
 * (sim/net/collsim.h); the last rank to end completes the task. Internal to sim/exec
 * (exec_internal.h). */
#ifndef HF_EXEC_GANG_H
#define HF_EXEC_GANG_H

#include <simgrid/forward.h>

#include "hetflow/hf_error.h"
#include "net/collsim.h"

typedef struct exec_state exec_state;
typedef struct worker worker;

/* One collective task's group and its run (per hf_workflow.colls entry). */
typedef struct gang {
    hf_coll_sim sim;  /* its ranks (resource indices, owned), algorithm, offload, one size */
    double size;      /* bytes per rank */
    hf_coll_run *run; /* while it runs: the ranks' shared state; NULL otherwise */
    sg_sem_t go;      /* the ranks that arrived wait on it until the last one does */
    int arrived;      /* ranks that took it from their queue */
    int finished;     /* ranks whose part is done */
} gang;

typedef struct gang_state {
    gang *g; /* per collective (hf_workflow.colls), NULL when the workflow has none */
    size_t n;
} gang_state;

/* Before the simulation: the per-collective state. HF_ENOMEM (message in x->ctx). */
hf_err gang_setup(exec_state *x);

/* At time 0 inside the simulation, before the policy starts (route queries work only there):
 * each collective's group resolved (names, or every GPU) and checked, its closed-form time
 * stored as the task's estimate (hf_coll_task.estimate), its messages planned (hf_run refuses
 * collectives in serverless modes before). HF_EINPUT with a message naming the task: a name
 * that is no resource or no GPU, an
 * instance of a GPU with several MIG layouts, fewer than 2 ranks, two ranks sharing a host,
 * what hf_coll_sim_check and the plans refuse. */
hf_err gang_start(exec_state *x);

/* 1 when task t is a collective. */
int gang_task(const exec_state *x, int t);

/* Queue collective task t on every GPU of its group (all queues first, then each dispatched:
 * with no simcall in between, every group's tasks keep one order on all their GPUs, so that no
 * two collectives wait on each other). Records its resource (rank 0's) and variant. */
void gang_place(exec_state *x, int t);

/* Worker w's part of collective task t: waits for the group, runs its rank. Returns 1 when it
 * was the last rank to end (the task is complete and recorded), 0 otherwise or on failure
 * (x->failed then set). */
int gang_run(exec_state *x, worker *w, int t);

/* Free every group's state. Safe on a state gang_setup did not fill. */
void gang_destroy(exec_state *x);

#endif
