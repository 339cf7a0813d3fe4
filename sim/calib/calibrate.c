/* calibrate.c: fitting the GPU model's parameters to measurements (hf_calib.h,
 * docs/validation.md). The model's equations are those of docs/models/gpu.md, evaluated through
 * exec/kernel.h, so that what is fitted is exactly what the simulator runs. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include "core/outfile.h"
#include "exec/kernel.h"
#include "hetflow/hetflow.h"
#include "hetflow/hf_calib.h"

double hf_gpu_params_rate(const hf_gpu_params *g, const char *prec)
{
    for (int i = 0; i < g->nrates; i++)
        if (strcmp(g->precision[i], prec) == 0) return g->rate[i];
    return 0;
}

static int is_copy(const hf_meas_exp *e)
{
    return e->bytes > 0 && e->nkernels == 0;
}

double hf_calib_predict(const hf_gpu_params *g, const hf_meas_exp *e)
{
    if (is_copy(e)) {
        const hf_link_spec *l = e->pinned ? &g->pinned : &g->pageable;
        return l->bandwidth > 0 ? l->latency + e->bytes / l->bandwidth : NAN;
    }
    if (e->clients > 1 && !e->serial) return NAN;
    if (!(hf_gpu_params_rate(g, e->precision) > 0)) return NAN;
    double t = 0;
    for (size_t i = 0; i < e->nkernels; i++)
        t += hf_calib_group_seconds(g, e, &e->kernels[i],
                                    hf_gpu_params_profile(g, e->kernels[i].name));
    return t * e->clients;
}

double hf_calib_group_seconds(const hf_gpu_params *g, const hf_meas_exp *e, const hf_meas_kernel *k,
                              const hf_calib_profile *q)
{
    hf_gpu_share s = {.peak = hf_gpu_params_rate(g, e->precision),
                      .bandwidth = g->bandwidth,
                      .sms = g->sms,
                      .launch = g->launch,
                      .s = e->share,
                      .b = 1,
                      .sat = g->bw_sat};
    hf_kernel kk = {k->flops, k->bytes, k->blocks, 0};
    if (q) { /* the simulator's own arithmetic */
        hf_kprofile p = {(char *)q->name, q->work, q->latency, q->launch};
        hf_kprofile_apply(&p, &kk, &s.launch);
    }
    return k->count * (hf_kernel_seconds(&kk, &s) + k->gap);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Quantile q of the sorted array v[0..n-1] (linear interpolation between order statistics). */
static double quantile(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)pos;
    if (lo + 1 >= n) return v[n - 1];
    return v[lo] + (pos - (double)lo) * (v[lo + 1] - v[lo]);
}

void hf_calib_summary(const hf_meas_exp *e, double *median, double *spread)
{
    *median = *spread = NAN;
    double *v = e->nsamples ? malloc(e->nsamples * sizeof *v) : NULL;
    if (!v) return;
    memcpy(v, e->samples, e->nsamples * sizeof *v);
    qsort(v, e->nsamples, sizeof *v, cmp_dbl);
    *median = quantile(v, e->nsamples, 0.5);
    *spread = (quantile(v, e->nsamples, 0.95) - quantile(v, e->nsamples, 0.05)) / (2 * *median);
    free(v);
}

double hf_calib_measured(const hf_meas_exp *e)
{
    double med, spread;
    hf_calib_summary(e, &med, &spread);
    return med;
}

/* ---------- the training split ---------- */

static const char *const default_train[] = {
    "tiny", "stream_triad", "compute_fp64", "dgemm", "h2d", "d2h", NULL};

static int listed(const char *const *list, const char *w)
{
    for (; *list; list++)
        if (strcmp(*list, w) == 0) return 1;
    return 0;
}

/* Same series: the experiments among which every other one trains (the whole GPU and its
 * partitions are one series, whatever made the partitions). */
static int same_series(const hf_meas_exp *a, const hf_meas_exp *b)
{
    return strcmp(a->workload, b->workload) == 0 && strcmp(a->precision, b->precision) == 0 &&
           a->pinned == b->pinned && a->clients == b->clients;
}

/* a comes before b in its series: larger share first, then larger copies, then name. */
static int before(const hf_meas_exp *a, const hf_meas_exp *b)
{
    if (a->share != b->share) return a->share > b->share;
    if (a->bytes != b->bytes) return a->bytes > b->bytes;
    return strcmp(a->name, b->name) < 0;
}

void hf_calib_split(const hf_meas *m, const char *const *train, const char *const *profile,
                    int *training)
{
    if (!train) train = default_train;
    /* O(n^2) in experiments: a measurement file holds a few hundred */
    for (size_t i = 0; i < m->nexps; i++) {
        const hf_meas_exp *e = &m->exps[i];
        training[i] = HF_HELD_OUT;
        if (e->clients != 1) continue;
        int kind;
        if (listed(train, e->workload))
            kind = HF_TRAIN_GPU;
        else if (e->nkernels == 1 && e->kernels[0].name[0] &&
                 (profile ? listed(profile, e->workload) : 1))
            kind = HF_TRAIN_PROFILE; /* a kernel measured alone: its own profile */
        else
            continue;
        size_t rank = 0;
        for (size_t j = 0; j < m->nexps; j++)
            if (j != i && same_series(e, &m->exps[j]) && before(&m->exps[j], e)) rank++;
        if (rank % 2 == 0) training[i] = kind;
    }
}

/* ---------- the kernel fit ---------- */

typedef struct fit_data {
    const hf_meas *m;
    const size_t *idx;  /* kernel experiments fitted */
    const double *meas; /* their medians */
    size_t n;
    hf_gpu_params g;                   /* scratch: parameters at the current point */
    int fit_sat;                       /* x[2] is logit(sat) */
    int nrates;                        /* rates fitted, x[3 - !fit_sat ...] */
    int rate_slot[HF_CALIB_MAX_RATES]; /* g.rate index of each fitted rate */
} fit_data;

static double logistic(double x)
{
    return 1 / (1 + exp(-x));
}

/* Parameters at point x (log L, log W, [logit sat], log rates...). */
static void unpack(fit_data *d, const gsl_vector *x)
{
    size_t k = 0;
    d->g.launch = exp(gsl_vector_get(x, k++));
    d->g.bandwidth = exp(gsl_vector_get(x, k++));
    if (d->fit_sat) d->g.bw_sat = logistic(gsl_vector_get(x, k++));
    for (int r = 0; r < d->nrates; r++)
        d->g.rate[d->rate_slot[r]] = exp(gsl_vector_get(x, k++));
}

/* Relative residuals predicted / measured - 1. */
static int residuals(const gsl_vector *x, void *params, gsl_vector *f)
{
    fit_data *d = params;
    unpack(d, x);
    for (size_t i = 0; i < d->n; i++) {
        double t = hf_calib_predict(&d->g, &d->m->exps[d->idx[i]]);
        gsl_vector_set(f, i, isfinite(t) ? t / d->meas[i] - 1 : 1e6);
    }
    return GSL_SUCCESS;
}

/* Total flop, bytes and launches of e's kernel groups. */
static void totals(const hf_meas_exp *e, double *flops, double *bytes, double *launches)
{
    *flops = *bytes = *launches = 0;
    for (size_t i = 0; i < e->nkernels; i++) {
        *flops += e->kernels[i].count * e->kernels[i].flops;
        *bytes += e->kernels[i].count * e->kernels[i].bytes;
        *launches += e->kernels[i].count;
    }
}

/* Weighted linear least squares of t = lat + n / bw on relative residuals, on the training copies
 * with pinned == pinned. *count = copies used; link untouched when none. */
static hf_err fit_link(hf_ctx *ctx, const hf_meas *m, const int *training, int pinned,
                       hf_link_spec *link, size_t *count)
{
    /* minimise sum ((a + b x_i) / t_i - 1)^2: normal equations of rows (1/t_i, x_i/t_i) -> 1 */
    double s11 = 0, s12 = 0, s22 = 0, r1 = 0, r2 = 0;
    *count = 0;
    for (size_t i = 0; i < m->nexps; i++) {
        const hf_meas_exp *e = &m->exps[i];
        if (!training[i] || !is_copy(e) || e->pinned != pinned) continue;
        double t = hf_calib_measured(e);
        if (!(t > 0)) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        double u = 1 / t, v = e->bytes / t;
        s11 += u * u, s12 += u * v, s22 += v * v, r1 += u, r2 += v;
        ++*count;
    }
    if (*count == 0) return HF_OK;
    double det = s11 * s22 - s12 * s12, a = 0, b;
    if (*count >= 2 && det > 1e-12 * s11 * s22) {
        a = (r1 * s22 - r2 * s12) / det;
        b = (s11 * r2 - s12 * r1) / det;
    }
    if (*count < 2 || !(det > 1e-12 * s11 * s22) || a < 0) { /* latency 0: b alone */
        a = 0;
        b = r2 / s22;
    }
    if (!(b > 0))
        return hf_ctx_fail(ctx, HF_EINPUT, "the %s copies give no positive bandwidth",
                           pinned ? "pinned" : "pageable");
    link->latency = a;
    link->bandwidth = 1 / b;
    return HF_OK;
}

hf_err hf_calib_fit_params(hf_ctx *ctx, const hf_meas *m, const int *training,
                           const hf_gpu_params *start, hf_calib_fit *out)
{
    hf_err err = HF_OK;
    size_t *idx = NULL;
    double *meas = NULL;
    gsl_multifit_nlinear_workspace *w = NULL;
    gsl_vector *x0 = NULL;
    gsl_matrix *cov = NULL;
    gsl_error_handler_t *old_handler = gsl_set_error_handler_off();

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < 4 + HF_CALIB_MAX_RATES; i++)
        out->rel_err[i] = NAN;
    fit_data d = {.m = m, .g = *start};
    d.g.sms = m->dev.sms;
    d.g.nprof = 0; /* the GPU's parameters are fitted on micro-benchmarks, without profiles */

    idx = malloc((m->nexps ? m->nexps : 1) * sizeof *idx);
    meas = malloc((m->nexps ? m->nexps : 1) * sizeof *meas);
    if (!idx || !meas) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    /* initial values: per-launch time bounds L; achieved rates bound W and P from below */
    double l0 = INFINITY, w0 = 0, partial = 0;
    double r0[HF_CALIB_MAX_RATES] = {0};
    for (size_t i = 0; i < m->nexps; i++) {
        const hf_meas_exp *e = &m->exps[i];
        if (training[i] != HF_TRAIN_GPU || is_copy(e) || (e->clients > 1 && !e->serial)) continue;
        double t = hf_calib_measured(e), flops, bytes, launches;
        if (!(t > 0)) {
            err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            goto fail;
        }
        t /= e->clients;
        int slot = -1;
        for (int r = 0; r < d.g.nrates; r++)
            if (strcmp(d.g.precision[r], e->precision) == 0) slot = r;
        if (slot < 0) {
            if (d.g.nrates == HF_CALIB_MAX_RATES) {
                err = hf_ctx_fail(ctx, HF_EINPUT, "experiment '%s': more than %d precisions",
                                  e->name, HF_CALIB_MAX_RATES);
                goto fail;
            }
            slot = d.g.nrates++;
            snprintf(d.g.precision[slot], sizeof d.g.precision[slot], "%s", e->precision);
            d.g.rate[slot] = 0;
        }
        int known = 0;
        for (int r = 0; r < d.nrates; r++)
            known |= d.rate_slot[r] == slot;
        if (!known) d.rate_slot[d.nrates++] = slot;
        totals(e, &flops, &bytes, &launches);
        if (launches > 0 && t / launches < l0) l0 = t / launches;
        if (bytes / t > w0) w0 = bytes / t;
        if (flops / t > r0[slot]) r0[slot] = flops / t;
        if (e->share < 1) partial = 1;
        idx[d.n] = i;
        meas[d.n++] = t * e->clients;
    }
    d.idx = idx;
    d.meas = meas;
    if ((err = fit_link(ctx, m, training, 1, &d.g.pinned, &out->ncopy[1])) ||
        (err = fit_link(ctx, m, training, 0, &d.g.pageable, &out->ncopy[0])))
        goto fail;
    if (d.n == 0) {
        err = hf_ctx_fail(ctx, HF_EINPUT,
                          "no kernel experiment to fit: the training set needs single-client "
                          "kernel experiments (tiny, stream_triad, compute_fp64, dgemm, ...)");
        goto fail;
    }
    d.fit_sat = partial;
    if (!d.fit_sat) d.g.bw_sat = start->bw_sat;
    size_t np = 2 + (size_t)d.fit_sat + (size_t)d.nrates;
    if (d.n < np) {
        err = hf_ctx_fail(ctx, HF_EINPUT,
                          "%zu kernel experiments for %zu parameters: the training set is too "
                          "small to fit the model",
                          d.n, np);
        goto fail;
    }
    x0 = gsl_vector_alloc(np);
    cov = gsl_matrix_alloc(np, np);
    if (!x0 || !cov) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    size_t k = 0;
    gsl_vector_set(x0, k++, log(isfinite(l0) ? l0 / 2 : 5e-6));
    gsl_vector_set(x0, k++, log(w0 > 0 ? w0 : (start->bandwidth > 0 ? start->bandwidth : 1e12)));
    if (d.fit_sat) gsl_vector_set(x0, k++, 0); /* sat = 0.5 */
    for (int r = 0; r < d.nrates; r++) {
        double v = r0[d.rate_slot[r]];
        if (!(v > 0)) v = hf_gpu_params_rate(start, d.g.precision[d.rate_slot[r]]);
        gsl_vector_set(x0, k++, log(v > 0 ? v : 1e12));
    }

    gsl_multifit_nlinear_fdf fdf = {
        .f = residuals, .df = NULL, .fvv = NULL, .n = d.n, .p = np, .params = &d};
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, d.n, np);
    if (!w) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    int info = 0;
    if (gsl_multifit_nlinear_init(x0, &fdf, w) != GSL_SUCCESS) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "the fit cannot start (initial residuals not finite)");
        goto fail;
    }
    int status = gsl_multifit_nlinear_driver(500, 1e-10, 1e-10, 1e-12, NULL, NULL, &info, w);
    if (status != GSL_SUCCESS && status != GSL_EMAXITER) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "the fit failed: %s", gsl_strerror(status));
        goto fail;
    }
    const gsl_vector *x = gsl_multifit_nlinear_position(w);
    const gsl_vector *f = gsl_multifit_nlinear_residual(w);
    unpack(&d, x);
    out->iterations = (int)gsl_multifit_nlinear_niter(w);
    double ss = 0;
    for (size_t i = 0; i < d.n; i++)
        ss += gsl_vector_get(f, i) * gsl_vector_get(f, i);
    out->rms = sqrt(ss / (double)d.n);
    out->nkernel = d.n;
    /* standard errors: (J'J)^-1 scaled by the residual variance; a log-parameter's error is the
     * relative error of the parameter (sat: times 1 - sat, its logistic's slope / sat) */
    if (gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cov) == GSL_SUCCESS) {
        double s2 = d.n > np ? ss / (double)(d.n - np) : NAN;
        k = 0;
        out->rel_err[0] = sqrt(gsl_matrix_get(cov, k, k) * s2), k++;
        out->rel_err[1] = sqrt(gsl_matrix_get(cov, k, k) * s2), k++;
        if (d.fit_sat)
            out->rel_err[2] = sqrt(gsl_matrix_get(cov, k, k) * s2) * (1 - d.g.bw_sat), k++;
        for (int r = 0; r < d.nrates; r++, k++)
            out->rel_err[3 + d.rate_slot[r]] = sqrt(gsl_matrix_get(cov, k, k) * s2);
    }
    /* then each application kernel's profile, on the GPU's fitted parameters */
    if ((err = hf_calib_fit_profiles(ctx, m, training, &d.g))) goto fail;
    /* MAPE over every training experiment the model predicts (kernels and copies) */
    size_t nall = 0;
    double ape = 0;
    for (size_t i = 0; i < m->nexps; i++) {
        if (!training[i]) continue;
        double t = hf_calib_predict(&d.g, &m->exps[i]), mm = hf_calib_measured(&m->exps[i]);
        if (!isfinite(t)) continue;
        ape += fabs(t / mm - 1);
        nall++;
    }
    out->mape = nall ? ape / (double)nall : NAN;
    out->fitted_sat = d.fit_sat;
    out->g = d.g;
fail:
    gsl_multifit_nlinear_free(w);
    gsl_vector_free(x0);
    gsl_matrix_free(cov);
    free(idx);
    free(meas);
    gsl_set_error_handler(old_handler);
    return err;
}

/* ---------- the calibrated platform file ---------- */

/* s as a Lua string literal (quotes and control characters escaped). */
static void lua_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(f, "\\%03u", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* s as a table key: a Lua name as it is (what the catalog's keys look like), anything else as
 * ["literal"]. */
static void lua_key(FILE *f, const char *s)
{
    static const char *const reserved[] = {
        "and",      "break",  "do",   "else", "elseif", "end",   "false", "for",
        "function", "goto",   "if",   "in",   "local",  "nil",   "not",   "or",
        "repeat",   "return", "then", "true", "until",  "while", NULL};
    int name = (isalpha((unsigned char)*s) || *s == '_');
    for (const char *c = s; name && *c; c++)
        name = isalnum((unsigned char)*c) || *c == '_';
    for (int i = 0; name && reserved[i]; i++)
        name = strcmp(s, reserved[i]) != 0;
    if (name) {
        fputs(s, f);
    } else {
        fputc('[', f);
        lua_str(f, s);
        fputc(']', f);
    }
}

/* s inside a Lua comment: a newline would end the comment and make the rest code, so control
 * characters become '?'. */
static void comment_str(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c == 0x7f ? '?' : c, f);
    }
}

/* "+-x.x %" or "not fitted" */
static void err_comment(FILE *f, double rel)
{
    if (isfinite(rel))
        fprintf(f, "  -- fitted, +-%.2g %% (1 sigma)\n", 100 * rel);
    else
        fprintf(f, "  -- not fitted (taken from the start values)\n");
}

hf_err hf_calib_write_lua(hf_ctx *ctx, const hf_meas *m, const char *meas_path,
                          const hf_calib_fit *fit, const int *training, const char *base,
                          const char *model_name, const char *path, int replace)
{
    hf_err err = HF_OK;
    hf_outfile o = {.fd = -1};
    FILE *f = NULL;
    /* a temporary file published when complete (sim/core/outfile.h); without replace (hetflow
     * calibrate without --force) it never replaces a file, even one another process created */
    if ((err = hf_outfile_open(ctx, &o, path, replace))) return err;
    if (!(f = fdopen(o.fd, "w"))) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    o.fd = -1; /* the stream owns it */
    const hf_gpu_params *g = &fit->g;
    int synthetic = strcmp(m->origin, "measured") != 0;
    fprintf(f, "-- Calibrated GPU model written by `hetflow calibrate` (hetflow %s) from\n-- ",
            HF_VERSION);
    /* the measurement file's strings are data: escaped in comments as in literals */
    comment_str(f, meas_path);
    fputs(": ", f);
    comment_str(f, m->dev.name);
    fprintf(f, ", %d SMs, driver %d, runtime %d, measured ", m->dev.sms, m->dev.driver_version,
            m->dev.runtime_version);
    comment_str(f, m->date);
    fputs(" on ", f);
    comment_str(f, m->host);
    fputs(".\n", f);
    if (synthetic) {
        fputs("-- WARNING: origin '", f);
        comment_str(f, m->origin);
        fputs("': these are not measurements of a real GPU.\n", f);
    }
    fprintf(f, "-- Regenerate it with validate/run.sh rather than editing it; docs/validation.md "
               "explains\n-- every figure. Use the GPU in a platform of your own with\n"
               "--   dofile(\"THIS FILE\")  -- registers the catalog entry below\n"
               "--   gpus = { { model = ");
    lua_str(f, model_name);
    fprintf(f, " } }\n");
    fprintf(f, "local entry = {\n");
    fprintf(f, "  sms = %d,\n", m->dev.sms);
    for (int r = 0; r < g->nrates; r++) { /* precisions come from the file: keys as literals */
        fputs("  ", f);
        lua_key(f, g->precision[r]);
        fprintf(f, " = %.9g,", g->rate[r]);
        err_comment(f, fit->rel_err[3 + r]);
    }
    fprintf(f, "  memory_bandwidth = %.9g,", g->bandwidth);
    err_comment(f, fit->rel_err[1]);
    fprintf(f, "  launch_overhead = %.9g,", g->launch);
    err_comment(f, fit->rel_err[0]);
    if (g->bw_sat > 0) {
        fprintf(f, "  bw_saturation = %.9g,", g->bw_sat);
        err_comment(f, fit->rel_err[2]);
    }
    if (m->dev.memory > 0) fprintf(f, "  memory = %.17g,\n", m->dev.memory);
    if (g->pinned.bandwidth > 0)
        fprintf(f, "  pcie = { bandwidth = %.9g, latency = %.9g },  -- pinned copies, fitted\n",
                g->pinned.bandwidth, g->pinned.latency);
    if (g->nprof > 0) {
        fprintf(f, "  -- kernel profiles (docs/models/gpu.md#kernel-profiles), each fitted on the "
                   "kernel\n  -- measured alone at every other share: work factor on its flop "
                   "and bytes, latency\n  -- floor (s), launch overhead (s); +- 1 sigma\n");
        fprintf(f, "  kernels = {\n");
        for (int i = 0; i < g->nprof; i++) {
            const hf_calib_profile *q = &g->prof[i];
            fprintf(f, "    [");
            lua_str(f, q->name);
            fprintf(f, "] = { work = %.9g, latency = %.9g, launch = %.9g },", q->work, q->latency,
                    q->launch);
            fprintf(f, "  -- %zu experiments, rms %.2g %%; 1 sigma: ", q->n, 100 * q->rms);
            for (int k = 0; k < 3; k++) {
                if (k) fprintf(f, ", ");
                if (isfinite(q->rel_err[k]))
                    fprintf(f, "%.2g %%", 100 * q->rel_err[k]);
                else
                    fprintf(f, "undetermined");
            }
            fprintf(f, "\n");
        }
        fprintf(f, "  },\n");
    }
    fprintf(f, "}\n");
    if (base && *base) {
        fprintf(f, "-- power and MIG profiles from the catalog's ");
        lua_str(f, base);
        fprintf(f, " (not measured here)\nlocal base = hetflow.gpus[");
        lua_str(f, base);
        fprintf(f, "]\nif base then\n  for k, v in pairs(base) do\n"
                   "    if entry[k] == nil then entry[k] = v end\n  end\nend\n");
    }
    fprintf(f, "hetflow.gpus[");
    lua_str(f, model_name);
    fprintf(f, "] = entry\n\nreturn {\n  name = ");
    char pname[256];
    snprintf(pname, sizeof pname, "calibrated %s", model_name);
    lua_str(f, pname);
    fprintf(f, ",\n  -- read by `hetflow compare`; ignored by simulations\n  calibration = {\n");
    fprintf(f, "    source = ");
    lua_str(f, meas_path);
    fprintf(f, ",\n    device = ");
    lua_str(f, m->dev.name);
    fprintf(f, ",\n    date = ");
    lua_str(f, m->date);
    fprintf(f, ",\n    origin = ");
    lua_str(f, m->origin);
    fprintf(f, ",\n    mechanism = ");
    lua_str(f, m->mechanism);
    fprintf(f, ",\n    base = ");
    lua_str(f, base ? base : "");
    fprintf(f, ",\n    rates = {");
    for (int r = 0; r < g->nrates; r++) {
        fputc(' ', f);
        lua_key(f, g->precision[r]);
        fprintf(f, " = %.9g,", g->rate[r]);
    }
    fprintf(f, " },\n");
    if (g->pageable.bandwidth > 0)
        fprintf(f, "    pageable = { bandwidth = %.9g, latency = %.9g },\n", g->pageable.bandwidth,
                g->pageable.latency);
    fprintf(f,
            "    fit = { kernel_experiments = %zu, copy_experiments = %zu, rms = %.6g, "
            "mape = %.6g, iterations = %d },\n",
            fit->nkernel, fit->ncopy[0] + fit->ncopy[1], fit->rms, fit->mape, fit->iterations);
    fprintf(f, "    training = {\n");
    for (size_t i = 0; i < m->nexps; i++) {
        if (!training[i]) continue;
        fprintf(f, "      ");
        lua_str(f, m->exps[i].name);
        fprintf(f, ",\n");
    }
    fprintf(f, "    },\n  },\n");
    fprintf(f, "  sites = { { name = \"lab\", nodes = {\n"
               "    -- the host is a carrier for the GPU: its CPU was not measured\n"
               "    { name = \"node\", cores = 1, speed = \"1Gf\", gpus = { { model = ");
    lua_str(f, model_name);
    fprintf(f, " } } },\n  } } },\n}\n");
    if (ferror(f) | (fclose(f) != 0)) {
        f = NULL;
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    f = NULL;
    return hf_outfile_commit(ctx, &o);
fail:
    if (f) fclose(f);
    hf_outfile_abort(&o);
    return err;
}
