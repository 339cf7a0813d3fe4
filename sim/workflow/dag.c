/* dag.c: the workflow DAG, held in igraph (the only igraph user), plus CSR adjacency for the
 * executor's hot path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "hetflow/hf_workflow.h"

struct hf_dag {
    igraph_t graph; /* vertices = tasks, edges parent -> child, no duplicates */
    int n;          /* vertices */
    size_t m;       /* edges */
    int *child_off; /* CSR: children of v are child_idx[child_off[v] .. child_off[v+1]) */
    int *child_idx;
    int *parent_off; /* CSR: parents of v */
    int *parent_idx;
    int *topo;    /* a topological order */
    int depth;    /* longest path, in tasks */
    int graph_ok; /* 1 once graph was created (so it must be destroyed) */
};

/* igraph aborts by default; we check every return code instead, so errors must only return. */
static void install_igraph_handlers(void)
{
    static int done;
    if (done) return;
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    done = 1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void hf_dag_free(hf_dag *dag)
{
    if (!dag) return;
    if (dag->graph_ok) igraph_destroy(&dag->graph);
    free(dag->child_off);
    free(dag->child_idx);
    free(dag->parent_off);
    free(dag->parent_idx);
    free(dag->topo);
    free(dag);
}

/* Report one cycle among the vertices Kahn's algorithm could not order: walk parent links
 * from a remaining vertex until a vertex repeats (every remaining vertex has a remaining
 * parent), then print the cycle in dependency order. O(V). */
static hf_err report_cycle(hf_ctx *ctx, const hf_workflow *wf, const hf_dag *d, const int *indeg)
{
    int start = -1;
    for (int v = 0; v < d->n && start < 0; v++)
        if (indeg[v] > 0) start = v;
    int *seen = calloc(d->n, sizeof *seen); /* step at which v was visited, 0 = never */
    int *path = malloc(((size_t)d->n + 1) * sizeof *path);
    if (!seen || !path) {
        free(seen);
        free(path);
        return hf_ctx_fail(ctx, HF_EINPUT, "the workflow has a cycle");
    }
    int len = 0, v = start;
    while (!seen[v]) {
        seen[v] = ++len;
        path[len - 1] = v;
        int next = -1;
        for (int k = d->parent_off[v]; k < d->parent_off[v + 1] && next < 0; k++)
            if (indeg[d->parent_idx[k]] > 0) next = d->parent_idx[k];
        v = next;
    }
    /* path[seen[v]-1 .. len-1] walks child -> parent; print it parent -> child */
    char msg[HF_ERRMSG_MAX];
    size_t off = (size_t)snprintf(msg, sizeof msg, "cycle: ");
    for (int i = len - 1; i >= seen[v] - 1 && off < sizeof msg; i--)
        off += (size_t)snprintf(msg + off, sizeof msg - off, "%s -> ", wf->tasks[path[i]].name);
    if (off < sizeof msg)
        snprintf(msg + off, sizeof msg - off, "%s", wf->tasks[path[len - 1]].name);
    free(seen);
    free(path);
    return hf_ctx_fail(ctx, HF_EINPUT, "%s", msg);
}

hf_err hf_dag_build(hf_ctx *ctx, hf_workflow *wf)
{
    install_igraph_handlers();
    hf_err rc = HF_OK;
    size_t n = wf->ntasks, cap = wf->nedges;
    for (size_t t = 0; t < n; t++)
        cap += (size_t)wf->tasks[t].ninputs;
    uint64_t *keys = malloc((cap ? cap : 1) * sizeof *keys);
    int *indeg = NULL, *queue = NULL;
    igraph_vector_int_t ev;
    int ev_init = 0;
    hf_dag *d = calloc(1, sizeof *d);
    if (!keys || !d) goto oom;
    d->n = (int)n;

    size_t m = 0;
    for (size_t t = 0; t < n; t++) {
        const hf_task *task = &wf->tasks[t];
        for (int i = 0; i < task->ninputs; i++) {
            int p = wf->files[task->inputs[i]].producer;
            if (p >= 0) keys[m++] = ((uint64_t)(uint32_t)p << 32) | (uint32_t)t;
        }
    }
    for (size_t e = 0; e < wf->nedges; e++)
        keys[m++] = ((uint64_t)(uint32_t)wf->edges[2 * e] << 32) | (uint32_t)wf->edges[2 * e + 1];
    qsort(keys, m, sizeof *keys, cmp_u64);
    size_t u = 0;
    for (size_t e = 0; e < m; e++)
        if (u == 0 || keys[e] != keys[u - 1]) keys[u++] = keys[e];
    m = u;
    d->m = m;

    d->child_off = calloc(n + 1, sizeof(int));
    d->child_idx = malloc((m ? m : 1) * sizeof(int));
    d->parent_off = calloc(n + 1, sizeof(int));
    d->parent_idx = malloc((m ? m : 1) * sizeof(int));
    d->topo = malloc((n ? n : 1) * sizeof(int));
    indeg = calloc(n ? n : 1, sizeof *indeg);
    queue = malloc((n ? n : 1) * sizeof *queue);
    if (!d->child_off || !d->child_idx || !d->parent_off || !d->parent_idx || !d->topo || !indeg ||
        !queue)
        goto oom;
    for (size_t e = 0; e < m; e++) {
        d->child_off[(keys[e] >> 32) + 1]++;
        d->parent_off[(uint32_t)keys[e] + 1]++;
    }
    for (size_t v = 0; v < n; v++) {
        d->child_off[v + 1] += d->child_off[v];
        d->parent_off[v + 1] += d->parent_off[v];
    }
    /* keys are sorted by parent, so children fill in order; parents need a cursor */
    for (size_t e = 0; e < m; e++)
        d->child_idx[e] = (int)(uint32_t)keys[e];
    int *cursor = indeg; /* borrowed as a fill cursor; Kahn's pass below re-initialises it */
    for (size_t e = 0; e < m; e++) {
        int c = (int)(uint32_t)keys[e];
        d->parent_idx[d->parent_off[c] + cursor[c]++] = (int)(keys[e] >> 32);
    }

    /* the DAG itself lives in igraph, for the graph algorithms of the later issues */
    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * m)) != IGRAPH_SUCCESS) goto oom;
    ev_init = 1;
    for (size_t e = 0; e < m; e++) {
        VECTOR(ev)[2 * e] = (igraph_integer_t)(keys[e] >> 32);
        VECTOR(ev)[2 * e + 1] = (igraph_integer_t)(uint32_t)keys[e];
    }
    if (igraph_create(&d->graph, &ev, (igraph_integer_t)n, IGRAPH_DIRECTED) != IGRAPH_SUCCESS)
        goto oom;
    d->graph_ok = 1;

    /* Kahn's algorithm on the CSR arrays: topological order, depth, and cycle detection */
    int *level = malloc((n ? n : 1) * sizeof *level);
    if (!level) goto oom;
    size_t head = 0, tail = 0;
    for (size_t v = 0; v < n; v++) {
        indeg[v] = d->parent_off[v + 1] - d->parent_off[v];
        level[v] = 1;
        if (indeg[v] == 0) queue[tail++] = (int)v;
    }
    while (head < tail) {
        int v = queue[head++];
        d->topo[head - 1] = v;
        if (level[v] > d->depth) d->depth = level[v];
        for (int k = d->child_off[v]; k < d->child_off[v + 1]; k++) {
            int c = d->child_idx[k];
            if (level[v] + 1 > level[c]) level[c] = level[v] + 1;
            if (--indeg[c] == 0) queue[tail++] = c;
        }
    }
    free(level);
    if (tail < n) {
        rc = report_cycle(ctx, wf, d, indeg);
        goto done;
    }
    hf_dag_free(wf->dag);
    wf->dag = d;
    d = NULL;
    goto done;

oom:
    rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory building the DAG");
done:
    hf_dag_free(d); /* NULL on success */
    if (ev_init) igraph_vector_int_destroy(&ev);
    free(keys);
    free(indeg);
    free(queue);
    return rc;
}

int hf_dag_nparents(const hf_dag *dag, int v)
{
    return dag->parent_off[v + 1] - dag->parent_off[v];
}

const int *hf_dag_children(const hf_dag *dag, int v, int *n)
{
    *n = dag->child_off[v + 1] - dag->child_off[v];
    return dag->child_idx + dag->child_off[v];
}

const int *hf_dag_parents(const hf_dag *dag, int v, int *n)
{
    *n = dag->parent_off[v + 1] - dag->parent_off[v];
    return dag->parent_idx + dag->parent_off[v];
}

const int *hf_dag_topo_order(const hf_dag *dag)
{
    return dag->topo;
}

size_t hf_dag_nedges(const hf_dag *dag)
{
    return dag->m;
}

int hf_dag_depth(const hf_dag *dag)
{
    return dag->depth;
}
