/* collsim.h: collectives simulated step by step on SimGrid (docs/models/collectives.md): each
 * rank an actor that runs its schedule (hf_coll_step), its messages moved over the platform's
 * links as the transfer-path model plans them, its reductions timed at the reducer's rate, so
 * that contention and topology count where the closed form (coll.h) cannot see them. */
#ifndef HF_COLLSIM_H
#define HF_COLLSIM_H

#include <stddef.h>

#include "hetflow/hf_ctx.h"
#include "hetflow/hf_platform.h"
#include "net/coll.h"
#include "net/path.h"

/* Most messages one run may move (ranks x steps x sizes): bounded run time. */
#define HF_COLLSIM_MAX_MESSAGES 50000000.0

typedef struct hf_coll_sim {
    hf_coll_op op;
    hf_coll_algo algo;
    const int *ranks;    /* resources (indices into the platform), in rank order; distinct hosts */
    int nranks;          /* >= 2 */
    const double *sizes; /* bytes per rank's buffer, one collective each, in turn */
    size_t nsizes;
    double reduce_bw;    /* B/s of reduced bytes; 0: with gpu offload, a GPU rank's memory
                            bandwidth / 3 (two reads and a write per byte), free on a CPU node;
                            with nic offload, free (the NIC reduces at line rate) */
    hf_xfer_mode mode;   /* how messages between GPUs of two nodes move */
    int per_node;        /* hier: ranks per node (ranks listed node by node) */
    hf_coll_offload offload; /* gpu or nic: who reduces (switch: not simulated) */
} hf_coll_sim;

/* The checks hf_coll_simulate makes before it runs (inside the started engine, p loaded):
 * HF_EINPUT with a message for fewer than 2 or more than 2^20 ranks, an algorithm the schedule
 * lacks, too many messages, a size that is negative or not finite, a rank that is no resource,
 * two ranks on one host (O(n log n)). */
hf_err hf_coll_sim_check(hf_ctx *ctx, const hf_platform *p, const hf_coll_sim *s);

/* Run s on p, which the started engine has loaded (hf_engine_load_platform), one simulation:
 * seconds[k] gets the time of the collective of sizes[k] (all ranks start together, the time is
 * the last rank's end). route gives the figures the path plans use (NULL: the platform model's).
 * HF_EINPUT with a message for an algorithm the schedule lacks, ranks sharing a host, too many
 * messages; other errors from the path plans. */
hf_err hf_coll_simulate(hf_ctx *ctx, const hf_platform *p, const hf_coll_sim *s,
                        hf_path_route_fn *route, void *arg, double *seconds);

#endif
