/* test_path.c: the transfer-path model (docs/models/network.md#transfer-paths) at hand-computed
 * points on a tiny platform: two nodes a and b on one switch, NIC 10 GB/s and 1 us each, one GPU
 * each behind PCIe at 20 GB/s and 2 us; transfer parameters: overhead 1 us, copy latency 5 us,
 * chunk 1 MB (1e6 B), rendezvous above 8192 B, GDRCopy off unless said.
 *
 * Route figures (hf_platform_route): GPU a -> GPU b: PCIe + NIC + NIC + PCIe = 6 us, 10 GB/s;
 * node a -> node b: 2 us, 10 GB/s (handshake a -> b -> a: 4 us); GPU -> its node: 2 us, 20 GB/s.
 * Stage flows for a 1e6-byte chunk: copy 2 + 1e6/20e9 s = 52 us, network 2 + 100 = 102 us. */
#include <math.h>

#include "check.h"
#include "net/path.h"

static hf_resource cpu(const char *name)
{
    hf_resource r = {0};
    r.name = (char *)name;
    r.kind = HF_RES_CPU;
    r.cores = 1;
    r.speed = 1e9;
    r.link = (hf_link_spec){10e9, 1e-6};
    r.xfer = hf_xfer_defaults();
    r.xfer.gpudirect = 1;
    r.xfer.overhead = 1e-6;
    r.xfer.copy_latency = 5e-6;
    r.xfer.chunk = 1e6;
    r.xfer.rndv_threshold = 8192;
    return r;
}

static hf_resource gpu(const char *name, int node)
{
    hf_resource r = {0};
    r.node = node;
    r.name = (char *)name;
    r.kind = HF_RES_GPU;
    r.cores = 1;
    r.speed = 1e12;
    r.link = (hf_link_spec){20e9, 2e-6};
    return r;
}

/* Platform: 0 = a, 1 = a-gpu0, 2 = b, 3 = b-gpu0. */
static hf_platform *tiny(hf_ctx *ctx)
{
    hf_platform *p = hf_platform_new("tiny");
    hf_platform_add_site(ctx, p, "lab", (hf_link_spec){0, 0});
    hf_resource a = cpu("a"), ag = gpu("a-gpu0", 0), b = cpu("b"), bg = gpu("b-gpu0", 2);
    CHECK(hf_platform_add_resource(ctx, p, &a) == 0);
    CHECK(hf_platform_add_resource(ctx, p, &ag) == 1);
    CHECK(hf_platform_add_resource(ctx, p, &b) == 2);
    CHECK(hf_platform_add_resource(ctx, p, &bg) == 3);
    return p;
}

static double us(const hf_path *pa, double bytes)
{
    return hf_path_seconds(pa, bytes) * 1e6;
}

int main(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = tiny(ctx);
    hf_path pa;

    /* GDR, 4 MB: overhead 1 + handshake 4 + route 6 + 4e6 / 10e9 s (400 us) = 411 us */
    CHECK(hf_path_plan(ctx, p, 1, 3, 4e6, HF_XFER_GDR, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.kind == HF_PATH_GDR && pa.nstages == 1 && pa.rendezvous);
    CHECK_NEAR(us(&pa, 4e6), 411, 1e-9);
    /* GDR, 64 MB: 1 + 4 + 6 + 6400 = 6411 us */
    CHECK_NEAR(us(&pa, 64e6), 6411, 1e-9);
    /* eager: 8192 B, no handshake: 1 + 6 + 0.8192 = 7.8192 us */
    CHECK(hf_path_plan(ctx, p, 1, 3, 8192, HF_XFER_GDR, NULL, NULL, &pa) == HF_OK);
    CHECK(!pa.rendezvous);
    CHECK_NEAR(us(&pa, 8192), 7.8192, 1e-9);

    /* bounce, the chunked pipeline. Stages (fixed + flow per 1e6-byte chunk): copy 5 + 52,
     * network 0 + 102, copy 5 + 52: one chunk 57 + 102 + 57 = 216 us. Equal chunks:
     * 216 + (n - 1) x 102 (the slowest flow). Plus overhead 1 and handshake 4. */
    CHECK(hf_path_plan(ctx, p, 1, 3, 1e6, HF_XFER_BOUNCE, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.kind == HF_PATH_BOUNCE && pa.nstages == 3 && pa.chunk == 1e6);
    CHECK(hf_path_chunks(&pa, 1e6) == 1 && hf_path_chunks(&pa, 2e6) == 2);
    CHECK_NEAR(us(&pa, 1e6), 1 + 4 + 216, 1e-9);            /* 1 chunk: 221 */
    CHECK_NEAR(us(&pa, 2e6), 1 + 4 + 216 + 102, 1e-9);      /* 2 chunks: 323 */
    CHECK_NEAR(us(&pa, 4e6), 1 + 4 + 216 + 3 * 102, 1e-9);  /* 4 MB: 527 */
    CHECK_NEAR(us(&pa, 64e6), 1 + 4 + 216 + 63 * 102, 1e-9); /* 64 MB: 6647 */
    /* 2.5e6 B: chunks 1e6, 1e6, 0.5e6 (flows 27, 52, 27 us for the last). Recurrence
     * C(j,i) = max(C(j,i-1) + fixed_i, C(j-1,i)) + flow_i by hand:
     *   stage 0 (fixed 5): 57, 109, 136;  stage 1 (fixed 0): 159, 261, 313;
     *   stage 2 (fixed 5): max(164, 0) + 52 = 216, max(266, 216) + 52 = 318,
     *                      max(318, 318) + 27 = 345;  plus 5: 350 us */
    CHECK_NEAR(us(&pa, 2.5e6), 350, 1e-9);

    /* auto picks the faster: 4 MB by GDR (411 < 527) */
    CHECK(hf_path_plan(ctx, p, 1, 3, 4e6, HF_XFER_AUTO, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.kind == HF_PATH_GDR);

    /* a P2P read limit of 5 GB/s at a: GDR 4 MB = 1 + 4 + 6 + 800 = 811 us; auto: bounce */
    p->res[0].xfer.p2p_read = 5e9;
    CHECK(hf_path_plan(ctx, p, 1, 3, 4e6, HF_XFER_GDR, NULL, NULL, &pa) == HF_OK);
    CHECK_NEAR(us(&pa, 4e6), 811, 1e-9);
    CHECK(hf_path_plan(ctx, p, 1, 3, 4e6, HF_XFER_AUTO, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.kind == HF_PATH_BOUNCE);
    CHECK_NEAR(us(&pa, 4e6), 527, 1e-9);
    /* ... but only when the NIC reads: b -> a by GDR is unaffected (411 us) */
    CHECK(hf_path_plan(ctx, p, 3, 1, 4e6, HF_XFER_GDR, NULL, NULL, &pa) == HF_OK);
    CHECK_NEAR(us(&pa, 4e6), 411, 1e-9);
    p->res[0].xfer.p2p_read = 0;

    /* GDRCopy for copies up to 8192 B, where faster than the copy engine: reads 1.5 us +
     * 0.25 GB/s, writes 0.5 us + 1 GB/s. Bounce, 4096 B, eager, one chunk: the engine copy is
     * 5 + 2 + 0.2048 = 7.2048 us; a GDRCopy read 1.5 + 16.384 = 17.884 (slower: the engine), a
     * write 0.5 + 4.096 = 4.596 (faster: GDRCopy). 1 + 7.2048 + (2 + 0.4096) + 4.596 = 15.2104 us.
     * 512 B: read 1.5 + 2.048 = 3.548 < 5 + 2 + 0.0256: GDRCopy both ways,
     * 1 + 3.548 + (2 + 0.0512) + (0.5 + 0.512) = 7.6112 us */
    for (int n = 0; n <= 2; n += 2) {
        p->res[n].xfer.gdrcopy_limit = 8192;
        p->res[n].xfer.gdr_read = (hf_link_spec){0.25e9, 1.5e-6};
        p->res[n].xfer.gdr_write = (hf_link_spec){1e9, 0.5e-6};
    }
    CHECK(hf_path_plan(ctx, p, 1, 3, 4096, HF_XFER_BOUNCE, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.st[0].src == 1 && pa.st[2].src < 0);
    CHECK_NEAR(us(&pa, 4096), 15.2104, 1e-9);
    CHECK(hf_path_plan(ctx, p, 1, 3, 512, HF_XFER_BOUNCE, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.st[0].src < 0 && pa.st[2].src < 0);
    CHECK_NEAR(us(&pa, 512), 7.6112, 1e-9);

    /* within a node: GPU -> host is one copy (fixed 5 + 2 us + 4e6 / 20e9 = 207 us, plus the
     * overhead 1); host -> host of one node: local */
    CHECK(hf_path_plan(ctx, p, 1, 0, 4e6, HF_XFER_AUTO, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.kind == HF_PATH_COPY);
    CHECK_NEAR(us(&pa, 4e6), 208, 1e-9);
    CHECK(hf_path_plan(ctx, p, 0, 0, 4e6, HF_XFER_AUTO, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.kind == HF_PATH_LOCAL && hf_path_seconds(&pa, 4e6) == 0);
    /* host to host across nodes: 1 + 4 + 2 + 400 = 407 us */
    CHECK(hf_path_plan(ctx, p, 0, 2, 4e6, HF_XFER_GDR, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.kind == HF_PATH_HOST);
    CHECK_NEAR(us(&pa, 4e6), 407, 1e-9);

    /* no GPUDirect at b: gdr refused naming the node, auto falls back to bounce */
    p->res[2].xfer.gpudirect = 0;
    CHECK(hf_path_plan(ctx, p, 1, 3, 4e6, HF_XFER_GDR, NULL, NULL, &pa) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "node 'b' has no GPUDirect RDMA");
    CHECK(hf_path_plan(ctx, p, 1, 3, 4e6, HF_XFER_AUTO, NULL, NULL, &pa) == HF_OK);
    CHECK(pa.kind == HF_PATH_BOUNCE);

    /* nodes with no network link between them (a NIC-less node in a user's XML) */
    p->res[0].link = (hf_link_spec){INFINITY, 0};
    p->res[2].link = (hf_link_spec){INFINITY, 0};
    CHECK(hf_path_plan(ctx, p, 1, 3, 4e6, HF_XFER_AUTO, NULL, NULL, &pa) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "no network route between nodes 'a' and 'b'");

    hf_xfer_mode m;
    CHECK(hf_xfer_mode_parse("bounce", &m) == 0 && m == HF_XFER_BOUNCE);
    CHECK(hf_xfer_mode_parse("GDR", &m) == -1);
    hf_platform_free(p);
    hf_ctx_free(ctx);
    return hf_check_summary();
}
