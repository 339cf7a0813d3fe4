/* collsim.h: collectives simulated step by step on SimGrid (docs/models/collectives.md): each
 * rank an actor that runs its schedule (hf_coll_step), its messages moved over the platform's
 * links as the transfer-path model plans them, its reductions timed at the reducer's rate, so
 * that contention and topology count where the closed form (coll.h) cannot see them. The double
 * binary tree runs four actors per rank (each tree's reduce and broadcast pipelines, chunk by
 * chunk, hf_coll_dbtree_node). */
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
    double chunk;            /* dbtree: bytes per pipelined chunk and tree, 0 = 512 KiB */
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

/* One collective run by actors of the caller's (the executor's workers on the ranks'
 * resources): the state of s's ranks (message flags, wake-ups), reused collective after
 * collective. Made and used inside the simulation; s (with its ranks) must outlive it. */
typedef struct hf_coll_run hf_coll_run;

/* A run of s (checked with hf_coll_sim_check) on p; NULL when out of memory. O(ranks x
 * steps) bytes. */
hf_coll_run *hf_coll_run_new(hf_ctx *ctx, const hf_platform *p, const hf_coll_sim *s,
                             hf_path_route_fn *route, void *arg);

/* Plan every pair of ranks that exchange a message (modes other than direct), so that a plan
 * the platform refuses is an error before any rank moves: HF_OK, or the error with its message
 * in ctx. */
hf_err hf_coll_run_plan(hf_coll_run *c);

/* On a message that cannot be planned during the run, call fail(arg) (default: kill every
 * actor); the ranks then stop and hf_coll_run_error says so. */
void hf_coll_run_on_fail(hf_coll_run *c, void (*fail)(void *), void *arg);

/* Reset c for a collective of bytes per rank (before any rank of it starts). */
void hf_coll_run_start(hf_coll_run *c, double bytes);

/* Rank r's part, in the calling actor (on rank r's host): its steps one after another,
 * blocking on its messages. Returns when its part is done or the run failed. */
void hf_coll_run_rank(hf_coll_run *c, int r);

/* HF_OK, or the error that stopped the run (its message in ctx). */
hf_err hf_coll_run_error(const hf_coll_run *c);

/* Free c (NULL accepted), outside any rank's part. */
void hf_coll_run_free(hf_coll_run *c);

#endif
