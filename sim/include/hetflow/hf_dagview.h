/* hf_dagview.h: what DAG-aware policies see of a workflow on a platform: upward and downward
 * ranks (HEFT), levels, critical-path membership (docs/policies.md, docs/models/ranks.md). */
#ifndef HF_DAGVIEW_H
#define HF_DAGVIEW_H

#include "hf_ctx.h"
#include "hf_platform.h"
#include "hf_workflow.h"

/* Route figures between two resources (latency s, bandwidth B/s), for average communication
 * costs; arg is passed through. */
typedef void (*hf_route_fn)(void *arg, int src, int dst, double *lat, double *bw);

typedef struct hf_dagview {
    size_t n;                /* tasks */
    double *rank_up;         /* s: mean compute time + heaviest mean path to an exit (HEFT) */
    double *rank_down;       /* s: heaviest mean path from an entry, excluding the task itself */
    double *mean_cost;       /* s: the task's compute time averaged over the resources it fits */
    int *level;              /* 1 for entries, 1 + max parent level otherwise */
    unsigned char *critical; /* 1 when on a critical path: rank_up + rank_down = cp_length */
    double cp_length;        /* s: the longest mean path (max rank_up over entries) */
    double mean_latency;     /* s: over ordered pairs of distinct resources */
    double mean_bandwidth;   /* B/s: harmonic mean over the same pairs (mean of 1/bandwidth) */
} hf_dagview;

/* Compute the view of finalized wf on p. Mean compute time of a task: its cost (compute.md) on
 * each resource able to run it, averaged over those resources (grouped into classes of equal
 * kind, speed, cores, memory and bandwidth, so O(classes) per task). Mean transfer time of
 * b bytes between two tasks: 0 when b = 0 (a pure dependency moves nothing), else
 * mean_latency + b / mean_bandwidth, the means taken over ordered pairs of distinct resources
 * through route (all pairs up to 256 resources, a fixed stride sample of about 65536 pairs
 * beyond). O(classes x V + E + pairs). HF_ENOMEM on failure; hf_dagview_destroy frees. */
hf_err hf_dagview_init(hf_ctx *ctx, const hf_platform *p, const hf_workflow *wf, hf_route_fn route,
                       void *arg, hf_dagview *v);

/* Free the arrays of v. Accepts a zeroed view. */
void hf_dagview_destroy(hf_dagview *v);

#endif
