/* kernel.c: the kernel-level GPU runtime model (kernel.h, docs/models/gpu.md). */
#include <math.h>
#include <string.h>

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

/* The three terms of one launch beyond L: compute, memory and the latency floor, and the
 * shares the first two run at. */
static void terms(const hf_kernel *k, const hf_gpu_share *g, double *compute, double *memory,
                  double *s_eff, double *b_eff)
{
    double p = hf_kernel_parallelism(k, g);
    *s_eff = g->s < p ? g->s : p;
    *b_eff = bw_eff(g, p);
    *compute = k->flops > 0 ? k->flops / (g->peak * *s_eff) : 0;
    *memory = k->bytes > 0 ? k->bytes / (g->bandwidth * *b_eff) : 0;
}

double hf_kernel_seconds(const hf_kernel *k, const hf_gpu_share *g)
{
    double compute, memory, s, b;
    terms(k, g, &compute, &memory, &s, &b);
    double t = compute > memory ? compute : memory;
    return g->launch + (k->latency > t ? k->latency : t);
}

double hf_kernel_rate(const hf_kernel *k, const hf_gpu_share *g)
{
    double compute, memory, s, b;
    terms(k, g, &compute, &memory, &s, &b);
    double rate = compute >= memory ? s : b, t = compute >= memory ? compute : memory;
    /* held by its latency floor, the launch draws only what its work needs over that time */
    if (k->latency > t) rate *= t / k->latency;
    return rate;
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

const hf_kprofile *hf_kprofile_find(const hf_resource *r, const char *name)
{
    if (!name) return NULL;
    for (int i = 0; i < r->nkprof; i++)
        if (strcmp(r->kprof[i].name, name) == 0) return &r->kprof[i];
    return NULL;
}

void hf_kprofile_apply(const hf_kprofile *q, hf_kernel *k, double *launch)
{
    if (!q) return;
    k->flops *= q->work;
    k->bytes *= q->work;
    k->latency = q->latency;
    if (q->launch >= 0) *launch = q->launch;
}

void hf_kgroup_on(const hf_kgroup *grp, const hf_resource *r, hf_kernel *k, hf_gpu_share *g)
{
    *g = hf_gpu_share_of(r);
    *k = grp->k;
    hf_kprofile_apply(hf_kprofile_find(r, grp->name), k, &g->launch);
}

double hf_kseq_busy(const hf_kseq *q, const hf_resource *r)
{
    double busy = 0;
    for (int i = 0; i < q->ngroups; i++) {
        hf_kernel k;
        hf_gpu_share g;
        hf_kgroup_on(&q->groups[i], r, &k, &g);
        busy += q->groups[i].count * (hf_kernel_seconds(&k, &g) - g.launch);
    }
    return busy;
}

double hf_kseq_amount(const hf_kseq *q, const hf_resource *r)
{
    if (!r->host) return hf_kseq_busy(q, r) * r->speed;
    double amount = 0;
    for (int i = 0; i < q->ngroups; i++) {
        hf_kernel k;
        hf_gpu_share g;
        hf_kgroup_on(&q->groups[i], r, &k, &g);
        double busy = hf_kernel_seconds(&k, &g) - g.launch;
        amount += q->groups[i].count * busy * r->peak * hf_kernel_rate(&k, &g);
    }
    return amount;
}

double hf_kseq_seconds(const hf_kseq *q, const hf_resource *r)
{
    double total = 0;
    for (int i = 0; i < q->ngroups; i++) {
        hf_kernel k;
        hf_gpu_share g;
        hf_kgroup_on(&q->groups[i], r, &k, &g);
        total += q->groups[i].count * (hf_kernel_seconds(&k, &g) + q->groups[i].gap);
    }
    return total;
}
