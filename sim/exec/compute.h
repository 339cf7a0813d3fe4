/* compute.h: a task's computation on SimGrid (compute.c): the executions that stand for its
 * cost (cost.c) on the resource it runs on. The dispatch core calls compute_run between
 * stage-in and stage-out: a change to how work runs (a noise model, say) belongs here, not in the
 * dispatch loop. Internal to sim/exec. */
#ifndef HF_EXEC_COMPUTE_H
#define HF_EXEC_COMPUTE_H

#include "hetflow/hetflow.h"

/* Run task's variant on resource r (blocking, on the calling actor, which lives on r's host):
 * amount flop (hf_cost_amount) as one execution per core used (cores), at most at r's speed for
 * an MPS client; a GPU variant given as kernel launches (kseq, NULL otherwise) launch by launch
 * (docs/models/gpu.md#kernel-launches). Exits the process when out of memory. */
void compute_run(const hf_resource *r, const hf_kseq *kseq, int cores, double amount);

#endif
