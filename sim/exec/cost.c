/* cost.c: the compute-time model of a task on a resource (equations in docs/models/compute.md). */
#include "exec/cost.h"
#include "exec/kernel.h"

double hf_cost_amount(const hf_workflow *wf, const hf_task *t, int variant, const hf_resource *r)
{
    const hf_task_ext *e = hf_task_ext_of(t);
    if (e->coll) return wf->colls[e->coll - 1].estimate * r->speed; /* its closed form */
    if (variant == HF_RES_GPU && e->kernels) return hf_kseq_amount(&wf->kseqs[e->kernels - 1], r);
    if (variant == HF_RES_CPU) {
        const hf_cost *c = &t->cpu;
        /* seconds of wall time on the task's cores, each at ref_speed */
        return c->seconds > 0 ? c->seconds * c->ref_speed * t->cores : c->flops;
    }
    const hf_cost *c = &e->gpu;
    if (c->seconds > 0) return c->seconds * (c->ref_speed > 0 ? c->ref_speed : r->speed);
    double memory_bound = r->mem_bw > 0 ? c->bytes * r->speed / r->mem_bw : 0;
    return c->flops > memory_bound ? c->flops : memory_bound;
}

double hf_cost_seconds(const hf_workflow *wf, const hf_task *t, int variant, const hf_resource *r)
{
    const hf_task_ext *e = hf_task_ext_of(t);
    if (e->coll) return wf->colls[e->coll - 1].estimate;
    if (variant == HF_RES_GPU && e->kernels) return hf_kseq_seconds(&wf->kseqs[e->kernels - 1], r);
    double amount = hf_cost_amount(wf, t, variant, r);
    return variant == HF_RES_CPU ? amount / (t->cores * r->speed) : amount / r->speed;
}
