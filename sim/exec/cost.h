/* cost.h: the compute-time model of a task on a resource (docs/models/compute.md). Pure. */
#ifndef HF_COST_H
#define HF_COST_H

#include "hetflow/hf_platform.h"
#include "hetflow/hf_workflow.h"

/* Flop amount SimGrid executes for task t's variant on resource r (before sharing):
 *   CPU: F = flops, or seconds x ref_speed x cores (seconds of wall time on the task's cores);
 *   GPU: F = max(flops, bytes x speed / mem_bw) (roofline: the time of the slower of compute
 *        and memory traffic, expressed in flop at the device's peak), or seconds x ref_speed,
 *        or seconds x speed when no ref_speed is given; a kernel sequence (t->kernels): the
 *        sum over its launches of their busy time x speed (exec/kernel.h), launch overheads
 *        and host gaps excluded (the device is idle then). */
double hf_cost_amount(const hf_workflow *wf, const hf_task *t, int variant, const hf_resource *r);

/* Compute time of task t's variant on an otherwise idle resource r:
 *   CPU: F / (cores x speed) (perfectly parallel over the task's cores); GPU: F / speed, plus
 *   for a kernel sequence its launch overheads and host gaps. */
double hf_cost_seconds(const hf_workflow *wf, const hf_task *t, int variant, const hf_resource *r);

#endif
