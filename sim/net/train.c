/* train.c: a data-parallel training step with HBM shared between compute and the gradient
 * AllReduce (train.h, docs/models/collectives.md#training-step-and-gpu-memory-bandwidth). */
#include <math.h>
#include <string.h>

#include "net/train.h"

void hf_train_share(double w, double a, double b, double *x, double *y)
{
    if (!(a > 0)) {
        *x = 0;
        *y = b > 0 ? fmin(b, w) : 0;
    } else if (!(b > 0)) {
        *y = 0;
        *x = fmin(a, w);
    } else if (a + b <= w) {
        *x = a;
        *y = b;
    } else if (a <= w / 2) {
        *x = a;
        *y = w - a;
    } else if (b <= w / 2) {
        *y = b;
        *x = w - b;
    } else {
        *x = *y = w / 2;
    }
}

hf_err hf_train_bucket(hf_ctx *ctx, const hf_train_spec *s, double n, double *seconds,
                       double *hbm_bytes, double *net_bytes)
{
    hf_coll_cost c;
    hf_err rc =
        hf_coll_closed_form(ctx, HF_COLL_ALLREDUCE, s->algo, s->offload, s->ranks, n, &s->net, &c);
    if (rc != HF_OK) return rc;
    double h = 0;
    if (s->offload != HF_COLL_GPU && s->grad_bytes > 0) h = fmin(1, s->nic_memory / s->grad_bytes);
    *seconds = c.seconds;
    *hbm_bytes = c.hbm_bytes - h * n; /* the cached share of the input is not read from HBM */
    if (s->algo == HF_COLL_HIER && s->offload != HF_COLL_SWITCH) {
        int g = s->net.per_node, N = s->ranks / g;
        *net_bytes = 2.0 * (N - 1) / N * n / g; /* the ring across nodes, both phases */
    } else {
        *net_bytes = c.sent_bytes;
    }
    return HF_OK;
}

/* Fail unless v is finite and >= 0 (> 0 when positive). */
static hf_err check(hf_ctx *ctx, const char *field, double v, int positive)
{
    if (isfinite(v) && (positive ? v > 0 : v >= 0)) return HF_OK;
    return hf_ctx_fail(ctx, HF_EINPUT, "train.%s: %g (%s expected)", field, v,
                       positive ? "a finite number > 0" : "a finite number >= 0");
}

static hf_err check_spec(hf_ctx *ctx, const hf_train_spec *s)
{
    hf_err rc;
    if ((rc = check(ctx, "peak", s->peak, 1)) || (rc = check(ctx, "hbm", s->hbm, 1)) ||
        (rc = check(ctx, "forward_flops", s->fwd_flops, 0)) ||
        (rc = check(ctx, "forward_bytes", s->fwd_bytes, 0)) ||
        (rc = check(ctx, "backward_flops", s->bwd_flops, 0)) ||
        (rc = check(ctx, "backward_bytes", s->bwd_bytes, 0)) ||
        (rc = check(ctx, "optimizer_bytes", s->opt_bytes, 0)) ||
        (rc = check(ctx, "gradient_bytes", s->grad_bytes, 1)) ||
        (rc = check(ctx, "bucket", s->bucket, 1)) ||
        (rc = check(ctx, "nic_memory", s->nic_memory, 0)))
        return rc;
    if (!(s->efficiency > 0 && s->efficiency <= 1))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "train.efficiency: %g (a share of the peak in (0, 1] "
                           "expected)",
                           s->efficiency);
    if (s->ranks < 2)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "train.ranks: %d (a data-parallel group needs 2 or "
                           "more GPUs; one has no gradients to exchange)",
                           s->ranks);
    double k = hf_train_nbuckets(s->grad_bytes, s->bucket);
    if (k > HF_TRAIN_MAX_BUCKETS)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "train.bucket: %g B makes %.0f buckets of %g B of "
                           "gradients, more than %.0f (use larger buckets)",
                           s->bucket, k, s->grad_bytes, HF_TRAIN_MAX_BUCKETS);
    /* every compute item must take a finite time: flops at e P, bytes at W */
    double rf = s->efficiency * s->peak;
    const double flops[] = {s->fwd_flops, s->bwd_flops},
                 bytes[] = {s->fwd_bytes, s->bwd_bytes, s->opt_bytes};
    for (int i = 0; i < 2; i++)
        if (!isfinite(flops[i] / rf))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "train.%s: %g flop at efficiency x peak = %g flop/s takes longer "
                               "than can be simulated",
                               i ? "backward_flops" : "forward_flops", flops[i], rf);
    for (int i = 0; i < 3; i++)
        if (!isfinite(bytes[i] / s->hbm))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "train.%s: %g B at hbm = %g B/s takes longer than can be simulated",
                               i == 0   ? "forward_bytes"
                               : i == 1 ? "backward_bytes"
                                        : "optimizer_bytes",
                               bytes[i], s->hbm);
    return HF_OK;
}

double hf_train_nbuckets(double grad, double bucket)
{
    /* G / bucket may land just above a whole number by rounding (16.1e3 / 100 =
     * 161.00000000000003): a remainder under 1e-9 of the gradient is no bucket of its own */
    double k = floor(grad / bucket);
    if (grad - k * bucket > 1e-9 * grad) k++;
    return k < 1 ? 1 : k;
}

/* The running compute item or AllReduce: what is left of its parts and its HBM cap. */
typedef struct flow {
    int active;
    double flops;   /* compute: flop left (run at e P) */
    double bytes;   /* HBM bytes left */
    double timer;   /* AllReduce: seconds of network time left */
    double cap;     /* B/s it draws from HBM alone */
    double elapsed; /* seconds it has run (summed per interval: a short flow late in a long
                       step keeps its precision, which now - start would not) */
} flow;

/* Start compute item of F flop and B bytes on s; returns its time alone. */
static double start_compute(flow *c, const hf_train_spec *s, double F, double B)
{
    double alone = fmax(F / (s->efficiency * s->peak), B / s->hbm);
    *c = (flow){.active = 1, .flops = F, .bytes = B, .cap = alone > 0 ? B / alone : 0};
    return alone;
}

/* Time for `left` at rate r (infinite when nothing is left or nothing flows). */
static double eta(double left, double r)
{
    return left > 0 && r > 0 ? left / r : INFINITY;
}

/* After dt at rate r: what is left, exactly 0 when its own time to finish was dt (within a
 * relative 1e-12: the event that ended the interval, or one at the same instant). */
static double advance(double left, double r, double dt)
{
    if (!(left > 0)) return 0;
    if (eta(left, r) <= dt * (1 + 1e-12)) return 0;
    return left - r * dt;
}

hf_err hf_train_step(hf_ctx *ctx, const hf_train_spec *s, hf_train_result *out)
{
    memset(out, 0, sizeof *out);
    hf_err rc = check_spec(ctx, s);
    if (rc != HF_OK) return rc;
    double G = s->grad_bytes, K = hf_train_nbuckets(G, s->bucket);
    double last = G - (K - 1) * s->bucket; /* the last bucket's bytes, in (0, bucket] */
    if (!(last > 0)) last = fmin(G, s->bucket);
    double full_T = 0, full_H = 0, full_N = 0, last_T, last_H, last_N;
    if ((K > 1 && (rc = hf_train_bucket(ctx, s, s->bucket, &full_T, &full_H, &full_N))) ||
        (rc = hf_train_bucket(ctx, s, last, &last_T, &last_H, &last_N))) {
        hf_ctx_prefix(ctx, "train (algo %s, offload %s, ranks %d)", hf_coll_algo_name(s->algo),
                      hf_coll_offload_name(s->offload), s->ranks);
        return rc;
    }
    out->buckets = K;
    out->cached_share = s->offload == HF_COLL_GPU ? 0 : fmin(1, s->nic_memory / G);
    out->comm_alone_seconds = (K - 1) * full_T + last_T;
    out->comm_hbm_bytes = (K - 1) * full_H + last_H;
    out->net_bytes = (K - 1) * full_N + last_N;
    out->compute_hbm_bytes = s->fwd_bytes + s->bwd_bytes + s->opt_bytes;

    /* compute items: 0 forward, 1..K backward chunk k - 1 (producing bucket k - 1, its share of
     * the backward pass in proportion to its bytes), K + 1 the optimizer (after every bucket) */
    double rf = s->efficiency * s->peak, t = 0;
    double next_c = 0, ready = 0, next_m = 0, reduced = 0;
    flow c = {0}, m = {0};
    for (;;) {
        if (!c.active && next_c <= K + 1 && (next_c < K + 1 || reduced == K)) {
            double F, B;
            if (next_c == 0) {
                F = s->fwd_flops;
                B = s->fwd_bytes;
            } else if (next_c <= K) {
                double share = (next_c < K ? s->bucket : last) / G;
                F = s->bwd_flops * share;
                B = s->bwd_bytes * share;
            } else {
                F = 0;
                B = s->opt_bytes;
            }
            out->compute_alone_seconds += start_compute(&c, s, F, B);
            next_c++;
        }
        if (!m.active && next_m < ready) {
            int is_last = next_m == K - 1;
            double T = is_last ? last_T : full_T, H = is_last ? last_H : full_H;
            m = (flow){.active = 1, .bytes = H, .timer = T, .cap = T > 0 ? H / T : INFINITY};
            next_m++;
        }
        if (c.active && !(c.flops > 0) && !(c.bytes > 0)) { /* the compute item is done */
            out->compute_seconds += c.elapsed;
            if (next_c - 1 >= 1 && next_c - 1 <= K) ready++;
            c.active = 0;
            continue;
        }
        if (m.active && !(m.timer > 0) && !(m.bytes > 0)) { /* the bucket is reduced */
            out->comm_seconds += m.elapsed;
            reduced++;
            m.active = 0;
            continue;
        }
        if (!c.active && !m.active) break;
        double x, y;
        hf_train_share(s->hbm, c.active && c.bytes > 0 ? c.cap : 0,
                       m.active && m.bytes > 0 ? m.cap : 0, &x, &y);
        double dt = fmin(fmin(eta(c.flops, rf), eta(c.bytes, x)),
                         fmin(m.timer > 0 ? m.timer : INFINITY, eta(m.bytes, y)));
        if (!isfinite(dt)) /* cannot happen: an active flow always has a part that moves */
            return hf_ctx_fail(ctx, HF_ESIM, "train: no progress at t = %g s", t);
        if (c.active) c.elapsed += dt;
        if (m.active) m.elapsed += dt;
        c.flops = advance(c.flops, rf, dt);
        c.bytes = advance(c.bytes, x, dt);
        m.timer = advance(m.timer, 1, dt);
        m.bytes = advance(m.bytes, y, dt);
        t += dt;
    }
    out->step_seconds = t;
    out->exposed_seconds = t - out->compute_seconds;
    out->free_share =
        out->comm_seconds > 0 ? 1 - out->comm_hbm_bytes / (s->hbm * out->comm_seconds) : 1;
    if (out->free_share < 0) out->free_share = 0; /* rounding: the AllReduce drew at most W */
    out->hbm_util = t > 0 ? (out->compute_hbm_bytes + out->comm_hbm_bytes) / (s->hbm * t) : 0;
    out->net_util = t > 0 ? out->net_bytes / (s->net.bandwidth * t) : 0;
    return HF_OK;
}
