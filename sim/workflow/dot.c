/* dot.c: loader of SimGrid-style DOT DAGs through Graphviz's cgraph (docs/formats.md#dot). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>

#include "hetflow/hf_workflow.h"

#define REC_NAME "hf_dot"

/* Per-node data, bound to each cgraph node for the duration of one load. */
typedef struct node_rec {
    Agrec_t h;        /* cgraph's record header; must come first */
    const char *name; /* task name: the `name` attribute, else the node ID (cgraph's string) */
    double size;      /* flop amount, 0 when absent */
    int task;         /* task index, -1 for a dropped 'root' or 'end' */
    int ord;          /* 1-based position in node order */
    int mark;         /* ord of the last tail listing this node as a head (duplicate edges) */
} node_rec;

/* Per-edge data. */
typedef struct edge_rec {
    Agrec_t h; /* cgraph's record header; must come first */
    int file;  /* index of the file this edge carries, -1 for none */
    int dep;   /* 1: pure dependency between two kept tasks */
} edge_rec;

/* cgraph reports errors through a callback that takes no user pointer, so its messages are
 * gathered here during one agread. cgraph's parser is not reentrant either. */
static char cg_msg[HF_ERRMSG_MAX];
static size_t cg_len;

/* cgraph error callback: append one piece of a message ("Error", ": ", the text). */
static int cg_collect(char *piece)
{
    size_t n = strlen(piece);
    if (cg_len + n >= sizeof cg_msg) n = sizeof cg_msg - 1 - cg_len;
    memcpy(cg_msg + cg_len, piece, n);
    cg_len += n;
    cg_msg[cg_len] = '\0';
    return 0;
}

/* cgraph's gathered messages as one line: "Error: " prefixes dropped, lines joined by "; ". */
static void cg_message(char *buf, size_t size)
{
    size_t o = 0;
    const char *s = cg_msg;
    while (*s && o + 1 < size) {
        if (strncmp(s, "Error: ", 7) == 0) s += 7;
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        if (o > 0 && n > 0) o += (size_t)snprintf(buf + o, size - o, "; ");
        if (o + 1 < size) o += (size_t)snprintf(buf + o, size - o, "%.*s", (int)n, s);
        s += n + (eol ? 1 : 0);
    }
    if (o >= size) o = size - 1;
    buf[o] = '\0';
}

/* Our records are bound first in every object's list (aginit with move-to-front), so AGDATA
 * reaches them without a lookup by name. */
static node_rec *nrec(Agnode_t *n)
{
    return (node_rec *)AGDATA(n);
}

static edge_rec *erec(Agedge_t *e)
{
    return (edge_rec *)AGDATA(e);
}

/* Value of attribute sym of obj; NULL when the graph never declares it. */
static const char *attr(void *obj, Agsym_t *sym)
{
    return sym ? agxget(obj, sym) : NULL;
}

/* Parse a size attribute value into *v. Returns 0 when it is a finite number (leading and
 * trailing blanks allowed; absent or blank reads as 0), -1 otherwise. */
static int parse_size(const char *s, double *v)
{
    *v = 0;
    if (!s) return 0;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s) return 0;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(x)) return -1;
    while (isspace((unsigned char)*end))
        end++;
    if (*end) return -1;
    *v = x;
    return 0;
}

/* Parse the file at path (already open as f) into *out. Every failure names the file. */
static hf_err read_graph(hf_ctx *ctx, const char *path, FILE *f, Agraph_t **out)
{
    static char unnamed[] = "(DOT input)"; /* cgraph keeps the pointer given to agsetfile */
    char msg[HF_ERRMSG_MAX];
    hf_err rc = HF_OK;
    cg_len = 0;
    cg_msg[0] = '\0';
    agusererrf old = agseterrf(cg_collect);
    agreseterrors();
    agsetfile((char *)path); /* cgraph names the file and line in syntax errors */
    Agraph_t *g = agread(f, NULL);
    /* a second graph in the same file would be silently ignored: refuse it */
    Agraph_t *extra = g && cg_len == 0 ? agread(f, NULL) : NULL;
    agsetfile(unnamed);
    agseterrf(old);

    if (cg_len > 0) {
        cg_message(msg, sizeof msg);
        rc = strstr(msg, path) ? hf_ctx_fail(ctx, HF_EINPUT, "%s", msg)
                               : hf_ctx_fail(ctx, HF_EINPUT, "%s: %s", path, msg);
    } else if (!g) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "%s: no graph in the file", path);
    } else if (extra) {
        rc = hf_ctx_fail(ctx, HF_EINPUT,
                         "%s: holds more than one graph; a DOT workflow is one digraph", path);
    } else if (!agisdirected(g)) {
        rc = hf_ctx_fail(ctx, HF_EINPUT,
                         "%s: '%s' is an undirected graph; a DAG needs 'digraph' and '->' edges",
                         path, agnameof(g));
    }
    if (extra) agclose(extra);
    if (rc != HF_OK && g) {
        agclose(g);
        g = NULL;
    }
    *out = g;
    return rc;
}

static int is_named(const node_rec *r, const char *name)
{
    return strcmp(r->name, name) == 0;
}

/* Name, size and fate of every node: a task (numbered in node order), or a dropped 'root' or
 * 'end' (size 0). Finds the kept 'root' and 'end' nodes, if any. */
static hf_err scan_nodes(hf_ctx *ctx, Agraph_t *g, Agnode_t **root, Agnode_t **end)
{
    int ord = 0, ntasks = 0;
    *root = *end = NULL;
    Agsym_t *name_sym = agattr(g, AGNODE, "name", NULL),
            *size_sym = agattr(g, AGNODE, "size", NULL);
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        node_rec *r = nrec(n);
        const char *alias = attr(n, name_sym);
        r->name = alias && *alias ? alias : agnameof(n);
        r->ord = ++ord;
        r->mark = 0;
        /* an edge's file is named "tail->head": with "->" in node names, edges a->b -> c and
         * a -> b->c would both make file "a->b->c" */
        if (strstr(r->name, "->"))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "node '%s': a name must not contain '->' (the file an edge carries "
                               "is named TAIL->HEAD, and two edges' files could then collide)",
                               r->name);
        const char *size = attr(n, size_sym);
        if (parse_size(size, &r->size) < 0 || r->size < 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "task '%s': size must be a finite number of flop >= 0, got '%s'",
                               r->name, size);
        int boundary = is_named(r, "root") || is_named(r, "end");
        if (r->size == 0 && !boundary)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "task '%s': %s; a task needs a flop amount > 0 (only 'root' and "
                               "'end' may have none: they are then dropped)",
                               r->name, size && *size ? "size is 0" : "no size");
        r->task = r->size > 0 ? ntasks++ : -1;
        if (r->task >= 0 && is_named(r, "root")) *root = n;
        if (r->task >= 0 && is_named(r, "end")) *end = n;
    }
    return HF_OK;
}

/* Append "<tail>-><head>" to wf as a file of size bytes; its index in *file. */
static hf_err add_edge_file(hf_ctx *ctx, hf_workflow *wf, const node_rec *t, const node_rec *h,
                            double size, int *file)
{
    size_t len = strlen(t->name) + strlen(h->name) + 3;
    char *name = malloc(len);
    if (!name) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    snprintf(name, len, "%s->%s", t->name, h->name);
    *file = hf_workflow_add_file(ctx, wf, name, size, NULL);
    free(name);
    return *file < 0 ? ctx->errcode : HF_OK;
}

static int cmp_seq(const void *a, const void *b)
{
    uint64_t x = AGSEQ(*(Agedge_t *const *)a), y = AGSEQ(*(Agedge_t *const *)b);
    return (x > y) - (x < y);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Check every edge and turn it into a file (size > 0) or a dependency. Edges touching a
 * dropped 'root' or 'end' carry initial inputs or final outputs, or nothing. Files are numbered
 * in the order of the edges in the file (cgraph lists a node's out-edges by head). out holds
 * at least agnedges(g) edges. */
static hf_err scan_edges(hf_ctx *ctx, Agraph_t *g, hf_workflow *wf, Agedge_t **out)
{
    size_t m = 0;
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        node_rec *t = nrec(n);
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e)) {
            node_rec *h = nrec(aghead(e));
            if (h == t)
                return hf_ctx_fail(ctx, HF_EINPUT, "cycle: task '%s' depends on itself", t->name);
            if (h->mark == t->ord)
                return hf_ctx_fail(ctx, HF_EINPUT,
                                   "edge '%s' -> '%s' is given twice (a 'strict digraph' merges "
                                   "duplicate edges)",
                                   t->name, h->name);
            h->mark = t->ord;
            out[m++] = e;
        }
    }
    qsort(out, m, sizeof *out, cmp_seq);
    Agsym_t *size_sym = agattr(g, AGEDGE, "size", NULL);
    for (size_t i = 0; i < m; i++) {
        Agedge_t *e = out[i];
        node_rec *t = nrec(agtail(e)), *h = nrec(aghead(e));
        edge_rec *er = erec(e);
        er->file = -1;
        er->dep = 0;
        const char *s = attr(e, size_sym);
        double size;
        if (parse_size(s, &size) < 0 || (size < 0 && size != -1))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "edge '%s' -> '%s': size must be a finite number of bytes >= 0, "
                               "or -1 for a pure dependency, got '%s'",
                               t->name, h->name, s);
        if (t->task < 0 && is_named(t, "end"))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "edge 'end' -> '%s': 'end' has no size, so it stands for the "
                               "DAG's exit and cannot have children",
                               h->name);
        if (h->task < 0 && is_named(h, "root"))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "edge '%s' -> 'root': 'root' has no size, so it stands for the "
                               "DAG's entry and cannot have parents",
                               t->name);
        if (size > 0 && (t->task >= 0 || h->task >= 0)) {
            hf_err rc = add_edge_file(ctx, wf, t, h, size, &er->file);
            if (rc != HF_OK) return rc;
        } else if (size <= 0 && t->task >= 0 && h->task >= 0) {
            er->dep = 1;
        }
    }
    return HF_OK;
}

/* Add every kept node as a task reading the files of its in-edges and writing those of its
 * out-edges. buf holds at least 2 * agnedges(g) ints. */
static hf_err add_tasks(hf_ctx *ctx, Agraph_t *g, hf_workflow *wf, int *buf)
{
    int half = agnedges(g);
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        node_rec *r = nrec(n);
        if (r->task < 0) continue;
        hf_task t = {0};
        t.name = (char *)r->name;
        t.cpu = (hf_cost){1, r->size, 0, 0, 0};
        t.cores = 1;
        t.inputs = buf;
        t.outputs = buf + half;
        for (Agedge_t *e = agfstin(g, n); e; e = agnxtin(g, e))
            if (erec(e)->file >= 0) t.inputs[t.ninputs++] = erec(e)->file;
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
            if (erec(e)->file >= 0) t.outputs[t.noutputs++] = erec(e)->file;
        qsort(t.inputs, (size_t)t.ninputs, sizeof *t.inputs, cmp_int); /* file order */
        qsort(t.outputs, (size_t)t.noutputs, sizeof *t.outputs, cmp_int);
        if (hf_workflow_add_task(ctx, wf, &t) != r->task) return ctx->errcode;
    }
    return HF_OK;
}

/* Explicit edges: the pure dependencies, then SimGrid's implicit ones around a kept 'root'
 * (before every task without a parent) and a kept 'end' (after every task without a child). */
static hf_err add_deps(hf_ctx *ctx, Agraph_t *g, hf_workflow *wf, Agnode_t *root, Agnode_t *end)
{
    hf_err rc = HF_OK;
    for (Agnode_t *n = agfstnode(g); n && rc == HF_OK; n = agnxtnode(g, n))
        for (Agedge_t *e = agfstout(g, n); e && rc == HF_OK; e = agnxtout(g, e))
            if (erec(e)->dep)
                rc = hf_workflow_add_edge(ctx, wf, nrec(n)->task, nrec(aghead(e))->task);
    for (Agnode_t *n = agfstnode(g); n && rc == HF_OK; n = agnxtnode(g, n)) {
        if (nrec(n)->task < 0) continue;
        if (root && n != root && !agfstin(g, n))
            rc = hf_workflow_add_edge(ctx, wf, nrec(root)->task, nrec(n)->task);
        if (rc == HF_OK && end && n != end && !agfstout(g, n))
            rc = hf_workflow_add_edge(ctx, wf, nrec(n)->task, nrec(end)->task);
    }
    return rc;
}

/* The file's base name without its extension, as the workflow name. */
static hf_workflow *new_named(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *name = strndup(base, n);
    hf_workflow *wf = name ? hf_workflow_new(name) : NULL;
    free(name);
    return wf;
}

hf_err hf_workflow_load_dot(hf_ctx *ctx, const char *path, hf_workflow **out)
{
    hf_err rc = HF_OK;
    int named = 0; /* 1 when the message already names the file */
    Agraph_t *g = NULL;
    hf_workflow *wf = NULL;
    int *buf = NULL;
    Agedge_t **edges = NULL;
    *out = NULL;

    named = 1; /* until the graph is read, messages name the file themselves */
    FILE *f = fopen(path, "r");
    if (!f) {
        rc = hf_ctx_fail(ctx, HF_EINPUT, "cannot read DOT file '%s': %s", path, strerror(errno));
        goto done;
    }
    if ((rc = read_graph(ctx, path, f, &g)) != HF_OK) goto done;
    named = 0;
    aginit(g, AGNODE, REC_NAME, sizeof(node_rec), 1);
    aginit(g, AGEDGE, REC_NAME, sizeof(edge_rec), 1);
    wf = new_named(path);
    buf = malloc(2 * ((size_t)agnedges(g) + 1) * sizeof *buf);
    edges = malloc(((size_t)agnedges(g) + 1) * sizeof *edges);
    if (!wf || !buf || !edges) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto done;
    }

    Agnode_t *root, *end;
    if ((rc = scan_nodes(ctx, g, &root, &end)) != HF_OK) goto done;
    if ((rc = scan_edges(ctx, g, wf, edges)) != HF_OK) goto done;
    if ((rc = add_tasks(ctx, g, wf, buf)) != HF_OK) goto done;
    if ((rc = add_deps(ctx, g, wf, root, end)) != HF_OK) goto done;
    if ((rc = hf_workflow_finalize(ctx, wf)) != HF_OK) goto done;
    *out = wf;
    wf = NULL;

done:
    if (rc != HF_OK && !named) hf_ctx_prefix(ctx, "%s", path);
    hf_workflow_free(wf);
    free(buf);
    free(edges);
    if (g) agclose(g);
    if (f) fclose(f);
    return rc;
}
