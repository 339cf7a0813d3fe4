/* kernel.h: the kernel-level GPU runtime model (docs/models/gpu.md). Pure functions, no SimGrid.
 *
 * A GPU task is a sequence of kernel launches. One launch of kernel k on a share of a GPU runs
 *     t = L + max(F / (P x s_eff), B / (W x b_eff))
 *     p     = min(1, blocks / SMs)        the kernel's own parallelism: the fraction of the
 *                                         whole GPU's SMs its thread blocks can occupy at once
 *     s_eff = min(s, p)                   compute share it can use
 *     b_eff = min(b, p)                   memory-bandwidth share it can draw; with a calibrated
 *                                         saturation share sat (the fraction of the SMs whose
 *                                         loads saturate the memory): min(b, min(s, p) / sat)
 * with L the launch overhead (s), F and B the kernel's flop and device-memory bytes, P and W the
 * whole GPU's peak flop/s and memory bandwidth, s its share of the SMs (MIG: compute slices / 7;
 * MPS: the client's active-thread percentage; whole GPU: 1) and b its share of the memory
 * bandwidth (MIG: memory slices / 8; MPS and whole GPU: 1, concurrent clients then share it).
 * A kernel with fewer blocks than the share's SMs runs the same whatever the share: the flat
 * population of the paper's Figure 5(a). Not modelled: waves (ceil(blocks / SMs) steps),
 * occupancy above one block per SM, caches; docs/models/gpu.md discusses them. */
#ifndef HF_KERNEL_H
#define HF_KERNEL_H

#include "hetflow/hf_platform.h"
#include "hetflow/hf_workflow.h" /* hf_kernel, hf_kseq */

typedef struct hf_gpu_share {
    double peak;      /* flop/s of the whole GPU, > 0 */
    double bandwidth; /* bytes/s of the whole GPU's memory, > 0 */
    double sms;       /* streaming multiprocessors of the whole GPU, >= 1 */
    double launch;    /* s per launch, >= 0 */
    double s;         /* share of the SMs, in (0, 1] */
    double b;         /* share of the memory bandwidth, in (0, 1] */
    double sat;       /* bandwidth saturation share in (0, 1]; 0: SMs do not limit bandwidth */
} hf_gpu_share;

/* The kernel's parallelism p = min(1, blocks / sms). */
double hf_kernel_parallelism(const hf_kernel *k, const hf_gpu_share *g);

/* Seconds of one launch of k on g (equation above). */
double hf_kernel_seconds(const hf_kernel *k, const hf_gpu_share *g);

/* The fraction of the whole device one launch of k keeps busy on g while it computes: s_eff
 * when its compute term is the larger, else b_eff. An MPS client's launch is an execution
 * bounded at this fraction of the device's peak (docs/models/gpu.md#mps-clients). */
double hf_kernel_rate(const hf_kernel *k, const hf_gpu_share *g);

/* The share of GPU resource r (its peak, bandwidth, SMs, launch overhead, share, bw_share). */
hf_gpu_share hf_gpu_share_of(const hf_resource *r);

/* Seconds the device computes for sequence q on r alone: sum of count x (t - L) over groups. */
double hf_kseq_busy(const hf_kseq *q, const hf_resource *r);

/* Flop the device executes for sequence q on r: sum over launches of busy seconds x the rate
 * the launch runs at: r's speed on a whole GPU or MIG instance; on an MPS client the device's
 * peak x hf_kernel_rate (its executions are bounded at that rate). What the per-task dynamic
 * energy is computed from. */
double hf_kseq_amount(const hf_kseq *q, const hf_resource *r);

/* Seconds sequence q takes on r alone: sum of count x (t + gap) over groups. */
double hf_kseq_seconds(const hf_kseq *q, const hf_resource *r);

#endif
