/* dag.c: the workflow DAG, held in igraph (the only igraph user), plus CSR adjacency for the
 * executor's hot path, and its export as DOT or GraphML through igraph's writers. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "core/outfile.h"
#include "hetflow/hf_workflow.h"

struct hf_dag {
    igraph_t graph; /* vertices = tasks, edges parent -> child, no duplicates (graph_ok) */
    int n;          /* vertices */
    size_t m;       /* edges */
    int *child_off; /* CSR: children of v are child_idx[child_off[v] .. child_off[v+1]) */
    int *child_idx;
    int *parent_off; /* CSR: parents of v */
    int *parent_idx;
    int *topo;    /* a topological order */
    int depth;    /* longest path, in tasks */
    int graph_ok; /* 1 while graph exists: from its first use until hf_dag_release_graph */
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

/* Create d->graph from the CSR children lists (edges sorted by parent, then child: the order
 * igraph_create is given at the first build, so a rebuilt graph numbers edges the same). */
static hf_err make_graph(hf_dag *d)
{
    igraph_vector_int_t ev;
    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * d->m)) != IGRAPH_SUCCESS)
        return HF_ENOMEM;
    for (int v = 0; v < d->n; v++)
        for (int k = d->child_off[v]; k < d->child_off[v + 1]; k++) {
            VECTOR(ev)[2 * k] = v;
            VECTOR(ev)[2 * k + 1] = d->child_idx[k];
        }
    igraph_error_t ie = igraph_create(&d->graph, &ev, (igraph_integer_t)d->n, IGRAPH_DIRECTED);
    igraph_vector_int_destroy(&ev);
    if (ie != IGRAPH_SUCCESS) return HF_ENOMEM;
    d->graph_ok = 1;
    return HF_OK;
}

void hf_dag_release_graph(hf_dag *dag)
{
    if (!dag || !dag->graph_ok) return;
    igraph_destroy(&dag->graph);
    dag->graph_ok = 0;
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
    /* path[seen[v]-1 .. len-1] walks child -> parent; print it parent -> child, whole names
     * only: a name that does not fit in the message's budget (room is left for a file prefix
     * of hf_ctx_prefix) is replaced by a count, never cut, and names over CYCLE_NAME_MAX bytes
     * are shown as their start and "..." */
    enum { BUDGET = HF_ERRMSG_MAX / 2, CYCLE_NAME_MAX = 200 };
    char msg[BUDGET + 64];
    int first = len - 1, last_i = seen[v] - 1, shown = 0, total = first - last_i + 1;
    size_t off = (size_t)snprintf(msg, sizeof msg, "cycle: ");
    for (int i = first; i >= last_i; i--) {
        const char *nm = wf->tasks[path[i]].name;
        size_t nl = strlen(nm);
        int cut = nl > CYCLE_NAME_MAX;
        size_t need = (cut ? CYCLE_NAME_MAX + 3 : nl) + 4;
        /* keep room for the closing name (the first again) and the count */
        if (off + need + CYCLE_NAME_MAX + 48 > BUDGET) break;
        off += (size_t)snprintf(msg + off, sizeof msg - off, "%.*s%s -> ",
                                (int)(cut ? CYCLE_NAME_MAX : nl), nm, cut ? "..." : "");
        shown++;
    }
    if (shown < total)
        off += (size_t)snprintf(msg + off, sizeof msg - off, "(%d more) -> ", total - shown);
    const char *nm = wf->tasks[path[first]].name;
    size_t nl = strlen(nm);
    snprintf(msg + off, sizeof msg - off, "%.*s%s",
             (int)(nl > CYCLE_NAME_MAX ? CYCLE_NAME_MAX : nl), nm,
             nl > CYCLE_NAME_MAX ? "..." : "");
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

    /* igraph's copy is made on first use (components in hf_dag_stats_of), never here: a run
     * only walks the CSR arrays, and the copy was 83 MiB at 10^6 tasks
     * (docs/performance.md, "Scale") */

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

/* A task's work for statistics: CPU flop amount, else GPU flop amount (see hf_dag_stats). */
static double task_work(const hf_task *t)
{
    if (t->cpu.set)
        return t->cpu.seconds > 0 ? t->cpu.seconds * t->cpu.ref_speed * t->cores : t->cpu.flops;
    const hf_cost *g = &hf_task_ext_of(t)->gpu;
    if (g->seconds > 0) return g->seconds * g->ref_speed;
    return g->flops;
}

hf_err hf_dag_stats_of(hf_ctx *ctx, const hf_workflow *wf, hf_dag_stats *st)
{
    hf_dag *d = wf->dag;
    memset(st, 0, sizeof *st);
    st->tasks = wf->ntasks;
    st->edges = d->m;
    st->files = wf->nfiles;
    st->depth = d->depth;
    int *level = malloc((size_t)(d->n ? d->n : 1) * sizeof *level);
    double *heaviest = malloc((size_t)(d->n ? d->n : 1) * sizeof *heaviest); /* path to v */
    size_t *count = calloc((size_t)d->depth + 1, sizeof *count);
    if (!level || !heaviest || !count) {
        free(level);
        free(heaviest);
        free(count);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    for (int i = 0; i < d->n; i++) {
        int v = d->topo[i], lv = 1;
        double w = 0;
        for (int k = d->parent_off[v]; k < d->parent_off[v + 1]; k++) {
            int p = d->parent_idx[k];
            if (level[p] + 1 > lv) lv = level[p] + 1;
            if (heaviest[p] > w) w = heaviest[p];
        }
        level[v] = lv;
        heaviest[v] = w + task_work(&wf->tasks[v]);
        count[lv]++;
        st->total_work += task_work(&wf->tasks[v]);
        if (heaviest[v] > st->critical_work) st->critical_work = heaviest[v];
        if (d->parent_off[v + 1] == d->parent_off[v]) st->entries++;
        if (d->child_off[v + 1] == d->child_off[v]) st->exits++;
    }
    for (int l = 1; l <= d->depth; l++)
        if (count[l] > st->width) st->width = count[l];
    /* independent sub-workflows: weakly connected components, from igraph (built here on
     * first use) */
    igraph_integer_t ncomp = 0;
    hf_err rc = HF_OK;
    if (!d->graph_ok && make_graph(d) != HF_OK)
        rc = HF_ENOMEM;
    else if (igraph_connected_components(&d->graph, NULL, NULL, &ncomp, IGRAPH_WEAK) !=
             IGRAPH_SUCCESS)
        rc = HF_ENOMEM;
    st->components = (size_t)ncomp;
    for (size_t f = 0; f < wf->nfiles; f++)
        st->total_bytes += wf->files[f].size;
    free(level);
    free(heaviest);
    free(count);
    return rc ? hf_ctx_fail(ctx, HF_ENOMEM, "out of memory") : HF_OK;
}

/* ---------- export (docs/formats.md#dot) ---------- */

/* One exported edge: the bytes of every file from one vertex to another (0: dependency). */
typedef struct xedge {
    int from, to; /* vertex indices: tasks, then 'root' and 'end' when present */
    double bytes; /* summed sizes of the files between them */
} xedge;

/* The graph to write, before igraph: tasks plus the DOT boundary vertices. */
typedef struct xgraph {
    xedge *e;
    size_t m;  /* edges after merging */
    int root;  /* vertex of 'root', -1 when no initial input is read (or not wanted) */
    int end;   /* vertex of 'end', -1 when every produced file is read (or not wanted) */
    int nvert; /* tasks + boundary vertices */
} xgraph;

static int cmp_xedge(const void *a, const void *b)
{
    const xedge *x = a, *y = b;
    if (x->from != y->from) return x->from < y->from ? -1 : 1;
    return (x->to > y->to) - (x->to < y->to);
}

/* Collect the edges of wf: producer -> reader of each file, explicit edges, and when boundary
 * is set 'root' -> reader of each initial input and producer -> 'end' of each unread file.
 * Edges between the same two vertices are merged, summing bytes. */
static hf_err collect(hf_ctx *ctx, const hf_workflow *wf, int boundary, xgraph *x)
{
    hf_err rc = HF_OK;
    size_t cap = wf->nedges + wf->nfiles;
    for (size_t t = 0; t < wf->ntasks; t++)
        cap += (size_t)wf->tasks[t].ninputs;
    char *read = calloc(wf->nfiles ? wf->nfiles : 1, 1); /* 1: file has a reader */
    x->e = malloc((cap ? cap : 1) * sizeof *x->e);
    x->m = 0;
    x->nvert = (int)wf->ntasks;
    x->root = x->end = -1;
    if (!read || !x->e) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t t = 0; t < wf->ntasks; t++)
        for (int i = 0; i < wf->tasks[t].ninputs; i++) {
            const hf_file *f = &wf->files[wf->tasks[t].inputs[i]];
            read[wf->tasks[t].inputs[i]] = 1;
            if (f->producer < 0 && !boundary) continue;
            if (f->producer < 0 && x->root < 0) x->root = x->nvert++;
            x->e[x->m++] = (xedge){f->producer >= 0 ? f->producer : x->root, (int)t, f->size};
        }
    for (size_t i = 0; boundary && i < wf->nfiles; i++) {
        if (read[i] || wf->files[i].producer < 0) continue;
        if (x->end < 0) x->end = x->nvert++;
        x->e[x->m++] = (xedge){wf->files[i].producer, x->end, wf->files[i].size};
    }
    for (size_t i = 0; i < wf->nedges; i++)
        x->e[x->m++] = (xedge){wf->edges[2 * i], wf->edges[2 * i + 1], 0};
    qsort(x->e, x->m, sizeof *x->e, cmp_xedge);
    size_t u = 0;
    for (size_t i = 0; i < x->m; i++) {
        if (u > 0 && x->e[u - 1].from == x->e[i].from && x->e[u - 1].to == x->e[i].to)
            x->e[u - 1].bytes += x->e[i].bytes;
        else
            x->e[u++] = x->e[i];
    }
    x->m = u;
done:
    free(read);
    return rc;
}

/* Shortest decimal text that reads back as exactly v: integers below 2^53 in full (as SimGrid's
 * files write them), others with the fewest significant digits that do (at most 17). */
static void exact_text(double v, char *buf, size_t size)
{
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        snprintf(buf, size, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
}

/* Vertex name: task name, or 'root'/'end' for the boundary vertices. */
static const char *vertex_name(const hf_workflow *wf, const xgraph *x, int v)
{
    return v < (int)wf->ntasks ? wf->tasks[v].name : v == x->root ? "root" : "end";
}

/* Set the attributes of the DOT flavour: name, label and size as exact strings. */
static igraph_error_t set_dot_attrs(igraph_t *g, const hf_workflow *wf, const xgraph *x)
{
    char num[32];
    for (int v = 0; v < x->nvert; v++) {
        const char *name = vertex_name(wf, x, v);
        exact_text(v < (int)wf->ntasks ? task_work(&wf->tasks[v]) : 0, num, sizeof num);
        IGRAPH_CHECK(SETVAS(g, "name", v, name));
        IGRAPH_CHECK(SETVAS(g, "label", v, name));
        IGRAPH_CHECK(SETVAS(g, "size", v, num));
    }
    for (size_t e = 0; e < x->m; e++) {
        exact_text(x->e[e].bytes, num, sizeof num);
        IGRAPH_CHECK(SETEAS(g, "size", (igraph_integer_t)e, num));
    }
    return IGRAPH_SUCCESS;
}

/* Set the attributes of the GraphML flavour: name, flops and bytes, typed. */
static igraph_error_t set_graphml_attrs(igraph_t *g, const hf_workflow *wf, const xgraph *x)
{
    for (int v = 0; v < x->nvert; v++) {
        IGRAPH_CHECK(SETVAS(g, "name", v, vertex_name(wf, x, v)));
        IGRAPH_CHECK(SETVAN(g, "flops", v, v < (int)wf->ntasks ? task_work(&wf->tasks[v]) : 0));
    }
    for (size_t e = 0; e < x->m; e++)
        IGRAPH_CHECK(SETEAN(g, "bytes", (igraph_integer_t)e, x->e[e].bytes));
    return IGRAPH_SUCCESS;
}

/* Build the attributed igraph graph of x and write it to path (dot: DOT, else GraphML). The C
 * attribute handler and a recording error handler are installed for the call only: igraph
 * keeps both in process-wide state, and dag.c's graphs carry no attributes. */
static hf_err write_graph(hf_ctx *ctx, const hf_workflow *wf, const xgraph *x, const char *path,
                          int dot, int replace)
{
    hf_err rc = HF_OK;
    igraph_attribute_table_t *old_table = igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_error_handler_t *old_err = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_warning_handler_t *old_warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_vector_int_t ev;
    igraph_t g;
    int ev_ok = 0, g_ok = 0;
    FILE *out = NULL;
    hf_outfile of = {.fd = -1};
    igraph_error_t ie = igraph_vector_int_init(&ev, (igraph_integer_t)(2 * x->m));
    if (ie != IGRAPH_SUCCESS) goto igraph_fail;
    ev_ok = 1;
    for (size_t e = 0; e < x->m; e++) {
        VECTOR(ev)[2 * e] = x->e[e].from;
        VECTOR(ev)[2 * e + 1] = x->e[e].to;
    }
    ie = igraph_create(&g, &ev, x->nvert, IGRAPH_DIRECTED);
    if (ie != IGRAPH_SUCCESS) goto igraph_fail;
    g_ok = 1;
    ie = dot ? set_dot_attrs(&g, wf, x) : set_graphml_attrs(&g, wf, x);
    if (ie != IGRAPH_SUCCESS) goto igraph_fail;

    /* a temporary file published when complete (sim/core/outfile.h): never a half-written
     * file at path, and without replace never one replacing what another process put there */
    if ((rc = hf_outfile_open(ctx, &of, path, replace))) goto done;
    if (!(out = fdopen(of.fd, "w"))) {
        rc = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s", path, strerror(errno));
        goto done;
    }
    of.fd = -1; /* the stream owns it */
    ie = dot ? igraph_write_graph_dot(&g, out) : igraph_write_graph_graphml(&g, out, 1);
    int close_failed = fflush(out) != 0 || ferror(out);
    close_failed |= fclose(out) != 0;
    out = NULL;
    if (ie != IGRAPH_SUCCESS || close_failed) {
        rc = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s'%s%s", path, ie ? ": igraph: " : "",
                         ie ? igraph_strerror(ie) : "");
        goto done;
    }
    rc = hf_outfile_commit(ctx, &of);
    goto done;

igraph_fail:
    rc = hf_ctx_fail(ctx, ie == IGRAPH_ENOMEM ? HF_ENOMEM : HF_EIO, "cannot write '%s': igraph: %s",
                     path, igraph_strerror(ie));
done:
    if (out) fclose(out);
    hf_outfile_abort(&of);
    if (g_ok) igraph_destroy(&g); /* with the attribute table it was created with */
    if (ev_ok) igraph_vector_int_destroy(&ev);
    igraph_set_warning_handler(old_warn);
    igraph_set_error_handler(old_err);
    igraph_set_attribute_table(old_table);
    return rc;
}

hf_err hf_dag_write_dot(hf_ctx *ctx, const hf_workflow *wf, const char *path, int replace)
{
    xgraph x = {0};
    hf_err rc = collect(ctx, wf, 1, &x);
    if (rc != HF_OK) goto done;
    /* the boundary vertices are found by name on reload: a task of that name would absorb them */
    if (x.root >= 0 && hf_workflow_find_task(wf, "root") >= 0) {
        rc = hf_ctx_fail(ctx, HF_EINPUT,
                         "cannot write '%s' as DOT: initial input files are written as edges "
                         "from 'root', but a task is named 'root'",
                         path);
        goto done;
    }
    if (x.end >= 0 && hf_workflow_find_task(wf, "end") >= 0) {
        rc = hf_ctx_fail(ctx, HF_EINPUT,
                         "cannot write '%s' as DOT: files nobody reads are written as edges to "
                         "'end', but a task is named 'end'",
                         path);
        goto done;
    }
    rc = write_graph(ctx, wf, &x, path, 1, replace);
done:
    free(x.e);
    return rc;
}

hf_err hf_dag_write_graphml(hf_ctx *ctx, const hf_workflow *wf, const char *path, int replace)
{
    xgraph x = {0};
    hf_err rc = collect(ctx, wf, 0, &x);
    if (rc == HF_OK) rc = write_graph(ctx, wf, &x, path, 0, replace);
    free(x.e);
    return rc;
}
