/* test_coll.c: collectives in closed form (sim/net/coll.c, docs/models/collectives.md) against
 * values worked by hand. Unless said otherwise: alpha = 10 us, bandwidth = 10 GB/s, reduce_bw =
 * 100 GB/s, n = 100 MB = 1e8 B; f = (p - 1) / p, L = ceil(log2 p). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "hetflow/hetflow.h"
#include "net/coll.h"

static hf_ctx *ctx;
static const hf_coll_params base = {.alpha = 10e-6, .bandwidth = 10e9, .reduce_bw = 100e9};

static hf_coll_cost cost(hf_coll_op op, hf_coll_algo a, hf_coll_offload o, int p,
                         const hf_coll_params *par)
{
    hf_coll_cost c;
    hf_err e = hf_coll_closed_form(ctx, op, a, o, p, 1e8, par, &c);
    CHECK(e == HF_OK);
    if (e != HF_OK) fprintf(stderr, "  %s\n", ctx->errmsg);
    return c;
}

/* Ring AllReduce: 2(p-1) alpha + 2 f n / B + f n / R (Patarasuk and Yuan 2009).
 *   p = 2: 20 us + 1e8 / 1e10 = 10 ms + 0.5e8 / 1e11 = 0.5 ms -> 0.01052 s
 *   p = 4: 60 us + 15 ms + 0.75 ms -> 0.01581 s
 *   p = 8: 140 us + 17.5 ms + 0.875 ms -> 0.018515 s
 * GPU memory: sent 2fn + received 2fn + 3 x reduced fn = 7 f n: 3.5e8, 5.25e8, 6.125e8 B. */
static void ring_allreduce(void)
{
    static const int ps[] = {2, 4, 8};
    static const double secs[] = {0.01052, 0.01581, 0.018515}, hbm[] = {3.5e8, 5.25e8, 6.125e8};
    for (int i = 0; i < 3; i++) {
        hf_coll_cost c = cost(HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_GPU, ps[i], &base);
        CHECK_NEAR(c.seconds, secs[i], 1e-12);
        CHECK_NEAR(c.hbm_bytes, hbm[i], 1e-12);
        CHECK(c.steps == 2.0 * (ps[i] - 1));
    }
}

/* Recursive halving-doubling (Rabenseifner; Thakur et al. 2005): 2 log2(p) alpha + the ring's
 * bytes. p = 8: 60 us + 17.5 ms + 0.875 ms = 0.018435 s; p = 2: 20 us + 10.5 ms = 0.01052 s,
 * as the ring. */
static void rhd_allreduce(void)
{
    hf_coll_cost c = cost(HF_COLL_ALLREDUCE, HF_COLL_RHD, HF_COLL_GPU, 8, &base);
    CHECK_NEAR(c.seconds, 0.018435, 1e-12);
    CHECK(c.steps == 6);
    c = cost(HF_COLL_ALLREDUCE, HF_COLL_RHD, HF_COLL_GPU, 2, &base);
    CHECK_NEAR(c.seconds, 0.01052, 1e-12);
}

/* Binomial tree AllReduce (reduce, then broadcast): L (alpha + n/B + n/R) + L (alpha + n/B).
 * p = 8, L = 3: 60 us + 6e8 / 1e10 = 60 ms + 3e8 / 1e11 = 3 ms -> 0.06306 s; the root's GPU
 * memory: 3e8 received + 3e8 sent + 3 x 3e8 reduced = 1.5e9 B. p = 5 has L = 3 too. */
static void tree_allreduce(void)
{
    hf_coll_cost c = cost(HF_COLL_ALLREDUCE, HF_COLL_TREE, HF_COLL_GPU, 8, &base);
    CHECK_NEAR(c.seconds, 0.06306, 1e-12);
    CHECK_NEAR(c.hbm_bytes, 1.5e9, 1e-12);
    hf_coll_cost c5 = cost(HF_COLL_ALLREDUCE, HF_COLL_TREE, HF_COLL_GPU, 5, &base);
    CHECK_NEAR(c5.seconds, 0.06306, 1e-12);
    c = cost(HF_COLL_ALLREDUCE, HF_COLL_TREE, HF_COLL_GPU, 2, &base); /* L = 1 */
    CHECK_NEAR(c.seconds, 20e-6 + 0.02 + 0.001, 1e-12);
}

/* The other operations.
 *   ReduceScatter, ring, p = 4: 3 alpha + f n / B + f n / R = 30 us + 7.5 ms + 0.75 ms = 0.00828
 *   AllGather, rhd, p = 4: 2 alpha + f n / B = 20 us + 7.5 ms = 0.00752 s
 *   Broadcast, tree, p = 8: 3 (alpha + n / B) = 0.03003 s
 *   Broadcast, ring (scatter, then ring allgather), p = 4: (2 + 3) alpha + 2 f n / B =
 *     50 us + 15 ms = 0.01505 s */
static void other_ops(void)
{
    hf_coll_cost c = cost(HF_COLL_REDUCESCATTER, HF_COLL_RING, HF_COLL_GPU, 4, &base);
    CHECK_NEAR(c.seconds, 0.00828, 1e-12);
    c = cost(HF_COLL_ALLGATHER, HF_COLL_RHD, HF_COLL_GPU, 4, &base);
    CHECK_NEAR(c.seconds, 0.00752, 1e-12);
    CHECK(c.reduced_bytes == 0 && c.hbm_bytes == 2 * 0.75e8);
    c = cost(HF_COLL_BROADCAST, HF_COLL_TREE, HF_COLL_GPU, 8, &base);
    CHECK_NEAR(c.seconds, 0.03003, 1e-12);
    c = cost(HF_COLL_BROADCAST, HF_COLL_RING, HF_COLL_GPU, 4, &base);
    CHECK_NEAR(c.seconds, 0.01505, 1e-12);
}

/* Offload.
 *   NIC, ring AllReduce, p = 4, the NIC reducing at 50 GB/s: 60 us + 15 ms + 0.75e8 / 5e10 =
 *     1.5 ms -> 0.01656 s; GPU memory 1e8 read + 1e8 written = 2e8 B (GPU offload: 5.25e8)
 *   switch, AllReduce over 1024 ranks, 2 levels, alpha 1 us, 25 GB/s links: 4 alpha + n / B =
 *     4 us + 4 ms = 0.004004 s; each rank sends n = 1e8 B where the ring sends 2 f n =
 *     1.998e8: in-network aggregation halves the volume (SHARP); GPU memory 2e8 B
 *   switch aggregating at 20 GB/s, below the links: n / 2e10 = 5 ms -> 0.005004 s */
static void offload(void)
{
    hf_coll_params nic = base;
    nic.reduce_bw = 50e9;
    hf_coll_cost c = cost(HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_NIC, 4, &nic);
    CHECK_NEAR(c.seconds, 0.01656, 1e-12);
    CHECK_NEAR(c.hbm_bytes, 2e8, 1e-12);
    hf_coll_params sw = {.alpha = 1e-6, .bandwidth = 25e9, .levels = 2};
    c = cost(HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_SWITCH, 1024, &sw);
    CHECK_NEAR(c.seconds, 0.004004, 1e-12);
    CHECK(c.sent_bytes == 1e8 && c.hbm_bytes == 2e8 && c.reduced_bytes == 0);
    hf_coll_cost r = cost(HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_GPU, 1024, &sw);
    CHECK_NEAR(r.sent_bytes / c.sent_bytes, 2.0 * 1023 / 1024, 1e-12);
    sw.reduce_bw = 20e9;
    c = cost(HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_SWITCH, 1024, &sw);
    CHECK_NEAR(c.seconds, 0.005004, 1e-12);
}

/* Hierarchical, 8 ranks on 2 nodes of 4 (g = 4, N = 2): inside a node alpha 1 us and 100 GB/s,
 * across alpha 10 us and 10 GB/s, reduction at 100 GB/s.
 *   AllReduce: inside 6 x 1 us + 2 x 3/4 x 1e8 / 1e11 = 1.5 ms; across 2 x 10 us + 2 x 1/2 x
 *     1e8/4 / 1e10 = 2.5 ms; reduced 3/4 x 1e8 + 1/2 x 2.5e7 = 8.75e7 B: 0.875 ms -> 0.004901 s
 *     (the flat ring at 10 GB/s: 0.018515 s)
 *   ReduceScatter: 3 x 1 us + 0.75 ms + 10 us + 1.25 ms + 0.875 ms = 0.002888 s
 *   AllGather: 3 us + 0.75 ms + 10 us + 1.25 ms = 0.002013 s */
static void hier_closed(void)
{
    hf_coll_params par = base;
    par.per_node = 4;
    par.alpha_intra = 1e-6;
    par.bandwidth_intra = 100e9;
    hf_coll_cost c = cost(HF_COLL_ALLREDUCE, HF_COLL_HIER, HF_COLL_GPU, 8, &par);
    CHECK_NEAR(c.seconds, 0.004901, 1e-12);
    CHECK(c.steps == 8 && c.reduced_bytes == 8.75e7 && c.sent_bytes == 1.75e8);
    c = cost(HF_COLL_REDUCESCATTER, HF_COLL_HIER, HF_COLL_GPU, 8, &par);
    CHECK_NEAR(c.seconds, 0.002888, 1e-12);
    c = cost(HF_COLL_ALLGATHER, HF_COLL_HIER, HF_COLL_GPU, 8, &par);
    CHECK_NEAR(c.seconds, 0.002013, 1e-12);
    struct {
        hf_coll_op op;
        int p, g;
        double bwi;
        const char *msg;
    } bad[] = {
        {HF_COLL_BROADCAST, 8, 4, 1e9, "broadcast by hier: not defined"},
        {HF_COLL_ALLREDUCE, 8, 3, 1e9, "per_node 3 ranks per node must be 2 or more and divide "
                                       "the 8 ranks"},
        {HF_COLL_ALLREDUCE, 8, 1, 1e9, "per_node 1 ranks"},
        {HF_COLL_ALLREDUCE, 8, 4, 0, "bandwidth_intra 0 B/s (> 0) expected"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hf_coll_params q = base;
        q.per_node = bad[i].g;
        q.bandwidth_intra = bad[i].bwi;
        CHECK(hf_coll_closed_form(ctx, bad[i].op, HF_COLL_HIER, HF_COLL_GPU, bad[i].p, 1e8, &q,
                                  &c) == HF_EINPUT);
        CHECK(strstr(ctx->errmsg, bad[i].msg) != NULL);
        if (!strstr(ctx->errmsg, bad[i].msg))
            fprintf(stderr, "  hier case %zu: '%s' lacks '%s'\n", i, ctx->errmsg, bad[i].msg);
    }
}

/* NCCL-tests' bus bandwidth for AllReduce, algbw x 2(p-1)/p with algbw = n / t, is the link
 * bandwidth itself for the ring when latency and reduction are free. */
static void bus_bandwidth(void)
{
    hf_coll_params par = {.bandwidth = 10e9};
    static const int ps[] = {2, 8, 1024, 100000};
    for (int i = 0; i < 4; i++) {
        hf_coll_cost c = cost(HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_GPU, ps[i], &par);
        double busbw = 1e8 / c.seconds * 2.0 * (ps[i] - 1) / ps[i];
        CHECK_NEAR(busbw, 10e9, 1e-12);
    }
}

/* Bad input: each refused with a message naming what is wrong. */
static void errors(void)
{
    struct {
        hf_coll_op op;
        hf_coll_algo a;
        hf_coll_offload o;
        int p;
        double n;
        int levels;
        double bw;
        const char *msg;
    } bad[] = {
        {HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_GPU, 1, 1e8, 0, 10e9, "1 rank (a group needs 2"},
        {HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_GPU, 0, 1e8, 0, 10e9, "0 ranks"},
        {HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_GPU, 4, -1, 0, 10e9, "size -1 bytes"},
        {HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_GPU, 4, NAN, 0, 10e9, "size nan bytes"},
        {HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_GPU, 4, 1e8, 0, 0, "bandwidth 0 B/s"},
        {HF_COLL_ALLREDUCE, HF_COLL_RHD, HF_COLL_GPU, 6, 1e8, 0, 10e9, "6 ranks, recursive "
                                                                       "halving-doubling needs a "
                                                                       "power of two"},
        {HF_COLL_REDUCESCATTER, HF_COLL_TREE, HF_COLL_GPU, 4, 1e8, 0, 10e9,
         "reducescatter by tree"},
        {HF_COLL_ALLGATHER, HF_COLL_RING, HF_COLL_SWITCH, 4, 1e8, 2, 10e9,
         "allgather with switch offload"},
        {HF_COLL_ALLREDUCE, HF_COLL_RING, HF_COLL_SWITCH, 4, 1e8, 0, 10e9, "levels 0"},
        {HF_COLL_BROADCAST, HF_COLL_TREE, HF_COLL_NIC, 4, 1e8, 0, 10e9,
         "broadcast with nic offload: nothing to reduce"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hf_coll_params par = {.alpha = 10e-6, .bandwidth = bad[i].bw, .levels = bad[i].levels};
        hf_coll_cost c;
        hf_err e = hf_coll_closed_form(ctx, bad[i].op, bad[i].a, bad[i].o, bad[i].p, bad[i].n,
                                       &par, &c);
        CHECK(e == HF_EINPUT);
        CHECK(strstr(ctx->errmsg, bad[i].msg) != NULL);
        if (!strstr(ctx->errmsg, bad[i].msg))
            fprintf(stderr, "  case %zu: '%s' lacks '%s'\n", i, ctx->errmsg, bad[i].msg);
    }
    hf_coll_op op;
    hf_coll_algo a;
    hf_coll_offload o;
    CHECK(hf_coll_op_parse("allreduce", &op) == 0 && op == HF_COLL_ALLREDUCE);
    CHECK(hf_coll_algo_parse("rhd", &a) == 0 && a == HF_COLL_RHD);
    CHECK(hf_coll_offload_parse("switch", &o) == 0 && o == HF_COLL_SWITCH);
    CHECK(hf_coll_op_parse("AllReduce", &op) == -1 && hf_coll_algo_parse(NULL, &a) == -1);
    CHECK(strcmp(hf_coll_op_name(HF_COLL_REDUCESCATTER), "reducescatter") == 0);
}

/* The step-by-step schedule (hf_coll_step) adds up to the closed form: as many steps, and per
 * rank (the root for the tree) the same bytes sent, received and reduced; every send at a step
 * is the receive its peer expects at that step, of the same size. */
static void schedule(void)
{
    struct {
        hf_coll_op op;
        hf_coll_algo a;
        int p, g;
    } cases[] = {
        {HF_COLL_ALLREDUCE, HF_COLL_HIER, 8, 4},  {HF_COLL_REDUCESCATTER, HF_COLL_HIER, 6, 2},
        {HF_COLL_ALLGATHER, HF_COLL_HIER, 12, 3}, {HF_COLL_ALLREDUCE, HF_COLL_HIER, 4, 4},
        {HF_COLL_ALLREDUCE, HF_COLL_RING, 2, 0},  {HF_COLL_ALLREDUCE, HF_COLL_RING, 5, 0},
        {HF_COLL_ALLREDUCE, HF_COLL_RHD, 8, 0},   {HF_COLL_ALLREDUCE, HF_COLL_TREE, 8, 0},
        {HF_COLL_ALLREDUCE, HF_COLL_TREE, 5, 0},  {HF_COLL_REDUCESCATTER, HF_COLL_RING, 6, 0},
        {HF_COLL_REDUCESCATTER, HF_COLL_RHD, 4, 0}, {HF_COLL_ALLGATHER, HF_COLL_RING, 3, 0},
        {HF_COLL_ALLGATHER, HF_COLL_RHD, 16, 0},  {HF_COLL_BROADCAST, HF_COLL_TREE, 6, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int p = cases[i].p, g = cases[i].g, S = hf_coll_nsteps(cases[i].op, cases[i].a, p, g);
        hf_coll_params par = base;
        par.per_node = g;
        par.bandwidth_intra = 100e9;
        hf_coll_cost c = cost(cases[i].op, cases[i].a, HF_COLL_GPU, p, &par);
        CHECK(S == (int)c.steps);
        int tree = cases[i].a == HF_COLL_TREE;
        for (int r = 0; r < (tree ? 1 : p); r++) {
            double sent = 0, recv = 0, red = 0;
            for (int s = 0; s < S; s++) {
                hf_coll_action x, y;
                hf_coll_step(cases[i].op, cases[i].a, p, g, 1e8, r, s, &x);
                if (x.send_to >= 0) {
                    sent += x.bytes;
                    hf_coll_step(cases[i].op, cases[i].a, p, g, 1e8, x.send_to, s, &y);
                    CHECK(y.recv_from == r && y.bytes == x.bytes);
                }
                if (x.recv_from >= 0) recv += x.bytes;
                red += x.reduce;
            }
            CHECK_NEAR(sent, c.sent_bytes, 1e-12);
            CHECK_NEAR(recv, c.recv_bytes, 1e-12);
            CHECK_NEAR(red, c.reduced_bytes, 1e-12);
        }
    }
    CHECK(hf_coll_nsteps(HF_COLL_ALLREDUCE, HF_COLL_RHD, 6, 0) == 0);
    CHECK(hf_coll_nsteps(HF_COLL_BROADCAST, HF_COLL_RING, 4, 0) == 0);
}

/* NCCL's double binary tree, AllReduce: L = ceil(log2 p), k = ceil(n / (2 chunk)) chunks a
 * tree, 2L + k - 1 pipeline steps of 2n / k bytes each way; sent = received = 2n, reduced n.
 *   p = 8, n = 1e8, chunk 512 KiB: k = ceil(1e8 / 1048576) = 96, steps 6 + 95 = 101,
 *     wire 101 x 2e8 / 96 = 2.1041666...e8 B: 1.01 ms + 21.041666 ms + 1e8 / 1e11 = 1 ms
 *     -> 0.023051666... s; GPU memory 2e8 + 2e8 + 3 x 1e8 = 7e8 B
 *   chunk 50 MB: k = 1, 6 steps of 2e8: 60 us + 120 ms + 1 ms = 0.12106 s
 * auto, the least time of the algorithms that apply:
 *   p = 8, n = 1e8: ring 18.515 ms, rhd 18.435 ms, tree 63.06 ms, dbtree 23.05 ms -> rhd
 *   p = 6, n = 8 B: ring 10 steps (100 us), tree 6 steps: 60 us + 48 / 1e10 + 24 / 1e11 =
 *     60.00504 ns over 60 us; dbtree 6 steps: 60 us + 96 / 1e10 + 8 / 1e11 = 60.00968 ns
 *     over -> tree (rhd does not apply) */
static void dbtree_auto(void)
{
    hf_coll_cost c = cost(HF_COLL_ALLREDUCE, HF_COLL_DBTREE, HF_COLL_GPU, 8, &base);
    CHECK(c.steps == 101);
    CHECK_NEAR(c.wire_bytes, 101 * 2e8 / 96, 1e-12);
    CHECK_NEAR(c.seconds, 101 * 10e-6 + 101 * 2e8 / 96 / 1e10 + 1e-3, 1e-12);
    CHECK_NEAR(c.hbm_bytes, 7e8, 1e-12);
    CHECK(c.algo == HF_COLL_DBTREE);
    hf_coll_params big = base;
    big.chunk = 5e7;
    c = cost(HF_COLL_ALLREDUCE, HF_COLL_DBTREE, HF_COLL_GPU, 8, &big);
    CHECK_NEAR(c.seconds, 0.12106, 1e-12);
    c = cost(HF_COLL_ALLREDUCE, HF_COLL_AUTO, HF_COLL_GPU, 8, &base);
    CHECK(c.algo == HF_COLL_RHD);
    CHECK_NEAR(c.seconds, 0.018435, 1e-12);
    hf_coll_cost t;
    CHECK(hf_coll_closed_form(ctx, HF_COLL_ALLREDUCE, HF_COLL_AUTO, HF_COLL_GPU, 6, 8, &base,
                              &t) == HF_OK);
    CHECK(t.algo == HF_COLL_TREE);
    CHECK_NEAR(t.seconds, 60e-6 + 48 / 1e10 + 24 / 1e11, 1e-15);
    CHECK(ctx->errcode == HF_OK && ctx->errmsg[0] == '\0');
    /* dbtree does allreduce only; auto with nothing that applies reports the ring's refusal */
    CHECK(hf_coll_closed_form(ctx, HF_COLL_ALLGATHER, HF_COLL_DBTREE, HF_COLL_GPU, 8, 1e8, &base,
                              &t) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "allgather by dbtree: the double binary tree does allreduce");
    CHECK(hf_coll_closed_form(ctx, HF_COLL_ALLREDUCE, HF_COLL_AUTO, HF_COLL_GPU, 1, 1e8, &base,
                              &t) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "1 rank (a group needs 2");
    /* switch offload: the switches aggregate, auto is the one algorithm it takes */
    hf_coll_params sw = base;
    sw.levels = 1;
    CHECK(hf_coll_closed_form(ctx, HF_COLL_ALLREDUCE, HF_COLL_AUTO, HF_COLL_SWITCH, 8, 1e8, &sw,
                              &t) == HF_OK);
    CHECK(t.algo == HF_COLL_RING && t.sent_bytes == 1e8);
    /* nic offload by hier is refused: the phases inside a node do not cross a NIC */
    hf_coll_params h = base;
    h.per_node = 4;
    h.bandwidth_intra = 100e9;
    CHECK(hf_coll_closed_form(ctx, HF_COLL_ALLREDUCE, HF_COLL_HIER, HF_COLL_NIC, 8, 1e8, &h, &t) ==
          HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "by hier with nic offload");
    /* auto considers hier when per_node is given: 4 per node at 100 GB/s inside wins */
    CHECK(hf_coll_closed_form(ctx, HF_COLL_ALLREDUCE, HF_COLL_AUTO, HF_COLL_GPU, 8, 1e8, &h, &t) ==
          HF_OK);
    CHECK(t.algo == HF_COLL_HIER);
}

/* The double binary tree's nodes (hf_coll_dbtree_node). p = 7: tree 0 is the in-order tree
 * over ranks 0..6: root 3, children 1 and 5; 1 has 0 and 2, 5 has 4 and 6. Tree 1 puts rank r at
 * position r - 1: root rank 4 (position 3), children 2 and 6, then 1, 3 under 2 and 5, 0 under 6.
 * Inner ranks: 1, 3, 5 in tree 0, 2, 4, 6 in tree 1: none inner in both. For every p up to 64
 * and both trees: one root, every other rank's parent lists it as a child, depth at most
 * ceil(log2(p + 1)). */
static void dbtree_nodes(void)
{
    int pa, c0, c1;
    hf_coll_dbtree_node(7, 0, 3, &pa, &c0, &c1);
    CHECK(pa == -1 && c0 == 1 && c1 == 5);
    hf_coll_dbtree_node(7, 0, 1, &pa, &c0, &c1);
    CHECK(pa == 3 && c0 == 0 && c1 == 2);
    hf_coll_dbtree_node(7, 1, 4, &pa, &c0, &c1);
    CHECK(pa == -1 && c0 == 2 && c1 == 6);
    hf_coll_dbtree_node(7, 1, 6, &pa, &c0, &c1);
    CHECK(pa == 4 && c0 == 5 && c1 == 0);
    for (int r = 0; r < 7; r++) {
        int a0, a1, b0, b1, x, y;
        hf_coll_dbtree_node(7, 0, r, &x, &a0, &a1);
        hf_coll_dbtree_node(7, 1, r, &y, &b0, &b1);
        CHECK(!((a0 >= 0 || a1 >= 0) && (b0 >= 0 || b1 >= 0)));
    }
    for (int p = 2; p <= 64; p++)
        for (int t = 0; t < 2; t++) {
            int roots = 0, ok = 1, deep = 0, L = 0;
            while ((1 << L) < p + 1)
                L++;
            for (int r = 0; r < p; r++) {
                hf_coll_dbtree_node(p, t, r, &pa, &c0, &c1);
                if (pa < 0) {
                    roots++;
                    continue;
                }
                int q0, q1, qp;
                hf_coll_dbtree_node(p, t, pa, &qp, &q0, &q1);
                ok &= q0 == r || q1 == r;
                int d = 0, u = r;
                while (u >= 0 && d <= p) {
                    hf_coll_dbtree_node(p, t, u, &qp, &q0, &q1);
                    u = qp;
                    d++;
                }
                if (d > deep) deep = d;
            }
            CHECK(roots == 1 && ok && deep <= L);
        }
}

int main(void)
{
    ctx = hf_ctx_new();
    ring_allreduce();
    rhd_allreduce();
    tree_allreduce();
    other_ops();
    offload();
    bus_bandwidth();
    errors();
    schedule();
    hier_closed();
    dbtree_auto();
    dbtree_nodes();
    hf_ctx_free(ctx);
    return hf_check_summary();
}
