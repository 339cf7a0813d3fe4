/* test_sites_routes.c: the routes between sites that SimGrid computes from hetflow's XML (a WAN
 * hub under Dijkstra routing, O(sites) routes) equal, link for link and bit for bit in latency
 * and bandwidth, those of the full mesh of site-to-site routes hetflow wrote before
 * (O(sites^2) routes), on a platform of 24 sites with and without GPUs (docs/models/network.md).
 *
 * SimGrid loads one platform per process: each XML is loaded in a child process that writes the
 * route of every ordered pair of hosts to a file; the two files must be identical, and every
 * route must match the platform model's (hf_platform_route, which the estimates use). */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/link.h>
#include <xbt/dynar.h>

#include "check.h"
#include "hetflow/hetflow.h"

#define NSITES 24

static hf_resource node(const char *name, int site, double bw, double lat)
{
    hf_resource r = {0};
    r.name = (char *)name;
    r.kind = HF_RES_CPU;
    r.site = site;
    r.cores = 1;
    r.speed = 1e9;
    r.p_max = 1;
    r.link = (hf_link_spec){bw, lat};
    return r;
}

static hf_resource gpu(const char *name, int n)
{
    hf_resource r = node(name, 0, 2.5e10, 1e-6);
    r.kind = HF_RES_GPU;
    r.node = n;
    return r;
}

/* 24 sites, each with its own WAN figures (so that a wrong uplink changes the numbers): every
 * third site has two nodes of two GPUs each, the first node with NVLink; the others two plain
 * nodes. add_resource copies the names. */
static hf_platform *build(hf_ctx *ctx)
{
    hf_platform *p = hf_platform_new("sites");
    char name[64], gname[96];
    for (int s = 0; s < NSITES; s++) {
        snprintf(name, sizeof name, "s%d", s);
        hf_link_spec wan = {1e8 * (1 + s % 5), 1e-3 * (1 + s % 7)};
        if (hf_platform_add_site(ctx, p, name, wan) != s) return NULL;
        for (int k = 0; k < 2; k++) {
            snprintf(name, sizeof name, "n%d-%d", s, k);
            hf_resource r = node(name, s, 1.25e9 * (1 + k), 1e-5 * (1 + s % 3));
            if (s % 3 == 0 && k == 0) r.nvlink = (hf_link_spec){3e11, 2e-6};
            int n = hf_platform_add_resource(ctx, p, &r);
            if (n < 0) return NULL;
            for (int g = 0; s % 3 == 0 && g < 2; g++) {
                snprintf(gname, sizeof gname, "%s-gpu%d", name, g);
                hf_resource gr = gpu(gname, n);
                gr.site = s;
                if (hf_platform_add_resource(ctx, p, &gr) < 0) return NULL;
            }
        }
    }
    return p;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (s) s[n] = 0;
    fclose(f);
    return s;
}

/* The routing hetflow wrote before the hub: a Full-routed world zone with one zoneRoute per
 * ordered pair of sites, a's uplink UP then b's DOWN, a's and b's switches as gateways. Made from
 * the new XML by replacing its world routing and its routes; the rest is kept (the links, which
 * the old XML declared inside the site zones, and the hub zone, which no route names). */
static int write_full_mesh(const hf_platform *p, const char *xml, const char *path)
{
    const char *head = strstr(xml, "<zone id=\"world\" routing=\"DijkstraCache\">\n");
    const char *routes = strstr(xml, "  <zoneRoute ");
    if (!head || !routes) return -1;
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fwrite(xml, 1, (size_t)(head - xml), f);
    fputs("<zone id=\"world\" routing=\"Full\">\n", f);
    const char *body = strchr(head, '\n') + 1;
    fwrite(body, 1, (size_t)(routes - body), f); /* hub zone, links, site zones */
    for (size_t a = 0; a < p->nsites; a++)
        for (size_t b = 0; b < p->nsites; b++) {
            if (a == b) continue;
            const char *sa = p->sites[a].name, *sb = p->sites[b].name;
            fprintf(f,
                    "  <zoneRoute src=\"%s\" dst=\"%s\" gw_src=\"%s-sw\" gw_dst=\"%s-sw\" "
                    "symmetrical=\"NO\"><link_ctn id=\"%s-wan\" direction=\"UP\"/>"
                    "<link_ctn id=\"%s-wan\" direction=\"DOWN\"/></zoneRoute>\n",
                    sa, sb, sa, sb, sa, sb);
        }
    fputs("</zone>\n</platform>\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

static const hf_platform *dump_p;
static FILE *dump_out;

/* Actor: every ordered pair of hosts, "src dst latency bandwidth link...", exact (%a). Route
 * queries work only inside the simulation. */
static void dump_routes(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    xbt_dynar_t links = xbt_dynar_new(sizeof(sg_link_t), NULL);
    for (size_t i = 0; i < dump_p->nres; i++)
        for (size_t j = 0; j < dump_p->nres; j++) {
            if (i == j) continue;
            sg_host_t a = sg_host_by_name(dump_p->res[i].name);
            sg_host_t b = sg_host_by_name(dump_p->res[j].name);
            xbt_dynar_reset(links);
            sg_host_get_route(a, b, links);
            fprintf(dump_out, "%s %s %a %a", dump_p->res[i].name, dump_p->res[j].name,
                    sg_host_get_route_latency(a, b), sg_host_get_route_bandwidth(a, b));
            unsigned int k;
            sg_link_t l;
            xbt_dynar_foreach(links, k, l) fprintf(dump_out, " %s", sg_link_get_name(l));
            fputc('\n', dump_out);
        }
    xbt_dynar_free(&links);
}

/* Load xml in a child process and write its routes to out. 0 when the child succeeded. */
static int routes_of(const hf_platform *p, const char *xml, const char *out)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int argc = 1;
        char arg0[] = "test_sites_routes", *argv[] = {arg0, NULL};
        dump_p = p;
        dump_out = fopen(out, "w");
        if (!dump_out) _exit(2);
        simgrid_init(&argc, argv);
        simgrid_load_platform(xml);
        sg_actor_create("dump", sg_host_by_name(p->res[0].name), dump_routes, 0, NULL);
        simgrid_run();
        _exit(fclose(dump_out) == 0 ? 0 : 3);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid) return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
        n++;
    return n;
}

int main(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = build(ctx);
    CHECK(p != NULL);
    if (!p) return hf_check_summary();
    const char *hub_xml = HF_TEST_OUT "/sites-routes-hub.xml";
    const char *mesh_xml = HF_TEST_OUT "/sites-routes-mesh.xml";
    const char *hub_out = HF_TEST_OUT "/sites-routes-hub.txt";
    const char *mesh_out = HF_TEST_OUT "/sites-routes-mesh.txt";

    FILE *f = fopen(hub_xml, "w");
    CHECK(f && hf_platform_write_xml(ctx, p, f) == HF_OK);
    if (f) fclose(f);
    char *xml = slurp(hub_xml);
    CHECK(xml != NULL);
    /* linear in sites: two routes per site (to the hub and back), where the mesh has n(n-1) */
    CHECK(count(xml, "<zoneRoute ") == 2 * NSITES);
    CHECK(write_full_mesh(p, xml, mesh_xml) == 0);
    char *mesh = slurp(mesh_xml);
    CHECK(mesh && count(mesh, "<zoneRoute ") == NSITES * (NSITES - 1));

    CHECK(routes_of(p, hub_xml, hub_out) == 0);
    CHECK(routes_of(p, mesh_xml, mesh_out) == 0);
    char *got = slurp(hub_out), *want = slurp(mesh_out);
    CHECK(got && want && *want);
    /* same routes: same links in the same order, same latency and bandwidth to the bit */
    int same = got && want && strcmp(got, want) == 0;
    CHECK(same);
    if (!same && got && want) {
        size_t k = 0;
        while (got[k] && got[k] == want[k])
            k++;
        while (k > 0 && want[k - 1] != '\n')
            k--;
        fprintf(stderr, "first difference:\n  hub:  %.200s\n  mesh: %.200s\n", got + k, want + k);
    }
    /* n pairs of hosts: 24 sites x 2 nodes + 8 GPU sites x 4 GPUs = 80 hosts, 80 x 79 routes */
    CHECK(p->nres == 80 && want && count(want, "\n") == 80 * 79);

    /* every route as the platform model says (the estimates' figures): a cross-site example by
     * hand, n1-0 -> n3-1: NIC n1-0 (1.25e9, 2e-5), WAN s1 UP (2e8, 2e-3), WAN s3 DOWN (4e8,
     * 4e-3), NIC n3-1 (2.5e9, 1e-5): latency 6.03e-3 s, bandwidth 2e8 B/s */
    char line[4096], a[64], b[64];
    double lat, bw, mlat, mbw;
    int checked = 0, agree = 0, example = 0;
    FILE *in = fopen(mesh_out, "r");
    while (in && fgets(line, sizeof line, in)) {
        if (sscanf(line, "%63s %63s %la %la", a, b, &lat, &bw) != 4) break;
        hf_platform_route(p, hf_platform_find(p, a), hf_platform_find(p, b), &mlat, &mbw);
        checked++;
        agree += fabs(lat - mlat) <= 1e-15 && bw == mbw;
        if (strcmp(a, "n1-0") == 0 && strcmp(b, "n3-1") == 0) {
            example = 1;
            CHECK_NEAR(lat, 6.03e-3, 1e-15);
            CHECK(bw == 2e8);
            /* these four links, in SimGrid's order (a Dijkstra-routed site's part comes first) */
            CHECK(count(line, " ") == 3 + 4);
            CHECK_STR_CONTAINS(line, " n1-0-nic_UP");
            CHECK_STR_CONTAINS(line, " s1-wan_UP");
            CHECK_STR_CONTAINS(line, " s3-wan_DOWN");
            CHECK_STR_CONTAINS(line, " n3-1-nic_DOWN");
        }
    }
    if (in) fclose(in);
    CHECK(checked == 80 * 79 && agree == checked && example);

    free(xml);
    free(mesh);
    free(got);
    free(want);
    hf_platform_free(p);
    hf_ctx_free(ctx);
    return hf_check_summary();
}
