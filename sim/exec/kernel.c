/* kernel.c: the kernel-level GPU runtime model (kernel.h, docs/models/gpu.md). */
#include <math.h>

#include "exec/kernel.h"

double hf_kernel_parallelism(const hf_kernel *k, const hf_gpu_share *g)
{
    double p = k->blocks / g->sms;
    return p < 1 ? p : 1;
}

/* b_eff: min(b, p) without a saturation share; with one, min(b, min(s, p) / sat). */
static double bw_eff(const hf_gpu_share *g, double p)
{
    if (!(g->sat > 0)) return g->b < p ? g->b : p;
    double sms = g->s < p ? g->s : p;
    double x = sms / g->sat;
    return g->b < x ? g->b : x;
}

double hf_kernel_seconds(const hf_kernel *k, const hf_gpu_share *g)
{
    double p = hf_kernel_parallelism(k, g);
    double s = g->s < p ? g->s : p, b = bw_eff(g, p);
    double compute = k->flops > 0 ? k->flops / (g->peak * s) : 0;
    double memory = k->bytes > 0 ? k->bytes / (g->bandwidth * b) : 0;
    return g->launch + (compute > memory ? compute : memory);
}

double hf_kernel_rate(const hf_kernel *k, const hf_gpu_share *g)
{
    double p = hf_kernel_parallelism(k, g);
    double s = g->s < p ? g->s : p, b = bw_eff(g, p);
    double compute = k->flops > 0 ? k->flops / (g->peak * s) : 0;
    double memory = k->bytes > 0 ? k->bytes / (g->bandwidth * b) : 0;
    return compute >= memory ? s : b;
}

hf_gpu_share hf_gpu_share_of(const hf_resource *r)
{
    return (hf_gpu_share){.peak = r->peak,
                          .bandwidth = r->bandwidth,
                          .sms = r->sms,
                          .launch = r->launch,
                          .sat = r->bw_sat,
                          .s = r->share,
                          .b = r->bw_share};
}

double hf_kseq_busy(const hf_kseq *q, const hf_resource *r)
{
    hf_gpu_share g = hf_gpu_share_of(r);
    double busy = 0;
    for (int i = 0; i < q->ngroups; i++)
        busy += q->groups[i].count * (hf_kernel_seconds(&q->groups[i].k, &g) - g.launch);
    return busy;
}

double hf_kseq_amount(const hf_kseq *q, const hf_resource *r)
{
    if (!r->host) return hf_kseq_busy(q, r) * r->speed;
    hf_gpu_share g = hf_gpu_share_of(r);
    double amount = 0;
    for (int i = 0; i < q->ngroups; i++) {
        const hf_kgroup *k = &q->groups[i];
        double busy = hf_kernel_seconds(&k->k, &g) - g.launch;
        amount += k->count * busy * r->peak * hf_kernel_rate(&k->k, &g);
    }
    return amount;
}

double hf_kseq_seconds(const hf_kseq *q, const hf_resource *r)
{
    hf_gpu_share g = hf_gpu_share_of(r);
    double total = 0;
    for (int i = 0; i < q->ngroups; i++)
        total += q->groups[i].count * (hf_kernel_seconds(&q->groups[i].k, &g) + q->groups[i].gap);
    return total;
}
