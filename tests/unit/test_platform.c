/* test_platform.c: platform model validation and the SimGrid XML it generates. */
#include <stdlib.h>

#include "check.h"
#include "hetflow/hetflow.h"

static hf_resource cpu(const char *name, int site, int cores)
{
    hf_resource r = {0};
    r.name = (char *)name;
    r.kind = HF_RES_CPU;
    r.site = site;
    r.cores = cores;
    r.speed = 1e9;
    r.p_idle = 10;
    r.p_max = 30;
    r.link = (hf_link_spec){1e8, 1e-3};
    return r;
}

static hf_resource gpu(const char *name, int node)
{
    hf_resource r = {0};
    r.name = (char *)name;
    r.kind = HF_RES_GPU;
    r.node = node;
    r.cores = 1;
    r.speed = 1e12;
    r.mem_bw = 1e11;
    r.p_idle = 50;
    r.p_max = 300;
    r.link = (hf_link_spec){1e10, 1e-6};
    return r;
}

static char *xml_of(hf_ctx *ctx, const hf_platform *p, hf_err *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *rc = hf_platform_write_xml(ctx, p, f);
    fclose(f);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
        n++;
    return n;
}

static void one_site_with_gpus(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = hf_platform_new("t");
    CHECK(hf_platform_add_site(ctx, p, "lab", (hf_link_spec){0, 0}) == 0);
    hf_resource n = cpu("n", 0, 4);
    n.nvlink = (hf_link_spec){3e11, 1e-6};
    CHECK(hf_platform_add_resource(ctx, p, &n) == 0);
    hf_resource g0 = gpu("n-gpu0", 0), g1 = gpu("n-gpu1", 0), g2 = gpu("n-gpu2", 0);
    CHECK(hf_platform_add_resource(ctx, p, &g0) == 1);
    CHECK(hf_platform_add_resource(ctx, p, &g1) == 2);
    CHECK(hf_platform_add_resource(ctx, p, &g2) == 3);
    CHECK(p->res[3].node == 0 && p->res[0].node == 0);
    CHECK(hf_platform_count(p, HF_RES_GPU) == 3 && hf_platform_count(p, HF_RES_CPU) == 1);
    CHECK(hf_platform_find(p, "n-gpu1") == 2 && hf_platform_find(p, "zz") == -1);

    hf_err rc;
    char *xml = xml_of(ctx, p, &rc);
    CHECK(rc == HF_OK);
    CHECK_STR_CONTAINS(xml, "<zone id=\"lab\" routing=\"DijkstraCache\">");
    CHECK_STR_CONTAINS(xml, "<host id=\"n\" speed=\"1000000000f\" core=\"4\">");
    /* linear power: Idle:Epsilon:AllCores with Epsilon = idle */
    CHECK_STR_CONTAINS(xml, "<prop id=\"wattage_per_state\" value=\"10:10:30\"/>");
    CHECK_STR_CONTAINS(xml, "<prop id=\"wattage_per_state\" value=\"50:50:300\"/>");
    CHECK_STR_CONTAINS(xml, "<prop id=\"hetflow.node\" value=\"n\"/>");
    CHECK_STR_CONTAINS(xml, "<link id=\"n-nic\" bandwidth=\"100000000Bps\" latency=\"0.001s\"");
    CHECK_STR_CONTAINS(xml, "<link id=\"n-gpu0-pcie\" bandwidth=\"10000000000Bps\"");
    /* GPU <-> node through PCIe, node <-> switch through the NIC, both directions */
    CHECK_STR_CONTAINS(xml, "<route src=\"n-gpu0\" dst=\"n\" symmetrical=\"NO\"><link_ctn "
                            "id=\"n-gpu0-pcie\" direction=\"UP\"/></route>");
    CHECK_STR_CONTAINS(xml, "<route src=\"n\" dst=\"n-gpu0\" symmetrical=\"NO\"><link_ctn "
                            "id=\"n-gpu0-pcie\" direction=\"DOWN\"/></route>");
    CHECK_STR_CONTAINS(xml, "<route src=\"n\" dst=\"lab-sw\"");
    /* NVLink: one link per pair of the 3 GPUs = 3 links, 6 one-way routes */
    CHECK(count(xml, "-nvl-") == 3 + 2 * 3 * 1);
    CHECK_STR_CONTAINS(xml, "<link id=\"n-gpu0-nvl-n-gpu2\" bandwidth=\"300000000000Bps\"");
    /* single site: no WAN */
    CHECK(count(xml, "zoneRoute") == 0);
    free(xml);

    /* describe */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    hf_platform_describe(p, f);
    fclose(f);
    CHECK_STR_CONTAINS(buf, "platform t: 1 site(s), 1 node(s), 3 GPU(s)");
    free(buf);
    hf_platform_free(p);
    hf_ctx_free(ctx);
}

static void two_sites(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = hf_platform_new("w");
    hf_platform_add_site(ctx, p, "A", (hf_link_spec){1e7, 0.01});
    hf_platform_add_site(ctx, p, "B", (hf_link_spec){0, 0});
    hf_resource a = cpu("a", 0, 1), b = cpu("b", 1, 1);
    hf_platform_add_resource(ctx, p, &a);
    hf_platform_add_resource(ctx, p, &b);
    hf_err rc;
    char *xml = xml_of(ctx, p, &rc);
    CHECK(rc == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "site 'B': wan bandwidth must be positive");
    free(xml);
    p->sites[1].wan = (hf_link_spec){1e8, 0.02};
    xml = xml_of(ctx, p, &rc);
    CHECK(rc == HF_OK);
    /* sites without GPUs: Cluster zones, each node's NIC as its host link, the switch as gateway */
    CHECK_STR_CONTAINS(xml, "<zone id=\"A\" routing=\"Cluster\">");
    CHECK_STR_CONTAINS(xml, "<host_link id=\"a\" up=\"a-nic_UP\" down=\"a-nic_DOWN\"/>");
    CHECK_STR_CONTAINS(xml, "<router id=\"B-sw\"/>");
    CHECK(count(xml, "<route ") == 0);
    /* sites meet at the WAN hub (a zone of one router) under Dijkstra routing: two routes per
     * site, up its WAN link to the hub and down it from the hub */
    CHECK_STR_CONTAINS(xml, "<zone id=\"world\" routing=\"DijkstraCache\">");
    CHECK_STR_CONTAINS(xml, "<zone id=\"world-sw\" routing=\"None\">\n"
                            "    <router id=\"world-sw-sw\"/>\n  </zone>");
    CHECK(count(xml, "<zoneRoute") == 4);
    CHECK_STR_CONTAINS(xml, "<zoneRoute src=\"A\" dst=\"world-sw\" gw_src=\"A-sw\" "
                            "gw_dst=\"world-sw-sw\" symmetrical=\"NO\"><link_ctn id=\"A-wan\" "
                            "direction=\"UP\"/></zoneRoute>");
    CHECK_STR_CONTAINS(xml, "<zoneRoute src=\"world-sw\" dst=\"B\" gw_src=\"world-sw-sw\" "
                            "gw_dst=\"B-sw\" symmetrical=\"NO\"><link_ctn id=\"B-wan\" "
                            "direction=\"DOWN\"/></zoneRoute>");
    free(xml);
    hf_platform_free(p);
    hf_ctx_free(ctx);
}

static void invalid(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = hf_platform_new("bad");
    CHECK(hf_platform_add_site(ctx, p, "s", (hf_link_spec){0, 0}) == 0);
    CHECK(hf_platform_add_site(ctx, p, "s", (hf_link_spec){0, 0}) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "site 's' is declared twice");
    CHECK(hf_platform_add_site(ctx, p, "a b", (hf_link_spec){0, 0}) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "site name 'a b' is invalid");
    hf_resource n = cpu("n", 0, 1);
    CHECK(hf_platform_add_resource(ctx, p, &n) == 0);
    CHECK(hf_platform_add_resource(ctx, p, &n) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "name 'n' is used twice");
    hf_resource s = cpu("s", 0, 1); /* same name as the site */
    CHECK(hf_platform_add_resource(ctx, p, &s) < 0);
    hf_resource z = cpu("z", 0, 0);
    CHECK(hf_platform_add_resource(ctx, p, &z) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "node 'z': cores must be a positive integer, got 0");
    z = cpu("z", 0, 1);
    z.speed = 0.0 / 0.0;
    CHECK(hf_platform_add_resource(ctx, p, &z) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "node 'z': speed must be positive");
    z = cpu("z", 0, 1);
    z.p_max = 5;
    CHECK(hf_platform_add_resource(ctx, p, &z) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "power needs 0 <= idle <= max");
    hf_resource g = gpu("g", 7);
    CHECK(hf_platform_add_resource(ctx, p, &g) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "gpu 'g': not attached to a node");
    hf_platform_free(p);
    hf_ctx_free(ctx);
}

/* Routes as laid out in the XML, by hand:
 *   site A: node a (NIC 1e8 B/s, 1 ms) with GPUs a-g0, a-g1 (PCIe 1e10, 1 us), NVLink 3e11, 2 us
 *           node c (NIC 1e8, 1 ms) with GPU c-g0 (PCIe 1e10, 1 us), no NVLink
 *   site B (WAN 1e7, 10 ms; A's WAN 1e9, 5 ms): node b (NIC 1e8, 1 ms) */
static void routes(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = hf_platform_new("r");
    hf_platform_add_site(ctx, p, "A", (hf_link_spec){1e9, 5e-3});
    hf_platform_add_site(ctx, p, "B", (hf_link_spec){1e7, 10e-3});
    hf_resource a = cpu("a", 0, 1), c = cpu("c", 0, 1), b = cpu("b", 1, 1);
    a.nvlink = (hf_link_spec){3e11, 2e-6};
    int ia = hf_platform_add_resource(ctx, p, &a);
    hf_resource g = gpu("a-g0", ia);
    int ig0 = hf_platform_add_resource(ctx, p, &g);
    g = gpu("a-g1", ia);
    int ig1 = hf_platform_add_resource(ctx, p, &g);
    int ic = hf_platform_add_resource(ctx, p, &c);
    g = gpu("c-g0", ic);
    int icg = hf_platform_add_resource(ctx, p, &g);
    int ib = hf_platform_add_resource(ctx, p, &b);
    double lat, bw;
    CHECK(hf_platform_route(p, ia, ia, &lat, &bw) == 0 && lat == 0 && isinf(bw));
    /* a -> a-g0: PCIe only */
    hf_platform_route(p, ia, ig0, &lat, &bw);
    CHECK_NEAR(lat, 1e-6, 1e-12);
    CHECK_NEAR(bw, 1e10, 1e-12);
    /* a-g0 -> a-g1: NVLink */
    hf_platform_route(p, ig0, ig1, &lat, &bw);
    CHECK_NEAR(lat, 2e-6, 1e-12);
    CHECK_NEAR(bw, 3e11, 1e-12);
    /* a-g0 -> c-g0: PCIe + NIC a + NIC c + PCIe = 1e-6 + 1e-3 + 1e-3 + 1e-6; min 1e8 */
    hf_platform_route(p, ig0, icg, &lat, &bw);
    CHECK_NEAR(lat, 2.002e-3, 1e-12);
    CHECK_NEAR(bw, 1e8, 1e-12);
    /* a-g1 -> b: PCIe + NIC a + WAN A + WAN B + NIC b = 1e-6 + 1e-3 + 5e-3 + 10e-3 + 1e-3 */
    hf_platform_route(p, ig1, ib, &lat, &bw);
    CHECK_NEAR(lat, 17.001e-3, 1e-12);
    CHECK_NEAR(bw, 1e7, 1e-12);
    /* a user's XML: not ours to describe */
    p->xml_path = strdup("x.xml");
    CHECK(hf_platform_route(p, ia, ib, &lat, &bw) == -1);
    hf_platform_free(p);
    hf_ctx_free(ctx);
}

int main(void)
{
    routes();
    one_site_with_gpus();
    two_sites();
    invalid();
    return hf_check_summary();
}
