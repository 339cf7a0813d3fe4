/* calib.c: `hetflow calibrate` and `hetflow compare` (docs/validation.md): argument parsing and
 * printing only; the fit is sim/calib/calibrate.c, the simulation sim/calib/compare.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "cli/cli.h"
#include "core/outfile.h"
#include "lua/hf_lua.h"

static const char *const calibrate_usage =
    "usage: hetflow calibrate MEAS.h5 -o OUT.lua [--base MODEL] [--name NAME] [--train LIST]\n"
    "                         [--profile LIST | --no-profiles] [--force]\n"
    "\n"
    "Fits the GPU model (launch overhead, achievable memory bandwidth and flop rate per\n"
    "precision, bandwidth saturation share, pinned and pageable copy links) by least squares\n"
    "on the training experiments of a measurement file written by validate/ (hetflow-validate),\n"
    "then a kernel profile (work factor, latency floor, launch overhead) for each application\n"
    "kernel measured alone, and writes a platform file: a GPU catalog entry with the fitted\n"
    "figures and profiles and a one-node platform using it. docs/validation.md explains the\n"
    "model, the fit and the split.\n"
    "\n"
    "  -o, --output OUT.lua  calibrated platform file (platforms/calibrated/<gpu>.lua)\n"
    "  --base MODEL          catalog model whose power and MIG profiles the entry keeps\n"
    "                        (default: from the device name: H200-141GB, H100-80GB, A100-*)\n"
    "  --name NAME           catalog name of the calibrated GPU (default: BASE-calibrated)\n"
    "  --train LIST          workloads whose experiments train, every other one per series\n"
    "                        (default tiny,stream_triad,compute_fp64,dgemm,h2d,d2h)\n"
    "  --profile LIST        workloads measuring one kernel alone whose kernel gets a profile,\n"
    "                        every other share training it (default: every such workload\n"
    "                        not in --train)\n"
    "  --no-profiles         fit no kernel profile (the GPU model alone)\n"
    "  --force               overwrite OUT.lua\n";

static const char *const compare_usage =
    "usage: hetflow compare MEAS.h5 --platform P.lua [--csv OUT.csv] [--max-mape PCT]\n"
    "                       [--no-profiles] [--force]\n"
    "\n"
    "Simulates every experiment of a measurement file on the first GPU of platform P (one\n"
    "SimGrid simulation, each experiment on a GPU of its own) and prints, per experiment, the\n"
    "measured median, the spread of the samples, the simulated time and the error; then the\n"
    "mean absolute percentage error (MAPE) and the largest error over the held-out experiments\n"
    "(those the calibration in P did not train on; all of them for an uncalibrated platform).\n"
    "\n"
    "  --platform P.lua      platform file (a calibrated one from hetflow calibrate, or any)\n"
    "  --csv OUT.csv         also write the table as CSV\n"
    "  --force               overwrite OUT.csv\n"
    "  --max-mape PCT        exit 1 when the held-out MAPE exceeds PCT percent\n"
    "  --no-profiles         ignore P's kernel profiles (what the GPU model alone predicts)\n";

/* The catalog model matching a device name, or NULL. */
static const char *detect_base(const hf_meas *m)
{
    const char *n = m->dev.name;
    if (strstr(n, "H200")) return "H200-141GB";
    if (strstr(n, "H100")) return "H100-80GB";
    if (strstr(n, "A100")) return m->dev.memory > 50e9 ? "A100-80GB" : "A100-40GB";
    return NULL;
}

/* 1 when paths a and b name one existing file (an output about to replace an input). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Split a comma-separated list in place into a NULL-terminated array (caller frees it). */
static const char **split_list(char *s)
{
    size_t n = 2;
    for (const char *c = s; *c; c++)
        n += *c == ',';
    const char **v = calloc(n, sizeof *v);
    if (!v) return NULL;
    size_t k = 0;
    for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ","))
        v[k++] = tok;
    return v;
}

/* A duration with a unit that keeps 4 significant digits readable. */
static const char *fmt_time(double s, char *buf, size_t len)
{
    if (!isfinite(s))
        snprintf(buf, len, "-");
    else if (s < 1e-3)
        snprintf(buf, len, "%.4g us", s * 1e6);
    else if (s < 1)
        snprintf(buf, len, "%.4g ms", s * 1e3);
    else
        snprintf(buf, len, "%.4g s", s);
    return buf;
}

static void warn_origin(const hf_meas *m, const char *path)
{
    if (strcmp(m->origin, "measured") != 0)
        fprintf(stderr, "hetflow: WARNING: '%s' has origin '%s': not measurements of a real GPU\n",
                path, m->origin);
}

static void print_rel(double rel)
{
    if (isfinite(rel))
        printf("  +-%.2g %%\n", 100 * rel);
    else
        printf("  (not fitted)\n");
}

int cmd_calibrate(int argc, char **argv, hf_ctx *ctx)
{
    const char *path = NULL, *out = NULL, *base = NULL, *name = NULL;
    char *train_arg = NULL, *profile_arg = NULL;
    int force = 0, rc = 0, no_profiles = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(calibrate_usage, stdout);
            return 0;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
        } else if (strcmp(a, "--no-profiles") == 0) {
            no_profiles = 1;
        } else if (strcmp(a, "--profile") == 0) {
            if (i + 1 >= argc) return usage_error(calibrate_usage, "%s needs a value", a);
            profile_arg = argv[++i];
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--base") == 0 ||
                   strcmp(a, "--name") == 0 || strcmp(a, "--train") == 0) {
            if (i + 1 >= argc) return usage_error(calibrate_usage, "%s needs a value", a);
            const char *v = argv[++i];
            if (a[1] == 'o' || a[2] == 'o')
                out = v;
            else if (a[2] == 'b')
                base = v;
            else if (a[2] == 'n')
                name = v;
            else
                train_arg = (char *)v;
        } else if (a[0] == '-') {
            return usage_error(calibrate_usage, "unknown option '%s'", a);
        } else if (!path) {
            path = a;
        } else {
            return usage_error(calibrate_usage, "unexpected argument '%s'", a);
        }
    }
    if (!path) return usage_error(calibrate_usage, "%s", "no measurement file given");
    if (!out) return usage_error(calibrate_usage, "%s", "no output file given (-o OUT.lua)");
    if (no_profiles && profile_arg)
        return usage_error(calibrate_usage, "%s", "give --profile or --no-profiles, not both");
    if (same_file(out, path))
        return usage_error(calibrate_usage, "-o names the measurement file '%s'", path);
    const char *inputs[] = {path, NULL};
    if (hf_outfile_check(ctx, "-o", NULL, out, force, inputs) != HF_OK) return input_error(ctx);

    hf_meas *m = NULL;
    int *training = NULL;
    const char **train = NULL, **profile = NULL;
    static const char *const none[] = {NULL};
    char *model_name = NULL;
    hf_session s = {.ctx = ctx, .scenario = path, .quiet = 1};
    lua_State *L = NULL;
    if (hf_meas_read(ctx, path, &m) != HF_OK) return input_error(ctx);
    warn_origin(m, path);
    hf_calib_name_kernels(m); /* format 1 files: kernels named from their experiments */
    training = calloc(m->nexps ? m->nexps : 1, sizeof *training);
    L = new_lua(&s);
    if (!training || !L || (train_arg && !(train = split_list(train_arg))) ||
        (profile_arg && !(profile = split_list(profile_arg)))) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        rc = input_error(ctx);
        goto done;
    }
    if (!base) base = detect_base(m);
    hf_gpu_params start = {.launch = 3.6e-6}; /* start value only */
    if (base && hf_calib_start_params(ctx, L, base, &start) != HF_OK) {
        rc = input_error(ctx);
        goto done;
    }
    size_t nlen = strlen(base ? base : m->dev.name) + 16;
    if (!(model_name = malloc(nlen))) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        rc = input_error(ctx);
        goto done;
    }
    snprintf(model_name, nlen, "%s-calibrated", base ? base : m->dev.name);
    if (!name) name = model_name;
    hf_calib_split(m, train, no_profiles ? none : (const char *const *)profile, training);
    size_t ntrain = 0, nprof_train = 0;
    for (size_t i = 0; i < m->nexps; i++) {
        ntrain += training[i] != HF_HELD_OUT;
        nprof_train += training[i] == HF_TRAIN_PROFILE;
    }
    hf_calib_fit fit;
    if (hf_calib_fit_params(ctx, m, training, &start, &fit) != HF_OK) {
        hf_ctx_prefix(ctx, "%s", path);
        rc = input_error(ctx);
        goto done;
    }
    printf("device          %s (%d SMs), %s shares\n", m->dev.name, m->dev.sms, m->mechanism);
    printf("experiments     %zu: %zu train (%zu kernel, %zu copy, %zu kernel profile), %zu held "
           "out\n",
           m->nexps, ntrain, fit.nkernel, fit.ncopy[0] + fit.ncopy[1], nprof_train,
           m->nexps - ntrain);
    const hf_gpu_params *g = &fit.g;
    char buf[32];
    printf("launch overhead %s", fmt_time(g->launch, buf, sizeof buf));
    print_rel(fit.rel_err[0]);
    printf("bandwidth       %.4g GB/s", g->bandwidth / 1e9);
    if (start.bandwidth > 0)
        printf(" (%.0f %% of the catalog's %.4g GB/s)", 100 * g->bandwidth / start.bandwidth,
               start.bandwidth / 1e9);
    print_rel(fit.rel_err[1]);
    if (fit.fitted_sat) {
        printf("bw saturation   %.3g of the SMs", g->bw_sat);
        print_rel(fit.rel_err[2]);
    }
    for (int r = 0; r < g->nrates; r++) {
        if (!isfinite(fit.rel_err[3 + r])) continue;
        double cat = hf_gpu_params_rate(&start, g->precision[r]);
        printf("%-15s %.4g Tflop/s", g->precision[r], g->rate[r] / 1e12);
        if (cat > 0) printf(" (%.0f %% of the catalog's %.4g)", 100 * g->rate[r] / cat, cat / 1e12);
        print_rel(fit.rel_err[3 + r]);
    }
    for (int pinned = 1; pinned >= 0; pinned--) {
        const hf_link_spec *l = pinned ? &g->pinned : &g->pageable;
        if (fit.ncopy[pinned] == 0) continue;
        printf("%-15s %.4g GB/s, latency %s\n", pinned ? "pinned copies" : "pageable copies",
               l->bandwidth / 1e9, fmt_time(l->latency, buf, sizeof buf));
    }
    for (int i = 0; i < g->nprof; i++) {
        const hf_calib_profile *q = &g->prof[i];
        char b2[32];
        printf("kernel profile  %-22s work %.3g, latency %s, launch %s (%zu exp., rms %.2g %%)\n",
               q->name, q->work, fmt_time(q->latency, buf, sizeof buf),
               fmt_time(q->launch, b2, sizeof b2), q->n, 100 * q->rms);
    }
    printf("fit             rms %.3g %%, training MAPE %.3g %%, %d iterations\n", 100 * fit.rms,
           100 * fit.mape, fit.iterations);
    if (hf_calib_write_lua(ctx, m, path, &fit, training, base, name, out, force) != HF_OK) {
        rc = input_error(ctx);
        goto done;
    }
    printf("wrote           %s (GPU model '%s')\n", out, name);
done:
    if (L) lua_close(L);
    free(model_name);
    free(train);
    free(profile);
    free(training);
    hf_meas_free(m);
    return rc;
}

int cmd_compare(int argc, char **argv, hf_ctx *ctx)
{
    const char *path = NULL, *platform = NULL, *csv = NULL;
    double max_mape = -1;
    int rc = 0, no_profiles = 0, force = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(compare_usage, stdout);
            return 0;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
        } else if (strcmp(a, "--no-profiles") == 0) {
            no_profiles = 1;
        } else if (strcmp(a, "--platform") == 0 || strcmp(a, "--csv") == 0 ||
                   strcmp(a, "--max-mape") == 0) {
            if (i + 1 >= argc) return usage_error(compare_usage, "%s needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'p') {
                platform = v;
            } else if (a[2] == 'c') {
                csv = v;
            } else {
                char *end;
                max_mape = strtod(v, &end);
                if (*end || !(max_mape >= 0))
                    return usage_error(compare_usage, "--max-mape %s: a percentage >= 0 expected",
                                       v);
            }
        } else if (a[0] == '-') {
            return usage_error(compare_usage, "unknown option '%s'", a);
        } else if (!path) {
            path = a;
        } else {
            return usage_error(compare_usage, "unexpected argument '%s'", a);
        }
    }
    if (!path) return usage_error(compare_usage, "%s", "no measurement file given");
    if (!platform) return usage_error(compare_usage, "%s", "no platform given (--platform P.lua)");
    if (csv && same_file(csv, path))
        return usage_error(compare_usage, "--csv names the measurement file '%s'", path);
    if (csv && same_file(csv, platform))
        return usage_error(compare_usage, "--csv names the platform file '%s'", platform);
    const char *inputs[] = {path, platform, NULL};
    if (csv && hf_outfile_check(ctx, "--csv", NULL, csv, force, inputs) != HF_OK)
        return input_error(ctx);

    hf_meas *m = NULL;
    int *training = NULL, has_training = 0;
    hf_compare_row *rows = NULL;
    hf_session s = {.ctx = ctx, .scenario = path, .quiet = 1};
    lua_State *L = NULL;
    FILE *out = NULL;
    hf_outfile of = {.fd = -1};
    if (hf_meas_read(ctx, path, &m) != HF_OK) return input_error(ctx);
    warn_origin(m, path);
    hf_calib_name_kernels(m); /* format 1 files: kernels named from their experiments */
    training = calloc(m->nexps ? m->nexps : 1, sizeof *training);
    rows = calloc(m->nexps ? m->nexps : 1, sizeof *rows);
    L = new_lua(&s);
    if (!training || !rows || !L) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        rc = input_error(ctx);
        goto done;
    }
    hf_gpu_params g;
    if (hf_calib_params_from_lua(ctx, L, platform, m, &g, training, &has_training) != HF_OK) {
        rc = input_error(ctx);
        goto done;
    }
    int nprof = g.nprof;
    if (no_profiles) g.nprof = 0;
    if (hf_compare_simulate(ctx, m, &g, training, rows) != HF_OK) {
        rc = input_error(ctx);
        goto done;
    }
    if (csv && !(out = cli_out_open(ctx, &of, csv, force))) {
        rc = input_error(ctx);
        goto done;
    }
    if (out)
        fprintf(out, "experiment,workload,mechanism,share,clients,serial,set,samples,measured_s,"
                     "spread,simulated_s,error\n");
    printf("%-28s %-6s %-5s %8s %12s %7s %12s %8s\n", "experiment", "share", "set", "samples",
           "measured", "spread", "simulated", "error");
    double sum = 0, sum_train = 0, worst = 0;
    size_t n = 0, ntrain = 0;
    /* held-out errors by kind of experiment: a kernel alone at an untrained share, a composition
     * (several kernels in sequence, or several clients), a copy */
    double ksum[3] = {0, 0, 0}, kworst[3] = {0, 0, 0};
    size_t kn[3] = {0, 0, 0};
    const char *worst_name = "-";
    char b1[32], b2[32];
    for (size_t i = 0; i < m->nexps; i++) {
        const hf_compare_row *r = &rows[i];
        const hf_meas_exp *e = r->e;
        const char *set = r->training ? "train" : "held";
        printf("%-28s %-6.3g %-5s %8zu %12s %6.2g%% %12s %+7.2f%%\n", e->name, e->share, set,
               e->nsamples, fmt_time(r->measured, b1, sizeof b1), 100 * r->spread,
               fmt_time(r->simulated, b2, sizeof b2), 100 * r->error);
        if (out) {
            hf_csv_field(out, e->name);
            fputc(',', out);
            hf_csv_field(out, e->workload);
            fputc(',', out);
            hf_csv_field(out, e->mechanism);
            fprintf(out, ",%.6g,%d,%d,%s,%zu,%.9g,%.6g,%.9g,%.6g\n", e->share, e->clients,
                    e->serial, set, e->nsamples, r->measured, r->spread, r->simulated, r->error);
        }
        if (r->training) {
            sum_train += fabs(r->error);
            ntrain++;
        } else {
            sum += fabs(r->error);
            n++;
            int kind = e->nkernels == 0 ? 2 : (e->nkernels > 1 || e->clients > 1) ? 1 : 0;
            ksum[kind] += fabs(r->error);
            kn[kind]++;
            if (fabs(r->error) > kworst[kind]) kworst[kind] = fabs(r->error);
            if (fabs(r->error) > worst) {
                worst = fabs(r->error);
                worst_name = e->name;
            }
        }
    }
    if (out && cli_out_close(ctx, &of, out, csv) != HF_OK) {
        out = NULL;
        rc = input_error(ctx);
        goto done;
    }
    out = NULL;
    double mape = n ? 100 * sum / (double)n : NAN;
    printf("\nplatform        %s (%s)\n", platform,
           has_training == 1   ? "calibrated: errors on held-out experiments"
           : has_training == 2 ? "calibrated on another run: every experiment counts as held out"
                               : "no calibration table: every experiment counts as held out");
    if (nprof)
        printf("kernel profiles %d %s\n", nprof,
               no_profiles ? "in the platform, ignored (--no-profiles)" : "applied");
    printf("held out        %zu experiments: MAPE %.2f %%, max |error| %.2f %% (%s)\n", n, mape,
           100 * worst, worst_name);
    static const char *const kinds[] = {"  kernels alone", "  compositions", "  copies"};
    for (int k = 0; k < 3; k++)
        if (kn[k])
            printf("%-15s %zu: MAPE %.2f %%, max |error| %.2f %%\n", kinds[k], kn[k],
                   100 * ksum[k] / (double)kn[k], 100 * kworst[k]);
    if (ntrain)
        printf("training        %zu experiments: MAPE %.2f %%\n", ntrain,
               100 * sum_train / (double)ntrain);
    printf("goal            held-out MAPE <= 10 %%: %s\n",
           n ? (mape <= 10 ? "met" : "NOT met") : "-");
    if (max_mape >= 0 && n == 0) {
        fprintf(stderr,
                "hetflow: no held-out experiment: --max-mape %g cannot be checked (the "
                "calibration in '%s' trained on every experiment)\n",
                max_mape, platform);
        rc = EXIT_INPUT;
    } else if (max_mape >= 0 && !(mape <= max_mape)) {
        fprintf(stderr, "hetflow: held-out MAPE %.2f %% exceeds --max-mape %g\n", mape, max_mape);
        rc = EXIT_INPUT;
    }
done:
    if (out) fclose(out);
    hf_outfile_abort(&of);
    if (L) lua_close(L);
    free(rows);
    free(training);
    hf_meas_free(m);
    return rc;
}
