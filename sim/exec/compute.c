/* compute.c: a task's computation as SimGrid executions: one per core on a CPU node, bounded at
 * an MPS client's share, kernel launch sequences on GPUs (docs/models/compute.md,
 * docs/models/gpu.md). */
#include <stdlib.h>

#include <simgrid/actor.h>
#include <simgrid/exec.h>

#include "exec/compute.h"
#include "exec/exec_internal.h"
#include "exec/kernel.h"

/* Run amount flop on the worker's host, at most at bound flop/s (0: no bound). */
static void execute(double amount, double bound)
{
    if (!(bound > 0)) {
        sg_actor_execute(amount);
        return;
    }
    sg_exec_t e = sg_actor_exec_init(amount);
    sg_exec_set_bound(e, bound);
    sg_exec_start(e);
    sg_exec_wait(e);
}

/* A GPU variant given as kernel launches (docs/models/gpu.md#kernel-launches). On a resource
 * that runs one task at a time on its own host (a whole GPU or a MIG instance), each group runs
 * as its launch overheads (idle device), its busy time (one execution) and its host gaps (idle
 * device): alone on the device, the same end time and energy as launch by launch. An MPS
 * client shares its device with the other clients, so its launches run one by one, each an
 * execution bounded at the fraction of the device it keeps busy (hf_kernel_rate). */
static void run_kernels(const hf_kseq *q, const hf_resource *r)
{
    for (int i = 0; i < q->ngroups; i++) {
        const hf_kgroup *k = &q->groups[i];
        hf_kernel kk;
        hf_gpu_share g;
        hf_kgroup_on(k, r, &kk, &g); /* the GPU's profile for this kernel, if any */
        double busy = hf_kernel_seconds(&kk, &g) - g.launch;
        if (r->host) {
            double rate = r->peak * hf_kernel_rate(&kk, &g);
            for (double n = 0; n < k->count; n++) {
                if (g.launch > 0) sg_actor_sleep_for(g.launch);
                if (busy > 0 && rate > 0)
                    execute(busy * rate, rate);
                else if (busy > 0) /* a latency floor over no work: nothing to execute */
                    sg_actor_sleep_for(busy);
                if (k->gap > 0) sg_actor_sleep_for(k->gap);
            }
            continue;
        }
        if (k->count * g.launch > 0) sg_actor_sleep_for(k->count * g.launch);
        if (busy > 0) sg_actor_execute(k->count * busy * r->speed);
        if (k->count * k->gap > 0) sg_actor_sleep_for(k->count * k->gap);
    }
}

void compute_run(const hf_resource *r, const hf_kseq *kseq, int cores, double amount)
{
    if (kseq) {
        run_kernels(kseq, r);
    } else if (cores == 1) {
        execute(amount, r->host ? r->speed : 0); /* an MPS client: at most its share */
    } else {
        /* one execution per core: a SimGrid execution uses at most one core */
        sg_exec_t small[64];
        sg_exec_t *execs = cores <= 64 ? small : malloc((size_t)cores * sizeof *execs);
        if (!execs) exec_die_oom();
        for (int i = 0; i < cores; i++) {
            execs[i] = sg_actor_exec_init(amount / cores);
            sg_exec_start(execs[i]);
        }
        for (int i = 0; i < cores; i++)
            sg_exec_wait(execs[i]);
        if (execs != small) free(execs);
    }
}
