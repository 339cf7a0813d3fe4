/* simgrid_xml.c: platform model <-> SimGrid: XML generation, and reading a user's XML platform. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/host.h>

#include "hetflow/hf_platform.h"
#include "hetflow/hf_units.h"

/* SimGrid 3.32's energy plugin reads "Idle:Epsilon:AllCores": Epsilon is the power at a load
 * just above zero, and power = Epsilon + load x (AllCores - Epsilon) while anything runs
 * (load = used fraction of all cores). Epsilon = idle gives exactly the linear model of
 * docs/models/energy.md: P = idle + (max - idle) x load. (Checked by tests/scenarios/
 * multicore.lua: Epsilon = idle + (max - idle) / cores, read as "OneCore", is 25 J off.) */
static void power_prop(const hf_resource *r, char *buf, size_t len)
{
    snprintf(buf, len, "%.17g:%.17g:%.17g", r->p_idle, r->p_idle, r->p_max);
}

/* The SimGrid host resource r runs on: its own, or its MPS device's (shared by the clients). */
static const char *host_of(const hf_resource *r)
{
    return r->host ? r->host : r->name;
}

/* 1 when resource i writes its host, link and routes: it has its own host, or it is the first
 * MPS client of its device. */
static int owns_host(const hf_platform *p, size_t i)
{
    /* the platform's name index maps an MPS device to its first client (platform.c) */
    return !p->res[i].host || hf_platform_find(p, p->res[i].host) == (int)i;
}

/* The name of GPU resource r's PCIe link: "<host>-pcie", or for a MIG instance its physical
 * GPU's "<device>-pcie", one link shared by all the GPU's instances. */
static void pcie_id(const hf_resource *r, char *buf, size_t len)
{
    snprintf(buf, len, "%s-pcie", r->device ? r->device : host_of(r));
}

/* 1 when resource i is the first of the platform with its device (or has none). A GPU's MIG
 * instances are added together (lplatform.c's add_mig, every layout), so only the resource
 * before i can share its device: O(1), where a search of all earlier resources made writing a
 * platform of many MIG GPUs quadratic. */
static int first_of_device(const hf_platform *p, size_t i)
{
    if (!p->res[i].device) return 1;
    return i == 0 || !p->res[i - 1].device || strcmp(p->res[i - 1].device, p->res[i].device) != 0;
}

/* Write s as an XML attribute value (escaping the five XML special characters). */
static void put_attr(FILE *out, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&apos;", out);
            break;
        default:
            fputc(*s, out);
        }
}

static void write_link(FILE *out, const char *indent, const char *id, hf_link_spec l)
{
    fprintf(out,
            "%s<link id=\"%s\" bandwidth=\"%.17gBps\" latency=\"%.17gs\" "
            "sharing_policy=\"SPLITDUPLEX\"/>\n",
            indent, id, l.bandwidth, l.latency);
}

/* Two one-way routes through a full-duplex link: a -> b uses UP, b -> a uses DOWN. */
static void write_duplex_route(FILE *out, const char *a, const char *b, const char *link)
{
    fprintf(out,
            "    <route src=\"%s\" dst=\"%s\" symmetrical=\"NO\">"
            "<link_ctn id=\"%s\" direction=\"UP\"/></route>\n",
            a, b, link);
    fprintf(out,
            "    <route src=\"%s\" dst=\"%s\" symmetrical=\"NO\">"
            "<link_ctn id=\"%s\" direction=\"DOWN\"/></route>\n",
            b, a, link);
}

/* The resources of each site, and the GPUs of each node, as index lists built once in O(sites +
 * resources): walking all resources once per site made writing the XML quadratic (1,000 sites of
 * 100 nodes: 10^8 steps per loop), and searching a node's later GPUs for NVLink pairs made it
 * quadratic in GPUs. */
typedef struct {
    size_t *order; /* resource indices grouped by site, in platform order within a site */
    size_t *start; /* site s's resources: order[start[s]] .. order[start[s + 1] - 1] */
    int *next_gpu; /* the next GPU after resource i on i's node, in platform order; -1: none */
    char *has_gpu; /* has_gpu[s]: site s has a GPU (graph routing instead of Cluster) */
} site_index;

static void site_index_destroy(site_index *x)
{
    free(x->order);
    free(x->start);
    free(x->next_gpu);
    free(x->has_gpu);
}

static hf_err site_index_init(hf_ctx *ctx, site_index *x, const hf_platform *p)
{
    int *last = NULL; /* the last GPU seen so far on each resource (as a node) */
    x->order = malloc(p->nres * sizeof *x->order);
    x->start = calloc(p->nsites + 1, sizeof *x->start);
    x->next_gpu = malloc(p->nres * sizeof *x->next_gpu);
    x->has_gpu = calloc(p->nsites, 1);
    last = malloc(p->nres * sizeof *last);
    if (!x->order || !x->start || !x->next_gpu || !x->has_gpu || !last) goto oom;
    /* counting sort by site: count, prefix sums, place (stable) */
    for (size_t i = 0; i < p->nres; i++)
        x->start[p->res[i].site + 1]++;
    for (size_t s = 0; s < p->nsites; s++)
        x->start[s + 1] += x->start[s];
    for (size_t i = 0; i < p->nres; i++)
        last[i] = (int)x->start[p->res[i].site]++;
    for (size_t i = 0; i < p->nres; i++)
        x->order[last[i]] = i;
    for (size_t s = p->nsites; s > 0; s--)
        x->start[s] = x->start[s - 1];
    x->start[0] = 0;
    /* GPU chains per node, walked backwards so that each link points forward */
    for (size_t i = 0; i < p->nres; i++)
        last[i] = -1;
    for (size_t i = p->nres; i-- > 0;) {
        const hf_resource *r = &p->res[i];
        x->next_gpu[i] = -1;
        if (r->kind != HF_RES_GPU) continue;
        x->has_gpu[r->site] = 1;
        x->next_gpu[i] = last[r->node];
        last[r->node] = (int)i;
    }
    free(last);
    return HF_OK;
oom:
    free(last);
    site_index_destroy(x);
    return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
}

/* The host element of resource r (its own host, or its MPS device's) at site `site`. */
static void write_host(FILE *out, const hf_platform *p, const hf_resource *r, const char *site)
{
    char power[128];
    /* an MPS device runs at the GPU's peak with the GPU's power; each client's figures are its
     * share of them (docs/models/gpu.md) */
    hf_resource dev = *r;
    if (r->host) {
        dev.speed = r->peak;
        dev.p_idle = r->p_idle / r->share;
        dev.p_max = r->p_max / r->share;
    }
    power_prop(&dev, power, sizeof power);
    if (r->gpu_group) {
        /* an instance of one of several MIG layouts: pstate 1 is "not configured", no power;
         * the executor switches layouts (docs/models/gpu.md) */
        fprintf(out, "    <host id=\"%s\" speed=\"%.17gf,%.17gf\" core=\"%d\">\n", host_of(r),
                dev.speed, dev.speed, r->cores);
        size_t len = strlen(power);
        snprintf(power + len, sizeof power - len, ", 0:0:0");
    } else {
        fprintf(out, "    <host id=\"%s\" speed=\"%.17gf\" core=\"%d\">\n", host_of(r), dev.speed,
                r->cores);
    }
    fprintf(out, "      <prop id=\"wattage_per_state\" value=\"%s\"/>\n", power);
    fprintf(out, "      <prop id=\"wattage_off\" value=\"0\"/>\n");
    fprintf(out, "      <prop id=\"hetflow.kind\" value=\"%s\"/>\n",
            r->kind == HF_RES_GPU ? "gpu" : "cpu");
    fprintf(out, "      <prop id=\"hetflow.site\" value=\"%s\"/>\n", site);
    if (r->memory > 0)
        fprintf(out, "      <prop id=\"hetflow.memory\" value=\"%.17g\"/>\n", r->memory);
    if (r->kind == HF_RES_GPU) {
        fprintf(out, "      <prop id=\"hetflow.node\" value=\"%s\"/>\n", p->res[r->node].name);
        if (r->mem_bw > 0)
            fprintf(out, "      <prop id=\"hetflow.memory_bandwidth\" value=\"%.17g\"/>\n",
                    r->mem_bw);
    }
    if (r->model) {
        fputs("      <prop id=\"hetflow.model\" value=\"", out);
        put_attr(out, r->model); /* free text: a model may hold quotes or '&' */
        fputs("\"/>\n", out);
    }
    fprintf(out, "    </host>\n");
}

/* Call fn(out, indent, node, gi, gj) for each NVLink pair (gi, gj) of site s, gi before gj in
 * platform order: one pair per two GPUs (hosts) of a node with an nvlink table. O(pairs),
 * through the node's GPU chain. */
typedef void nvlink_fn(FILE *out, const char *indent, const hf_resource *node,
                       const hf_resource *gi, const hf_resource *gj);

static void nvlink_pairs(FILE *out, const char *indent, const hf_platform *p, const site_index *x,
                         size_t s, nvlink_fn *fn)
{
    for (size_t k = x->start[s]; k < x->start[s + 1]; k++) {
        size_t i = x->order[k];
        const hf_resource *gi = &p->res[i];
        if (gi->kind != HF_RES_GPU || !owns_host(p, i)) continue;
        const hf_resource *node = &p->res[gi->node];
        if (!(node->nvlink.bandwidth > 0)) continue;
        for (int j = x->next_gpu[i]; j >= 0; j = x->next_gpu[j]) {
            const hf_resource *gj = &p->res[j];
            if (!owns_host(p, (size_t)j) || strcmp(host_of(gi), host_of(gj)) == 0) continue;
            fn(out, indent, node, gi, gj);
        }
    }
}

static void nvlink_link(FILE *out, const char *indent, const hf_resource *node,
                        const hf_resource *gi, const hf_resource *gj)
{
    char id[512];
    snprintf(id, sizeof id, "%s-nvl-%s", host_of(gi), host_of(gj));
    write_link(out, indent, id, node->nvlink);
}

static void nvlink_route(FILE *out, const char *indent, const hf_resource *node,
                         const hf_resource *gi, const hf_resource *gj)
{
    char id[512];
    (void)indent;
    (void)node;
    snprintf(id, sizeof id, "%s-nvl-%s", host_of(gi), host_of(gj));
    write_duplex_route(out, host_of(gi), host_of(gj), id);
}

/* The links of site s: NIC and PCIe links, then NVLink links (one full-duplex link per pair of
 * GPUs of a node: a direct route is one hop, so routing prefers it over the two PCIe hops through
 * the host). They are written in the world zone, before any site zone, in the order the site
 * zones held them (so SimGrid creates them in the same order): SimGrid 3.32 finds a link by name
 * zone by zone from the root (NetZoneImpl::get_link_by_name_or_null), so a link declared in the
 * k-th site zone cost k map lookups to create and as many for each host_link or route naming it:
 * quadratic in sites. In the root zone, each costs one. (SimGrid's parser takes a zone whose
 * first element is a link for a zone of hosts, so the hub zone comes first; a platform of one
 * site keeps its links in its zone, as the hub-less XML always did.) */
static void write_site_links(FILE *out, const hf_platform *p, const site_index *x, size_t s,
                             const char *indent)
{
    char id[512];
    for (size_t k = x->start[s]; k < x->start[s + 1]; k++) {
        size_t i = x->order[k];
        const hf_resource *r = &p->res[i];
        if (!owns_host(p, i) || !first_of_device(p, i)) continue;
        if (r->kind == HF_RES_GPU)
            pcie_id(r, id, sizeof id);
        else
            snprintf(id, sizeof id, "%s-nic", r->name);
        write_link(out, indent, id, r->link);
        if (r->kind == HF_RES_CPU && r->xfer.p2p_read > 0) { /* docs/models/network.md */
            snprintf(id, sizeof id, "%s-p2p", r->name);
            write_link(out, indent, id, (hf_link_spec){r->xfer.p2p_read, 0});
        }
    }
    nvlink_pairs(out, indent, p, x, s, nvlink_link);
}

/* The zone of site s: its hosts, its switch and the routes between them over the site's links
 * (write_site_links). O(resources of s + NVLink pairs). */
static void write_site(FILE *out, const hf_platform *p, const site_index *x, size_t s)
{
    const char *site = p->sites[s].name;
    char id[512], link[512];
    /* A site without GPUs is a star of NICs around its switch: SimGrid's Cluster routing gives
     * the same routes (NIC up, NIC down; the switch as gateway) in O(1), where a Dijkstra zone
     * walks the switch's edges per lookup: twice as fast a simulation at 1000 nodes
     * (docs/performance.md). GPUs behind PCIe and NVLink need graph routing. */
    int cluster = !x->has_gpu[s];
    fprintf(out, "  <zone id=\"%s\" routing=\"%s\">\n", site,
            cluster ? "Cluster" : "DijkstraCache");
    for (size_t k = x->start[s]; k < x->start[s + 1]; k++)
        if (owns_host(p, x->order[k])) write_host(out, p, &p->res[x->order[k]], site);
    for (size_t k = x->start[s]; k < x->start[s + 1]; k++) { /* GPUDirect read endpoints */
        const hf_resource *r = &p->res[x->order[k]];
        if (owns_host(p, x->order[k]) && r->kind == HF_RES_GPU &&
            p->res[r->node].xfer.p2p_read > 0)
            fprintf(out,
                    "    <host id=\"%s" HF_GDR_SUFFIX "\" speed=\"1f\">"
                    "<prop id=\"hetflow.kind\" value=\"nic-read\"/></host>\n",
                    host_of(r));
    }
    fprintf(out, "    <router id=\"%s-sw\"/>\n", site);
    if (p->nsites == 1) write_site_links(out, p, x, s, "    ");
    if (cluster) {
        for (size_t k = x->start[s]; k < x->start[s + 1]; k++) {
            const char *name = p->res[x->order[k]].name;
            fprintf(out, "    <host_link id=\"%s\" up=\"%s-nic_UP\" down=\"%s-nic_DOWN\"/>\n", name,
                    name, name);
        }
        fprintf(out, "  </zone>\n");
        return;
    }
    snprintf(id, sizeof id, "%s-sw", site);
    for (size_t k = x->start[s]; k < x->start[s + 1]; k++) {
        size_t i = x->order[k];
        const hf_resource *r = &p->res[i];
        if (!owns_host(p, i)) continue;
        if (r->kind == HF_RES_CPU) {
            snprintf(link, sizeof link, "%s-nic", r->name);
            write_duplex_route(out, r->name, id, link);
        } else {
            pcie_id(r, link, sizeof link);
            write_duplex_route(out, host_of(r), p->res[r->node].name, link);
            const hf_resource *node = &p->res[r->node];
            if (node->xfer.p2p_read > 0)
                /* The NIC reading this GPU's memory (GPUDirect RDMA) meets the node's P2P read
                 * limit. SimGrid's Dijkstra counts links, so a route GPU -> switch through that
                 * limit would lose to the one through the host: the reads leave from a host of
                 * their own, HF_GDR_SUFFIX, whose only route out is PCIe, limit, NIC. It also
                 * gets a route in (the host to it through the GPU's PCIe link), never taken (4
                 * links against the host's 1 to the switch): SimGrid 3.32's Dijkstra adds link
                 * counts to the ULONG_MAX cost of a vertex it cannot reach, which wraps, so an
                 * unreachable vertex would become everyone's shortcut. */
                fprintf(out,
                        "    <route src=\"%s\" dst=\"%s" HF_GDR_SUFFIX "\" symmetrical=\"NO\">"
                        "<link_ctn id=\"%s\" direction=\"DOWN\"/></route>\n",
                        node->name, host_of(r), link);
            if (node->xfer.p2p_read > 0)
                fprintf(out,
                        "    <route src=\"%s" HF_GDR_SUFFIX "\" dst=\"%s\" symmetrical=\"NO\">"
                        "<link_ctn id=\"%s\" direction=\"UP\"/>"
                        "<link_ctn id=\"%s-p2p\" direction=\"UP\"/>"
                        "<link_ctn id=\"%s-nic\" direction=\"UP\"/></route>\n",
                        host_of(r), id, link, node->name, node->name);
        }
    }
    nvlink_pairs(out, "", p, x, s, nvlink_route);
    fprintf(out, "  </zone>\n");
}

/* The WAN hub that joins the sites: a zone of one router. Both names end in "-sw", which users'
 * names may not (platform.c), and neither is a site's switch: "world" is no site's name, and no
 * site's name ends in "-sw". */
#define HUB_ZONE "world-sw"
#define HUB_ROUTER "world-sw-sw"

/* The routes between sites through the WAN hub, 2 per site: site -> hub through the
 * site's WAN link UP, hub -> site through it DOWN. The world zone's Dijkstra routing composes
 * site a -> site b as a's uplink UP, then b's DOWN, with a's and b's switches as gateways: the
 * route a full mesh of zoneRoutes gave, from O(sites) XML instead of O(sites^2)
 * (docs/models/network.md). */
static void write_wan_routes(FILE *out, const hf_platform *p)
{
    for (size_t s = 0; s < p->nsites; s++) {
        const char *n = p->sites[s].name;
        fprintf(out,
                "  <zoneRoute src=\"%s\" dst=\"" HUB_ZONE "\" gw_src=\"%s-sw\" gw_dst=\"" HUB_ROUTER
                "\" symmetrical=\"NO\"><link_ctn id=\"%s-wan\" direction=\"UP\"/></zoneRoute>\n",
                n, n, n);
        fprintf(out,
                "  <zoneRoute src=\"" HUB_ZONE "\" dst=\"%s\" gw_src=\"" HUB_ROUTER
                "\" gw_dst=\"%s-sw\" symmetrical=\"NO\"><link_ctn id=\"%s-wan\" "
                "direction=\"DOWN\"/></zoneRoute>\n",
                n, n, n);
    }
}

hf_err hf_platform_write_xml(hf_ctx *ctx, const hf_platform *p, FILE *out)
{
    site_index x = {0};
    char id[512];
    hf_err rc;

    if (p->nsites == 0 || p->nres == 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "platform '%s' has no nodes", p->name);
    for (size_t i = 0; i < p->nres; i++) {
        const hf_resource *r = &p->res[i];
        if (!(r->link.bandwidth > 0))
            return hf_ctx_fail(ctx, HF_EINPUT, "%s '%s': %s bandwidth must be positive",
                               r->kind == HF_RES_GPU ? "gpu" : "node", r->name,
                               r->kind == HF_RES_GPU ? "pcie" : "nic");
    }
    if (p->nsites > 1)
        for (size_t s = 0; s < p->nsites; s++)
            if (!(p->sites[s].wan.bandwidth > 0))
                return hf_ctx_fail(ctx, HF_EINPUT,
                                   "site '%s': wan bandwidth must be positive when the platform "
                                   "has several sites",
                                   p->sites[s].name);
    if ((rc = site_index_init(ctx, &x, p)) != HF_OK) return rc;

    /* the platform's name is free text: it goes nowhere into the XML (a "--" would end a
     * comment); resource and site names are restricted to a safe alphabet */
    fprintf(out,
            "<?xml version='1.0'?>\n"
            "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
            "<!-- generated by hetflow -->\n"
            "<platform version=\"4.1\">\n"
            "<zone id=\"world\" routing=\"%s\">\n",
            p->nsites > 1 ? "DijkstraCache" : "Full");
    if (p->nsites > 1) {
        fputs("  <zone id=\"" HUB_ZONE "\" routing=\"None\">\n"
              "    <router id=\"" HUB_ROUTER "\"/>\n"
              "  </zone>\n",
              out);
        for (size_t s = 0; s < p->nsites; s++)
            write_site_links(out, p, &x, s, "  ");
        for (size_t s = 0; s < p->nsites; s++) {
            snprintf(id, sizeof id, "%s-wan", p->sites[s].name);
            write_link(out, "  ", id, p->sites[s].wan);
        }
    }
    for (size_t s = 0; s < p->nsites; s++)
        write_site(out, p, &x, s);
    if (p->nsites > 1) write_wan_routes(out, p);
    fprintf(out, "</zone>\n</platform>\n");
    site_index_destroy(&x);
    if (ferror(out)) return hf_ctx_fail(ctx, HF_EIO, "cannot write the SimGrid platform");
    return HF_OK;
}

/* Parse "idle:max" or "idle:epsilon:max" (first pstate only). Task energy attribution assumes
 * epsilon = idle (docs/models/energy.md). */
static int parse_wattage(const char *s, double *idle, double *eps, double *max)
{
    if (!s) return 0;
    double v[3];
    int n = 0;
    const char *q = s;
    while (n < 3) {
        char *end;
        v[n] = strtod(q, &end);
        if (end == q) return -1;
        n++;
        if (*end != ':') break;
        q = end + 1;
    }
    if (n < 2) return -1;
    *idle = v[0];
    *eps = v[n == 3 ? 1 : 0];
    *max = v[n - 1];
    return 0;
}

static int prop_quantity(hf_ctx *ctx, sg_host_t h, const char *name, hf_unit_kind kind, double *out)
{
    const char *v = sg_host_get_property_value(h, name);
    char err[256];
    if (!v) return 0;
    if (hf_units_parse(v, kind, out, err, sizeof err) != 0 || *out < 0) {
        hf_ctx_fail(ctx, HF_EINPUT, "host '%s': property %s: %s", sg_host_get_name(h), name, err);
        return -1;
    }
    return 0;
}

hf_err hf_platform_from_simgrid(hf_ctx *ctx, hf_platform *p)
{
    size_t n = sg_host_count();
    sg_host_t *hosts = sg_host_list();
    hf_err rc = HF_OK;
    if (n == 0) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "the SimGrid platform has no hosts");
        goto done;
    }
    /* two passes: CPU nodes first, so GPUs can name their node */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            sg_host_t h = hosts[i];
            const char *kind = sg_host_get_property_value(h, "hetflow.kind");
            int is_gpu = kind && strcmp(kind, "gpu") == 0;
            if (kind && strcmp(kind, "nic-read") == 0) continue; /* a GPUDirect read endpoint */
            if (kind && !is_gpu && strcmp(kind, "cpu") != 0) {
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "host '%s': property hetflow.kind is '%s' (expected cpu, gpu or "
                                 "nic-read)",
                                 sg_host_get_name(h), kind);
                goto done;
            }
            if (is_gpu != pass) continue;
            const char *site = sg_host_get_property_value(h, "hetflow.site");
            if (!site) site = "default";
            int s = -1;
            for (size_t k = 0; k < p->nsites; k++)
                if (strcmp(p->sites[k].name, site) == 0) s = (int)k;
            if (s < 0) s = hf_platform_add_site(ctx, p, site, (hf_link_spec){0, 0});
            if (s < 0) {
                rc = ctx->errcode;
                goto done;
            }
            hf_resource r = {0};
            r.name = (char *)sg_host_get_name(h);
            r.kind = is_gpu ? HF_RES_GPU : HF_RES_CPU;
            r.site = s;
            r.xfer = hf_xfer_defaults();
            r.cores = is_gpu ? 1 : sg_host_core_count(h);
            r.speed = sg_host_get_speed(h);
            r.model = (char *)sg_host_get_property_value(h, "hetflow.model");
            double eps = 0;
            if (parse_wattage(sg_host_get_property_value(h, "wattage_per_state"), &r.p_idle, &eps,
                              &r.p_max) != 0) {
                rc = hf_ctx_fail(ctx, HF_EINPUT,
                                 "host '%s': property wattage_per_state is not 'idle:max' or "
                                 "'idle:epsilon:max'",
                                 sg_host_get_name(h));
                goto done;
            }
            /* as for a Lua platform (docs/units.md#ranges): 1e308 W gave an energy of inf,
             * "nan" one of nan, a subnormal passed */
            char werr[256];
            if (hf_units_check(r.p_idle, HF_UNIT_POWER, werr, sizeof werr) != 0 ||
                hf_units_check(eps, HF_UNIT_POWER, werr, sizeof werr) != 0 ||
                hf_units_check(r.p_max, HF_UNIT_POWER, werr, sizeof werr) != 0) {
                rc = hf_ctx_fail(ctx, HF_EINPUT, "host '%s': property wattage_per_state: %s",
                                 sg_host_get_name(h), werr);
                goto done;
            }
            if (prop_quantity(ctx, h, "hetflow.memory", HF_UNIT_BYTES, &r.memory) ||
                prop_quantity(ctx, h, "hetflow.memory_bandwidth", HF_UNIT_BANDWIDTH, &r.mem_bw)) {
                rc = HF_EINPUT;
                goto done;
            }
            if (is_gpu) {
                const char *node = sg_host_get_property_value(h, "hetflow.node");
                r.node = node ? hf_platform_find(p, node) : -1;
                if (r.node < 0) {
                    rc = hf_ctx_fail(ctx, HF_EINPUT,
                                     "gpu host '%s': property hetflow.node must name its CPU host "
                                     "(got %s%s%s)",
                                     sg_host_get_name(h), node ? "'" : "", node ? node : "nothing",
                                     node ? "'" : "");
                    goto done;
                }
            }
            /* routes and links come from the XML: estimates ask SimGrid (hf_platform_route) */
            if (hf_platform_add_resource(ctx, p, &r) < 0) {
                rc = ctx->errcode;
                goto done;
            }
        }
    }
done:
    free(hosts);
    return rc;
}
