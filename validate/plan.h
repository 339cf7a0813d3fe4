/* plan.h: the harness's experiments (workloads x shares, copies) and the kernel groups each
 * sample launches, with their flop/byte/block descriptors. Pure host code: `--plan` prints it
 * without a GPU, and the runner (validate/run.cu) launches exactly the groups listed here. */
#ifndef HF_VALIDATE_PLAN_H
#define HF_VALIDATE_PLAN_H

#include <stddef.h>
#include <stdio.h>

#include "hetflow/hf_meas.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sizes of the workloads (validate/README.md derives every count from them). */
#define VP_TINY_N (1 << 16)  /* doubles scaled by the tiny kernel */
#define VP_TRIAD_N (1 << 26) /* doubles per STREAM triad array */
#define VP_FMA_ITERS 4096    /* iterations of the FMA chains per thread */
#define VP_FMA_CHAINS 8      /* independent FMA chains per thread */
#define VP_FMA_BLOCKS_PER_SM 16
#define VP_DGEMM_N 8192      /* m = n = k */
#define VP_LJ_CELLS 20       /* default --lj-cells: 4 x 20^3 = 32,000 atoms */
#define VP_LJ_CELLS_MIN 3    /* box edge above r_c + skin, 27 distinct bins (lj.h) */
#define VP_LJ_CELLS_MAX 64   /* 1,048,576 atoms: neighbour-list indices stay in an int */
#define VP_LJ_STEPS 100      /* lj_step: MD steps per sample */
#define VP_LJ_CONC_STEPS 200 /* lj_concurrent5 / lj_serial5: MD steps per client */
#define VP_CLIENTS 5         /* clients of lj_concurrent5 / lj_serial5 */
#define VP_LJ_MELT_STEPS 100 /* untimed steps that melt the lattice before any LJ sample */

typedef enum vp_workload {
    VP_TINY,
    VP_TRIAD,
    VP_COMPUTE,
    VP_DGEMM,
    VP_LJ_NEIGHBOR,
    VP_LJ_INITIAL,
    VP_LJ_PAIR,
    VP_LJ_FINAL,
    VP_LJ_STEP,
    VP_LJ_CONC5,
    VP_LJ_SERIAL5,
    VP_H2D,
    VP_D2H,
    VP_NWORKLOADS
} vp_workload;

typedef enum vp_kernel {
    VK_TINY,         /* x[i] *= q */
    VK_TRIAD,        /* a[i] = b[i] + q c[i] */
    VK_FMA,          /* FP64 FMA chains in registers */
    VK_DGEMM,        /* cublasDgemm */
    VK_LJ_BIN_CLEAR, /* empty the bins */
    VK_LJ_BIN_FILL,  /* atoms into bins */
    VK_LJ_NEIGHBOR,
    VK_LJ_INITIAL,
    VK_LJ_PAIR,
    VK_LJ_FINAL,
    VK_NKERNELS
} vp_kernel;

/* One group: count back-to-back launches of one kernel. */
typedef struct vp_group {
    vp_kernel kernel;
    int count;
} vp_group;

typedef struct vp_exp {
    char name[64]; /* unique: "stream_triad@0.30", "h2d-pinned-1024" */
    vp_workload workload;
    double share;        /* share of the SMs requested, (0, 1] */
    char label[16];      /* share as written in names: "0.30" (vp_share_label) */
    int clients, serial; /* lj_concurrent5 / lj_serial5: 5 clients; others 1, 0 */
    int direction;       /* copies: VP_H2D or VP_D2H; -1 otherwise */
    int pinned;          /* copies: 1 pinned host memory */
    int lj_cells;        /* LJ workloads: FCC cells per box edge (4 cells^3 atoms) */
    double copy_bytes;   /* copies: bytes per copy; 0 otherwise */
    vp_group *groups;    /* one client's sample, in launch order (NULL for copies) */
    size_t ngroups;
} vp_exp;

typedef struct vp_plan {
    vp_exp *exps; /* in run order: the kernel workloads share by share, then the five-client
                     pair, then the copies */
    size_t nexps;
    int sms;      /* device SMs the descriptors assume (compute_fp64's block count) */
    int lj_cells; /* LJ system: FCC cells per box edge */
    int reps, warmup;
} vp_plan;

/* What to plan: the options of hetflow-validate. */
typedef struct vp_options {
    int only[VP_NWORKLOADS]; /* 1: workload selected */
    const double *shares;    /* requested shares, each in (0, 1], ascending */
    size_t nshares;
    int partitioned; /* 0: no share mechanism, only share 1 (lj_concurrent5 then shares
                        the whole GPU) */
    int quick;       /* fewer copy sizes */
    int lj_cells;    /* LJ system size (VP_LJ_CELLS_MIN .. VP_LJ_CELLS_MAX; 0: VP_LJ_CELLS) */
    int sms, reps, warmup;
} vp_options;

/* The workload's name in files and on the command line ("stream_triad"), and the reverse
 * (-1 when name is no workload). */
const char *vp_workload_name(vp_workload w);
int vp_workload_from_name(const char *name);

/* The kernel's name in --plan output ("lj_pair"). */
const char *vp_kernel_name(vp_kernel k);

/* The precision of a workload's flop ("fp64", "fp64_tensor"; "" for copies). */
const char *vp_precision(vp_workload w);

/* share as experiment names write it: two decimals ("0.30") when it is a whole percentage,
 * else up to 6 significant digits ("0.125"). */
void vp_share_label(double share, char *buf, size_t size);

/* Descriptor of one launch of kernel k on a device of sms SMs, the LJ kernels for a system of
 * lj_cells FCC cells per edge (count 1, gap 0, name vp_kernel_name(k)). */
hf_meas_kernel vp_kernel_desc(vp_kernel k, int sms, int lj_cells);

/* Build the plan of o into *plan (freed with vp_plan_destroy). Returns 0, or -1 when out of
 * memory (plan left empty). */
int vp_plan_build(vp_plan *plan, const vp_options *o);

/* Free what plan holds. Accepts an empty plan. */
void vp_plan_destroy(vp_plan *plan);

/* Append experiment e to m with its n samples (seconds), as measured on a device of sms_dev
 * SMs with sms SMs per client: mechanism "copy" for copies, "whole" at share 1 or without a
 * partitioning mechanism, else "mps" (mps) or "green_context"; share = sms / sms_dev; the
 * kernel groups with their descriptors. HF_OK or HF_ENOMEM with ctx set. */
hf_err vp_exp_record(hf_ctx *ctx, hf_meas *m, const vp_exp *e, int partitioned, int mps,
                     int sms_dev, int sms, const double *samples, int n);

/* Print plan as CSV, one row per kernel group (a copy: one row, kernel "copy"), header first:
 * experiment,workload,precision,share,clients,serial,reps,warmup,group,kernel,count,flops,
 * bytes,blocks,gap,direction,pinned,copy_bytes */
void vp_plan_print_csv(const vp_plan *plan, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
