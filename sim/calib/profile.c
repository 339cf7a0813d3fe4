/* profile.c: kernel profiles in calibration (hf_calib.h, docs/validation.md#kernel-profiles):
 * naming the kernels of older measurement files, finding a profile, and fitting one per
 * application kernel measured alone. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include "hetflow/hf_calib.h"

const hf_calib_profile *hf_gpu_params_profile(const hf_gpu_params *g, const char *name)
{
    if (!name || !*name) return NULL;
    for (int i = 0; i < g->nprof; i++)
        if (strcmp(g->prof[i].name, name) == 0) return &g->prof[i];
    return NULL;
}

/* A single-client experiment of one kernel group: where a kernel is measured alone. */
static int alone(const hf_meas_exp *e)
{
    return e->nkernels == 1 && e->clients == 1;
}

void hf_calib_name_kernels(hf_meas *m)
{
    for (size_t i = 0; i < m->nexps; i++) {
        hf_meas_exp *e = &m->exps[i];
        if (alone(e) && !e->kernels[0].name[0] && strlen(e->workload) < HF_MEAS_KERNEL_NAME)
            strcpy(e->kernels[0].name, e->workload);
    }
    /* O(groups x experiments): a file holds a few hundred experiments */
    for (size_t i = 0; i < m->nexps; i++) {
        hf_meas_exp *e = &m->exps[i];
        for (size_t k = 0; k < e->nkernels; k++) {
            hf_meas_kernel *g = &e->kernels[k];
            if (g->name[0]) continue;
            for (size_t j = 0; j < m->nexps && !g->name[0]; j++) {
                const hf_meas_exp *a = &m->exps[j];
                if (!alone(a) || !a->kernels[0].name[0]) continue;
                const hf_meas_kernel *h = &a->kernels[0];
                if (h->flops == g->flops && h->bytes == g->bytes && h->blocks == g->blocks)
                    strcpy(g->name, h->name);
            }
        }
    }
}

/* ---------- the fit of one profile ---------- */

/* A kernel's own launch overhead stays below this many times the GPU's: a launch costs the
 * driver and the front end about the same whatever the kernel (its arguments and grid change it
 * a little). Without the bound a fit can trade the latency floor D for a launch overhead of
 * hundreds of microseconds, which predicts the same single-kernel times but nonsense for a
 * kernel sharing the device (docs/validation.md#kernel-profiles). */
#define LAUNCH_BOUND 2.0

typedef struct prof_data {
    const hf_gpu_params *g;
    const hf_meas_exp **e; /* the kernel's training experiments */
    const double *t;       /* their measured medians */
    size_t n;
} prof_data;

/* Seconds of one sample of e (one group, one client) with work w, latency d and launch l. */
static double predict(const hf_gpu_params *g, const hf_meas_exp *e, double w, double d, double l)
{
    hf_calib_profile q = {.work = w, .latency = d, .launch = l};
    return hf_calib_group_seconds(g, e, &e->kernels[0], &q);
}

static double logistic(double x)
{
    return 1 / (1 + exp(-x));
}

/* The launch overhead at parameter x (LAUNCH_BOUND x the GPU's, through a logistic). */
static double launch_of(const hf_gpu_params *g, double x)
{
    return LAUNCH_BOUND * g->launch * logistic(x);
}

/* Weight of the pull of a kernel's launch overhead towards the GPU's (in log): the data often
 * determine only the sum of the launch overhead and the latency floor (when one share alone is
 * throughput-bound), a valley of equally good fits along which the optimiser would stop
 * anywhere, differently from one build or start to the next. This weak prior picks the point of
 * the valley whose launch overhead is the GPU's. A launch overhead the data do determine (the
 * integrate kernels', below the GPU's) stays; one that is a tiny part of every sample moves
 * towards the GPU's (tests/unit/test_calib.c: 2.5 us in 10 ms samples comes out below 2.9 us). */
#define LAUNCH_PRIOR 1e-3

/* n relative residuals predicted / measured - 1, then the prior's. */
static int residuals(const gsl_vector *x, void *params, gsl_vector *f)
{
    const prof_data *d = params;
    double w = exp(gsl_vector_get(x, 0)), lat = exp(gsl_vector_get(x, 1)),
           l = launch_of(d->g, gsl_vector_get(x, 2));
    for (size_t i = 0; i < d->n; i++) {
        double t = predict(d->g, d->e[i], w, lat, l);
        gsl_vector_set(f, i, isfinite(t) ? t / d->t[i] - 1 : 1e6);
    }
    gsl_vector_set(f, d->n, LAUNCH_PRIOR * log(l / d->g->launch));
    return GSL_SUCCESS;
}

/* Fit a profile on d (n >= 3) from start x0; returns the objective (the data's sum of squares
 * plus the prior's; INFINITY on failure), the data's sum of squares in *data and the position
 * in best. */
static double fit_from(prof_data *d, const double *x0, gsl_vector *best, double *data)
{
    gsl_multifit_nlinear_fdf fdf = {
        .f = residuals, .df = NULL, .fvv = NULL, .n = d->n + 1, .p = 3, .params = d};
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, d->n + 1, 3);
    gsl_vector *x = gsl_vector_alloc(3);
    double ss = INFINITY;
    int info = 0;
    if (!w || !x) goto done;
    for (int i = 0; i < 3; i++)
        gsl_vector_set(x, (size_t)i, x0[i]);
    if (gsl_multifit_nlinear_init(x, &fdf, w) != GSL_SUCCESS) goto done;
    int status = gsl_multifit_nlinear_driver(300, 1e-10, 1e-10, 1e-12, NULL, NULL, &info, w);
    if (status != GSL_SUCCESS && status != GSL_EMAXITER) goto done;
    const gsl_vector *r = gsl_multifit_nlinear_residual(w);
    gsl_blas_ddot(r, r, &ss);
    if (!isfinite(ss)) {
        ss = INFINITY;
        goto done;
    }
    double prior = gsl_vector_get(r, d->n);
    *data = ss - prior * prior;
    gsl_vector_memcpy(best, gsl_multifit_nlinear_position(w));
done:
    gsl_vector_free(x);
    gsl_multifit_nlinear_free(w);
    return ss;
}

/* 1-sigma relative errors of q's work, latency and launch: the Jacobian of the relative
 * residuals in the logarithms of the three (finite differences at the optimum), the covariance
 * (J'J)^-1 scaled by the residual variance, over the parameters the data determine: a latency
 * floor that binds in no experiment and a launch overhead at its bound are left out and get NAN
 * ("undetermined"), as does any error past 100 %. */
static void rel_errors(const prof_data *d, hf_calib_profile *q, double ss)
{
    double p[3] = {q->work, q->latency, q->launch}, base[64], col[3][64];
    size_t n = d->n < 64 ? d->n : 64;
    int active[3], k = 0;
    for (int j = 0; j < 3; j++)
        q->rel_err[j] = NAN;
    for (size_t i = 0; i < n; i++)
        base[i] = predict(d->g, d->e[i], p[0], p[1], p[2]) / d->t[i];
    for (int j = 0; j < 3; j++) {
        double v[3] = {p[0], p[1], p[2]}, h = 1e-6, norm = 0;
        v[j] *= exp(h);
        for (size_t i = 0; i < n; i++) {
            col[j][i] = (predict(d->g, d->e[i], v[0], v[1], v[2]) / d->t[i] - base[i]) / h;
            norm += col[j][i] * col[j][i];
        }
        int at_bound = j == 2 && p[2] > 0.99 * LAUNCH_BOUND * d->g->launch;
        if (norm > 1e-12 && !at_bound) active[k++] = j;
    }
    if (k == 0 || n <= (size_t)k) return;
    gsl_matrix *a = gsl_matrix_alloc((size_t)k, (size_t)k),
               *inv = gsl_matrix_alloc((size_t)k, (size_t)k);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)k);
    int sign = 0;
    if (a && inv && perm) {
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++) {
                double sum = 0;
                for (size_t i = 0; i < n; i++)
                    sum += col[active[r]][i] * col[active[c]][i];
                gsl_matrix_set(a, (size_t)r, (size_t)c, sum);
            }
        if (gsl_linalg_LU_decomp(a, perm, &sign) == GSL_SUCCESS &&
            fabs(gsl_linalg_LU_det(a, sign)) > 1e-300 &&
            gsl_linalg_LU_invert(a, perm, inv) == GSL_SUCCESS) {
            double s2 = ss / (double)(n - (size_t)k);
            for (int r = 0; r < k; r++) {
                double var = gsl_matrix_get(inv, (size_t)r, (size_t)r) * s2;
                double e = var >= 0 ? sqrt(var) : NAN;
                q->rel_err[active[r]] = e <= 1 ? e : NAN;
            }
        }
    }
    gsl_matrix_free(a);
    gsl_matrix_free(inv);
    gsl_permutation_free(perm);
}

/* Fit kernel name's profile from its n training experiments into q. HF_OK or HF_ENOMEM. */
static hf_err fit_one(hf_ctx *ctx, const hf_gpu_params *g, const hf_meas_exp **e, const double *t,
                      size_t n, const char *name, hf_calib_profile *q)
{
    prof_data d = {g, e, t, n};
    gsl_vector *best = gsl_vector_alloc(3), *pos = gsl_vector_alloc(3);
    if (!best || !pos) {
        gsl_vector_free(best);
        gsl_vector_free(pos);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    /* starts: the work that explains the smallest share's time past L (the share where the
     * throughput terms dominate), the latency floor at a half or most of the fastest launch,
     * the launch overhead at the GPU's or half of it */
    size_t lo = 0, fast = 0;
    for (size_t i = 1; i < n; i++) {
        if (e[i]->share < e[lo]->share) lo = i;
        if (t[i] / e[i]->kernels[0].count < t[fast] / e[fast]->kernels[0].count) fast = i;
    }
    double one = predict(g, e[lo], 1, 0, 0) / e[lo]->kernels[0].count;
    double per = t[lo] / e[lo]->kernels[0].count - g->launch;
    double w0 = one > 0 && per > 0 ? per / one : 1;
    double tf = t[fast] / e[fast]->kernels[0].count;
    double L = g->launch;
    const double dfrac[] = {0.5, 0.9}, lfrac[] = {0.5, 0.25}; /* L and L / 2 of the bound 2 L */
    double ssbest = INFINITY, databest = INFINITY;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            double x0[3] = {log(w0 > 1e-6 ? w0 : 1e-6), log(fmax(dfrac[a] * (tf - L), 1e-9)),
                            log(lfrac[b] / (1 - lfrac[b]))};
            double data = INFINITY, ss = fit_from(&d, x0, pos, &data);
            if (ss < ssbest) {
                ssbest = ss;
                databest = data;
                gsl_vector_memcpy(best, pos);
            }
        }
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "%s", name);
    q->n = n;
    for (int i = 0; i < 3; i++)
        q->rel_err[i] = NAN;
    if (isfinite(ssbest)) {
        q->work = exp(gsl_vector_get(best, 0));
        q->latency = exp(gsl_vector_get(best, 1));
        q->launch = launch_of(g, gsl_vector_get(best, 2));
        q->rms = sqrt(databest / (double)n);
        rel_errors(&d, q, databest);
    } else { /* no fit converged: no profile rather than a wrong one */
        q->name[0] = 0;
    }
    gsl_vector_free(best);
    gsl_vector_free(pos);
    return HF_OK;
}

hf_err hf_calib_fit_profiles(hf_ctx *ctx, const hf_meas *m, const int *training, hf_gpu_params *g)
{
    hf_err err = HF_OK;
    const hf_meas_exp **e = malloc((m->nexps ? m->nexps : 1) * sizeof *e);
    double *t = malloc((m->nexps ? m->nexps : 1) * sizeof *t);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    g->nprof = 0;
    if (!e || !t) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto done;
    }
    if (!(g->launch > 0)) goto done; /* no launch overhead to bound a kernel's by: no profile */
    for (size_t i = 0; i < m->nexps; i++) {
        const hf_meas_exp *x = &m->exps[i];
        if (training[i] != HF_TRAIN_PROFILE || !alone(x) || !x->kernels[0].name[0]) continue;
        const char *name = x->kernels[0].name;
        int done_before = 0;
        for (size_t j = 0; j < i && !done_before; j++)
            done_before = training[j] == HF_TRAIN_PROFILE && alone(&m->exps[j]) &&
                          strcmp(m->exps[j].kernels[0].name, name) == 0;
        if (done_before) continue;
        size_t n = 0;
        for (size_t j = i; j < m->nexps; j++) {
            const hf_meas_exp *y = &m->exps[j];
            if (training[j] != HF_TRAIN_PROFILE || !alone(y) ||
                strcmp(y->kernels[0].name, name) != 0 || !(hf_gpu_params_rate(g, y->precision) > 0))
                continue;
            e[n] = y;
            t[n++] = hf_calib_measured(y);
        }
        if (n < 3) continue; /* 3 parameters */
        if (g->nprof == HF_CALIB_MAX_PROFILES) {
            err = hf_ctx_fail(ctx, HF_EINPUT, "more than %d kernels to profile (give --profile)",
                              HF_CALIB_MAX_PROFILES);
            goto done;
        }
        if ((err = fit_one(ctx, g, e, t, n, name, &g->prof[g->nprof]))) goto done;
        if (g->prof[g->nprof].name[0]) g->nprof++;
    }
done:
    gsl_set_error_handler(old);
    free(e);
    free(t);
    return err;
}
