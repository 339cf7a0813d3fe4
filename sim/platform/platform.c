/* platform.c: the platform model: sites, CPU nodes, GPUs, links; validation and description. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "platform/carbon.h"
#include "core/strmap.h"
#include "hetflow/hf_platform.h"
#include "hetflow/hf_units.h"

hf_platform *hf_platform_new(const char *name)
{
    hf_platform *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->name = strdup(name ? name : "platform");
    p->index = hf_strmap_new();
    if (!p->name || !p->index) {
        hf_platform_free(p);
        return NULL;
    }
    return p;
}

void hf_platform_free(hf_platform *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->nsites; i++) {
        free(p->sites[i].name);
        hf_ctrace_destroy(p->sites[i].carbon);
        free(p->sites[i].carbon);
    }
    for (size_t i = 0; i < p->nres; i++) {
        free(p->res[i].name);
        free(p->res[i].model);
        free(p->res[i].partition);
        free(p->res[i].host);
        free(p->res[i].device);
        for (int k = 0; k < p->res[i].nkprof; k++)
            free(p->res[i].kprof[k].name);
        free(p->res[i].kprof);
    }
    free(p->sites);
    free(p->res);
    free(p->xml_path);
    free(p->name);
    hf_strmap_free(p->index);
    free(p);
}

/* Names become SimGrid netpoint ids and XML attributes: keep them to a safe alphabet. */
static int valid_name(const char *s)
{
    if (!s || !*s) return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == ':'))
            return 0;
    }
    return 1;
}

/* Sites and resources share one name space (SimGrid's netpoints): the index maps a resource
 * to its index and a site s to -2 - s. */
static int find_site(const hf_platform *p, const char *name)
{
    if (p->xml_path) { /* a user's XML: sites are labels (hetflow.site), not SimGrid elements */
        for (size_t i = 0; i < p->nsites; i++)
            if (strcmp(p->sites[i].name, name) == 0) return (int)i;
        return -1;
    }
    int v = hf_strmap_get(p->index, name);
    return v <= -2 ? -2 - v : -1;
}

int hf_platform_find(const hf_platform *p, const char *name)
{
    int v = hf_strmap_get(p->index, name);
    return v >= 0 ? v : -1;
}

/* Name of a SimGrid element hetflow generates that name would collide with, or NULL: the
 * switch "<site>-sw" of a site, "world", or a site/resource name already taken. */
static int name_taken(const hf_platform *p, const char *name)
{
    if (hf_strmap_get(p->index, name) != -1) return 1;
    if (p->xml_path) return 0; /* a user's XML names its own elements */
    if (strcmp(name, "world") == 0) return 1;
    size_t n = strlen(name);
    if (n > 3 && strcmp(name + n - 3, "-sw") == 0) return 1; /* reserved for site switches */
    return 0;
}

size_t hf_platform_count(const hf_platform *p, hf_res_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nres; i++)
        n += p->res[i].kind == kind;
    return n;
}

static int bad_link(const hf_link_spec *l)
{
    return !(l->bandwidth >= 0) || !isfinite(l->bandwidth) || !(l->latency >= 0) ||
           !isfinite(l->latency);
}

hf_err hf_platform_set_site_carbon(hf_ctx *ctx, hf_platform *p, int site, struct hf_ctrace *trace,
                                   double pue)
{
    hf_err rc = HF_OK;
    if (site < 0 || (size_t)site >= p->nsites)
        rc = hf_ctx_fail(ctx, HF_EINPUT, "site #%d does not exist", site + 1);
    else if (!(pue >= 1) || !(pue <= 10))
        rc = hf_ctx_fail(ctx, HF_EINPUT, "site '%s': pue %g (a number from 1 to 10 expected)",
                         p->sites[site].name, pue);
    else if (p->sites[site].carbon)
        rc = hf_ctx_fail(ctx, HF_EINPUT, "site '%s': carbon given twice", p->sites[site].name);
    if (rc != HF_OK) {
        hf_ctrace_destroy(trace);
        free(trace);
        return rc;
    }
    p->sites[site].carbon = trace;
    p->sites[site].pue = pue;
    return HF_OK;
}

int hf_platform_add_site(hf_ctx *ctx, hf_platform *p, const char *name, hf_link_spec wan)
{
    if (!valid_name(name)) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "site name '%s' is invalid (use letters, digits, '.', '_', '-', ':')",
                    name ? name : "");
        return -1;
    }
    if (find_site(p, name) >= 0) {
        hf_ctx_fail(ctx, HF_EINPUT, "site '%s' is declared twice", name);
        return -1;
    }
    if (!p->xml_path && name_taken(p, name)) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "site name '%s' is taken (by a node or GPU, or reserved: 'world', '*-sw')",
                    name);
        return -1;
    }
    if (bad_link(&wan)) {
        hf_ctx_fail(ctx, HF_EINPUT, "site '%s': wan bandwidth and latency must be >= 0", name);
        return -1;
    }
    if (p->nsites == p->cap_sites) {
        size_t cap = p->cap_sites ? 2 * p->cap_sites : 4;
        hf_site *ns = realloc(p->sites, cap * sizeof *ns);
        if (!ns) goto oom;
        p->sites = ns;
        p->cap_sites = cap;
    }
    hf_site *s = &p->sites[p->nsites];
    s->name = strdup(name);
    if (!s->name) goto oom;
    if (!p->xml_path && hf_strmap_put(p->index, s->name, -2 - (int)p->nsites) < 0) {
        free(s->name);
        goto oom;
    }
    s->wan = wan;
    s->carbon = NULL;
    s->pue = 1;
    return (int)p->nsites++;
oom:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return -1;
}

/* A copy of the n profiles of src (names too) into *dst; -1 when out of memory. */
static int copy_kprof(const hf_kprofile *src, int n, hf_kprofile **dst)
{
    *dst = NULL;
    if (n <= 0) return 0;
    hf_kprofile *d = calloc((size_t)n, sizeof *d);
    if (!d) return -1;
    for (int k = 0; k < n; k++) {
        d[k] = src[k];
        if (!(d[k].name = strdup(src[k].name))) {
            while (k-- > 0)
                free(d[k].name);
            free(d);
            return -1;
        }
    }
    *dst = d;
    return 0;
}

int hf_platform_add_resource(hf_ctx *ctx, hf_platform *p, const hf_resource *r)
{
    const char *kind = r->kind == HF_RES_GPU ? "gpu" : "node";
    if (!valid_name(r->name)) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "%s name '%s' is invalid (use letters, digits, '.', '_', '-', ':')", kind,
                    r->name ? r->name : "");
        return -1;
    }
    if (name_taken(p, r->name)) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "name '%s' is used twice in the platform (names of sites, nodes and GPUs "
                    "share one name space; 'world' and '*-sw' are reserved)",
                    r->name);
        return -1;
    }
    if (r->site < 0 || (size_t)r->site >= p->nsites) {
        hf_ctx_fail(ctx, HF_EINPUT, "%s '%s': no such site", kind, r->name);
        return -1;
    }
    if (r->cores < 1) {
        hf_ctx_fail(ctx, HF_EINPUT, "%s '%s': cores must be a positive integer, got %d", kind,
                    r->name, r->cores);
        return -1;
    }
    if (!(r->speed > 0) || !isfinite(r->speed)) {
        hf_ctx_fail(ctx, HF_EINPUT, "%s '%s': speed must be positive, got %g", kind, r->name,
                    r->speed);
        return -1;
    }
    if (!(r->memory >= 0) || !isfinite(r->memory) || !(r->mem_bw >= 0) || !isfinite(r->mem_bw)) {
        hf_ctx_fail(ctx, HF_EINPUT, "%s '%s': memory and memory_bandwidth must be >= 0", kind,
                    r->name);
        return -1;
    }
    if (!(r->p_idle >= 0) || !(r->p_max >= r->p_idle) || !isfinite(r->p_max)) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "%s '%s': power needs 0 <= idle <= max, got idle %g W, max %g W", kind, r->name,
                    r->p_idle, r->p_max);
        return -1;
    }
    if (!(r->embodied >= 0) || !(r->embodied <= 1e10) ||
        (r->embodied > 0 && !(r->lifetime >= 86400 && isfinite(r->lifetime)))) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "%s '%s': embodied emissions need 0 <= grams <= 1e10 and a lifetime of at "
                    "least a day, got %g g over %g s",
                    kind, r->name, r->embodied, r->lifetime);
        return -1;
    }
    if (bad_link(&r->link) || bad_link(&r->nvlink)) {
        hf_ctx_fail(ctx, HF_EINPUT, "%s '%s': link bandwidth and latency must be >= 0", kind,
                    r->name);
        return -1;
    }
    if (r->kind == HF_RES_GPU &&
        (r->node < 0 || (size_t)r->node >= p->nres || p->res[r->node].kind != HF_RES_CPU)) {
        hf_ctx_fail(ctx, HF_EINPUT, "gpu '%s': not attached to a node", r->name);
        return -1;
    }
    /* an MPS client's host name joins the name space once, for its first client */
    int new_host = 0;
    if (r->host) {
        int at = hf_strmap_get(p->index, r->host);
        if (at < 0 && (!valid_name(r->host) || name_taken(p, r->host))) {
            hf_ctx_fail(ctx, HF_EINPUT, "gpu '%s': host name '%s' is invalid or taken", r->name,
                        r->host);
            return -1;
        }
        if (at >= 0 && !(p->res[at].host && strcmp(p->res[at].host, r->host) == 0)) {
            hf_ctx_fail(ctx, HF_EINPUT, "name '%s' is used twice in the platform", r->host);
            return -1;
        }
        new_host = at < 0;
    }
    if (r->kind == HF_RES_GPU &&
        (!(r->sms >= 0) || !isfinite(r->sms) || !(r->launch >= 0) || !isfinite(r->launch))) {
        hf_ctx_fail(ctx, HF_EINPUT, "gpu '%s': sms and launch overhead must be >= 0", r->name);
        return -1;
    }
    if (r->kind == HF_RES_GPU && !(r->bw_sat >= 0 && r->bw_sat <= 1)) {
        hf_ctx_fail(ctx, HF_EINPUT, "gpu '%s': bandwidth saturation %g is outside (0, 1]", r->name,
                    r->bw_sat);
        return -1;
    }
    for (int k = 0; k < r->nkprof; k++) {
        const hf_kprofile *q = &r->kprof[k];
        if (!q->name || !*q->name || !(q->work > 0) || !isfinite(q->work) || !(q->latency >= 0) ||
            !isfinite(q->latency) || !isfinite(q->launch)) {
            hf_ctx_fail(ctx, HF_EINPUT,
                        "gpu '%s': kernel profile '%s' needs a name, work > 0, latency >= 0 and a "
                        "finite launch overhead",
                        r->name, q->name ? q->name : "");
            return -1;
        }
    }
    if (p->nres == p->cap_res) {
        size_t cap = p->cap_res ? 2 * p->cap_res : 16;
        hf_resource *nr = realloc(p->res, cap * sizeof *nr);
        if (!nr) goto oom;
        p->res = nr;
        p->cap_res = cap;
    }
    hf_resource *d = &p->res[p->nres];
    *d = *r;
    d->name = strdup(r->name);
    d->model = r->model ? strdup(r->model) : NULL;
    d->partition = r->partition ? strdup(r->partition) : NULL;
    d->host = r->host ? strdup(r->host) : NULL;
    d->device = r->device ? strdup(r->device) : NULL;
    int kprof_fail = copy_kprof(r->kprof, r->nkprof, &d->kprof);
    if (!d->name || (r->model && !d->model) || (r->partition && !d->partition) ||
        (r->host && !d->host) || (r->device && !d->device) || kprof_fail ||
        hf_strmap_put(p->index, d->name, (int)p->nres) < 0 ||
        (new_host && hf_strmap_put(p->index, d->host, (int)p->nres) < 0)) {
        free(d->name);
        free(d->model);
        free(d->partition);
        free(d->host);
        free(d->device);
        for (int k = 0; d->kprof && k < d->nkprof; k++)
            free(d->kprof[k].name);
        free(d->kprof);
        goto oom;
    }
    if (d->kind == HF_RES_CPU) d->node = (int)p->nres;
    if (d->kind == HF_RES_GPU) { /* a whole GPU unless a partition said otherwise */
        if (!(d->share > 0)) d->share = 1;
        if (!(d->bw_share > 0)) d->bw_share = 1;
        if (!(d->peak > 0)) d->peak = d->speed / d->share;
        if (!(d->bandwidth > 0)) d->bandwidth = d->mem_bw / d->bw_share;
    }
    return (int)p->nres++;
oom:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return -1;
}

static void hop(hf_link_spec l, double *lat, double *bw)
{
    *lat += l.latency;
    if (l.bandwidth < *bw) *bw = l.bandwidth;
}

hf_xfer_spec hf_xfer_defaults(void)
{
    /* Sources and published ranges: docs/models/network.md#transfer-paths. No GPUDirect and
     * no P2P read limit unless declared; copy_latency and overhead 0 unless declared (the links'
     * latencies then stand for the whole copy and message); UCX's pipeline fragment through host
     * memory (UCX_RNDV_FRAG_SIZE host default, 512 KiB) and its rendezvous threshold for GPU
     * memory (about 8 KiB, UCX pull request 5132); GDRCopy off, with UCX's built-in GDRCopy
     * model (uct gdr_copy: writes 0.4 us and 6.9 GB/s, reads 1.4 us and 0.25 GB/s). */
    hf_xfer_spec x = {0};
    x.gpudirect = 0;
    x.p2p_read = 0;
    x.copy_latency = 0;    /* 0: the GPU's PCIe link latency stands for the whole copy */
    x.chunk = 512 * 1024.0; /* UCX's pipeline fragment through host memory */
    x.rndv_threshold = 8192;
    x.overhead = 0;
    x.gdrcopy_limit = 0;
    x.gdr_write = (hf_link_spec){6.9e9, 0.4e-6};
    x.gdr_read = (hf_link_spec){0.25e9, 1.4e-6};
    x.concurrent = 4; /* Nextflow's aws.batch.maxParallelTransfers default, per job there */
    return x;
}

int hf_platform_route(const hf_platform *p, int src, int dst, double *lat, double *bw)
{
    if (p->xml_path) return -1;
    *lat = 0;
    *bw = INFINITY;
    if (src == dst) return 0;
    const hf_resource *s = &p->res[src], *d = &p->res[dst];
    if (s->host && d->host && strcmp(s->host, d->host) == 0) return 0; /* one device's memory */
    if (s->kind == HF_RES_GPU && d->kind == HF_RES_GPU && s->node == d->node &&
        p->res[s->node].nvlink.bandwidth > 0) {
        hop(p->res[s->node].nvlink, lat, bw);
        return 0;
    }
    if (s->kind == HF_RES_GPU) hop(s->link, lat, bw);
    if (s->node != d->node) {
        if (s->kind == HF_RES_GPU && p->res[s->node].xfer.p2p_read > 0) /* the NIC reads the GPU */
            hop((hf_link_spec){p->res[s->node].xfer.p2p_read, 0}, lat, bw);
        hop(p->res[s->node].link, lat, bw);
        if (s->site != d->site) {
            hop(p->sites[s->site].wan, lat, bw);
            hop(p->sites[d->site].wan, lat, bw);
        }
        hop(p->res[d->node].link, lat, bw);
    }
    if (d->kind == HF_RES_GPU) hop(d->link, lat, bw);
    return 0;
}

void hf_platform_describe(const hf_platform *p, FILE *out)
{
    char a[32], b[64], c[32];
    fprintf(out, "platform %s: %zu site(s), %zu node(s), %zu GPU(s)\n", p->name, p->nsites,
            hf_platform_count(p, HF_RES_CPU), hf_platform_count(p, HF_RES_GPU));
    for (size_t s = 0; s < p->nsites; s++) {
        fprintf(out, "  site %s\n", p->sites[s].name);
        for (size_t i = 0; i < p->nres; i++) {
            const hf_resource *r = &p->res[i];
            if (r->site != (int)s) continue;
            if (r->kind == HF_RES_CPU) {
                hf_units_format(r->speed, HF_UNIT_SPEED, a, sizeof a);
                hf_units_format_size(r->memory, b, sizeof b);
                if (r->link.bandwidth > 0)
                    hf_units_format(r->link.bandwidth, HF_UNIT_BANDWIDTH, c, sizeof c);
                else
                    snprintf(c, sizeof c, "as in the XML");
                fprintf(out, "    node %-20s %3d cores x %s, %s, NIC %s, %g-%g W\n", r->name,
                        r->cores, a, b, c, r->p_idle, r->p_max);
            } else {
                hf_units_format(r->speed, HF_UNIT_SPEED, a, sizeof a);
                hf_units_format_size(r->memory, b, sizeof b);
                if (r->link.bandwidth > 0)
                    hf_units_format(r->link.bandwidth, HF_UNIT_BANDWIDTH, c, sizeof c);
                else
                    snprintf(c, sizeof c, "as in the XML");
                char sms[32] = "";
                if (r->sms > 0) /* the SMs it has: a MIG instance's as `nvidia-smi mig -lgip` */
                    snprintf(sms, sizeof sms, " (%.0f SMs)", r->share * r->sms);
                int mps = r->partition && strcmp(r->partition, "mps") == 0;
                fprintf(out, "      gpu %-18s %s%s%s%s %s, %s, PCIe %s, %g-%g W\n", r->name,
                        r->model ? r->model : "",
                        mps            ? " MPS client"
                        : r->partition ? " MIG "
                                       : "",
                        r->partition && !mps ? r->partition : "", sms, a, b, c, r->p_idle,
                        r->p_max);
            }
        }
    }
}
