/* dagview.c: upward and downward ranks, levels and the critical path of a workflow on a platform
 * (HEFT's averages; equations in docs/models/ranks.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exec/cost.h"
#include "hetflow/hf_dagview.h"

/* Resources that cost the same for every task: one representative and a count. */
typedef struct rclass {
    int rep;   /* a resource of the class */
    int count; /* resources in the class */
} rclass;

static int same_class(const hf_resource *a, const hf_resource *b)
{
    return a->kind == b->kind && a->cores == b->cores && a->speed == b->speed &&
           a->memory == b->memory && a->mem_bw == b->mem_bw;
}

void hf_dagview_destroy(hf_dagview *v)
{
    free(v->rank_up);
    free(v->rank_down);
    free(v->mean_cost);
    free(v->level);
    free(v->critical);
    memset(v, 0, sizeof *v);
}

/* Mean latency and harmonic-mean bandwidth over ordered pairs of distinct resources. */
static void mean_route(const hf_platform *p, hf_route_fn route, void *arg, double *lat, double *bw)
{
    size_t r = p->nres;
    *lat = 0;
    *bw = INFINITY;
    if (r < 2) return;
    size_t total = r * (r - 1), step = r <= 256 ? 1 : total / 65536 + 1, pairs = 0;
    double sum_lat = 0, sum_inv = 0;
    for (size_t k = 0; k < total; k += step) {
        size_t i = k / (r - 1), jj = k % (r - 1), j = jj < i ? jj : jj + 1;
        double l, b;
        route(arg, (int)i, (int)j, &l, &b);
        sum_lat += l;
        if (b > 0 && isfinite(b)) sum_inv += 1 / b;
        pairs++;
    }
    *lat = sum_lat / (double)pairs;
    *bw = sum_inv > 0 ? (double)pairs / sum_inv : INFINITY;
}

/* Bytes task c reads from files that task p writes. O(inputs of c). */
static double bytes_between(const hf_workflow *wf, int p, int c)
{
    const hf_task *t = &wf->tasks[c];
    double b = 0;
    for (int i = 0; i < t->ninputs; i++)
        if (wf->files[t->inputs[i]].producer == p) b += wf->files[t->inputs[i]].size;
    return b;
}

static double transfer(const hf_dagview *v, double bytes)
{
    return bytes > 0 ? v->mean_latency + bytes / v->mean_bandwidth : 0;
}

hf_err hf_dagview_init(hf_ctx *ctx, const hf_platform *p, const hf_workflow *wf, hf_route_fn route,
                       void *arg, hf_dagview *v)
{
    size_t n = wf->ntasks;
    rclass *cls = calloc(p->nres ? p->nres : 1, sizeof *cls);
    size_t ncls = 0;
    memset(v, 0, sizeof *v);
    v->n = n;
    v->rank_up = calloc(n ? n : 1, sizeof *v->rank_up);
    v->rank_down = calloc(n ? n : 1, sizeof *v->rank_down);
    v->mean_cost = calloc(n ? n : 1, sizeof *v->mean_cost);
    v->level = calloc(n ? n : 1, sizeof *v->level);
    v->critical = calloc(n ? n : 1, sizeof *v->critical);
    if (!cls || !v->rank_up || !v->rank_down || !v->mean_cost || !v->level || !v->critical) {
        free(cls);
        hf_dagview_destroy(v);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    for (size_t r = 0; r < p->nres; r++) {
        size_t c = 0;
        while (c < ncls && !same_class(&p->res[cls[c].rep], &p->res[r]))
            c++;
        if (c == ncls) cls[ncls++] = (rclass){(int)r, 0};
        cls[c].count++;
    }
    for (size_t t = 0; t < n; t++) {
        double sum = 0;
        int count = 0;
        for (size_t c = 0; c < ncls; c++) {
            const hf_resource *r = &p->res[cls[c].rep];
            if (!hf_task_fits(&wf->tasks[t], r, (int)r->kind)) continue;
            sum += cls[c].count * hf_cost_seconds(wf, &wf->tasks[t], (int)r->kind, r);
            count += cls[c].count;
        }
        v->mean_cost[t] = count ? sum / count : 0;
    }
    free(cls);
    mean_route(p, route, arg, &v->mean_latency, &v->mean_bandwidth);

    const int *topo = hf_dag_topo_order(wf->dag);
    for (size_t i = 0; i < n; i++) { /* levels and downward ranks, parents first */
        int t = topo[i], np;
        const int *par = hf_dag_parents(wf->dag, t, &np);
        int lv = 1;
        double down = 0;
        for (int k = 0; k < np; k++) {
            int q = par[k];
            if (v->level[q] + 1 > lv) lv = v->level[q] + 1;
            double d = v->rank_down[q] + v->mean_cost[q] + transfer(v, bytes_between(wf, q, t));
            if (d > down) down = d;
        }
        v->level[t] = lv;
        v->rank_down[t] = down;
    }
    for (size_t i = n; i-- > 0;) { /* upward ranks, children first */
        int t = topo[i], nc;
        const int *ch = hf_dag_children(wf->dag, t, &nc);
        double up = 0;
        for (int k = 0; k < nc; k++) {
            double u = transfer(v, bytes_between(wf, t, ch[k])) + v->rank_up[ch[k]];
            if (u > up) up = u;
        }
        v->rank_up[t] = v->mean_cost[t] + up;
        if (v->rank_up[t] > v->cp_length) v->cp_length = v->rank_up[t];
    }
    for (size_t t = 0; t < n; t++)
        v->critical[t] =
            fabs(v->rank_up[t] + v->rank_down[t] - v->cp_length) <= 1e-9 * v->cp_length;
    return HF_OK;
}
