/* coll.h: collective operations in closed form (docs/models/collectives.md). Pure: the
 * alpha-beta-gamma cost of an AllReduce, ReduceScatter, AllGather or Broadcast over p ranks by a
 * given algorithm and offload, with the bytes each rank puts on the wire, reduces, and moves
 * through its GPU memory. Estimates and scale studies use it; the step-by-step SimGrid
 * realisation of the same algorithms is the next part of issue 16. */
#ifndef HF_COLL_H
#define HF_COLL_H

#include "hetflow/hf_ctx.h"

typedef enum hf_coll_op {
    HF_COLL_ALLREDUCE = 0, /* every rank ends with the reduction of all ranks' n bytes */
    HF_COLL_REDUCESCATTER, /* every rank ends with its n / p share of the reduction */
    HF_COLL_ALLGATHER,     /* every rank ends with all ranks' n / p shares (n in all) */
    HF_COLL_BROADCAST      /* every rank ends with the root's n bytes */
} hf_coll_op;

typedef enum hf_coll_algo {
    HF_COLL_RING = 0, /* ring: p - 1 steps per phase, each moving n / p (Broadcast: scatter then
                         ring allgather) */
    HF_COLL_RHD,      /* recursive halving (reduce-scatter) and doubling (allgather); p a power
                         of two (Broadcast: scatter then recursive-doubling allgather) */
    HF_COLL_TREE,     /* binomial tree, whole messages: AllReduce as reduce then broadcast;
                         Broadcast; not ReduceScatter or AllGather */
    HF_COLL_HIER,     /* hierarchical: a ring inside each node of per_node ranks (intra-node
                         links), a ring across nodes between the ranks of the same local index
                         on n / per_node (the network); AllReduce, ReduceScatter, AllGather */
    HF_COLL_DBTREE,   /* NCCL's double binary tree: two trees, each rank a leaf in one and
                         inner in the other, each reducing and broadcasting half of the data in
                         pipelined chunks; AllReduce only; closed form only */
    HF_COLL_AUTO      /* the algorithm of least closed-form time among those that apply (as
                         NCCL's tuner picks by its cost model); closed form only */
} hf_coll_algo;

typedef enum hf_coll_offload {
    HF_COLL_GPU = 0, /* the GPUs reduce (a kernel reading two buffers, writing one) */
    HF_COLL_NIC,     /* the NIC reduces the stream as it passes: the same steps, at the NIC's
                        reduction rate, and GPU memory touched once per byte in and out */
    HF_COLL_SWITCH   /* in-network aggregation (SHARP-like): each rank sends its n bytes up the
                        switch tree and receives the n-byte result down it; AllReduce only */
} hf_coll_offload;

/* Inputs of the cost. */
typedef struct hf_coll_params {
    double alpha;     /* s per step: latency of the link plus software per message, >= 0 */
    double bandwidth; /* B/s each rank sends (and receives) at, > 0 */
    double reduce_bw; /* B/s at which the reducer (GPU kernel or NIC) produces reduced bytes;
                         0: free (no gamma term) */
    int levels;       /* switch offload: switch levels between ranks and the tree's root, >= 1 */
    int per_node;     /* hier: ranks per node (ranks node by node: rank = node x per_node +
                         local), >= 2, dividing p */
    double alpha_intra;     /* hier: s per step inside a node, >= 0 */
    double bandwidth_intra; /* hier: B/s inside a node, > 0 */
    double chunk;           /* dbtree: bytes per pipelined chunk and tree, >= 0 (0: 512 KiB,
                               NCCL's 4 MiB buffer over its 8 pipeline slots: an assumption) */
} hf_coll_params;

/* The cost on the critical path: every rank alike for ring, recursive halving-doubling and
 * hier, the root for the tree and for Broadcast. seconds = steps x alpha + wire_bytes /
 * bandwidth + reduced_bytes / reduce_bw (switch offload: 2 x levels x alpha + n / min(bandwidth,
 * reduce_bw); hier: each of its phases so, the intra-node ones at alpha_intra and
 * bandwidth_intra). */
typedef struct hf_coll_cost {
    double seconds;
    double steps;         /* latency terms paid one after another */
    double wire_bytes;    /* bytes through the rank's link one after another (the beta term):
                             ring and rhd send and receive at once, the tree's root receives,
                             then sends */
    double sent_bytes;    /* bytes the rank sends */
    double recv_bytes;    /* bytes the rank receives */
    double reduced_bytes; /* bytes the rank's reducer produces (0 for switch offload) */
    double hbm_bytes;     /* the rank's GPU memory traffic, bytes: GPU offload, sent (read) +
                             received (written) + 3 x reduced (two reads, one write); NIC and
                             switch offload, its input read once and its result written once */
    hf_coll_algo algo;    /* the algorithm costed (auto: the one chosen) */
} hf_coll_cost;

/* Names, as documents and Lua spell them: "allreduce", "reducescatter", "allgather",
 * "broadcast"; "ring", "rhd", "tree", "hier", "dbtree", "auto"; "gpu", "nic", "switch". Parsers return 0, or -1 for any
 * other text. */
const char *hf_coll_op_name(hf_coll_op op);
const char *hf_coll_algo_name(hf_coll_algo a);
const char *hf_coll_offload_name(hf_coll_offload o);
int hf_coll_op_parse(const char *s, hf_coll_op *out);
int hf_coll_algo_parse(const char *s, hf_coll_algo *out);
int hf_coll_offload_parse(const char *s, hf_coll_offload *out);

/* Cost of op over p ranks of n bytes each (AllGather: n is the gathered whole) by algo with
 * offload (auto: the least time of ring, rhd, tree, hier and dbtree among those that apply to
 * op, p and par, the first in that order on a tie; hier applies when per_node is given, dbtree
 * to AllReduce; the switch offload has no algorithm to choose). HF_EINPUT with a message naming the argument: p < 2 (a group of one has nothing to
 * do) or above 2^24, n < 0 or not finite, a parameter out of range, rhd with p not a power of
 * two, tree for ReduceScatter or AllGather, hier for Broadcast or with per_node not dividing p,
 * switch offload other than AllReduce, nic offload of an operation that reduces nothing or by
 * hier (its phases inside a node do not cross a NIC). */
hf_err hf_coll_closed_form(hf_ctx *ctx, hf_coll_op op, hf_coll_algo algo, hf_coll_offload offload,
                           int p, double n, const hf_coll_params *par, hf_coll_cost *out);

/* One rank's part in one step of an algorithm's schedule (hf_coll_step): what the simulated
 * collective (sim/net/collsim.c) does step after step. */
typedef struct hf_coll_action {
    int send_to;      /* rank it sends to, -1: none */
    int recv_from;    /* rank it receives from (it waits for that message), -1: none */
    double bytes;     /* bytes of the message sent and of the one received */
    double reduce;    /* bytes it reduces once the message is in, 0: none */
} hf_coll_action;

/* Steps of op by algo over p ranks in the simulated schedule (0 when hf_coll_closed_form would
 * refuse the pair; Broadcast: tree only). */
int hf_coll_nsteps(hf_coll_op op, hf_coll_algo algo, int p, int per_node);

/* Rank r's place in tree t (0 or 1) of the double binary tree over p ranks: *parent (-1 at
 * the root) and its children *c0, *c1 (-1 where none). Tree 0 is the balanced in-order binary
 * tree over positions 0..p-1 (the root at position (p - 1) / 2, each range's middle its root);
 * tree 1 is the same tree with rank r at position r - 1 (mod p): for p = 2^h - 1 a rank inner
 * in one tree is a leaf in the other (odd positions are the inner ones), nearly so otherwise.
 * Depth ceil(log2(p + 1)). O(log p). */
void hf_coll_dbtree_node(int p, int t, int r, int *parent, int *c0, int *c1);

/* Rank r's action at step s (0 <= s < hf_coll_nsteps) for n bytes: ring, neighbours r + 1 and
 * r - 1 (mod p) with n / p; rhd, recursive halving with partners p/2, p/4, ... 1 away then
 * doubling with partners 1, 2, ... p/2 away; tree, a binomial reduce to rank 0 then a binomial
 * broadcast from it, whole messages; hier (g = per_node ranks per node, N = p / g nodes), a
 * ring inside the node (n / g), then a ring across the nodes among the ranks of the same local
 * index (n / (g N) each step), then the intra-node allgather (AllReduce; ReduceScatter: the
 * first two, AllGather: across, then inside). Summed over the steps, each rank's bytes are the closed
 * form's sent, received and reduced bytes (its critical path's, for the tree's root). */
void hf_coll_step(hf_coll_op op, hf_coll_algo algo, int p, int per_node, double n, int r, int s,
                  hf_coll_action *out);

#endif
