/* hf_pack.h: bin-packing of work onto GPU partitions (docs/policies.md#packing-work-onto-gpus).
 *
 * Items (a workflow or a task, with the compute share and the device memory it needs) go, in
 * the order given, into bins (GPUs, with a compute capacity, normally 1, and a memory size).
 * An item fits a bin when its share is at most the bin's free share and its memory at most
 * the bin's free memory (a bin of memory 0 has no memory limit). Among the bins it fits:
 *   first: the first, in bin order;
 *   best:  the one left with the least slack, slack = free share / capacity after placing
 *          + free memory / memory after placing (the memory term only for bins with a size);
 *   worst: the one left with the most slack (spreads the load);
 * ties go to the first bin. The placement gives each bin its MPS layout: one client per item,
 * in placement order, with the item's share and memory limit. */
#ifndef HF_PACK_H
#define HF_PACK_H

#include <stddef.h>

#include "hf_ctx.h"

typedef enum hf_fit { HF_FIT_FIRST, HF_FIT_BEST, HF_FIT_WORST } hf_fit;

typedef struct hf_pack_item {
    const char *name; /* for messages */
    double share;     /* compute share needed, in (0, 1] of a whole GPU */
    double memory;    /* bytes of device memory needed, >= 0 */
} hf_pack_item;

typedef struct hf_pack_bin {
    const char *name; /* for messages */
    double share;     /* compute capacity, > 0 (1 for a whole GPU) */
    double memory;    /* bytes of device memory, >= 0 (0 = no limit) */
} hf_pack_bin;

/* Slack of bin b once it holds used_share and used_memory (see above). */
double hf_pack_slack(const hf_pack_bin *b, double used_share, double used_memory);

/* Place items[0..n) into bins[0..m) by fit; out[i] = bin index of item i. Returns HF_OK, or
 * HF_EINPUT naming the first item that is out of range or fits no bin (with the bins' free
 * shares in the message), HF_ENOMEM. */
hf_err hf_pack(hf_ctx *ctx, const hf_pack_item *items, size_t n, const hf_pack_bin *bins, size_t m,
               hf_fit fit, int *out);

#endif
