/* test_pack.c: first-, best- and worst-fit on worked examples (hf_pack.h). */
#include "check.h"
#include "hetflow/hetflow.h"

int main(void)
{
    hf_ctx *ctx = hf_ctx_new();
    int out[4];

    /* Shares only: a .5, b .7, c .3, d .2 on two whole GPUs.
     * first: a g0 (.5); b: g0 would hold 1.2 -> g1 (.7); c: g0 (.8); d: g0 (1.0).
     * best:  a: tie (slack .5 both) -> g0; b -> g1; c: g0 slack .2, g1 slack 0 -> g1;
     *        d: only g0 (slack .3).
     * worst: a -> g0; b -> g1; c: g0 .2 vs g1 0 -> g0 (.8); d: g0 0 vs g1 .1 -> g1. */
    hf_pack_item s[] = {{"a", .5, 0}, {"b", .7, 0}, {"c", .3, 0}, {"d", .2, 0}};
    hf_pack_bin two[] = {{"g0", 1, 0}, {"g1", 1, 0}};
    CHECK(hf_pack(ctx, s, 4, two, 2, HF_FIT_FIRST, out) == HF_OK);
    CHECK(out[0] == 0 && out[1] == 1 && out[2] == 0 && out[3] == 0);
    CHECK(hf_pack(ctx, s, 4, two, 2, HF_FIT_BEST, out) == HF_OK);
    CHECK(out[0] == 0 && out[1] == 1 && out[2] == 1 && out[3] == 0);
    CHECK(hf_pack(ctx, s, 4, two, 2, HF_FIT_WORST, out) == HF_OK);
    CHECK(out[0] == 0 && out[1] == 1 && out[2] == 0 && out[3] == 1);

    /* Shares and memory: x, y, z each (.3, 30 GB) on g0 (1, 40 GB) and g1 (1, 80 GB).
     * first: x g0; y: g0 would hold 60 GB > 40 -> g1; z: g0 no -> g1.
     * best:  x: g0 slack .7 + 10/40 = .95, g1 .7 + 50/80 = 1.325 -> g0; y, z: only g1.
     * worst: x -> g1 (1.325); y: g0 .95 vs g1 .4 + 20/80 = .65 -> g0; z: g0 full (60 > 40)
     *        -> g1. */
    const double GB = 1e9;
    hf_pack_item m[] = {{"x", .3, 30 * GB}, {"y", .3, 30 * GB}, {"z", .3, 30 * GB}};
    hf_pack_bin mb[] = {{"g0", 1, 40 * GB}, {"g1", 1, 80 * GB}};
    CHECK(hf_pack(ctx, m, 3, mb, 2, HF_FIT_FIRST, out) == HF_OK);
    CHECK(out[0] == 0 && out[1] == 1 && out[2] == 1);
    CHECK(hf_pack(ctx, m, 3, mb, 2, HF_FIT_BEST, out) == HF_OK);
    CHECK(out[0] == 0 && out[1] == 1 && out[2] == 1);
    CHECK(hf_pack(ctx, m, 3, mb, 2, HF_FIT_WORST, out) == HF_OK);
    CHECK(out[0] == 1 && out[1] == 0 && out[2] == 1);
    CHECK_NEAR(hf_pack_slack(&mb[1], .6, 60 * GB), .4 + .25, 1e-15);

    /* five shares of 0.2 fill one GPU exactly (floating-point sum 1.0000000000000002) */
    hf_pack_item five[] = {
        {"w1", .2, 0}, {"w2", .2, 0}, {"w3", .2, 0}, {"w4", .2, 0}, {"w5", .2, 0}};
    int o5[5];
    CHECK(hf_pack(ctx, five, 5, two, 1, HF_FIT_FIRST, o5) == HF_OK);
    CHECK(o5[4] == 0);

    /* an item that fits nowhere, and one out of range, are named */
    hf_pack_item big[] = {{"a", .5, 0}, {"huge", .9, 0}};
    CHECK(hf_pack(ctx, big, 2, two, 1, HF_FIT_BEST, out) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "item 'huge' (share 0.9, memory 0 B) fits no GPU: the "
                                           "freest of the 1 has share 0.5 left");
    hf_pack_item bad[] = {{"neg", -.1, 0}};
    CHECK(hf_pack(ctx, bad, 1, two, 2, HF_FIT_FIRST, out) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "item 'neg': share must be in (0, 1]");
    hf_ctx_free(ctx);
    return hf_check_summary();
}
