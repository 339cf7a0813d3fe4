/* train.h: one data-parallel training step on one GPU, with the GPU's memory (HBM) bandwidth
 * shared between the step's compute and the gradient AllReduce that overlaps it
 * (docs/models/collectives.md#training-step-and-gpu-memory-bandwidth). Pure: no SimGrid.
 *
 * Every rank of a data-parallel group does the same work, so one GPU stands for all of them:
 * the forward pass, then the backward pass in K chunks, each producing one gradient bucket
 * whose AllReduce (closed form, coll.h) starts once the bucket is ready and the previous
 * bucket's is done (one communication stream, as NCCL's), then the optimizer step once every
 * bucket is reduced. Two flows may draw on HBM at once, the running compute chunk and the
 * running AllReduce; HBM (capacity W) is shared between them max-min fairly, each capped at the
 * rate it draws alone:
 *     compute chunk of F flop and B bytes: t_alone = max(F / (e P), B / W), cap B / t_alone;
 *         its flops run at e P whatever the sharing (SMs are not shared with the AllReduce);
 *         it ends when both its flops and its bytes are done;
 *     AllReduce of a bucket: T_alone (the closed form's seconds), H its HBM bytes (the closed
 *         form's, less the NIC-cached input), cap H / T_alone; it ends when T_alone has passed
 *         and its H bytes are moved.
 *     two flows with caps a, b on W: both capped when a + b <= W; else the one under W / 2
 *         keeps its cap and the other gets the rest; else W / 2 each.
 * The step is advanced from one event (a flow's end, a part's end) to the next: O(K) work. */
#ifndef HF_TRAIN_H
#define HF_TRAIN_H

#include "hetflow/hf_ctx.h"
#include "net/coll.h"

/* Most gradient buckets in one step (bounded run time and memory: none is stored). */
#define HF_TRAIN_MAX_BUCKETS 100000000.0

typedef struct hf_train_spec {
    double peak;       /* flop/s of the GPU at the step's precision, > 0 */
    double efficiency; /* share of peak the step's kernels reach, in (0, 1] */
    double hbm;        /* B/s of the GPU's memory, > 0 */
    double fwd_flops;  /* forward pass per GPU per step, flop, >= 0 */
    double fwd_bytes;  /* its HBM traffic, bytes, >= 0 */
    double bwd_flops;  /* backward pass, flop, >= 0 */
    double bwd_bytes;  /* its HBM traffic, bytes, >= 0 */
    double opt_bytes;  /* the optimizer step's HBM traffic (memory-bound), bytes, >= 0 */
    double grad_bytes; /* gradient bytes each GPU all-reduces per step, > 0 */
    double bucket;     /* bytes per bucket, > 0; the last bucket holds the remainder */
    int ranks;         /* GPUs in the data-parallel group, >= 2 */
    hf_coll_algo algo;
    hf_coll_offload offload;
    hf_coll_params net; /* alpha, bandwidth, reduce_bw (used as given: 0 = free), levels,
                           per_node, alpha_intra, bandwidth_intra (coll.h) */
    double nic_memory;  /* bytes of NIC memory that cache gradients (nic and switch offload):
                           the cached share h = min(1, nic_memory / grad_bytes) of each bucket's
                           input is not read from HBM; >= 0 */
} hf_train_spec;

typedef struct hf_train_result {
    double step_seconds;          /* forward start to optimizer end */
    double compute_seconds;       /* forward + backward + optimizer, as run */
    double compute_alone_seconds; /* the same without the AllReduce drawing on HBM */
    double comm_seconds;          /* sum over buckets of their AllReduce's duration, as run */
    double comm_alone_seconds;    /* sum of the closed form's seconds */
    double exposed_seconds;       /* step_seconds - compute_seconds: communication not hidden */
    double compute_hbm_bytes;     /* HBM bytes of forward, backward and optimizer */
    double comm_hbm_bytes;        /* HBM bytes of the AllReduces */
    double net_bytes;             /* bytes each GPU sends on the network (hier: across nodes) */
    double free_share;            /* 1 - comm_hbm_bytes / (hbm x comm_seconds): the share of HBM
                                     bandwidth left for compute while the AllReduce runs */
    double hbm_util;              /* all HBM bytes / (hbm x step_seconds) */
    double net_util;              /* net_bytes / (bandwidth x step_seconds) */
    double cached_share;          /* h above (0 for gpu offload) */
    double buckets;               /* K */
} hf_train_result;

/* Max-min fair shares of capacity w between two flows capped at a and b (>= 0; 0: the flow is
 * idle): *x for a, *y for b (formula above). */
void hf_train_share(double w, double a, double b, double *x, double *y);

/* Buckets of bucket bytes for grad bytes of gradients: ceil(grad / bucket), a remainder under
 * 1e-9 of grad (rounding) counted as none; at least 1. */
double hf_train_nbuckets(double grad, double bucket);

/* HBM bytes and seconds of one bucket of n bytes under s (closed form, NIC cache applied):
 * HF_EINPUT from hf_coll_closed_form. */
hf_err hf_train_bucket(hf_ctx *ctx, const hf_train_spec *s, double n, double *seconds,
                       double *hbm_bytes, double *net_bytes);

/* Run one step of s. HF_EINPUT with a message naming the field for a value out of range, more
 * than HF_TRAIN_MAX_BUCKETS buckets, or what hf_coll_closed_form refuses (a group of one, rhd
 * on a count that is not a power of two, ...). */
hf_err hf_train_step(hf_ctx *ctx, const hf_train_spec *s, hf_train_result *out);

#endif
