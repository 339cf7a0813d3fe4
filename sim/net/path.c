/* path.c: the transfer-path model (docs/models/network.md#transfer-paths). */
#include <math.h>
#include <string.h>

#include "net/path.h"

const char *hf_path_kind_name(hf_path_kind k)
{
    return (unsigned)k < HF_NPATHS ? hf_transfer_paths[k] : "?";
}

const char *hf_xfer_mode_name(int m)
{
    static const char *const names[] = {"direct", "auto", "gdr", "bounce"};
    return m >= 0 && m < (int)(sizeof names / sizeof names[0]) ? names[m] : names[0];
}

int hf_xfer_mode_parse(const char *s, hf_xfer_mode *out)
{
    if (!s) return -1;
    if (strcmp(s, "direct") == 0)
        *out = HF_XFER_DIRECT;
    else if (strcmp(s, "auto") == 0)
        *out = HF_XFER_AUTO;
    else if (strcmp(s, "gdr") == 0)
        *out = HF_XFER_GDR;
    else if (strcmp(s, "bounce") == 0)
        *out = HF_XFER_BOUNCE;
    else
        return -1;
    return 0;
}

double hf_stage_flow(const hf_stage *s, double c)
{
    if (s->src < 0) return s->cpu_bw > 0 ? c / s->cpu_bw : 0;
    return s->lat + (isinf(s->bw) ? 0 : c / s->bw);
}

double hf_path_chunks(const hf_path *pa, double bytes)
{
    if (!(bytes > 0) || isinf(pa->chunk) || bytes <= pa->chunk) return 1;
    return ceil(bytes / pa->chunk);
}

double hf_path_seconds(const hf_path *pa, double bytes)
{
    if (pa->kind == HF_PATH_LOCAL) return 0;
    double t = pa->overhead + (pa->rendezvous ? pa->handshake : 0);
    double n = hf_path_chunks(pa, bytes);
    double c = n > 1 ? pa->chunk : bytes; /* the first n - 1 chunks */
    double last = n > 1 ? bytes - (n - 1) * c : bytes;
    double sum = 0, max = 0, g = 0;
    for (int i = 0; i < pa->nstages; i++) {
        const hf_stage *st = &pa->st[i];
        double fi = hf_stage_flow(st, c);
        sum += st->fixed + fi;
        if (fi > max) max = fi;
        double f = n > 1 ? sum + (n - 2) * max : 0; /* chunk n - 1 leaves stage i */
        g = (g + st->fixed > f ? g + st->fixed : f) + hf_stage_flow(st, last);
    }
    return t + g;
}

static int plat_route(void *arg, int src, int dst, double *lat, double *bw)
{
    return hf_platform_route(arg, src, dst, lat, bw);
}

/* A flow stage over the route src -> dst. */
static hf_err flow_stage(hf_ctx *ctx, const hf_platform *p, hf_path_route_fn *route, void *arg, int src,
                         int dst, double fixed, hf_stage *st)
{
    *st = (hf_stage){.src = src, .dst = dst, .fixed = fixed};
    if (route(arg, src, dst, &st->lat, &st->bw) != 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "no route figures from '%s' to '%s'", p->res[src].name,
                           p->res[dst].name);
    if (isinf(st->bw) && st->lat == 0) /* two hosts and no link: SimGrid would abort on it */
        return hf_ctx_fail(ctx, HF_EINPUT, "no route from '%s' to '%s'", p->res[src].name,
                           p->res[dst].name);
    return HF_OK;
}

/* The copy between GPU g and its node's host h (to_gpu: h -> g), bytes in all: the copy engine
 * (copy latency, then a flow over PCIe), or at or below the node's gdrcopy_limit a CPU copy
 * through a mapping of GPU memory (GDRCopy) where that is the faster of the two alone, as UCX
 * chooses between its transports by their estimated times. */
static hf_err copy_stage(hf_ctx *ctx, const hf_platform *p, hf_path_route_fn *route, void *arg,
                         int g, int to_gpu, double bytes, hf_stage *st)
{
    const hf_xfer_spec *x = &p->res[p->res[g].node].xfer;
    int h = p->res[g].node;
    hf_err rc =
        flow_stage(ctx, p, route, arg, to_gpu ? h : g, to_gpu ? g : h, x->copy_latency, st);
    if (rc || !(x->gdrcopy_limit > 0 && bytes <= x->gdrcopy_limit)) return rc;
    hf_link_spec c = to_gpu ? x->gdr_write : x->gdr_read;
    hf_stage cpu = {.src = -1, .dst = -1, .fixed = c.latency, .cpu_bw = c.bandwidth};
    if (cpu.fixed + hf_stage_flow(&cpu, bytes) < st->fixed + hf_stage_flow(st, bytes)) *st = cpu;
    return HF_OK;
}

hf_err hf_path_plan(hf_ctx *ctx, const hf_platform *p, int src, int dst, double bytes,
                    hf_xfer_mode mode, hf_path_route_fn *route, void *arg, hf_path *out)
{
    memset(out, 0, sizeof *out);
    out->chunk = INFINITY;
    out->hs_a = out->hs_b = -1;
    if (!route) {
        route = plat_route;
        arg = (void *)p;
    }
    if (src < 0 || dst < 0 || (size_t)src >= p->nres || (size_t)dst >= p->nres)
        return hf_ctx_fail(ctx, HF_EINPUT, "transfer between unknown resources");
    if (!(bytes >= 0) || isinf(bytes))
        return hf_ctx_fail(ctx, HF_EINPUT, "transfer of %g bytes from '%s' to '%s'", bytes,
                           p->res[src].name, p->res[dst].name);
    const hf_resource *s = &p->res[src], *d = &p->res[dst];
    const char *sh = s->host ? s->host : s->name, *dh = d->host ? d->host : d->name;
    if (src == dst || strcmp(sh, dh) == 0) {
        out->kind = HF_PATH_LOCAL;
        return HF_OK;
    }
    if (mode == HF_XFER_DIRECT) {
        out->kind = HF_PATH_DIRECT;
        out->nstages = 1;
        return flow_stage(ctx, p, route, arg, src, dst, 0, &out->st[0]);
    }
    int sgpu = s->kind == HF_RES_GPU, dgpu = d->kind == HF_RES_GPU;
    int sn = s->node, dn = d->node;
    const hf_xfer_spec *sx = &p->res[sn].xfer, *dx = &p->res[dn].xfer;
    out->overhead = sx->overhead;
    out->nstages = 1;
    if (sn == dn) { /* within a node: one copy */
        if (sgpu && dgpu) {
            out->kind = HF_PATH_PEER;
            return flow_stage(ctx, p, route, arg, src, dst, sx->copy_latency, &out->st[0]);
        }
        out->kind = HF_PATH_COPY;
        return copy_stage(ctx, p, route, arg, sgpu ? src : dst, dgpu, bytes, &out->st[0]);
    }
    double la, ba, lb, bb;
    if (route(arg, sn, dn, &la, &ba) != 0 || route(arg, dn, sn, &lb, &bb) != 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "no route figures between nodes '%s' and '%s'",
                           p->res[sn].name, p->res[dn].name);
    if (isinf(ba) && la == 0)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "no network route between nodes '%s' and '%s' (for '%s' to '%s'): a "
                           "node without a NIC?",
                           p->res[sn].name, p->res[dn].name, s->name, d->name);
    out->rendezvous = bytes > sx->rndv_threshold;
    out->hs_a = sn;
    out->hs_b = dn;
    out->handshake = la + lb;
    if (!sgpu && !dgpu) {
        out->kind = HF_PATH_HOST;
        return flow_stage(ctx, p, route, arg, src, dst, 0, &out->st[0]);
    }
    int can_gdr = (!sgpu || sx->gpudirect) && (!dgpu || dx->gpudirect);
    if (mode == HF_XFER_GDR && !can_gdr)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "gdr transfer from '%s' to '%s': node '%s' has no GPUDirect RDMA (set "
                           "gpudirect = true on it, or use mode bounce or auto)",
                           s->name, d->name, p->res[sgpu && !sx->gpudirect ? sn : dn].name);
    hf_path gdr = *out, bounce = *out;
    hf_err rc = HF_OK;
    if (can_gdr) {
        gdr.kind = HF_PATH_GDR;
        rc = flow_stage(ctx, p, route, arg, src, dst, 0, &gdr.st[0]);
        gdr.st[0].nic_read = sgpu && sx->p2p_read > 0;
        if (rc || mode == HF_XFER_GDR) {
            *out = gdr;
            return rc;
        }
    }
    bounce.kind = HF_PATH_BOUNCE;
    bounce.chunk = sx->chunk > 0 ? sx->chunk : INFINITY;
    bounce.nstages = 0;
    if (sgpu) rc = copy_stage(ctx, p, route, arg, src, 0, bytes, &bounce.st[bounce.nstages++]);
    if (!rc) rc = flow_stage(ctx, p, route, arg, sn, dn, 0, &bounce.st[bounce.nstages++]);
    if (!rc && dgpu) rc = copy_stage(ctx, p, route, arg, dst, 1, bytes, &bounce.st[bounce.nstages++]);
    if (rc) return rc;
    if (hf_path_chunks(&bounce, bytes) > HF_PATH_MAX_CHUNKS) {
        if (mode == HF_XFER_BOUNCE || !can_gdr)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "%.17g bytes from '%s' to '%s' in chunks of %.17g bytes (node "
                               "'%s'): more than %d chunks",
                               bytes, s->name, d->name, bounce.chunk, p->res[sn].name,
                               HF_PATH_MAX_CHUNKS);
        *out = gdr;
        return HF_OK;
    }
    *out = can_gdr && mode == HF_XFER_AUTO &&
                   hf_path_seconds(&gdr, bytes) <= hf_path_seconds(&bounce, bytes)
               ? gdr
               : bounce;
    return HF_OK;
}
