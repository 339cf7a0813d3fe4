/* serverless.c: the serverless deployment of a run (modes, endpoints, availability trace), its
 * checks against the platform and workflow, and the invocation latency model
 * (docs/models/serverless.md). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "hetflow/hf_serverless.h"
#include "hetflow/hf_units.h"

static const char *const mode_names[] = {"direct", "monolith", "decomposed", "decomposed_hha"};

const char *hf_mode_name(hf_mode m)
{
    return (unsigned)m < sizeof mode_names / sizeof *mode_names ? mode_names[m] : "?";
}

int hf_mode_parse(const char *name)
{
    for (size_t i = 0; i < sizeof mode_names / sizeof *mode_names; i++)
        if (strcmp(name, mode_names[i]) == 0) return (int)i;
    return -1;
}

hf_serverless *hf_serverless_new(void)
{
    hf_serverless *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->registry = -1;
    s->monolith_node = -1;
    s->pull = (hf_pull_model){HF_REGISTRY_BANDWIDTH_DEFAULT, HF_UNPACK_RATE_DEFAULT, 0};
    return s;
}

void hf_serverless_free(hf_serverless *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->neps; i++) {
        free(s->eps[i].name);
        free(s->eps[i].nodes);
    }
    free(s->eps);
    free(s->events);
    free(s);
}

/* Index of the endpoint holding node, or -1. */
static int endpoint_of(const hf_serverless *s, int node)
{
    for (size_t e = 0; e < s->neps; e++)
        for (int k = 0; k < s->eps[e].nnodes; k++)
            if (s->eps[e].nodes[k] == node) return (int)e;
    return -1;
}

int hf_serverless_add_endpoint(hf_ctx *ctx, hf_serverless *s, const hf_platform *p,
                               const hf_endpoint *ep)
{
    const char *name = ep->name && *ep->name ? ep->name : NULL;
    if (!name) {
        hf_ctx_fail(ctx, HF_EINPUT, "endpoint #%zu has no name", s->neps + 1);
        return -1;
    }
    for (size_t e = 0; e < s->neps; e++)
        if (strcmp(s->eps[e].name, name) == 0) {
            hf_ctx_fail(ctx, HF_EINPUT, "endpoint '%s' is declared twice", name);
            return -1;
        }
    if (ep->nnodes < 1) {
        hf_ctx_fail(ctx, HF_EINPUT, "endpoint '%s' has no nodes (zero workers)", name);
        return -1;
    }
    if (ep->max_containers < 1 || ep->concurrency < 1) {
        hf_ctx_fail(ctx, HF_EINPUT, "endpoint '%s': %s must be >= 1 (got %d)", name,
                    ep->max_containers < 1 ? "max_containers" : "concurrency",
                    ep->max_containers < 1 ? ep->max_containers : ep->concurrency);
        return -1;
    }
    if (!(ep->overhead >= 0) || !isfinite(ep->overhead) || !(ep->keep_alive >= 0) ||
        !isfinite(ep->keep_alive)) {
        hf_ctx_fail(ctx, HF_EINPUT, "endpoint '%s': %s must be a finite time >= 0", name,
                    !(ep->overhead >= 0) || !isfinite(ep->overhead) ? "overhead" : "keep_alive");
        return -1;
    }
    for (int k = 0; k < ep->nnodes; k++) {
        int n = ep->nodes[k];
        if (n < 0 || (size_t)n >= p->nres || p->res[n].kind != HF_RES_CPU) {
            hf_ctx_fail(ctx, HF_EINPUT,
                        "endpoint '%s': nodes[%d] is not a CPU node of platform '%s'", name, k + 1,
                        p->name);
            return -1;
        }
        for (int j = 0; j < k; j++)
            if (ep->nodes[j] == n) {
                hf_ctx_fail(ctx, HF_EINPUT, "endpoint '%s': node '%s' is listed twice", name,
                            p->res[n].name);
                return -1;
            }
        int other = endpoint_of(s, n);
        if (other >= 0) {
            hf_ctx_fail(ctx, HF_EINPUT, "endpoint '%s': node '%s' already belongs to endpoint '%s'",
                        name, p->res[n].name, s->eps[other].name);
            return -1;
        }
    }
    if (hf_grow((void **)&s->eps, &s->cap_eps_, s->neps + 1, sizeof *s->eps)) goto oom;
    hf_endpoint *d = &s->eps[s->neps];
    *d = *ep;
    d->name = strdup(name);
    d->nodes = malloc((size_t)ep->nnodes * sizeof *d->nodes);
    if (!d->name || !d->nodes) {
        free(d->name);
        free(d->nodes);
        goto oom;
    }
    memcpy(d->nodes, ep->nodes, (size_t)ep->nnodes * sizeof *d->nodes);
    return (int)s->neps++;
oom:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return -1;
}

hf_err hf_serverless_add_event(hf_ctx *ctx, hf_serverless *s, const hf_avail_event *e,
                               const char *origin, int line)
{
    char where[512];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d", origin, line);
    else
        snprintf(where, sizeof where, "%s", origin);
    if (!(e->time >= 0) || !isfinite(e->time))
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: time must be a finite number >= 0, got %g", where,
                           e->time);
    char err[256]; /* a Lua number skips the unit parser's range: 1e13 s, 1e-320 s */
    if (hf_units_check(e->time, HF_UNIT_TIME, err, sizeof err) != 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "%s: time: %s", where, err);
    if (s->nevents > 0 && e->time < s->events[s->nevents - 1].time)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "%s: times must not decrease (%g s comes after %g s); sort the trace",
                           where, e->time, s->events[s->nevents - 1].time);
    if (hf_grow((void **)&s->events, &s->cap_events_, s->nevents + 1, sizeof *s->events))
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    s->events[s->nevents++] = *e;
    return HF_OK;
}

hf_err hf_serverless_load_trace(hf_ctx *ctx, hf_serverless *s, const hf_platform *p,
                                const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return hf_ctx_fail(ctx, HF_EIO, "%s: cannot open: %s", path, strerror(errno));
    char buf[1024];
    int line = 0;
    hf_err rc = HF_OK;
    while (rc == HF_OK && fgets(buf, sizeof buf, f)) {
        line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n' && !feof(f)) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%d: line longer than %zu characters", path, line,
                             sizeof buf - 2);
            break;
        }
        char *c = buf;
        while (isspace((unsigned char)*c))
            c++;
        if (*c == '\0' || *c == '#') continue;
        char tstr[256], node[256], what[256], extra[2];
        int n = sscanf(c, "%255s %255s %255s %1s", tstr, node, what, extra);
        if (n != 3) {
            rc = hf_ctx_fail(ctx, HF_EINPUT,
                             "%s:%d: expected 'TIME NODE join|leave' (three fields), got %d", path,
                             line,
                             n == 4  ? 4
                             : n < 0 ? 0
                                     : n);
            break;
        }
        double t;
        char err[128];
        if (hf_units_parse(tstr, HF_UNIT_TIME, &t, err, sizeof err) != 0) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%d: time '%s': %s", path, line, tstr, err);
            break;
        }
        int r = hf_platform_find(p, node);
        if (r < 0 || p->res[r].kind != HF_RES_CPU) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%d: '%s' is not a CPU node of platform '%s'", path,
                             line, node, p->name);
            break;
        }
        int join = strcmp(what, "join") == 0;
        if (!join && strcmp(what, "leave") != 0) {
            rc = hf_ctx_fail(ctx, HF_EINPUT, "%s:%d: event '%s' (expected join or leave)", path,
                             line, what);
            break;
        }
        hf_avail_event e = {t, r, join};
        rc = hf_serverless_add_event(ctx, s, &e, path, line);
    }
    if (rc == HF_OK && ferror(f)) rc = hf_ctx_fail(ctx, HF_EIO, "%s: read error", path);
    fclose(f);
    return rc;
}

/* 1 when variant of task t fits some node of endpoint e (CPU: the node; GPU: one of its GPUs). */
static int endpoint_runs(const hf_platform *p, const hf_endpoint *e, const hf_task *t, int variant)
{
    for (int k = 0; k < e->nnodes; k++) {
        int n = e->nodes[k];
        if (variant == HF_RES_CPU && hf_task_fits(t, &p->res[n], HF_RES_CPU)) return 1;
        if (variant == HF_RES_GPU)
            for (size_t r = (size_t)n + 1; r < p->nres && p->res[r].kind == HF_RES_GPU; r++)
                if (p->res[r].node == n && hf_task_fits(t, &p->res[r], HF_RES_GPU)) return 1;
    }
    return 0;
}

static int any_endpoint_runs(const hf_serverless *s, const hf_platform *p, const hf_task *t,
                             int variant)
{
    for (size_t e = 0; e < s->neps; e++)
        if (endpoint_runs(p, &s->eps[e], t, variant)) return 1;
    return 0;
}

hf_err hf_serverless_check(hf_ctx *ctx, hf_serverless *s, const hf_platform *p,
                           const hf_workflow *wf)
{
    const char *mode = hf_mode_name(s->mode);
    const double rates[] = {s->pull.registry_bandwidth, s->pull.unpack_rate};
    static const char *const rate_names[] = {"registry_bandwidth", "unpack_rate"};
    for (int i = 0; i < 2; i++)
        if (!(rates[i] > 0) || !isfinite(rates[i]))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "serverless.%s: must be a finite rate > 0 (bytes/s), got %g",
                               rate_names[i], rates[i]);
    if (s->mode == HF_MODE_DIRECT) return HF_OK;
    if (s->neps == 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "serverless: mode '%s' needs at least one endpoint",
                           mode);
    if (s->client_site < 0 || (size_t)s->client_site >= p->nsites)
        return hf_ctx_fail(ctx, HF_EINPUT, "serverless.client: no such site");
    for (size_t i = 0; i < wf->nfns; i++)
        if (wf->fns[i].image_size > 0 && s->registry < 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "serverless.registry: function '%s' has an image of %g bytes to "
                               "pull; name the node images are pulled from",
                               wf->fns[i].name, wf->fns[i].image_size);
    if (s->mode == HF_MODE_MONOLITH) {
        if (s->monolith_node < 0) s->monolith_node = s->eps[0].nodes[0];
        int n = s->monolith_node;
        for (size_t i = 0; i < s->nevents; i++)
            if (s->events[i].node == n)
                return hf_ctx_fail(ctx, HF_EINPUT,
                                   "serverless.monolith_node: '%s' joins or leaves in the "
                                   "availability trace; the monolith job needs its node throughout",
                                   p->res[n].name);
        if (endpoint_of(s, n) < 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "serverless.monolith_node: '%s' belongs to no endpoint",
                               p->res[n].name);
        for (size_t t = 0; t < wf->ntasks; t++)
            if (!hf_task_fits(&wf->tasks[t], &p->res[n], HF_RES_CPU))
                return hf_ctx_fail(ctx, HF_EINPUT,
                                   "task '%s': mode monolith runs every task's cpu variant on "
                                   "node '%s', which %s",
                                   wf->tasks[t].name, p->res[n].name,
                                   wf->tasks[t].cpu.set ? "cannot run it (cores or memory)"
                                                        : "the task does not have");
        return HF_OK;
    }
    for (size_t t = 0; t < wf->ntasks; t++) {
        const hf_task *task = &wf->tasks[t];
        int cpu = task->cpu.set && any_endpoint_runs(s, p, task, HF_RES_CPU);
        int gpu = hf_task_ext_of(task)->gpu.set && any_endpoint_runs(s, p, task, HF_RES_GPU);
        static const char *const vname[] = {"cpu", "gpu"};
        for (int v = 0; v < 2; v++)
            if ((v ? hf_task_ext_of(task)->gpu.set : task->cpu.set) && !(v ? gpu : cpu))
                return hf_ctx_fail(ctx, HF_EINPUT,
                                   "task '%s': variant %s: no device of the endpoints can run it",
                                   task->name, vname[v]);
        if (s->mode == HF_MODE_DECOMPOSED && !task->cpu.set)
            return hf_ctx_fail(
                ctx, HF_EINPUT,
                "task '%s': mode decomposed runs cpu variants, and the task has none", task->name);
    }
    return HF_OK;
}

double hf_invoke_latency(int cold, double wan_latency, double overhead, double pull, double init,
                         double compile, double run)
{
    return 2 * wan_latency + overhead + (cold ? pull + init : 0) + compile + run;
}
