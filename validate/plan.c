/* plan.c: the harness's experiment list and kernel descriptors (see plan.h, README.md). */
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lj.h"

/* Launches per sample of the single-kernel workloads: enough that a batch lasts well above the
 * cudaEvent resolution (0.5 us) and the launch latency is amortised as it is in real codes. */
#define BATCH_TINY 100
#define BATCH_TRIAD 10
#define BATCH_FMA 10
#define BATCH_DGEMM 3
#define BATCH_LJ 20

static const char *const workload_names[VP_NWORKLOADS] = {
    "tiny",        "stream_triad",         "compute_fp64", "dgemm",
    "lj_neighbor", "lj_initial_integrate", "lj_pair",      "lj_final_integrate",
    "lj_step",     "lj_concurrent5",       "lj_serial5",   "h2d",
    "d2h"};

static const char *const kernel_names[VK_NKERNELS] = {
    "tiny_scale",   "stream_triad",      "fma_fp64",    "dgemm",
    "lj_bin_clear", "lj_bin_fill",       "lj_neighbor", "lj_initial_integrate",
    "lj_pair",      "lj_final_integrate"};

const char *vp_workload_name(vp_workload w)
{
    return w >= 0 && w < VP_NWORKLOADS ? workload_names[w] : "?";
}

int vp_workload_from_name(const char *name)
{
    for (int w = 0; w < VP_NWORKLOADS; w++)
        if (strcmp(name, workload_names[w]) == 0) return w;
    return -1;
}

const char *vp_kernel_name(vp_kernel k)
{
    return k >= 0 && k < VK_NKERNELS ? kernel_names[k] : "?";
}

const char *vp_precision(vp_workload w)
{
    if (w == VP_DGEMM)
        return "fp64_tensor"; /* cuBLAS runs FP64 GEMM on the DMMA tensor cores (sm_80+) */
    if (w == VP_H2D || w == VP_D2H) return "";
    return "fp64";
}

void vp_share_label(double share, char *buf, size_t size)
{
    double pct = share * 100;
    if (fabs(pct - nearbyint(pct)) < 1e-9)
        snprintf(buf, size, "%.2f", share);
    else
        snprintf(buf, size, "%.6g", share);
}

static double ceil_div(double a, double b)
{
    return (double)(((long long)a + (long long)b - 1) / (long long)b);
}

hf_meas_kernel vp_kernel_desc(vp_kernel k, int sms, int lj_cells)
{
    hf_meas_kernel d = {1, 0, 0, 1, 0, ""};
    lj_params p;
    lj_params_init(&p, lj_cells);
    snprintf(d.name, sizeof d.name, "%s", vp_kernel_name(k));
    double n = p.n, nbins = (double)p.nb * p.nb * p.nb;
    switch (k) {
    case VK_TINY: /* 1 multiply per element; read and write 8 bytes; 256 threads per block */
        d.flops = VP_TINY_N;
        d.bytes = 16.0 * VP_TINY_N;
        d.blocks = VP_TINY_N / 256;
        break;
    case VK_TRIAD: /* one FMA (2 flop) per element; read b, c, write a: 24 bytes */
        d.flops = 2.0 * VP_TRIAD_N;
        d.bytes = 24.0 * VP_TRIAD_N;
        d.blocks = VP_TRIAD_N / 256;
        break;
    case VK_FMA: {
        /* per thread: CHAINS x ITERS FMAs (2 flop each) plus CHAINS - 1 additions summing the
         * chains; the only memory traffic is that sum, written (8 bytes per thread) */
        double threads = 256.0 * VP_FMA_BLOCKS_PER_SM * sms;
        d.flops = threads * (2.0 * VP_FMA_CHAINS * VP_FMA_ITERS + (VP_FMA_CHAINS - 1));
        d.bytes = 8.0 * threads;
        d.blocks = (double)VP_FMA_BLOCKS_PER_SM * sms;
        break;
    }
    case VK_DGEMM: {
        /* C = A B, beta 0: 2 n^3 flop; compulsory traffic A, B read and C written once; blocks:
         * 128 x 128 output tiles, an approximation of cuBLAS's own (hidden) tiling */
        double m = VP_DGEMM_N;
        d.flops = 2.0 * m * m * m;
        d.bytes = 3.0 * 8.0 * m * m;
        d.blocks = (m / 128) * (m / 128);
        break;
    }
    case VK_LJ_BIN_CLEAR: /* one 4-byte store per bin */
        d.flops = 0;
        d.bytes = 4.0 * nbins;
        d.blocks = ceil_div(nbins, 256);
        break;
    case VK_LJ_BIN_FILL:
        /* per atom and component: wrap (multiply, floor, fused multiply-add: 3 flop) and scale
         * to a bin (1) = 12 flop; position read (24), the bin counter's atomic read-modify-write
         * (8) and the atom index written (4) = 36 bytes */
        d.flops = 12.0 * n;
        d.bytes = 36.0 * n;
        d.blocks = ceil_div(n, 256);
        break;
    /* The four nano-LAMMPS kernels: exactly workloads/nano_lammps.lua's M.kernels(n) */
    case VK_LJ_NEIGHBOR:
        d.flops = 4000.0 * n;
        d.bytes = 336.0 * n;
        d.blocks = ceil_div(n, 128);
        break;
    case VK_LJ_INITIAL:
        d.flops = 12.0 * n;
        d.bytes = 120.0 * n;
        d.blocks = ceil_div(n, 256);
        break;
    case VK_LJ_PAIR:
        d.flops = 1800.0 * n;
        d.bytes = 360.0 * n;
        d.blocks = ceil_div(n, 128);
        break;
    case VK_LJ_FINAL:
        d.flops = 6.0 * n;
        d.bytes = 72.0 * n;
        d.blocks = ceil_div(n, 256);
        break;
    default:
        break;
    }
    return d;
}

static int add_group(vp_exp *e, vp_kernel k, int count, size_t *cap)
{
    if (e->ngroups == *cap) {
        size_t ncap = *cap ? 2 * *cap : 8;
        vp_group *g = realloc(e->groups, ncap * sizeof *g);
        if (!g) return -1;
        e->groups = g;
        *cap = ncap;
    }
    e->groups[e->ngroups].kernel = k;
    e->groups[e->ngroups].count = count;
    e->ngroups++;
    return 0;
}

/* nano_lammps.lua's M.sequence with host_us = 0: per step initial, pair, final; every
 * LJ_EVERY steps (the first included) the neighbour build first, preceded here by the two
 * binning kernels it needs. */
static int add_md_steps(vp_exp *e, int steps, size_t *cap)
{
    for (int s = 0; s < steps; s++) {
        if (s % LJ_EVERY == 0 &&
            (add_group(e, VK_LJ_BIN_CLEAR, 1, cap) || add_group(e, VK_LJ_BIN_FILL, 1, cap) ||
             add_group(e, VK_LJ_NEIGHBOR, 1, cap)))
            return -1;
        if (add_group(e, VK_LJ_INITIAL, 1, cap) || add_group(e, VK_LJ_PAIR, 1, cap) ||
            add_group(e, VK_LJ_FINAL, 1, cap))
            return -1;
    }
    return 0;
}

static vp_exp *add_exp(vp_plan *plan, size_t *cap, vp_workload w, double share)
{
    if (plan->nexps == *cap) {
        size_t ncap = *cap ? 2 * *cap : 64;
        vp_exp *e = realloc(plan->exps, ncap * sizeof *e);
        if (!e) return NULL;
        plan->exps = e;
        *cap = ncap;
    }
    vp_exp *e = &plan->exps[plan->nexps++];
    memset(e, 0, sizeof *e);
    e->workload = w;
    e->share = share;
    e->clients = 1;
    e->direction = -1;
    e->lj_cells = plan->lj_cells;
    vp_share_label(share, e->label, sizeof e->label);
    snprintf(e->name, sizeof e->name, "%s@%s", vp_workload_name(w), e->label);
    return e;
}

/* The kernel groups of one sample of kernel workload w. */
static int fill_groups(vp_exp *e)
{
    size_t cap = 0;
    switch (e->workload) {
    case VP_TINY:
        return add_group(e, VK_TINY, BATCH_TINY, &cap);
    case VP_TRIAD:
        return add_group(e, VK_TRIAD, BATCH_TRIAD, &cap);
    case VP_COMPUTE:
        return add_group(e, VK_FMA, BATCH_FMA, &cap);
    case VP_DGEMM:
        return add_group(e, VK_DGEMM, BATCH_DGEMM, &cap);
    case VP_LJ_NEIGHBOR:
        return add_group(e, VK_LJ_NEIGHBOR, BATCH_LJ, &cap);
    case VP_LJ_INITIAL:
        return add_group(e, VK_LJ_INITIAL, BATCH_LJ, &cap);
    case VP_LJ_PAIR:
        return add_group(e, VK_LJ_PAIR, BATCH_LJ, &cap);
    case VP_LJ_FINAL:
        return add_group(e, VK_LJ_FINAL, BATCH_LJ, &cap);
    case VP_LJ_STEP:
        return add_md_steps(e, VP_LJ_STEPS, &cap);
    case VP_LJ_CONC5:
    case VP_LJ_SERIAL5:
        return add_md_steps(e, VP_LJ_CONC_STEPS, &cap);
    default:
        return 0;
    }
}

int vp_plan_build(vp_plan *plan, const vp_options *o)
{
    static const double full_sizes[] = {1024.0,     4096.0,      16384.0,     65536.0,
                                        262144.0,   1048576.0,   4194304.0,   16777216.0,
                                        67108864.0, 268435456.0, 1073741824.0};
    static const double quick_sizes[] = {1024.0, 65536.0, 4194304.0, 268435456.0};
    const double *sizes = o->quick ? quick_sizes : full_sizes;
    size_t nsizes = o->quick ? sizeof quick_sizes / sizeof *quick_sizes
                             : sizeof full_sizes / sizeof *full_sizes;
    size_t cap = 0;
    vp_exp *e;
    memset(plan, 0, sizeof *plan);
    plan->sms = o->sms;
    plan->reps = o->reps;
    plan->warmup = o->warmup;
    plan->lj_cells = o->lj_cells ? o->lj_cells : VP_LJ_CELLS;
    for (size_t s = 0; s < o->nshares; s++) {
        if (!o->partitioned && o->shares[s] < 1.0) continue;
        for (int w = VP_TINY; w <= VP_LJ_STEP; w++) {
            if (!o->only[w]) continue;
            if (!(e = add_exp(plan, &cap, (vp_workload)w, o->shares[s])) || fill_groups(e))
                goto fail;
        }
    }
    if (o->only[VP_LJ_CONC5]) {
        /* five clients on a fifth each; without a mechanism they share the whole GPU */
        if (!(e = add_exp(plan, &cap, VP_LJ_CONC5, o->partitioned ? 0.2 : 1.0))) goto fail;
        e->clients = VP_CLIENTS;
        if (fill_groups(e)) goto fail;
    }
    if (o->only[VP_LJ_SERIAL5]) {
        if (!(e = add_exp(plan, &cap, VP_LJ_SERIAL5, 1.0))) goto fail;
        e->clients = VP_CLIENTS;
        e->serial = 1;
        if (fill_groups(e)) goto fail;
    }
    for (int w = VP_H2D; w <= VP_D2H; w++) {
        if (!o->only[w]) continue;
        for (int pinned = 1; pinned >= 0; pinned--)
            for (size_t i = 0; i < nsizes; i++) {
                if (!(e = add_exp(plan, &cap, (vp_workload)w, 1.0))) goto fail;
                e->direction = w;
                e->pinned = pinned;
                e->copy_bytes = sizes[i];
                strcpy(e->label, "1.00");
                snprintf(e->name, sizeof e->name, "%s-%s-%.0f", vp_workload_name((vp_workload)w),
                         pinned ? "pinned" : "pageable", sizes[i]);
            }
    }
    return 0;
fail:
    vp_plan_destroy(plan);
    return -1;
}

void vp_plan_destroy(vp_plan *plan)
{
    for (size_t i = 0; i < plan->nexps; i++)
        free(plan->exps[i].groups);
    free(plan->exps);
    plan->exps = NULL;
    plan->nexps = 0;
}

hf_err vp_exp_record(hf_ctx *ctx, hf_meas *m, const vp_exp *e, int partitioned, int mps,
                     int sms_dev, int sms, const double *samples, int n)
{
    hf_err rc;
    const char *mech = e->direction >= 0               ? "copy"
                       : e->share >= 1 || !partitioned ? "whole"
                       : mps                           ? "mps"
                                                       : "green_context";
    const char *dir = e->direction == VP_H2D ? "h2d" : e->direction == VP_D2H ? "d2h" : "";
    hf_meas_exp *x = hf_meas_add_exp(ctx, m, e->name, vp_workload_name(e->workload));
    if (!x) return HF_ENOMEM;
    if ((rc = hf_meas_set_str(ctx, &x->mechanism, mech)) ||
        (rc = hf_meas_set_str(ctx, &x->precision, vp_precision(e->workload))) ||
        (rc = hf_meas_set_str(ctx, &x->direction, dir)))
        return rc;
    x->share_requested = e->share;
    x->share = (double)sms / sms_dev;
    x->sms = sms;
    x->clients = e->clients;
    x->serial = e->serial;
    x->pinned = e->pinned;
    x->bytes = e->copy_bytes;
    for (size_t g = 0; g < e->ngroups; g++) {
        hf_meas_kernel k = vp_kernel_desc(e->groups[g].kernel, sms_dev, e->lj_cells);
        k.count = e->groups[g].count;
        if ((rc = hf_meas_add_kernel(ctx, x, &k))) return rc;
    }
    for (int r = 0; r < n; r++)
        if ((rc = hf_meas_add_sample(ctx, x, samples[r]))) return rc;
    return HF_OK;
}

void vp_plan_print_csv(const vp_plan *plan, FILE *out)
{
    fprintf(out, "experiment,workload,precision,share,clients,serial,reps,warmup,group,kernel,"
                 "count,flops,bytes,blocks,gap,direction,pinned,copy_bytes\n");
    for (size_t i = 0; i < plan->nexps; i++) {
        const vp_exp *e = &plan->exps[i];
        const char *w = vp_workload_name(e->workload);
        if (e->direction >= 0) {
            fprintf(out, "%s,%s,,%s,1,0,%d,%d,0,copy,1,0,%.0f,0,0,%s,%d,%.0f\n", e->name, w,
                    e->label, plan->reps, plan->warmup, e->copy_bytes, w, e->pinned, e->copy_bytes);
            continue;
        }
        for (size_t g = 0; g < e->ngroups; g++) {
            hf_meas_kernel d = vp_kernel_desc(e->groups[g].kernel, plan->sms, e->lj_cells);
            fprintf(out, "%s,%s,%s,%s,%d,%d,%d,%d,%zu,%s,%d,%.0f,%.0f,%.0f,%g,,0,0\n", e->name, w,
                    vp_precision(e->workload), e->label, e->clients, e->serial, plan->reps,
                    plan->warmup, g, vp_kernel_name(e->groups[g].kernel), e->groups[g].count,
                    d.flops, d.bytes, d.blocks, d.gap);
        }
    }
}
