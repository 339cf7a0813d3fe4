/* compare.c: simulating measured experiments on a calibrated GPU (hf_calib.h,
 * docs/validation.md#comparing). One SimGrid simulation holds every experiment, each on nodes and
 * GPUs of its own so that none disturbs another; a pinning policy puts each task where its
 * experiment says. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hetflow/hetflow.h"
#include "hetflow/hf_calib.h"

/* ---------- the pinning policy ---------- */

typedef struct pin_state {
    const int *pin; /* per task: the resource it must run on */
} pin_state;

static hf_err pin_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    const pin_state *s = pol->state;
    for (size_t i = 0; i < d->ncands; i++) {
        if (d->cands[i].resource == s->pin[d->task]) {
            *choice = i;
            return HF_OK;
        }
    }
    return hf_ctx_fail(pol->ctx, HF_ESIM, "compare: task '%s' cannot run on its experiment's GPU",
                       d->workflow->tasks[d->task].name);
}

static const hf_policy_ops pin_ops = {.name = "pinned", .decide = pin_decide};

/* ---------- building the experiments ---------- */

typedef struct builder {
    hf_ctx *ctx;
    hf_platform *p;
    hf_workflow *wf;
    const hf_gpu_params *g;
    int *pin; /* per task */
    size_t npin, cap_pin;
} builder;

static hf_err pin_task(builder *b, int task, int res)
{
    if (task < 0) return b->ctx->errcode;
    if ((size_t)task >= b->cap_pin) {
        size_t cap = b->cap_pin ? 2 * b->cap_pin : 64;
        while (cap <= (size_t)task)
            cap *= 2;
        int *np = realloc(b->pin, cap * sizeof *np);
        if (!np) return hf_ctx_fail(b->ctx, HF_ENOMEM, "out of memory");
        b->pin = np;
        b->cap_pin = cap;
    }
    b->pin[task] = res;
    if ((size_t)task >= b->npin) b->npin = (size_t)task + 1;
    return HF_OK;
}

/* A carrier node for experiment i; returns its index or -1. */
static int add_node(builder *b, size_t i)
{
    char name[64];
    snprintf(name, sizeof name, "e%zu", i);
    hf_resource r = {.name = name,
                     .kind = HF_RES_CPU,
                     .site = 0,
                     .cores = 1,
                     .speed = 1e9,
                     .link = {12.5e9, 1e-6}};
    return hf_platform_add_resource(b->ctx, b->p, &r);
}

/* A GPU resource of node with share s at precision rate; host NULL: a GPU of its own, else an
 * MPS-style client of the device host. It carries g's kernel profiles. Returns its index or -1. */
static int add_gpu(builder *b, int node, const char *name, const char *host, double share,
                   double rate, hf_link_spec link)
{
    const hf_gpu_params *g = b->g;
    hf_kprofile prof[HF_CALIB_MAX_PROFILES]; /* borrowed names: the platform copies them */
    for (int i = 0; i < g->nprof; i++)
        prof[i] = (hf_kprofile){(char *)g->prof[i].name, g->prof[i].work, g->prof[i].latency,
                                g->prof[i].launch};
    hf_resource r = {.name = (char *)name,
                     .kind = HF_RES_GPU,
                     .site = 0,
                     .node = node,
                     .cores = 1,
                     .speed = rate * share,
                     .mem_bw = g->bandwidth,
                     .link = link,
                     .sms = g->sms,
                     .launch = g->launch,
                     .bw_sat = g->bw_sat,
                     .share = share,
                     .bw_share = 1,
                     .peak = rate,
                     .bandwidth = g->bandwidth,
                     .partition = host ? "mps" : NULL,
                     .host = (char *)host,
                     .kprof = g->nprof ? prof : NULL,
                     .nkprof = g->nprof};
    return hf_platform_add_resource(b->ctx, b->p, &r);
}

/* A task running e's kernel groups on resource res, after task after (-1: none). */
static int add_kernel_task(builder *b, const hf_meas_exp *e, const char *name, int res, int after)
{
    hf_kgroup *gs = malloc(e->nkernels * sizeof *gs);
    if (!gs) {
        hf_ctx_fail(b->ctx, HF_ENOMEM, "out of memory");
        return -1;
    }
    for (size_t k = 0; k < e->nkernels; k++)
        gs[k] =
            (hf_kgroup){.count = e->kernels[k].count,
                        .k = {e->kernels[k].flops, e->kernels[k].bytes, e->kernels[k].blocks, 0},
                        .gap = e->kernels[k].gap,
                        .name = e->kernels[k].name[0] ? e->kernels[k].name : NULL};
    int kid = hf_workflow_add_kernels(b->ctx, b->wf, name, gs, (int)e->nkernels);
    free(gs);
    if (kid < 0) return -1;
    hf_task_ext x = {.gpu = {.set = 1}, .kernels = kid};
    hf_task t = {.name = (char *)name, .cores = 1, .ext = &x};
    int id = hf_workflow_add_task(b->ctx, b->wf, &t);
    if (id < 0 || pin_task(b, id, res)) return -1;
    if (after >= 0 && hf_workflow_add_edge(b->ctx, b->wf, after, id)) return -1;
    return id;
}

/* Experiment i: nodes, GPUs and tasks. */
static hf_err add_experiment(builder *b, const hf_meas *m, size_t i)
{
    const hf_meas_exp *e = &m->exps[i];
    char name[96], host[96];
    int node = add_node(b, i);
    if (node < 0) return b->ctx->errcode;
    if (e->bytes > 0 && e->nkernels == 0) { /* a copy over the pinned or pageable link */
        const hf_link_spec *l = e->pinned ? &b->g->pinned : &b->g->pageable;
        if (!(l->bandwidth > 0))
            return hf_ctx_fail(b->ctx, HF_EINPUT,
                               "experiment '%s': the platform gives no %s copy bandwidth", e->name,
                               e->pinned ? "pinned" : "pageable");
        snprintf(name, sizeof name, "e%zu-gpu", i);
        int gpu = add_gpu(b, node, name, NULL, 1, 1e12, *l);
        if (gpu < 0) return b->ctx->errcode;
        int h2d = strcmp(e->direction, "h2d") == 0;
        snprintf(name, sizeof name, "e%zu-data", i);
        int file = hf_workflow_add_file(b->ctx, b->wf, name, e->bytes, NULL);
        if (file < 0) return b->ctx->errcode;
        hf_cost one_cpu = {.set = 1, .flops = 1};
        hf_task_ext one_gpu = {.gpu = {.set = 1, .flops = 1}};
        snprintf(name, sizeof name, "e%zu-src", i);
        hf_task src = {.name = name, .cores = 1, .outputs = &file, .noutputs = 1};
        if (h2d)
            src.cpu = one_cpu;
        else
            src.ext = &one_gpu;
        int s = hf_workflow_add_task(b->ctx, b->wf, &src);
        hf_err err = pin_task(b, s, h2d ? node : gpu);
        if (err) return err;
        snprintf(name, sizeof name, "e%zu-dst", i);
        hf_task dst = {.name = name, .cores = 1, .inputs = &file, .ninputs = 1};
        if (h2d)
            dst.ext = &one_gpu;
        else
            dst.cpu = one_cpu;
        int d = hf_workflow_add_task(b->ctx, b->wf, &dst);
        return pin_task(b, d, h2d ? gpu : node);
    }
    double rate = hf_gpu_params_rate(b->g, e->precision);
    if (!(rate > 0))
        return hf_ctx_fail(b->ctx, HF_EINPUT,
                           "experiment '%s': the platform's GPU has no flop rate for precision "
                           "'%s'",
                           e->name, e->precision);
    if (e->clients == 1 || e->serial) { /* one GPU share, the clients one after another */
        snprintf(name, sizeof name, "e%zu-gpu", i);
        int gpu = add_gpu(b, node, name, NULL, e->share, rate, b->g->pinned);
        if (gpu < 0) return b->ctx->errcode;
        int prev = -1;
        for (int c = 0; c < e->clients; c++) {
            snprintf(name, sizeof name, "e%zu-c%d", i, c);
            if ((prev = add_kernel_task(b, e, name, gpu, prev)) < 0) return b->ctx->errcode;
        }
        return HF_OK;
    }
    /* concurrent clients on one device, each on its share (docs/models/gpu.md#mps-clients) */
    snprintf(host, sizeof host, "e%zu-gpu", i);
    for (int c = 0; c < e->clients; c++) {
        snprintf(name, sizeof name, "e%zu-gpu-c%d", i, c);
        int gpu = add_gpu(b, node, name, host, e->share, rate, b->g->pinned);
        if (gpu < 0) return b->ctx->errcode;
        snprintf(name, sizeof name, "e%zu-c%d", i, c);
        if (add_kernel_task(b, e, name, gpu, -1) < 0) return b->ctx->errcode;
    }
    return HF_OK;
}

/* ---------- reading the simulation back ---------- */

/* Experiment index of a task or file name "e<i>-...", or -1. */
static long exp_of(const char *name)
{
    if (name[0] != 'e') return -1;
    char *end;
    long i = strtol(name + 1, &end, 10);
    return *end == '-' ? i : -1;
}

hf_err hf_compare_simulate(hf_ctx *ctx, const hf_meas *m, const hf_gpu_params *g,
                           const int *training, hf_compare_row *rows)
{
    hf_err err = HF_OK;
    builder b = {.ctx = ctx, .g = g};
    hf_policy *pol = NULL;
    hf_results *res = NULL;
    double *first = NULL, *last = NULL;
    pin_state st = {0};

    b.p = hf_platform_new("compare");
    b.wf = hf_workflow_new("experiments");
    first = malloc((m->nexps ? m->nexps : 1) * sizeof *first);
    last = malloc((m->nexps ? m->nexps : 1) * sizeof *last);
    if (!b.p || !b.wf || !first || !last) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    if (hf_platform_add_site(ctx, b.p, "lab", (hf_link_spec){0, 0}) < 0) {
        err = ctx->errcode;
        goto fail;
    }
    for (size_t i = 0; i < m->nexps; i++) {
        rows[i] = (hf_compare_row){.e = &m->exps[i],
                                   .training = training ? training[i] : 0,
                                   .simulated = NAN,
                                   .error = NAN};
        first[i] = INFINITY;
        last[i] = -INFINITY;
        if ((err = add_experiment(&b, m, i))) goto fail;
    }
    if ((err = hf_workflow_finalize(ctx, b.wf))) goto fail;
    st.pin = b.pin;
    if (!(pol = hf_policy_new(ctx, &pin_ops, &st))) {
        err = ctx->errcode ? ctx->errcode : hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    int quiet = ctx->quiet;
    ctx->quiet = 1;
    hf_run_spec spec = {.platform = b.p, .workflow = b.wf, .policy = pol, .scenario = "compare"};
    err = hf_run(ctx, &spec, &res);
    ctx->quiet = quiet;
    if (err) goto fail;
    /* kernel experiments: first start to last end of their tasks; copies: the transfer */
    for (size_t t = 0; t < res->ntasks; t++) {
        long i = exp_of(res->tasks[t].name);
        if (i < 0 || (size_t)i >= m->nexps || m->exps[i].nkernels == 0) continue;
        if (res->tasks[t].start < first[i]) first[i] = res->tasks[t].start;
        if (res->tasks[t].end > last[i]) last[i] = res->tasks[t].end;
    }
    for (size_t t = 0; t < res->ntransfers; t++) {
        long i = exp_of(res->tasks[res->transfers[t].task].name);
        if (i < 0 || (size_t)i >= m->nexps) continue;
        first[i] = res->transfers[t].start;
        last[i] = res->transfers[t].end;
    }
    for (size_t i = 0; i < m->nexps; i++) {
        hf_compare_row *r = &rows[i];
        hf_calib_summary(r->e, &r->measured, &r->spread);
        if (!(r->measured > 0)) {
            err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            goto fail;
        }
        if (isfinite(first[i]) && isfinite(last[i])) {
            r->simulated = last[i] - first[i];
            r->error = r->simulated / r->measured - 1;
        }
    }
fail:
    hf_results_free(res);
    hf_policy_free(pol);
    hf_workflow_free(b.wf);
    hf_platform_free(b.p);
    free(b.pin);
    free(first);
    free(last);
    return err;
}
