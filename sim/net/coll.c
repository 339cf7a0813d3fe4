/* coll.c: collective operations in closed form (docs/models/collectives.md): per algorithm, the
 * latency steps, the bytes serialised on a rank's link, sent, received and reduced, from which
 * the time and the GPU memory traffic follow. */
#include <math.h>
#include <string.h>

#include "net/coll.h"

static hf_err hier(hf_ctx *ctx, hf_coll_op op, int p, double n, const hf_coll_params *par,
                   hf_coll_cost *c);

static const char *const op_names[] = {"allreduce", "reducescatter", "allgather", "broadcast"};
static const char *const algo_names[] = {"ring", "rhd", "tree", "hier", "dbtree", "auto"};
static const char *const offload_names[] = {"gpu", "nic", "switch"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Index of s in names (count of them), or -1. */
static int find(const char *const *names, int count, const char *s)
{
    for (int i = 0; s && i < count; i++)
        if (strcmp(names[i], s) == 0) return i;
    return -1;
}

const char *hf_coll_op_name(hf_coll_op op)
{
    return (int)op >= 0 && (int)op < COUNT(op_names) ? op_names[op] : "?";
}

const char *hf_coll_algo_name(hf_coll_algo a)
{
    return (int)a >= 0 && (int)a < COUNT(algo_names) ? algo_names[a] : "?";
}

const char *hf_coll_offload_name(hf_coll_offload o)
{
    return (int)o >= 0 && (int)o < COUNT(offload_names) ? offload_names[o] : "?";
}

int hf_coll_op_parse(const char *s, hf_coll_op *out)
{
    int i = find(op_names, COUNT(op_names), s);
    if (i >= 0) *out = (hf_coll_op)i;
    return i >= 0 ? 0 : -1;
}

int hf_coll_algo_parse(const char *s, hf_coll_algo *out)
{
    int i = find(algo_names, COUNT(algo_names), s);
    if (i >= 0) *out = (hf_coll_algo)i;
    return i >= 0 ? 0 : -1;
}

int hf_coll_offload_parse(const char *s, hf_coll_offload *out)
{
    int i = find(offload_names, COUNT(offload_names), s);
    if (i >= 0) *out = (hf_coll_offload)i;
    return i >= 0 ? 0 : -1;
}

/* ceil(log2(p)) for p >= 1, exactly (no floating point). */
static int ceil_log2(int p)
{
    int l = 0;
    while ((1L << l) < p)
        l++;
    return l;
}

/* The step and byte counts of op by algo on the critical path (GPU or NIC reduction), for
 * p ranks and n bytes: f = (p - 1) / p, L = ceil(log2 p). HF_EINPUT for a pair not defined. */
static hf_err counts(hf_ctx *ctx, hf_coll_op op, hf_coll_algo algo, int p, double n,
                     hf_coll_cost *c)
{
    double f = (double)(p - 1) / p, L = ceil_log2(p);
    if (algo == HF_COLL_RHD && (p & (p - 1)) != 0)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s by rhd: %d ranks, recursive halving-doubling needs a "
                           "power of two (use ring or tree)",
                           hf_coll_op_name(op), p);
    if (algo == HF_COLL_TREE && (op == HF_COLL_REDUCESCATTER || op == HF_COLL_ALLGATHER))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s by tree: the tree does allreduce and broadcast only "
                           "(use ring or rhd)",
                           hf_coll_op_name(op));
    /* ring: p - 1 steps of n / p per phase; rhd: log2 p steps, the same bytes (Thakur et al.
     * 2005); tree: L whole messages per phase through the root */
    double phase = algo == HF_COLL_RING ? p - 1 : L;
    switch (op) {
    case HF_COLL_ALLREDUCE:
        if (algo == HF_COLL_TREE) { /* reduce to the root, then broadcast from it */
            c->steps = 2 * L;
            c->recv_bytes = c->reduced_bytes = L * n;
            c->sent_bytes = L * n;
            c->wire_bytes = 2 * L * n;
        } else { /* reduce-scatter, then allgather */
            c->steps = 2 * phase;
            c->sent_bytes = c->recv_bytes = c->wire_bytes = 2 * f * n;
            c->reduced_bytes = f * n;
        }
        break;
    case HF_COLL_REDUCESCATTER:
        c->steps = phase;
        c->sent_bytes = c->recv_bytes = c->wire_bytes = c->reduced_bytes = f * n;
        break;
    case HF_COLL_ALLGATHER:
        c->steps = phase;
        c->sent_bytes = c->recv_bytes = c->wire_bytes = f * n;
        break;
    case HF_COLL_BROADCAST:
        if (algo == HF_COLL_TREE) { /* binomial: the root sends the whole message L times */
            c->steps = L;
            c->sent_bytes = c->wire_bytes = L * n;
        } else { /* binomial scatter (L steps, f n from the root), then the allgather */
            c->steps = L + phase;
            c->sent_bytes = c->wire_bytes = 2 * f * n;
            c->recv_bytes = f * n;
        }
        break;
    }
    return HF_OK;
}

/* Hierarchical (g = per_node ranks per node, N = p / g nodes): rings inside the nodes at
 * alpha_intra and bandwidth_intra, a ring across them on n / g at alpha and bandwidth. The
 * bytes and steps of both phases add up; seconds without the reduction term. */
static hf_err hier(hf_ctx *ctx, hf_coll_op op, int p, double n, const hf_coll_params *par,
                   hf_coll_cost *c)
{
    int g = par->per_node;
    const char *on = hf_coll_op_name(op);
    if (op == HF_COLL_BROADCAST)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective broadcast by hier: not defined (use tree or ring)");
    if (g < 2 || p % g != 0)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s by hier: per_node %d ranks per node must be 2 or more "
                           "and divide the %d ranks",
                           on, g, p);
    if (!(par->alpha_intra >= 0) || !isfinite(par->alpha_intra) || !(par->bandwidth_intra > 0))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s by hier: alpha_intra %g s (>= 0) and bandwidth_intra "
                           "%g B/s (> 0) expected",
                           on, par->alpha_intra, par->bandwidth_intra);
    int N = p / g, two = op == HF_COLL_ALLREDUCE ? 2 : 1;
    double fi = (double)(g - 1) / g, fo = (double)(N - 1) / N;
    double bi = two * fi * n, bo = two * fo * n / g; /* bytes inside, across */
    c->steps = two * (g - 1) + two * (N - 1);
    c->sent_bytes = c->recv_bytes = c->wire_bytes = bi + bo;
    c->reduced_bytes = op == HF_COLL_ALLGATHER ? 0 : fi * n + fo * n / g;
    c->seconds = two * (g - 1) * par->alpha_intra + bi / par->bandwidth_intra +
                 two * (N - 1) * par->alpha + bo / par->bandwidth;
    return HF_OK;
}

/* NCCL's double binary tree, AllReduce (Sanders, Speck and Traeff, "Two-tree algorithms for
 * full bandwidth broadcast, reduction and scan", Parallel Computing 35(12), 2009): each of two
 * complementary trees of depth L = ceil(log2 p) reduces and broadcasts half of the n bytes in
 * k = ceil(n / (2 c)) chunks, pipelined; a rank inner in one tree and a leaf in the other moves,
 * per pipeline step, 3 chunks each way in the first (two children, one parent) and 1 in the
 * second: 4 chunks of n / (2k), i.e. 2n / k. The pipeline runs 2L + k - 1 steps (up and down the
 * trees, then one per chunk); it reduces 2 chunks per step of the first tree: n in all. */
static void dbtree(int p, double n, double chunk, hf_coll_cost *c)
{
    double L = ceil_log2(p), k = n > 0 ? ceil(n / (2 * chunk)) : 1;
    if (k < 1) k = 1;
    c->steps = 2 * L + k - 1;
    c->wire_bytes = c->steps * 2 * n / k;
    c->sent_bytes = c->recv_bytes = 2 * n;
    c->reduced_bytes = n;
}

static hf_err closed_form(hf_ctx *ctx, hf_coll_op op, hf_coll_algo algo, hf_coll_offload offload,
                          int p, double n, const hf_coll_params *par, hf_coll_cost *out);

hf_err hf_coll_closed_form(hf_ctx *ctx, hf_coll_op op, hf_coll_algo algo, hf_coll_offload offload,
                           int p, double n, const hf_coll_params *par, hf_coll_cost *out)
{
    if (algo != HF_COLL_AUTO || offload == HF_COLL_SWITCH) {
        /* the switches aggregate: no algorithm to choose (ring is the one switch accepts) */
        return closed_form(ctx, op, algo == HF_COLL_AUTO ? HF_COLL_RING : algo, offload, p, n,
                           par, out);
    }
    /* auto: the ring first (its refusal, for p or n or a parameter, is the answer when nothing
     * applies), then each other algorithm that applies */
    hf_err rc = closed_form(ctx, op, HF_COLL_RING, offload, p, n, par, out);
    if (rc != HF_OK) return rc;
    static const hf_coll_algo others[] = {HF_COLL_RHD, HF_COLL_TREE, HF_COLL_HIER, HF_COLL_DBTREE};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        hf_coll_algo a = others[i];
        if (a == HF_COLL_RHD && (p & (p - 1)) != 0) continue;
        if (a == HF_COLL_TREE && op != HF_COLL_ALLREDUCE && op != HF_COLL_BROADCAST) continue;
        if (a == HF_COLL_HIER && (op == HF_COLL_BROADCAST || offload == HF_COLL_NIC ||
                                  par->per_node < 2 || p % par->per_node != 0 ||
                                  !(par->bandwidth_intra > 0)))
            continue;
        if (a == HF_COLL_DBTREE && op != HF_COLL_ALLREDUCE) continue;
        hf_coll_cost c;
        if (closed_form(ctx, op, a, offload, p, n, par, &c) == HF_OK && c.seconds < out->seconds)
            *out = c;
    }
    ctx->errmsg[0] = '\0'; /* a refusal of an algorithm auto tried is no error of the call */
    ctx->errcode = HF_OK;
    return HF_OK;
}

static hf_err closed_form(hf_ctx *ctx, hf_coll_op op, hf_coll_algo algo, hf_coll_offload offload,
                          int p, double n, const hf_coll_params *par, hf_coll_cost *out)
{
    memset(out, 0, sizeof *out);
    out->algo = algo;
    if ((int)op < 0 || (int)op >= COUNT(op_names) || (int)algo < 0 ||
        (int)algo >= COUNT(algo_names) || (int)offload < 0 || (int)offload >= COUNT(offload_names))
        return hf_ctx_fail(ctx, HF_EINPUT, "collective: unknown operation, algorithm or offload");
    const char *on = hf_coll_op_name(op);
    if (p < 2 || p > (1 << 24))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s: %d rank%s (a group needs 2 to %d; one rank has "
                           "nothing to exchange)",
                           on, p, p == 1 ? "" : "s", 1 << 24);
    if (!(n >= 0) || !isfinite(n))
        return hf_ctx_fail(ctx, HF_EINPUT, "collective %s: size %g bytes (>= 0 expected)", on, n);
    if (!(par->alpha >= 0) || !isfinite(par->alpha) || !(par->bandwidth > 0) ||
        !(par->reduce_bw >= 0))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s: alpha %g s (>= 0), bandwidth %g B/s (> 0), reduce_bw "
                           "%g B/s (>= 0, 0 = free) out of range",
                           on, par->alpha, par->bandwidth, par->reduce_bw);
    if (offload == HF_COLL_SWITCH) {
        if (op != HF_COLL_ALLREDUCE)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "collective %s with switch offload: in-network aggregation does "
                               "allreduce only",
                               on);
        if (algo != HF_COLL_RING)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "collective allreduce with switch offload: algorithm %s does not "
                               "apply (the switches aggregate; leave the algorithm ring)",
                               hf_coll_algo_name(algo));
        if (par->levels < 1)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "collective allreduce with switch offload: levels %d (>= 1 switch "
                               "levels to the aggregation tree's root)",
                               par->levels);
        /* each rank streams its n bytes up and the result down, the switches aggregating at
         * line rate or at their own rate when lower; one latency per level each way */
        double rate = par->reduce_bw > 0 ? fmin(par->bandwidth, par->reduce_bw) : par->bandwidth;
        out->steps = 2.0 * par->levels;
        out->sent_bytes = out->recv_bytes = out->wire_bytes = n;
        out->hbm_bytes = 2 * n;
        out->seconds = out->steps * par->alpha + n / rate;
        return HF_OK;
    }
    if (offload == HF_COLL_NIC && (op == HF_COLL_ALLGATHER || op == HF_COLL_BROADCAST))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s with nic offload: nothing to reduce (use gpu offload: "
                           "the copies are the same)",
                           on);
    if (offload == HF_COLL_NIC && algo == HF_COLL_HIER)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "collective %s by hier with nic offload: the phases inside a node do "
                           "not cross a NIC (use gpu offload for hier, or ring with nic)",
                           on);
    if (algo == HF_COLL_HIER) {
        hf_err rc = hier(ctx, op, p, n, par, out);
        if (rc != HF_OK) return rc;
    } else if (algo == HF_COLL_DBTREE) {
        if (op != HF_COLL_ALLREDUCE)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "collective %s by dbtree: the double binary tree does allreduce "
                               "only (use ring, rhd or tree)",
                               on);
        if (!(par->chunk >= 0) || !isfinite(par->chunk))
            return hf_ctx_fail(ctx, HF_EINPUT, "collective allreduce by dbtree: chunk %g bytes "
                               "(>= 0, 0 = 512 KiB)", par->chunk);
        dbtree(p, n, par->chunk > 0 ? par->chunk : 512.0 * 1024, out);
        out->seconds = out->steps * par->alpha + out->wire_bytes / par->bandwidth;
    } else {
        hf_err rc = counts(ctx, op, algo, p, n, out);
        if (rc != HF_OK) return rc;
        out->seconds = out->steps * par->alpha + out->wire_bytes / par->bandwidth;
    }
    if (par->reduce_bw > 0) out->seconds += out->reduced_bytes / par->reduce_bw;
    if (offload == HF_COLL_GPU)
        out->hbm_bytes = out->sent_bytes + out->recv_bytes + 3 * out->reduced_bytes;
    else /* the NIC reads each input byte once and writes each result byte once */
        out->hbm_bytes = n + (op == HF_COLL_ALLREDUCE ? n : n / p);
    return HF_OK;
}

/* ---- the schedule, step by step (sim/net/collsim.c runs it) ---- */

int hf_coll_nsteps(hf_coll_op op, hf_coll_algo algo, int p, int per_node)
{
    int L = ceil_log2(p), twophase = op == HF_COLL_ALLREDUCE;
    if (p < 2) return 0;
    switch (algo) {
    case HF_COLL_HIER:
        if (op == HF_COLL_BROADCAST || per_node < 2 || p % per_node != 0) return 0;
        return (twophase ? 2 : 1) * (per_node - 1 + p / per_node - 1);
    case HF_COLL_RING:
        if (op == HF_COLL_BROADCAST) return 0;
        return (twophase ? 2 : 1) * (p - 1);
    case HF_COLL_RHD:
        if (op == HF_COLL_BROADCAST || (p & (p - 1)) != 0) return 0;
        return (twophase ? 2 : 1) * L;
    case HF_COLL_TREE:
        if (op == HF_COLL_ALLREDUCE) return 2 * L;
        return op == HF_COLL_BROADCAST ? L : 0;
    case HF_COLL_DBTREE: /* closed form only */
    case HF_COLL_AUTO:
        return 0;
    }
    return 0;
}

/* Binomial reduce to rank 0, step k of L: rank r with r mod 2^(k+1) = 2^k sends the whole
 * message to r - 2^k, which receives and reduces it. */
static void tree_reduce(int p, double n, int r, int k, hf_coll_action *a)
{
    long d = 1L << k;
    if (r % (2 * d) == d) {
        a->send_to = (int)(r - d);
        a->bytes = n;
    } else if (r % (2 * d) == 0 && r + d < p) {
        a->recv_from = (int)(r + d);
        a->bytes = a->reduce = n;
    }
}

/* Binomial broadcast from rank 0, step k of L: distance d = 2^(L-1-k); rank r with r mod 2d = 0
 * sends to r + d (when it exists), which receives. */
static void tree_bcast(int p, int L, double n, int r, int k, hf_coll_action *a)
{
    long d = 1L << (L - 1 - k);
    if (r % (2 * d) == 0 && r + d < p) {
        a->send_to = (int)(r + d);
        a->bytes = n;
    } else if (r % (2 * d) == d) {
        a->recv_from = (int)(r - d);
        a->bytes = n;
    }
}

/* Hierarchical step s of rank r (hf_coll_step): phases in order, each a ring inside the node
 * (peers of the same node, n / g a step) or across (peers of the same local index, n / (g N)). */
static void hier_step(hf_coll_op op, int p, int g, double n, int r, int s, hf_coll_action *a)
{
    int N = p / g, node = r / g, local = r % g;
    /* the phases: 0 intra reduce-scatter, 1 inter reduce-scatter, 2 inter allgather, 3 intra
     * allgather; AllReduce runs 0 1 2 3, ReduceScatter 0 1, AllGather 2 3 */
    int first = op == HF_COLL_ALLGATHER ? 2 : 0, last = op == HF_COLL_REDUCESCATTER ? 1 : 3;
    for (int ph = first; ph <= last; ph++) {
        int intra = ph == 0 || ph == 3, len = intra ? g - 1 : N - 1;
        if (s >= len) {
            s -= len;
            continue;
        }
        if (intra) {
            a->send_to = node * g + (local + 1) % g;
            a->recv_from = node * g + (local + g - 1) % g;
            a->bytes = n / g;
        } else {
            a->send_to = ((node + 1) % N) * g + local;
            a->recv_from = ((node + N - 1) % N) * g + local;
            a->bytes = n / g / N;
        }
        if (ph <= 1) a->reduce = a->bytes;
        return;
    }
}

void hf_coll_dbtree_node(int p, int t, int r, int *parent, int *c0, int *c1)
{
    int pos = t == 0 ? r : (r + p - 1) % p; /* tree 1: rank r sits at position r - 1 */
    int lo = 0, hi = p - 1, up = -1;
    *parent = *c0 = *c1 = -1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (pos == mid) {
            if (lo <= mid - 1) *c0 = lo + (mid - 1 - lo) / 2;
            if (mid + 1 <= hi) *c1 = mid + 1 + (hi - mid - 1) / 2;
            break;
        }
        up = mid;
        if (pos < mid)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    /* positions back to ranks */
    int shift = t == 0 ? 0 : 1;
    if (up >= 0) *parent = (up + shift) % p;
    if (*c0 >= 0) *c0 = (*c0 + shift) % p;
    if (*c1 >= 0) *c1 = (*c1 + shift) % p;
}

void hf_coll_step(hf_coll_op op, hf_coll_algo algo, int p, int per_node, double n, int r, int s,
                  hf_coll_action *a)
{
    *a = (hf_coll_action){-1, -1, 0, 0};
    int L = ceil_log2(p);
    if (algo == HF_COLL_HIER) {
        hier_step(op, p, per_node, n, r, s, a);
        return;
    }
    if (algo == HF_COLL_TREE) {
        if (op == HF_COLL_ALLREDUCE && s < L)
            tree_reduce(p, n, r, s, a);
        else
            tree_bcast(p, L, n, r, op == HF_COLL_ALLREDUCE ? s - L : s, a);
        return;
    }
    /* reduce-scatter steps reduce what they receive; allgather steps only copy */
    int reducing = op == HF_COLL_REDUCESCATTER || (op == HF_COLL_ALLREDUCE &&
                                                   s < (algo == HF_COLL_RING ? p - 1 : L));
    if (algo == HF_COLL_RING) {
        a->send_to = (r + 1) % p;
        a->recv_from = (r + p - 1) % p;
        a->bytes = n / p;
    } else if (reducing) { /* recursive halving: partner p/2^(k+1) away, half the data left */
        int k = s;
        long d = (long)p >> (k + 1);
        a->send_to = a->recv_from = (int)(r ^ d);
        a->bytes = n / (double)(2L << k);
    } else { /* recursive doubling: partner 2^k away, 2^k shares of n / p */
        int k = op == HF_COLL_ALLREDUCE ? s - L : s;
        long d = 1L << k;
        a->send_to = a->recv_from = (int)(r ^ d);
        a->bytes = n / p * (double)d;
    }
    if (reducing) a->reduce = a->bytes;
}
