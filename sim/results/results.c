/* results.c: in-memory results of a run: allocation, freeing, transfer and invocation table
 * growth, printing. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "hetflow/hf_results.h"

hf_results *hf_results_new(void)
{
    return calloc(1, sizeof(hf_results));
}

/* Free the first n strings of v, then v. Accepts NULL v and NULL entries. */
static void free_strings(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void hf_results_free(hf_results *r)
{
    if (!r) return;
    free(r->hetflow_version);
    free(r->git_revision);
    free(r->simgrid_version);
    free(r->scenario);
    free(r->platform);
    free(r->workflow);
    free(r->policy);
    free_strings(r->param_names, r->nparams);
    free_strings(r->param_values, r->nparams);
    free_strings(r->cfg_names, r->ncfg);
    free_strings(r->cfg_values, r->ncfg);
    if (r->inputs) {
        for (size_t i = 0; i < r->ninputs; i++) {
            free(r->inputs[i].path);
            free(r->inputs[i].kind);
        }
        free(r->inputs);
    }
    if (r->tasks) {
        for (size_t i = 0; i < r->ntasks && !r->strings; i++) {
            free(r->tasks[i].name);
            free(r->tasks[i].variant);
        }
        free(r->tasks);
    }
    if (r->res) {
        for (size_t i = 0; i < r->nres; i++) {
            free(r->res[i].name);
            free(r->res[i].kind);
            free(r->res[i].site);
        }
        free(r->res);
    }
    if (r->strings) {
        free(r->file_names);
        hf_arena_free(r->strings);
    } else {
        free_strings(r->file_names, r->nfiles);
    }
    free(r->transfers);
    free(r->mode);
    free(r->transfer);
    free(r->stage_in);
    free_strings(r->endpoint_names, r->nendpoints);
    free(r->invokes);
    for (size_t i = 0; r->carbon && i < r->ncarbon; i++)
        free(r->carbon[i].site);
    free(r->carbon);
    free(r);
}

hf_err hf_results_reserve_transfers(hf_results *r, size_t n)
{
    if (n <= r->cap_transfers) return HF_OK;
    if (n > SIZE_MAX / sizeof *r->transfers) return HF_ENOMEM;
    hf_transfer_rec *nt = realloc(r->transfers, n * sizeof *nt);
    if (!nt) return HF_ENOMEM;
    r->transfers = nt;
    r->cap_transfers = n;
    return HF_OK;
}

const char *const hf_transfer_paths[HF_NPATHS] = {"local",  "host",   "copy",  "peer",
                                                   "gdr",    "bounce", "direct"};

hf_err hf_results_add_transfer(hf_results *r, const hf_transfer_rec *t)
{
    if (r->ntransfers == r->cap_transfers) {
        size_t ncap = r->cap_transfers ? 2 * r->cap_transfers : 64;
        if (ncap < r->cap_transfers || ncap > SIZE_MAX / sizeof *r->transfers) return HF_ENOMEM;
        hf_transfer_rec *nt = realloc(r->transfers, ncap * sizeof *nt);
        if (!nt) return HF_ENOMEM;
        r->transfers = nt;
        r->cap_transfers = ncap;
    }
    r->transfers[r->ntransfers++] = *t;
    return HF_OK;
}

hf_err hf_results_add_invoke(hf_results *r, const hf_invoke_rec *v)
{
    if (r->ninvokes == r->cap_invokes) {
        size_t ncap = r->cap_invokes ? 2 * r->cap_invokes : 64;
        if (ncap < r->cap_invokes || ncap > SIZE_MAX / sizeof *r->invokes) return HF_ENOMEM;
        hf_invoke_rec *nv = realloc(r->invokes, ncap * sizeof *nv);
        if (!nv) return HF_ENOMEM;
        r->invokes = nv;
        r->cap_invokes = ncap;
    }
    r->invokes[r->ninvokes++] = *v;
    return HF_OK;
}

hf_err hf_results_set_cfg(hf_results *r, const char *name, const char *value)
{
    char *v = strdup(value);
    if (!v) return HF_ENOMEM;
    for (size_t i = 0; i < r->ncfg; i++) {
        if (strcmp(r->cfg_names[i], name) == 0) {
            free(r->cfg_values[i]);
            r->cfg_values[i] = v;
            return HF_OK;
        }
    }
    char *n = strdup(name);
    char **nn = n ? realloc(r->cfg_names, (r->ncfg + 1) * sizeof *nn) : NULL;
    if (nn) r->cfg_names = nn;
    char **nv = nn ? realloc(r->cfg_values, (r->ncfg + 1) * sizeof *nv) : NULL;
    if (nv) r->cfg_values = nv;
    if (!nv) {
        free(n);
        free(v);
        return HF_ENOMEM;
    }
    r->cfg_names[r->ncfg] = n;
    r->cfg_values[r->ncfg] = v;
    r->ncfg++;
    return HF_OK;
}

/* ---- printing ---- */

/* s, or "-" for metadata that was never filled. */
static const char *or_dash(const char *s)
{
    return s ? s : "-";
}

/* v with an SI prefix and three significant digits: "1.23 MJ". Self-contained on purpose so
 * printing does not depend on the units module. */
static void human(double v, const char *unit, char *buf, size_t len)
{
    static const char *const prefix[] = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
    size_t i = 0;
    while (fabs(v) >= 999.5 && i + 1 < sizeof prefix / sizeof prefix[0]) {
        v /= 1000.0;
        i++;
    }
    double a = fabs(v);
    if (a >= 999.5 || !isfinite(v)) { /* past yotta: no 40-digit mantissa */
        snprintf(buf, len, "%.3e %s%s", v, prefix[i], unit);
        return;
    }
    int decimals = a >= 99.95 ? 0 : a >= 9.995 ? 1 : 2;
    snprintf(buf, len, "%.*f %s%s", decimals, v, prefix[i], unit);
}

/* Whether v deserves a prefixed form next to the plain one. */
static int big(double v)
{
    return fabs(v) >= 999.5;
}

/* Display width of UTF-8 text: one column per code point (continuation bytes do not count). */
static size_t display_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) w++;
    return w;
}

/* Print s padded to width columns, right-aligned when right is set. */
static void put_cell(FILE *out, const char *s, size_t width, int right)
{
    size_t w = display_width(s);
    if (right)
        for (size_t i = w; i < width; i++)
            fputc(' ', out);
    fputs(s, out);
    if (!right)
        for (size_t i = w; i < width; i++)
            fputc(' ', out);
}

enum { RES_COLS = 8 };

static const char *const res_heads[RES_COLS] = {
    "resource", "kind", "site", "cores", "tasks", "busy (s)", "utilisation (%)", "energy (J)"};

/* Text of column c for resource x: borrowed for string columns, formatted into buf otherwise. */
static const char *res_cell(const hf_res_rec *x, int c, char *buf, size_t len)
{
    switch (c) {
    case 0:
        return or_dash(x->name);
    case 1:
        return or_dash(x->kind);
    case 2:
        return or_dash(x->site);
    case 3:
        snprintf(buf, len, "%d", x->cores);
        break;
    case 4:
        snprintf(buf, len, "%d", x->tasks);
        break;
    case 5:
        snprintf(buf, len, "%.3f", x->busy_time);
        break;
    case 6:
        snprintf(buf, len, "%.1f", 100.0 * x->utilisation);
        break;
    default:
        snprintf(buf, len, "%.1f", x->energy);
        break;
    }
    return buf;
}

/* Print one table line: cells separated by two spaces, text left, numbers right. */
static void put_res_line(FILE *out, const char *const *cells, const size_t *width)
{
    for (int c = 0; c < RES_COLS; c++) {
        if (c) fputs("  ", out);
        put_cell(out, cells[c], width[c], c >= 3);
    }
    fputc('\n', out);
}

void hf_results_print(const hf_results *r, FILE *out)
{
    char a[64], b[64];
    size_t ran = 0;
    for (size_t i = 0; i < r->ntasks; i++)
        if (r->tasks[i].resource >= 0) ran++;

    fprintf(out, "scenario     %s\n", or_dash(r->scenario));
    fprintf(out, "platform     %s\n", or_dash(r->platform));
    fprintf(out, "workflow     %s\n", or_dash(r->workflow));
    fprintf(out, "policy       %s\n", or_dash(r->policy));
    /* NULL (results of an executor without serverless modes) reads as "direct" */
    int serverless = r->mode && strcmp(r->mode, "direct") != 0;
    if (serverless) fprintf(out, "mode         %s\n", r->mode);
    /* shown when not the defaults, which runs before they were recorded had */
    int moved = (r->transfer && strcmp(r->transfer, "direct") != 0) ||
                (r->stage_in && strcmp(r->stage_in, "sequential") != 0);
    if (moved)
        fprintf(out, "data         transfer %s, stage-in %s\n", or_dash(r->transfer),
                or_dash(r->stage_in));
    fprintf(out, "seed         %llu\n", (unsigned long long)r->seed);
    if (r->nparams) {
        fputs("parameters  ", out);
        for (size_t i = 0; i < r->nparams; i++)
            fprintf(out, "%s %s=%s", i ? "," : "", or_dash(r->param_names[i]),
                    or_dash(r->param_values[i]));
        fputc('\n', out);
    }
    fprintf(out, "hetflow      %s (git %s)\n", or_dash(r->hetflow_version),
            or_dash(r->git_revision));
    fprintf(out, "simgrid      %s\n", or_dash(r->simgrid_version));
    if (r->reference_speed > 0) /* exact: %.17g reads back as the same double */
        fprintf(out, "ref. speed   %.17g flop/s per core (--reference-speed)\n",
                r->reference_speed);
    else
        fputs("ref. speed   none given (--reference-speed)\n", out);
    fputs("cfg         ", out);
    for (size_t i = 0; i < r->ncfg; i++)
        fprintf(out, "%s %s:%s", i ? "," : "", or_dash(r->cfg_names[i]), or_dash(r->cfg_values[i]));
    fputs(r->ncfg ? "\n" : " none given (--cfg)\n", out);
    fprintf(out, "completed    %s\n", r->completed ? "yes" : "no");
    fprintf(out, "tasks        %zu (%zu ran)\n", r->ntasks, ran);
    fprintf(out, "makespan     %.9g s\n", r->makespan);
    /* whole figures while they are exact in a double (2^53), else 6 significant digits: a
     * huge value is not printed as a 60-digit number */
    human(r->energy, "J", a, sizeof a);
    fprintf(
        out,
        fabs(r->energy) < 0x1p53 ? "energy       %.1f J%s%s%s\n" : "energy       %.6g J%s%s%s\n",
        r->energy, big(r->energy) ? " (" : "", big(r->energy) ? a : "", big(r->energy) ? ")" : "");
    human(r->bytes_moved, "B", b, sizeof b);
    fprintf(out,
            fabs(r->bytes_moved) < 0x1p53 ? "bytes moved  %.0f B%s%s%s\n"
                                          : "bytes moved  %.6g B%s%s%s\n",
            r->bytes_moved, big(r->bytes_moved) ? " (" : "", big(r->bytes_moved) ? b : "",
            big(r->bytes_moved) ? ")" : "");
    fprintf(out, "transfers    %zu\n", r->ntransfers);
    if (r->ncarbon > 0) { /* docs/models/carbon.md#emissions */
        fprintf(out, "emissions    %.6g g CO2e (operational, PUE included)\n", r->emissions);
        for (size_t i = 0; i < r->ncarbon; i++) {
            const hf_carbon_rec *c = &r->carbon[i];
            fprintf(out, "  site %s: %.6g g, mean %.6g gCO2e/kWh, PUE %.6g, %.6g J", or_dash(c->site),
                    c->emissions, c->intensity, c->pue, c->energy);
            if (c->embodied > 0) fprintf(out, "; embodied %.6g g", c->embodied);
            fputc('\n', out);
        }
        if (r->embodied > 0)
            fprintf(out, "embodied     %.6g g CO2e (the devices' making, over the run: apart)\n",
                    r->embodied);
    }
    if (serverless) {
        fprintf(out, "cold starts  %zu (%.9g s pull + init)\n", r->cold_starts, r->cold_seconds);
        fprintf(out, "warm starts  %zu\n", r->warm_starts);
    }
    if (serverless || r->compiles > 0)
        fprintf(out, "compiles     %zu (%.9g s)\n", r->compiles, r->compile_seconds);
    if (serverless) fprintf(out, "redeploys    %zu\n", r->redeployments);
    if (r->deferrals > 0)
        fprintf(out, "deferrals    %zu (%.9g s held by the policy)\n", r->deferrals,
                r->deferred_seconds);
    fputc('\n', out);

    /* Two passes: measure every cell, then print; cells are re-formatted rather than stored. */
    size_t width[RES_COLS];
    for (int c = 0; c < RES_COLS; c++)
        width[c] = display_width(res_heads[c]);
    for (size_t i = 0; i < r->nres; i++) {
        for (int c = 0; c < RES_COLS; c++) {
            size_t w = display_width(res_cell(&r->res[i], c, a, sizeof a));
            if (w > width[c]) width[c] = w;
        }
    }
    const char *cells[RES_COLS];
    char dashes[RES_COLS][128];
    put_res_line(out, res_heads, width);
    for (int c = 0; c < RES_COLS; c++) {
        size_t n = width[c] < sizeof dashes[c] - 1 ? width[c] : sizeof dashes[c] - 1;
        memset(dashes[c], '-', n);
        dashes[c][n] = '\0';
        cells[c] = dashes[c];
    }
    put_res_line(out, cells, width);
    char bufs[RES_COLS][64];
    for (size_t i = 0; i < r->nres; i++) {
        for (int c = 0; c < RES_COLS; c++)
            cells[c] = res_cell(&r->res[i], c, bufs[c], sizeof bufs[c]);
        put_res_line(out, cells, width);
    }
}

void hf_results_print_inputs(const hf_results *r, FILE *out)
{
    if (!r->ninputs) {
        fputs("input files  none recorded\n", out);
        return;
    }
    fprintf(out, "input files  %zu (kind, bytes, sha256, path)\n", r->ninputs);
    for (size_t i = 0; i < r->ninputs; i++) {
        const hf_input_rec *x = &r->inputs[i];
        fprintf(out, "  %-8s %12.0f B  %s  %s\n", or_dash(x->kind), x->bytes,
                x->sha256[0] ? x->sha256 : "(not a regular file)", or_dash(x->path));
    }
}
