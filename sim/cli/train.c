/* train.c: `hetflow train`, data-parallel training steps with GPU memory bandwidth shared
 * between compute and the gradient AllReduce (sim/net/train.h, lua/hetflow/training.lua,
 * docs/models/collectives.md#training-step-and-gpu-memory-bandwidth), for one configuration
 * or every combination of the values given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "cli/cli.h"
#include "core/outfile.h"

static const char *const train_usage =
    "usage: hetflow train [--set FIELD=VALUE[,VALUE...]]... [--csv F] [--force]\n"
    "\n"
    "One data-parallel training step per GPU, for every combination of the values given: the\n"
    "forward pass, the backward pass with gradient buckets all-reduced as they are produced,\n"
    "the optimizer step, GPU memory (HBM) bandwidth shared by compute and communication\n"
    "(docs/models/collectives.md#training-step-and-gpu-memory-bandwidth). Prints, per step, its\n"
    "time, compute time and slowdown from sharing HBM, communication time and how much of it\n"
    "is exposed, the share of HBM bandwidth left for compute while the AllReduce runs, and the\n"
    "HBM and network utilisation.\n"
    "\n"
    "  --set FIELD=V      a field of hetflow.training.step (lua/hetflow/training.lua): model\n"
    "                     (resnet50, resnet200, bert_large, gpt3, gpt4), gpus, per_node, gpu,\n"
    "                     precision, efficiency, intensity, model_parallel, bucket (bytes or\n"
    "                     whole), offload (gpu, nic, switch), algo (ring, rhd, tree, hier),\n"
    "                     bandwidth, alpha, bandwidth_intra, alpha_intra, reduce, levels,\n"
    "                     nic_memory (bytes or full); V1,V2,... runs each (repeatable)\n"
    "  --csv F            also write the table as CSV: the --set fields, then every figure\n"
    "  --force            overwrite an existing CSV file\n";

#define MAX_AXES 24
#define MAX_VALUES 256
#define MAX_ROWS 100000

typedef struct axis {
    char key[64];
    char *buf; /* the values, commas replaced by NULs (owned) */
    const char *v[MAX_VALUES];
    int n;
} axis;

/* Figures of hetflow.train's result, in column order. */
static const char *const figures[] = {"gradient_bytes",
                                      "buckets",
                                      "step_seconds",
                                      "compute_seconds",
                                      "compute_alone_seconds",
                                      "comm_seconds",
                                      "comm_alone_seconds",
                                      "exposed_seconds",
                                      "compute_hbm_bytes",
                                      "comm_hbm_bytes",
                                      "net_bytes",
                                      "free_share",
                                      "hbm_util",
                                      "net_util",
                                      "cached_share"};
#define NFIG (sizeof figures / sizeof figures[0])

/* Push V as a number when it reads as one, else as a string. */
static void push_value(lua_State *L, const char *v)
{
    if (lua_stringtonumber(L, v) == 0) lua_pushstring(L, v);
}

/* The step for the combination idx (one value index per axis): fills fig (NFIG figures) or
 * leaves the message in ctx. */
static hf_err one_step(hf_ctx *ctx, lua_State *L, const axis *ax, int nax, const int *idx,
                       double *fig)
{
    int top = lua_gettop(L);
    lua_getglobal(L, "hetflow");
    lua_getfield(L, -1, "train");
    lua_getfield(L, -2, "training");
    lua_getfield(L, -1, "step");
    lua_createtable(L, 0, nax);
    for (int a = 0; a < nax; a++) {
        push_value(L, ax[a].v[idx[a]]);
        lua_setfield(L, -2, ax[a].key);
    }
    hf_err rc = HF_OK;
    /* stack: hetflow, train, training, step, fields */
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) goto fail;
    double grad = 0;
    lua_getfield(L, -1, "gradient_bytes");
    grad = lua_tonumber(L, -1);
    lua_pop(L, 1);
    lua_pushvalue(L, top + 2); /* train */
    lua_insert(L, -2);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) goto fail;
    fig[0] = grad;
    for (size_t i = 1; i < NFIG; i++) {
        lua_getfield(L, -1, figures[i]);
        fig[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    lua_settop(L, top);
    return HF_OK;
fail:;
    char what[512] = "";
    size_t used = 0;
    for (int a = 0; a < nax && used < sizeof what; a++)
        used += (size_t)snprintf(what + used, sizeof what - used, "%s%s=%s", a ? ", " : "",
                                 ax[a].key, ax[a].v[idx[a]]);
    rc = hf_ctx_fail(ctx, HF_EINPUT, "train%s%s%s: %s", nax ? " (" : "", what, nax ? ")" : "",
                     lua_tostring(L, -1));
    lua_settop(L, top);
    return rc;
}

/* The row's fields as text columns, then the figures. */
static void print_row(FILE *f, const axis *ax, int nax, const int *idx, const double *fig)
{
    for (int a = 0; a < nax; a++)
        fprintf(f, "%-12s ", ax[a].v[idx[a]]);
    double slow = fig[4] > 0 ? fig[3] / fig[4] : 1;
    fprintf(f, "%10.4g %8.0f %11.5g %11.5g %8.4f %11.5g %11.5g %6.3f %6.3f %6.3f\n", fig[0], fig[1],
            fig[2], fig[3], slow, fig[5], fig[7], fig[11], fig[12], fig[13]);
}

static void print_header(FILE *f, const axis *ax, int nax)
{
    for (int a = 0; a < nax; a++)
        fprintf(f, "%-12s ", ax[a].key);
    fprintf(f, "%10s %8s %11s %11s %8s %11s %11s %6s %6s %6s\n", "grad_B", "buckets", "step_s",
            "compute_s", "slowdown", "comm_s", "exposed_s", "free", "hbm", "net");
}

int cmd_train(int argc, char **argv, hf_ctx *ctx)
{
    axis ax[MAX_AXES];
    int nax = 0, force = 0, rc = 0;
    const char *csv = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(train_usage, stdout);
            rc = 0;
            goto done;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
        } else if (strcmp(a, "--csv") == 0 || strcmp(a, "--set") == 0) {
            if (i + 1 >= argc) {
                rc = usage_error(train_usage, "%s needs a value", a);
                goto done;
            }
            const char *v = argv[++i];
            if (a[2] == 'c') {
                csv = v;
                continue;
            }
            const char *eq = strchr(v, '=');
            if (!eq || eq == v) {
                rc = usage_error(train_usage, "--set %s: FIELD=VALUE expected", v);
                goto done;
            }
            if ((size_t)(eq - v) >= sizeof ax[0].key) {
                rc = usage_error(train_usage, "--set %.40s...: FIELD has more than 63 characters",
                                 v);
                goto done;
            }
            if (nax == MAX_AXES) {
                rc = usage_error(train_usage, "--set %s: more fields than there are", v);
                goto done;
            }
            axis *x = &ax[nax];
            snprintf(x->key, sizeof x->key, "%.*s", (int)(eq - v), v);
            for (int b = 0; b < nax; b++)
                if (strcmp(ax[b].key, x->key) == 0) {
                    rc = usage_error(train_usage,
                                     "--set %s: given twice (list its values "
                                     "as V1,V2,...)",
                                     x->key);
                    goto done;
                }
            if (!(x->buf = strdup(eq + 1))) {
                fprintf(stderr, "hetflow: out of memory\n");
                rc = EXIT_INPUT;
                goto done;
            }
            nax++;
            x->n = 0;
            for (char *s = x->buf;;) {
                char *comma = strchr(s, ',');
                if (comma) *comma = '\0';
                if (!*s || x->n == MAX_VALUES) {
                    rc = usage_error(train_usage,
                                     !*s ? "--set %s: an empty value"
                                         : "--set %s: more than 256 values",
                                     x->key);
                    goto done;
                }
                x->v[x->n++] = s;
                if (!comma) break;
                s = comma + 1;
            }
        } else {
            rc = usage_error(train_usage, "unexpected argument '%s'", a);
            goto done;
        }
    }
    if (csv && strcmp(csv, "-") == 0) {
        rc = usage_error(train_usage,
                         "--csv %s: a file name expected (the table goes to "
                         "standard output already)",
                         csv);
        goto done;
    }
    double rows = 1;
    for (int a = 0; a < nax; a++)
        rows *= ax[a].n;
    if (rows > MAX_ROWS) {
        char n[64];
        snprintf(n, sizeof n, "%.0f", rows);
        rc = usage_error(train_usage, "%s combinations of the --set values, more than 100000", n);
        goto done;
    }
    const char *const no_inputs[] = {NULL};
    if (csv && hf_outfile_check(ctx, "--csv", NULL, csv, force, no_inputs) != HF_OK) {
        rc = input_error(ctx);
        goto done;
    }

    hf_session s = {.ctx = ctx, .scenario = "train", .quiet = 1};
    lua_State *L = new_lua(&s);
    if (!L) {
        fprintf(stderr, "hetflow: cannot create a Lua state\n");
        rc = EXIT_INPUT;
        goto done;
    }
    int nrows = (int)rows;
    double *fig = malloc((size_t)nrows * NFIG * sizeof *fig);
    if (!fig) {
        lua_close(L);
        hf_session_destroy(&s);
        fprintf(stderr, "hetflow: out of memory\n");
        rc = EXIT_INPUT;
        goto done;
    }
    /* every step first: a bad combination is an error before any output */
    int idx[MAX_AXES] = {0};
    for (int r = 0; r < nrows && !rc; r++) {
        if (one_step(ctx, L, ax, nax, idx, fig + (size_t)r * NFIG) != HF_OK) rc = input_error(ctx);
        for (int a = nax - 1; a >= 0; a--) { /* the last axis varies fastest */
            if (++idx[a] < ax[a].n) break;
            idx[a] = 0;
        }
    }
    lua_close(L);
    hf_session_destroy(&s);
    hf_outfile of = {.fd = -1};
    FILE *out = NULL;
    if (!rc) {
        print_header(stdout, ax, nax);
        memset(idx, 0, sizeof idx);
        for (int r = 0; r < nrows; r++) {
            print_row(stdout, ax, nax, idx, fig + (size_t)r * NFIG);
            for (int a = nax - 1; a >= 0; a--) {
                if (++idx[a] < ax[a].n) break;
                idx[a] = 0;
            }
        }
    }
    if (!rc && csv) {
        if (!(out = cli_out_open(ctx, &of, csv, force))) {
            rc = input_error(ctx);
        } else {
            for (int a = 0; a < nax; a++) {
                hf_csv_field(out, ax[a].key);
                fputc(',', out);
            }
            for (size_t i = 0; i < NFIG; i++)
                fprintf(out, "%s%s", figures[i], i + 1 < NFIG ? "," : "\n");
            memset(idx, 0, sizeof idx);
            for (int r = 0; r < nrows; r++) {
                for (int a = 0; a < nax; a++) {
                    hf_csv_field(out, ax[a].v[idx[a]]);
                    fputc(',', out);
                }
                for (size_t i = 0; i < NFIG; i++)
                    fprintf(out, "%.17g%s", fig[(size_t)r * NFIG + i], i + 1 < NFIG ? "," : "\n");
                for (int a = nax - 1; a >= 0; a--) {
                    if (++idx[a] < ax[a].n) break;
                    idx[a] = 0;
                }
            }
            if (cli_out_close(ctx, &of, out, csv) != HF_OK) rc = input_error(ctx);
        }
    }
    hf_outfile_abort(&of);
    free(fig);
done:
    for (int a = 0; a < nax; a++)
        free(ax[a].buf);
    return rc;
}
