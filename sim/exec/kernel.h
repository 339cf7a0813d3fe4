/* kernel.h: the kernel-level GPU runtime model (docs/models/gpu.md). Pure functions, no SimGrid.
 *
 * A GPU task is a sequence of kernel launches. One launch of kernel k on a share of a GPU runs
 *     t = L + max(F / (P x s_eff), B / (W x b_eff), D)
 *     p     = min(1, blocks / SMs)        the kernel's own parallelism: the fraction of the
 *                                         whole GPU's SMs its thread blocks can occupy at once
 *     s_eff = min(s, p)                   compute share it can use
 *     b_eff = min(b, p)                   memory-bandwidth share it can draw; with a calibrated
 *                                         saturation share sat (the fraction of the SMs whose
 *                                         loads saturate the memory): min(b, min(s, p) / sat)
 * with L the launch overhead (s), F and B the kernel's flop and device-memory bytes, D its
 * latency floor (s: the dependent chain of memory accesses of its longest thread, which added SMs
 * do not shorten; 0 when unknown), P and W the whole GPU's peak flop/s and memory bandwidth, s its
 * share of the SMs (MIG: the profile's SMs / the GPU's; MPS: the client's active-thread
 * percentage; whole GPU: 1) and b its share of the memory bandwidth (MIG: memory slices / 8; MPS
 * and whole GPU: 1, concurrent clients then share it). A GPU's kernel profile for the kernel's
 * name (measured by `hetflow calibrate`) scales F and B by its work factor and sets D and L.
 * A kernel with fewer blocks than the share's SMs runs the same whatever the share: the flat
 * population of the paper's Figure 5(a). Not modelled: waves (ceil(blocks / SMs) steps),
 * occupancy, caches (a profile absorbs them for the kernel it was measured on). */
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
 * when its compute term is the larger, else b_eff; when the latency floor D is the largest term,
 * that fraction times (the larger term / D): the launch's work spread over D. An MPS client's
 * launch is an execution bounded at this fraction of the device's peak
 * (docs/models/gpu.md#mps-clients). */
double hf_kernel_rate(const hf_kernel *k, const hf_gpu_share *g);

/* r's kernel profile named name, or NULL (name NULL, or none of that name). O(profiles). */
const hf_kprofile *hf_kprofile_find(const hf_resource *r, const char *name);

/* Apply profile q (NULL: nothing) to kernel k and launch overhead *launch: flop and bytes times
 * q->work, latency floor q->latency, *launch = q->launch when q->launch >= 0. */
void hf_kprofile_apply(const hf_kprofile *q, hf_kernel *k, double *launch);

/* The kernel and GPU share one launch of group grp runs with on r: r's share (hf_gpu_share_of)
 * and grp's kernel, with r's profile for grp's name applied. */
void hf_kgroup_on(const hf_kgroup *grp, const hf_resource *r, hf_kernel *k, hf_gpu_share *g);

/* The share of GPU resource r (its peak, bandwidth, SMs, launch overhead, share, bw_share). */
hf_gpu_share hf_gpu_share_of(const hf_resource *r);

/* Seconds the device computes for sequence q on r alone: sum of count x (t - L) over groups
 * (each group with its profile on r, as hf_kgroup_on). */
double hf_kseq_busy(const hf_kseq *q, const hf_resource *r);

/* Flop the device executes for sequence q on r: sum over launches of busy seconds x the rate
 * the launch runs at: r's speed on a whole GPU or MIG instance; on an MPS client the device's
 * peak x hf_kernel_rate (its executions are bounded at that rate). What the per-task dynamic
 * energy is computed from. */
double hf_kseq_amount(const hf_kseq *q, const hf_resource *r);

/* Seconds sequence q takes on r alone: sum of count x (t + gap) over groups. */
double hf_kseq_seconds(const hf_kseq *q, const hf_resource *r);

#endif
