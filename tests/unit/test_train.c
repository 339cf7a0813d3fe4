/* test_train.c: a training step with HBM shared between compute and the gradient AllReduce
 * (sim/net/train.c, docs/models/collectives.md#training-step-and-gpu-memory-bandwidth) against
 * timelines worked by hand. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "hetflow/hetflow.h"
#include "net/train.h"

static hf_ctx *ctx;

/* Max-min shares of w = 10 between two capped flows. */
static void shares(void)
{
    double x, y;
    hf_train_share(10, 3, 4, &x, &y); /* 3 + 4 <= 10: both capped */
    CHECK(x == 3 && y == 4);
    hf_train_share(10, 3, 9, &x, &y); /* 3 <= 5 keeps its cap, the other the rest */
    CHECK(x == 3 && y == 7);
    hf_train_share(10, 8, 3, &x, &y); /* 3 <= 5 keeps its cap */
    CHECK(x == 7 && y == 3);
    hf_train_share(10, 6, 7, &x, &y); /* both above 5: 5 each */
    CHECK(x == 5 && y == 5);
    hf_train_share(10, 0, 12, &x, &y); /* one flow alone: its cap, at most w */
    CHECK(x == 0 && y == 10);
    hf_train_share(10, 4, 0, &x, &y);
    CHECK(x == 4 && y == 0);
}

/* The base case: P = 1e15 flop/s at e = 1, W = 1 TB/s; no forward pass; a backward pass of
 * 1e9 HBM bytes and no flops (bandwidth-bound); 100 MB of gradients in 2 buckets of 50 MB;
 * ring AllReduce over 4 GPUs at 10 GB/s, alpha 0, reduction free, GPU offload. */
static hf_train_spec base(void)
{
    hf_train_spec s = {.peak = 1e15,
                       .efficiency = 1,
                       .hbm = 1e12,
                       .bwd_bytes = 1e9,
                       .opt_bytes = 1e9,
                       .grad_bytes = 1e8,
                       .bucket = 5e7,
                       .ranks = 4,
                       .algo = HF_COLL_RING,
                       .offload = HF_COLL_GPU,
                       .net = {.bandwidth = 10e9, .levels = 1}};
    return s;
}

/* A kernel and an AllReduce sharing a GPU.
 * One bucket of 5e7 B: T = 2 f n / B = 2 x 0.75 x 5e7 / 1e10 = 7.5 ms; H = 7 f n = 2.625e8 B;
 * cap H / T = 3.5e10 B/s. A backward chunk: 5e8 B, alone 0.5 ms, cap W = 1e12.
 *   0 .. 0.5 ms        chunk 1 alone                                   -> bucket 0 ready
 *   0.5 ms ..          chunk 2 (cap 1e12) with bucket 0 (cap 3.5e10): 1.035e12 > W, 3.5e10 <=
 *                      W/2 keeps its cap, chunk 2 gets 9.65e11: 5e8 / 9.65e11 = 0.518134715 ms
 *   1.018134715 ms     chunk 2 done (bucket 1 ready, waits for bucket 0)
 *   8.0 ms             bucket 0 done (never slowed: 0.5 + 7.5)
 *   15.5 ms            bucket 1 done, alone
 *   16.5 ms            optimizer, 1e9 B at 1e12, done
 * compute 0.5 + 0.518134715 + 1 = 2.018134715 ms (alone 2 ms); comm 15 ms; free share during
 * the AllReduce 1 - 5.25e8 / (1e12 x 0.015) = 0.965; HBM use (2e9 + 5.25e8) / (1e12 x 0.0165)
 * = 0.153030303; network: 2 buckets x 2 f n = 1.5e8 B / (1e10 x 0.0165) = 0.909090909. */
static void kernel_and_allreduce(void)
{
    hf_train_spec s = base();
    hf_train_result r;
    CHECK(hf_train_step(ctx, &s, &r) == HF_OK);
    double chunk2 = 5e8 / 9.65e11;
    CHECK_NEAR(r.step_seconds, 0.0165, 1e-12);
    CHECK_NEAR(r.compute_seconds, 0.0005 + chunk2 + 0.001, 1e-12);
    CHECK_NEAR(r.compute_alone_seconds, 0.002, 1e-12);
    CHECK_NEAR(r.comm_seconds, 0.015, 1e-12);
    CHECK_NEAR(r.comm_alone_seconds, 0.015, 1e-12);
    CHECK_NEAR(r.exposed_seconds, 0.0165 - (0.0015 + chunk2), 1e-12);
    CHECK_NEAR(r.comm_hbm_bytes, 5.25e8, 1e-12);
    CHECK_NEAR(r.compute_hbm_bytes, 2e9, 1e-12);
    CHECK_NEAR(r.free_share, 0.965, 1e-12);
    CHECK_NEAR(r.hbm_util, 2.525e9 / 1.65e10, 1e-12);
    CHECK_NEAR(r.net_bytes, 1.5e8, 1e-12);
    CHECK_NEAR(r.net_util, 1.5e8 / (1e10 * 0.0165), 1e-12);
    CHECK(r.buckets == 2 && r.cached_share == 0);
}

/* Both flows above W / 2: W = 100 GB/s, network 20 GB/s (T = 3.75 ms, H = 2.625e8, cap 7e10),
 * no optimizer bytes.
 *   0 .. 5 ms          chunk 1 alone (5e8 B at 1e11)
 *   5 ms ..            chunk 2 (cap 1e11) and bucket 0 (cap 7e10): both above 5e10, 5e10 each;
 *                      bucket 0's timer ends at 8.75 ms, its bytes at 5 + 2.625e8 / 5e10 =
 *                      10.25 ms (slowed from 3.75 to 5.25 ms); chunk 2 has moved 2.625e8
 *   10.25 .. 12.625    chunk 2 alone: 2.375e8 / 1e11 = 2.375 ms
 *   12.625 .. 16.375   bucket 1 alone, 3.75 ms
 * compute 5 + 7.625 = 12.625 ms (alone 10); comm 9 ms (alone 7.5); free share
 * 1 - 5.25e8 / (1e11 x 0.009) = 0.416666667. */
static void both_saturating(void)
{
    hf_train_spec s = base();
    s.hbm = 1e11;
    s.net.bandwidth = 20e9;
    s.opt_bytes = 0;
    hf_train_result r;
    CHECK(hf_train_step(ctx, &s, &r) == HF_OK);
    CHECK_NEAR(r.step_seconds, 0.016375, 1e-12);
    CHECK_NEAR(r.compute_seconds, 0.012625, 1e-12);
    CHECK_NEAR(r.compute_alone_seconds, 0.010, 1e-12);
    CHECK_NEAR(r.comm_seconds, 0.009, 1e-12);
    CHECK_NEAR(r.comm_alone_seconds, 0.0075, 1e-12);
    CHECK_NEAR(r.free_share, 1 - 5.25e8 / (1e11 * 0.009), 1e-12);
}

/* A compute-bound chunk draws only B / t: F = 1e12 flop at e P = 0.5e15 -> 2 ms, B = 1e9 ->
 * 1 ms alone, so it runs 2 ms and draws 5e11 B/s. With one bucket (gradients 5e7 B) whose
 * AllReduce draws 3.5e10: 5.35e11 <= W, nobody slows: backward 2 ms, then the AllReduce 7.5 ms
 * alone (it starts when its chunk, the whole backward pass, ends): step 9.5 ms, forward 1 ms of
 * flops first: F = 5e11 -> 1 ms. Total 10.5 ms. */
static void compute_bound(void)
{
    hf_train_spec s = base();
    s.efficiency = 0.5;
    s.fwd_flops = 5e11;
    s.bwd_flops = 1e12;
    s.opt_bytes = 0;
    s.grad_bytes = 5e7;
    hf_train_result r;
    CHECK(hf_train_step(ctx, &s, &r) == HF_OK);
    CHECK_NEAR(r.step_seconds, 0.0105, 1e-12);
    CHECK_NEAR(r.compute_seconds, 0.003, 1e-12);
    CHECK_NEAR(r.exposed_seconds, 0.0075, 1e-12);
    CHECK(r.buckets == 1);
}

/* NIC offload: the NIC reads each input byte once and writes each result byte once, 2n per
 * bucket: 1e8 B for 5e7 B; with 5e7 B of NIC memory for 1e8 B of gradients, h = 0.5 of the
 * input is cached: 1e8 - 0.5 x 5e7 = 7.5e7 B. Switch offload, the same HBM bytes, and the wire
 * carries n = 5e7 each way: T = 2 x 1 x alpha + 5e7 / 1e10 = 5 ms (alpha 0). The last bucket of
 * 3 over 1.2e8 B holds 2e7 B. */
static void offloads(void)
{
    hf_train_spec s = base();
    s.offload = HF_COLL_NIC;
    s.nic_memory = 5e7;
    double T, H, N;
    CHECK(hf_train_bucket(ctx, &s, 5e7, &T, &H, &N) == HF_OK);
    CHECK_NEAR(H, 7.5e7, 1e-12);
    CHECK_NEAR(T, 0.0075, 1e-12);
    s.nic_memory = 0;
    CHECK(hf_train_bucket(ctx, &s, 5e7, &T, &H, &N) == HF_OK);
    CHECK_NEAR(H, 1e8, 1e-12);
    s.offload = HF_COLL_SWITCH;
    CHECK(hf_train_bucket(ctx, &s, 5e7, &T, &H, &N) == HF_OK);
    CHECK_NEAR(T, 0.005, 1e-12);
    CHECK_NEAR(H, 1e8, 1e-12);
    CHECK_NEAR(N, 5e7, 1e-12);
    s.grad_bytes = 1.2e8;
    hf_train_result r;
    CHECK(hf_train_step(ctx, &s, &r) == HF_OK);
    CHECK(r.buckets == 3);
    CHECK_NEAR(r.comm_alone_seconds, 0.005 + 0.005 + 0.002, 1e-12);
    CHECK_NEAR(r.comm_hbm_bytes, 2 * 1.2e8, 1e-12);
}

/* Hierarchical: 8 GPUs, 4 per node: the network carries the ring across the 2 nodes,
 * 2 x (1/2) x n / 4 = n / 4 per bucket: 1.25e7 B for 5e7 B. */
static void hier_net(void)
{
    hf_train_spec s = base();
    s.ranks = 8;
    s.algo = HF_COLL_HIER;
    s.net.per_node = 4;
    s.net.bandwidth_intra = 100e9;
    double T, H, N;
    CHECK(hf_train_bucket(ctx, &s, 5e7, &T, &H, &N) == HF_OK);
    CHECK_NEAR(N, 1.25e7, 1e-12);
}

/* Bucket counts: 16.1e3 / 100 is 161.00000000000003 in floating point, 2.1 / 0.3 is
 * 7.000000000000001: 161 and 7 buckets, not one more (an empty bucket would still pay an
 * AllReduce's latency); 2.5 / 1 is 3 (the last holds 0.5). */
static void bucket_counts(void)
{
    CHECK(hf_train_nbuckets(16.1e3, 100) == 161);
    CHECK(hf_train_nbuckets(2.1, 0.3) == 7);
    CHECK(hf_train_nbuckets(2.5, 1) == 3);
    CHECK(hf_train_nbuckets(0.5, 1) == 1);
    hf_train_spec s = base();
    s.grad_bytes = 2.1;
    s.bucket = 0.3;
    hf_train_result r;
    CHECK(hf_train_step(ctx, &s, &r) == HF_OK);
    CHECK(r.buckets == 7);
}

/* A long step with tiny buckets keeps each AllReduce's duration exact: the compute takes 10^6 s
 * (1e9 flop at 1e3 flop/s, no HBM bytes), the 1,000 buckets of 1e4 B each take
 * 2 x 3/4 x 1e4 / 1e10 = 1.5 us alone and draw 35 GB/s beside nothing: comm time as run equals
 * its time alone, 1.5 ms, to 1e-12. */
static void long_step(void)
{
    hf_train_spec s = base();
    s.peak = 1e3;
    s.bwd_flops = 1e9;
    s.bwd_bytes = 0;
    s.opt_bytes = 0;
    s.grad_bytes = 1e7;
    s.bucket = 1e4;
    hf_train_result r;
    CHECK(hf_train_step(ctx, &s, &r) == HF_OK);
    CHECK(r.buckets == 1000);
    CHECK_NEAR(r.comm_alone_seconds, 1.5e-3, 1e-12);
    CHECK_NEAR(r.comm_seconds, 1.5e-3, 1e-12);
    CHECK_NEAR(r.free_share, 1 - 0.75 * 7 * 1e7 / (1e12 * 1.5e-3), 1e-9);
}

static void bad(void)
{
    hf_train_result r;
    hf_train_spec s = base();
    s.ranks = 1;
    CHECK(hf_train_step(ctx, &s, &r) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "train.ranks: 1");
    s = base();
    s.efficiency = 0;
    CHECK(hf_train_step(ctx, &s, &r) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "train.efficiency");
    s = base();
    s.bucket = 1;
    s.grad_bytes = 1e12;
    CHECK(hf_train_step(ctx, &s, &r) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "train.bucket");
    s = base();
    s.ranks = 6;
    s.algo = HF_COLL_RHD;
    CHECK(hf_train_step(ctx, &s, &r) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "power of two");
    s = base();
    s.hbm = NAN;
    CHECK(hf_train_step(ctx, &s, &r) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "train.hbm");
    s = base();
    s.efficiency = 5e-324; /* e P underflows: the backward pass would take forever */
    s.bwd_flops = 1;
    CHECK(hf_train_step(ctx, &s, &r) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "train.backward_flops: 1 flop at efficiency x peak");
    s = base();
    s.ranks = (1 << 24) + 1;
    CHECK(hf_train_step(ctx, &s, &r) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "train (algo ring, offload gpu, ranks 16777217): collective");
    s = base();
    s.bwd_bytes = INFINITY;
    CHECK(hf_train_step(ctx, &s, &r) == HF_EINPUT);
    CHECK_STR_CONTAINS(ctx->errmsg, "train.backward_bytes");
}

int main(void)
{
    ctx = hf_ctx_new();
    shares();
    kernel_and_allreduce();
    both_saturating();
    compute_bound();
    offloads();
    hier_net();
    bucket_counts();
    long_step();
    bad();
    hf_ctx_free(ctx);
    return hf_check_summary();
}
