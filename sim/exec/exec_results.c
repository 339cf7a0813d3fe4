/* exec_results.c: the run's hf_results once the simulation is over: names and versions, per-task
 * variants, the summary (makespan, counts, energy), per-resource figures from the core's
 * counters and SimGrid's energy plugin. The records themselves (tasks, transfers, invocations)
 * were appended during the run by the modules that own them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/host.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/version.h>

#include "core/arena.h"
#include "core/strmap.h"
#include "exec/exec_internal.h"
#include "platform/carbon.h"
#include "net/path.h"

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d) exec_die_oom();
    return d;
}

void exec_fill_results(exec_state *x, const hf_run_spec *spec)
{
    hf_results *r = x->r;
    const hf_platform *p = x->p;
    const hf_workflow *wf = x->wf;
    hf_ctx *ctx = x->ctx;
    int maj, min, patch;
    char buf[64];

    r->hetflow_version = xstrdup(HF_VERSION);
    sg_version_get(&maj, &min, &patch);
    snprintf(buf, sizeof buf, "%d.%d.%d", maj, min, patch);
    r->simgrid_version = xstrdup(buf);
    r->scenario = xstrdup(spec->scenario);
    r->platform = xstrdup(p->name);
    r->workflow = xstrdup(wf->name);
    r->policy = xstrdup(x->pol->name ? x->pol->name : x->pol->ops->name);
    r->seed = ctx->seed;
    r->nparams = ctx->nparams;
    r->param_names = calloc(ctx->nparams ? ctx->nparams : 1, sizeof(char *));
    r->param_values = calloc(ctx->nparams ? ctx->nparams : 1, sizeof(char *));
    if (!r->param_names || !r->param_values) exec_die_oom();
    for (size_t i = 0; i < ctx->nparams; i++) {
        r->param_names[i] = xstrdup(ctx->params[i].name);
        r->param_values[i] = xstrdup(ctx->params[i].value);
    }

    r->makespan = 0;
    r->strings = hf_arena_new();
    char *cpu = r->strings ? hf_arena_strdup(r->strings, "cpu") : NULL;
    char *gpu = r->strings ? hf_arena_strdup(r->strings, "gpu") : NULL;
    char *none = r->strings ? hf_arena_strdup(r->strings, "") : NULL;
    if (!cpu || !gpu || !none) exec_die_oom();
    for (size_t t = 0; t < wf->ntasks; t++) {
        hf_task_rec *tr = &r->tasks[t];
        tr->name = hf_arena_strdup(r->strings, wf->tasks[t].name);
        if (!tr->name) exec_die_oom();
        tr->variant = x->placed[t] < 0 ? none : x->variant[t] == HF_RES_GPU ? gpu : cpu;
        if (tr->end > r->makespan) r->makespan = tr->end;
    }
    r->completed = x->done == wf->ntasks;
    r->mode = xstrdup(hf_mode_name(x->sl ? x->sl->mode : HF_MODE_DIRECT));
    r->transfer = xstrdup(hf_xfer_mode_name(x->transfer));
    r->stage_in = xstrdup(hf_stage_in_name(x->stage_in));
    r->compiles = x->svr.compiles;
    r->compile_seconds = x->svr.compile_seconds;
    if (x->sl) {
        r->nendpoints = x->sl->neps;
        r->endpoint_names = calloc(x->sl->neps ? x->sl->neps : 1, sizeof(char *));
        if (!r->endpoint_names) exec_die_oom();
        for (size_t e = 0; e < x->sl->neps; e++)
            r->endpoint_names[e] = xstrdup(x->sl->eps[e].name);
        for (size_t i = 0; i < r->ninvokes; i++) {
            const hf_invoke_rec *v = &r->invokes[i];
            if (v->cold)
                r->cold_starts++;
            else
                r->warm_starts++;
            r->cold_seconds += v->pull + v->init;
        }
    }
    r->nres = p->nres;
    r->res = calloc(p->nres, sizeof *r->res);
    /* per MPS device (indexed by its first client): the sum of its clients' shares */
    double *shares = calloc(p->nres, sizeof *shares);
    if (!r->res || !shares) exec_die_oom();
    for (size_t i = 0; i < p->nres; i++)
        if (p->res[i].host) shares[hf_platform_find(p, p->res[i].host)] += p->res[i].share;
    r->energy = 0;
    for (size_t i = 0; i < p->nres; i++) {
        const hf_resource *pr = &p->res[i];
        const res_state *rs = &x->res[i];
        hf_res_rec *rr = &r->res[i];
        rr->name = xstrdup(pr->name);
        rr->kind = xstrdup(pr->kind == HF_RES_GPU ? "gpu" : "cpu");
        rr->site = xstrdup(p->sites[pr->site].name);
        rr->cores = pr->cores;
        rr->speed = pr->speed;
        rr->tasks = rs->ntasks;
        rr->busy_time = rs->busy_time;
        rr->core_seconds = rs->core_seconds;
        rr->utilisation = r->makespan > 0 ? rs->core_seconds / (pr->cores * r->makespan) : 0;
        /* SimGrid's plugin aborts on hosts without power figures (a user's XML may omit them):
         * such a host reports 0 J */
        rr->energy = sg_host_get_property_value(rs->host, "wattage_per_state")
                         ? sg_host_get_consumed_energy(rs->host)
                         : 0.0;
        if (pr->host) /* an MPS client: its share of its device's energy, by compute share */
            rr->energy *= pr->share / shares[hf_platform_find(p, pr->host)];
        r->energy += rr->energy;
    }
    free(shares);
    r->nfiles = wf->nfiles;
    r->file_names = calloc(wf->nfiles ? wf->nfiles : 1, sizeof(char *));
    if (!r->file_names) exec_die_oom();
    for (size_t f = 0; f < wf->nfiles; f++)
        if (!(r->file_names[f] = hf_arena_strdup(r->strings, wf->files[f].name))) exec_die_oom();
    r->bytes_moved = 0;
    for (size_t i = 0; i < r->ntransfers; i++)
        r->bytes_moved += r->transfers[i].bytes;
}

/* The mean intensity of tr over simulated [a, b] (at a when b == a), into *out; HF_EINPUT naming
 * site when tr does not cover it (and, when the policy held tasks, that they are the likely
 * cause). */
static hf_err mean_intensity(const exec_state *x, const hf_ctrace *tr, const char *site,
                             double a, double b, double *out)
{
    hf_ctx *ctx = x->ctx;
    if (!hf_ctrace_covers(tr, a, b))
        goto outside;
    if (isinf(tr->step)) { /* a constant: exactly itself */
        *out = tr->v[0];
    } else if (b > a) {
        double I;
        if (hf_ctrace_integral(ctx, tr, a, b, &I) != HF_OK) goto outside;
        *out = I / (b - a);
    } else {
        *out = hf_ctrace_at(tr, a);
    }
    return HF_OK;
outside:
    char held[128] = ""; /* the policy's holds are the likely cause: say so */
    if (x->r->deferrals > 0)
        snprintf(held, sizeof held,
                 "; %zu tasks were held by the policy: give less slack, or a longer trace",
                 x->r->deferrals);
    return hf_ctx_fail(ctx, HF_EINPUT,
                       "site '%s': its carbon trace covers simulated times %g to %g s, and the "
                       "run needs %g to %g s (move its start, or give a longer trace)%s",
                       site, tr->t0 - tr->origin, hf_ctrace_end(tr), a, b, held);
}

hf_err exec_carbon(exec_state *x)
{
    const hf_platform *p = x->p;
    hf_results *r = x->r;
    size_t n = 0;
    for (size_t s = 0; s < p->nsites; s++)
        n += p->sites[s].carbon != NULL;
    if (n == 0) return HF_OK;
    int *row = malloc(p->nsites * sizeof *row);
    double *dyn = calloc(p->nres ? p->nres : 1, sizeof *dyn);
    r->carbon = calloc(n, sizeof *r->carbon);
    if (!row || !dyn || !r->carbon) exec_die_oom();
    r->ncarbon = n;
    hf_err rc = HF_OK;
    for (size_t s = 0, k = 0; s < p->nsites; s++) {
        row[s] = p->sites[s].carbon ? (int)k : -1;
        if (!p->sites[s].carbon) continue;
        hf_carbon_rec *c = &r->carbon[k++];
        c->site = xstrdup(p->sites[s].name);
        c->pue = p->sites[s].pue;
        if (rc == HF_OK)
            rc = mean_intensity(x, p->sites[s].carbon, c->site, 0, r->makespan, &c->intensity);
    }
    /* each task's dynamic energy at the intensity of its own span */
    for (size_t t = 0; t < r->ntasks && rc == HF_OK; t++) {
        hf_task_rec *tr = &r->tasks[t];
        if (tr->resource < 0) continue;
        dyn[tr->resource] += tr->energy;
        int s = p->res[tr->resource].site, k = row[s];
        if (k < 0 || !(tr->energy > 0)) continue;
        double I;
        rc = mean_intensity(x, p->sites[s].carbon, r->carbon[k].site, tr->start, tr->end, &I);
        tr->emissions = tr->energy / 3.6e6 * r->carbon[k].pue * I;
        r->carbon[k].emissions += tr->emissions;
    }
    /* the rest of the site's energy (idle, static) spread over the run: per site, so that the
     * tasks' energy and the rest add up to what the site drew (an MPS client's tasks may have
     * more than its share of the device's energy, another client less) */
    double *rest = calloc(n, sizeof *rest);
    if (!rest) exec_die_oom();
    for (size_t i = 0; i < p->nres && rc == HF_OK; i++) {
        int k = row[p->res[i].site];
        if (k < 0) continue;
        r->carbon[k].energy += r->res[i].energy;
        rest[k] += r->res[i].energy - dyn[i];
    }
    /* embodied: each device's share of its making over the run, once per physical device (a
     * GPU's MIG instances and MPS clients carry the GPU's figure) */
    hf_strmap *seen = hf_strmap_new();
    if (!seen) exec_die_oom();
    r->embodied = 0;
    for (size_t i = 0; i < p->nres && rc == HF_OK; i++) {
        const hf_resource *res = &p->res[i];
        int k = row[res->site];
        if (k < 0 || !(res->embodied > 0)) continue;
        if (res->kind == HF_RES_GPU) { /* a node is one resource; a GPU may be several */
            const char *dev = res->device ? res->device : res->host ? res->host : res->name;
            int put = hf_strmap_put(seen, dev, 1);
            if (put < 0) exec_die_oom();
            if (put == 1) continue; /* already counted */
        }
        double g = res->embodied * r->makespan / res->lifetime;
        r->carbon[k].embodied += g;
        r->embodied += g;
        if (!isfinite(r->embodied))
            rc = hf_ctx_fail(x->ctx, HF_EINPUT, "embodied emissions overflow at '%s' (%g g over %g s)",
                             res->name, res->embodied, res->lifetime);
    }
    hf_strmap_free(seen);
    r->emissions = 0;
    for (size_t k = 0; k < n && rc == HF_OK; k++) {
        hf_carbon_rec *c = &r->carbon[k];
        c->emissions += rest[k] / 3.6e6 * c->pue * c->intensity;
        if (c->emissions < 0) c->emissions = 0; /* rounding of a rest that cancels the tasks' */
        if (!isfinite(c->emissions) || !isfinite(c->energy))
            rc = hf_ctx_fail(x->ctx, HF_EINPUT,
                             "site '%s': emissions overflow (%g J at %g gCO2e/kWh, PUE %g)",
                             c->site, c->energy, c->intensity, c->pue);
        r->emissions += c->emissions;
    }
    free(rest);
    free(row);
    free(dyn);
    return rc;
}
