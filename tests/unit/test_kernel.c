/* test_kernel.c: the kernel-level GPU runtime model (docs/models/gpu.md) at hand-computed
 * points. GPU: P = 10 Tflop/s, W = 1 TB/s, 100 SMs, launch overhead L = 5 us. */
#include "check.h"
#include "exec/kernel.h"

int main(void)
{
    hf_gpu_share g = {.peak = 1e13, .bandwidth = 1e12, .sms = 100, .launch = 5e-6, .s = 1, .b = 1};

    /* compute-bound, wide (1000 blocks: p = 1): F = 1e11 flop, B = 1e8 bytes
     *   s = 1:   max(1e11 / 1e13 = 0.01, 1e8 / 1e12 = 1e-4) = 0.01     -> 0.010005 s
     *   s = 0.5: 1e11 / 5e12 = 0.02                                    -> 0.020005 s
     *   s = 0.2: 1e11 / 2e12 = 0.05                                    -> 0.050005 s */
    hf_kernel cb = {.flops = 1e11, .bytes = 1e8, .blocks = 1000};
    CHECK_NEAR(hf_kernel_parallelism(&cb, &g), 1.0, 1e-15);
    CHECK_NEAR(hf_kernel_seconds(&cb, &g), 0.010005, 1e-12);
    g.s = 0.5;
    CHECK_NEAR(hf_kernel_seconds(&cb, &g), 0.020005, 1e-12);
    g.s = 0.2;
    CHECK_NEAR(hf_kernel_seconds(&cb, &g), 0.050005, 1e-12);

    /* bandwidth-bound, wide: F = 1e9, B = 1e10; MPS keeps b = 1, so the share does not matter
     * until compute catches up: s = 0.2: max(1e9 / 2e12 = 5e-4, 1e10 / 1e12 = 0.01) = 0.01
     *   s = 0.5 and 1: also 0.01                                       -> 0.010005 s
     * MIG 2g (b = 2/8 = 0.25, s = 2/7): max(1e9 / (1e13 x 2/7) = 3.5e-4, 1e10 / 2.5e11 = 0.04)
     *                                                                  -> 0.040005 s */
    hf_kernel bb = {.flops = 1e9, .bytes = 1e10, .blocks = 1000};
    const double mps[] = {0.2, 0.5, 1.0};
    for (int i = 0; i < 3; i++) {
        g.s = mps[i];
        CHECK_NEAR(hf_kernel_seconds(&bb, &g), 0.010005, 1e-12);
    }
    g.s = 2.0 / 7;
    g.b = 0.25;
    CHECK_NEAR(hf_kernel_seconds(&bb, &g), 0.040005, 1e-12);
    g.b = 1;

    /* tiny kernel, 10 blocks (p = 0.1), F = 1e6, B = 4e5: flat across shares >= 0.1
     *   s_eff = b_eff = 0.1: max(1e6 / 1e12 = 1e-6, 4e5 / 1e11 = 4e-6) = 4e-6 -> 9e-6 s
     *   at s = 0.2, 0.5 and 1 alike; at s = 0.05 (below p): 1e6 / 5e11 = 2e-6, bytes still
     *   4e-6 (b = 1 -> b_eff = p = 0.1)                                        -> 9e-6 s */
    hf_kernel tiny = {.flops = 1e6, .bytes = 4e5, .blocks = 10};
    CHECK_NEAR(hf_kernel_parallelism(&tiny, &g), 0.1, 1e-15);
    double shares[] = {0.05, 0.2, 0.5, 1.0};
    for (int i = 0; i < 4; i++) {
        g.s = shares[i];
        CHECK_NEAR(hf_kernel_seconds(&tiny, &g), 9e-6, 1e-12);
    }
    /* a compute-heavy narrow kernel does feel shares below its parallelism: 50 blocks (p = 0.5),
     * F = 1e10, B = 0: s = 1 -> s_eff 0.5: 1e10 / 5e12 = 2e-3; s = 0.2: 1e10 / 2e12 = 5e-3 */
    hf_kernel narrow = {.flops = 1e10, .bytes = 0, .blocks = 50};
    g.s = 1;
    CHECK_NEAR(hf_kernel_seconds(&narrow, &g), 2e-3 + 5e-6, 1e-12);
    g.s = 0.2;
    CHECK_NEAR(hf_kernel_seconds(&narrow, &g), 5e-3 + 5e-6, 1e-12);

    /* validation names the first bad field */
    const char *field = NULL;
    CHECK(hf_kernel_valid(&cb, &field));
    hf_kernel bad = {.flops = -1, .bytes = 0, .blocks = 1};
    CHECK(!hf_kernel_valid(&bad, &field) && field && strcmp(field, "flops") == 0);
    bad = (hf_kernel){.flops = 0, .bytes = NAN, .blocks = 1};
    CHECK(!hf_kernel_valid(&bad, &field) && strcmp(field, "bytes") == 0);
    bad = (hf_kernel){.flops = 0, .bytes = 0, .blocks = 0.5};
    CHECK(!hf_kernel_valid(&bad, &field) && strcmp(field, "blocks") == 0);
    /* bandwidth saturation share sat = 0.4 (a fraction 0.4 of the SMs saturates W):
     * b_eff = min(b, min(s, p) / sat)
     *   bb at s = 0.2: b_eff = min(1, 0.5) = 0.5: 1e10 / 5e11 = 0.02          -> 0.020005 s
     *   bb at s = 0.5: b_eff = min(1, 1.25) = 1: 1e10 / 1e12 = 0.01           -> 0.010005 s
     *   10 blocks (p = 0.1), F = 1e6, B = 4e5 at s = 1: s_eff = 0.1, b_eff = 0.25:
     *   max(1e6 / 1e12 = 1e-6, 4e5 / 2.5e11 = 1.6e-6) + 5 us                   -> 6.6e-6 s
     *   and the rate an MPS client's launch is bounded at is b_eff = 0.5 at s = 0.2 */
    hf_gpu_share sg = {
        .peak = 1e13, .bandwidth = 1e12, .sms = 100, .launch = 5e-6, .s = 0.2, .b = 1, .sat = 0.4};
    CHECK_NEAR(hf_kernel_seconds(&bb, &sg), 0.020005, 1e-12);
    CHECK_NEAR(hf_kernel_rate(&bb, &sg), 0.5, 1e-15);
    sg.s = 0.5;
    CHECK_NEAR(hf_kernel_seconds(&bb, &sg), 0.010005, 1e-12);
    sg.s = 1;
    hf_kernel nk = {.flops = 1e6, .bytes = 4e5, .blocks = 10};
    CHECK_NEAR(hf_kernel_seconds(&nk, &sg) / 6.6e-6, 1, 1e-12);

    /* latency floor D (docs/models/gpu.md#latency-floor): F = 1e9, B = 0, 1000 blocks, D = 5e-4
     *   s = 1:    compute 1e9 / 1e13 = 1e-4 < D: t = 5e-6 + 5e-4 = 5.05e-4 s; the launch draws
     *             s x (1e-4 / 5e-4) = 0.2 of the device (its work spread over D)
     *   s = 0.1:  compute 1e9 / 1e12 = 1e-3 > D: t = 5e-6 + 1e-3 = 1.005e-3 s, rate 0.1 */
    hf_kernel lat = {.flops = 1e9, .bytes = 0, .blocks = 1000, .latency = 5e-4};
    g = (hf_gpu_share){.peak = 1e13, .bandwidth = 1e12, .sms = 100, .launch = 5e-6, .s = 1, .b = 1};
    CHECK_NEAR(hf_kernel_seconds(&lat, &g), 5.05e-4, 1e-15);
    CHECK_NEAR(hf_kernel_rate(&lat, &g), 0.2, 1e-15);
    g.s = 0.1;
    CHECK_NEAR(hf_kernel_seconds(&lat, &g), 1.005e-3, 1e-15);
    CHECK_NEAR(hf_kernel_rate(&lat, &g), 0.1, 1e-15);
    bad = (hf_kernel){.flops = 0, .bytes = 0, .blocks = 1, .latency = -1e-6};
    CHECK(!hf_kernel_valid(&bad, &field) && strcmp(field, "latency") == 0);

    /* kernel profiles (docs/models/gpu.md#kernel-profiles): a GPU resource (P = 1e13, W = 1e12,
     * 100 SMs, L = 5 us) with profiles "pair" {work 2, latency 3e-4, launch 2e-6} and "step"
     * {work 0.5, latency 0, launch: the GPU's}:
     *   pair {1e9 flop, 1e8 B, 1000 blocks} -> {2e9, 2e8, D = 3e-4}, L = 2e-6:
     *     max(2e9 / 1e13 = 2e-4, 2e8 / 1e12 = 2e-4, 3e-4) + 2e-6 = 3.02e-4 s
     *   step {1e10 flop}: 5e9 / 1e13 = 5e-4 + 5e-6 = 5.05e-4 s
     *   an unnamed group, or one of another name, is the plain model: 1e9 / 1e13 + 5e-6 = 1.05e-4
     *   a sequence of 3 x pair (gap 1e-6) then 2 x step: 3 x 3.03e-4 + 2 x 5.05e-4 = 1.919e-3 s */
    hf_kprofile prof[] = {{.name = "pair", .work = 2, .latency = 3e-4, .launch = 2e-6},
                          {.name = "step", .work = 0.5, .latency = 0, .launch = -1}};
    hf_resource gpu = {.kind = HF_RES_GPU,
                       .peak = 1e13,
                       .bandwidth = 1e12,
                       .sms = 100,
                       .launch = 5e-6,
                       .share = 1,
                       .bw_share = 1,
                       .kprof = prof,
                       .nkprof = 2};
    CHECK(hf_kprofile_find(&gpu, "step") == &prof[1] && !hf_kprofile_find(&gpu, "other") &&
          !hf_kprofile_find(&gpu, NULL));
    hf_kgroup grp[] = {{.count = 3,
                        .k = {.flops = 1e9, .bytes = 1e8, .blocks = 1000},
                        .gap = 1e-6,
                        .name = "pair"},
                       {.count = 2, .k = {.flops = 1e10, .blocks = 1000}, .name = "step"},
                       {.count = 1, .k = {.flops = 1e9, .blocks = 1000}, .name = "other"},
                       {.count = 1, .k = {.flops = 1e9, .blocks = 1000}}};
    hf_kernel k;
    hf_gpu_share gs;
    hf_kgroup_on(&grp[0], &gpu, &k, &gs);
    CHECK_NEAR(k.flops, 2e9, 0);
    CHECK_NEAR(k.bytes, 2e8, 0);
    CHECK_NEAR(k.latency, 3e-4, 0);
    CHECK_NEAR(gs.launch, 2e-6, 0);
    CHECK_NEAR(hf_kernel_seconds(&k, &gs), 3.02e-4, 1e-15);
    hf_kgroup_on(&grp[1], &gpu, &k, &gs);
    CHECK_NEAR(hf_kernel_seconds(&k, &gs), 5.05e-4, 1e-15);
    for (int i = 2; i < 4; i++) {
        hf_kgroup_on(&grp[i], &gpu, &k, &gs);
        CHECK_NEAR(hf_kernel_seconds(&k, &gs), 1.05e-4, 1e-15);
    }
    hf_kseq seq = {grp, 2};
    CHECK_NEAR(hf_kseq_seconds(&seq, &gpu), 1.919e-3, 1e-15);
    return hf_check_summary();
}
