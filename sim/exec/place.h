/* place.h: placement in the executor (place.c): the candidates and estimates a policy decides
 * on, the earliest-finish shortcut (exec/eft.h), batches of ready tasks in the policy's order,
 * and the hand-over of each decision to a resource's FIFO or an endpoint's queue. The executor
 * never decides: every choice is the policy's (hf_policy.h). Internal to sim/exec
 * (exec_internal.h). */
#ifndef HF_EXEC_PLACE_H
#define HF_EXEC_PLACE_H

#include <stddef.h>

#include "hetflow/hf_error.h"
#include "hetflow/hf_policy.h"

typedef struct exec_state exec_state;

typedef struct place_state {
    hf_candidate *cand_cpu, *cand_gpu, *cand_all, *scratch; /* candidate lists, platform order */
    size_t ncpu, ngpu, nall;
    int min_cpu_cores;               /* smallest core count among CPU nodes */
    double min_cpu_mem, min_gpu_mem; /* smallest memory (INFINITY when unlimited) */
    int all_gpu_bw;                  /* every GPU has a memory bandwidth */
    int all_gpu_sms;                 /* every GPU has an SM count (kernel-sequence tasks) */
    int fast_eft;    /* the policy is earliest-finish and routes come from the model */
    int carbon;      /* some site states its carbon: candidates' intensities are looked up */
    int *special;    /* per decision: resources sharing a node with an input's copy */
    size_t nspecial; /* entries of special */
    unsigned *mark;  /* per resource: == stamp when in special */
    unsigned stamp;  /* the current decision's mark */
} place_state;

/* The candidate lists (every resource, CPU nodes, GPUs; prebuilt and shared when every resource
 * of a kind fits a task) and whether the earliest-finish shortcut applies. Before the
 * simulation; HF_ENOMEM when out of memory (message in x->ctx). */
hf_err place_setup(exec_state *x);

/* Free the candidate lists. */
void place_destroy(exec_state *x);

/* Ask the policy where ready task t runs (or find the earliest-finish choice itself), record
 * the choice and hand t to the resource's FIFO (exec_enqueue) or its endpoint's queue
 * (svr_submit). A task no present node can take waits for a join (avail_park). A policy error
 * fails the run (exec_fail). May yield to other actors. */
void place_task(exec_state *x, int t);

/* Place tasks that became ready together (batch, n of them, in workflow order; reordered in
 * place), in the policy's order: its pick, else decreasing priority, else as given. Records
 * their ready time. The batch lives in the caller's memory: placing may yield to other actors,
 * which may place theirs. */
void place_batch(exec_state *x, int *batch, size_t n);

#endif
