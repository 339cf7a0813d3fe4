/* eft.c: booked core times per resource and the per-class earliest-free index (eft.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exec/eft.h"

/* Min segment tree over a class's members for one need: v[size + i] is member i's free time
 * (INFINITY for padding and while left out), v[k] = min(v[2k], v[2k+1]). */
typedef struct tree {
    size_t size; /* leaves: a power of two >= members */
    double *v;   /* 2 x size */
} tree;

typedef struct klass {
    int *members; /* resource indices, ascending */
    size_t n;
    int cores;      /* of every member */
    tree **by_need; /* [cores]: index for need = k + 1, NULL until first asked */
} klass;

struct hf_eft {
    const hf_platform *p;
    double **core_free; /* per resource: booked free time of each core, ascending */
    int *cls;           /* class per resource */
    int *pos;           /* position in its class */
    klass *classes;
    size_t ncls;
    int *node_first; /* resources on node n: node_res[node_first[n] .. node_first[n + 1]) */
    int *node_res;
};

/* Order resources by everything an estimate reads (eft.h), then by index. A node's NVLink is
 * not in the key: only routes within a node cross it, and members sharing a node with a copy
 * are estimated one by one anyway. */
static const hf_platform *sort_p;

static int cmp_double(double a, double b)
{
    return (a > b) - (a < b);
}

static int cmp_link(hf_link_spec a, hf_link_spec b)
{
    int c = cmp_double(a.bandwidth, b.bandwidth);
    return c ? c : cmp_double(a.latency, b.latency);
}

static int cmp_res(const hf_platform *p, int i, int j)
{
    const hf_resource *a = &p->res[i], *b = &p->res[j];
    const hf_resource *na = &p->res[a->node], *nb = &p->res[b->node];
    int c;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    if (a->site != b->site) return a->site < b->site ? -1 : 1;
    if (a->cores != b->cores) return a->cores < b->cores ? -1 : 1;
    if ((c = cmp_double(a->speed, b->speed)) || (c = cmp_double(a->memory, b->memory)) ||
        (c = cmp_double(a->mem_bw, b->mem_bw)) || (c = cmp_link(a->link, b->link)) ||
        (c = cmp_link(na->link, nb->link)))
        return c;
    /* the kernel-level GPU model (kernel-sequence tasks) reads these too */
    if (a->kind == HF_RES_GPU &&
        ((c = cmp_double(a->share, b->share)) || (c = cmp_double(a->bw_share, b->bw_share)) ||
         (c = cmp_double(a->peak, b->peak)) || (c = cmp_double(a->bandwidth, b->bandwidth)) ||
         (c = cmp_double(a->sms, b->sms)) || (c = cmp_double(a->launch, b->launch)) ||
         (c = cmp_double(a->bw_sat, b->bw_sat))))
        return c;
    return 0;
}

static int cmp_index(const void *x, const void *y)
{
    int i = *(const int *)x, j = *(const int *)y;
    int c = cmp_res(sort_p, i, j);
    return c ? c : (i > j) - (i < j);
}

hf_eft *hf_eft_new(const hf_platform *p)
{
    size_t nres = p->nres;
    hf_eft *e = calloc(1, sizeof *e);
    int *order = malloc((nres ? nres : 1) * sizeof *order);
    if (!e || !order) goto oom;
    e->p = p;
    e->core_free = calloc(nres ? nres : 1, sizeof *e->core_free);
    e->cls = malloc((nres ? nres : 1) * sizeof *e->cls);
    e->pos = malloc((nres ? nres : 1) * sizeof *e->pos);
    e->classes = calloc(nres ? nres : 1, sizeof *e->classes);
    e->node_first = calloc(nres + 1, sizeof *e->node_first);
    e->node_res = malloc((nres ? nres : 1) * sizeof *e->node_res);
    if (!e->core_free || !e->cls || !e->pos || !e->classes || !e->node_first || !e->node_res)
        goto oom;
    for (size_t i = 0; i < nres; i++) {
        order[i] = (int)i;
        e->core_free[i] = calloc(p->res[i].cores, sizeof **e->core_free);
        if (!e->core_free[i]) goto oom;
    }
    sort_p = p; /* qsort has no user pointer; one run is one thread */
    qsort(order, nres, sizeof *order, cmp_index);
    for (size_t i = 0; i < nres;) {
        size_t j = i + 1;
        while (j < nres && cmp_res(p, order[i], order[j]) == 0)
            j++;
        klass *k = &e->classes[e->ncls];
        k->members = malloc((j - i) * sizeof *k->members);
        k->by_need = calloc(p->res[order[i]].cores, sizeof *k->by_need);
        if (!k->members || !k->by_need) goto oom;
        k->n = j - i;
        k->cores = p->res[order[i]].cores;
        for (size_t m = i; m < j; m++) { /* ascending indices: the sort's tie-break */
            k->members[m - i] = order[m];
            e->cls[order[m]] = (int)e->ncls;
            e->pos[order[m]] = (int)(m - i);
        }
        e->ncls++;
        i = j;
    }
    /* resources per node, by counting sort (a GPU's node is its CPU node's index) */
    for (size_t i = 0; i < nres; i++)
        e->node_first[p->res[i].node + 1]++;
    for (size_t n = 0; n < nres; n++)
        e->node_first[n + 1] += e->node_first[n];
    for (size_t i = 0; i < nres; i++) {
        int n = p->res[i].node;
        e->node_res[e->node_first[n]++] = (int)i;
    }
    for (size_t n = nres; n > 0; n--) /* the fill shifted every start by one node */
        e->node_first[n] = e->node_first[n - 1];
    e->node_first[0] = 0;
    free(order);
    return e;
oom:
    free(order);
    hf_eft_free(e);
    return NULL;
}

void hf_eft_free(hf_eft *e)
{
    if (!e) return;
    for (size_t i = 0; e->core_free && i < e->p->nres; i++)
        free(e->core_free[i]);
    for (size_t c = 0; e->classes && c < e->p->nres; c++) {
        klass *k = &e->classes[c];
        for (int n = 0; k->by_need && n < k->cores; n++) {
            if (!k->by_need[n]) continue;
            free(k->by_need[n]->v);
            free(k->by_need[n]);
        }
        free(k->by_need);
        free(k->members);
    }
    free(e->core_free);
    free(e->cls);
    free(e->pos);
    free(e->classes);
    free(e->node_first);
    free(e->node_res);
    free(e);
}

size_t hf_eft_nclasses(const hf_eft *e)
{
    return e->ncls;
}

int hf_eft_class(const hf_eft *e, int res)
{
    return e->cls[res];
}

const int *hf_eft_members(const hf_eft *e, int cls, size_t *n)
{
    *n = e->classes[cls].n;
    return e->classes[cls].members;
}

const int *hf_eft_node(const hf_eft *e, int node, size_t *n)
{
    *n = (size_t)(e->node_first[node + 1] - e->node_first[node]);
    return e->node_res + e->node_first[node];
}

double hf_eft_free_at(const hf_eft *e, int res, int need)
{
    return e->core_free[res][need - 1];
}

static void tree_set(tree *t, size_t i, double v)
{
    size_t k = t->size + i;
    t->v[k] = v;
    for (k /= 2; k >= 1; k /= 2)
        t->v[k] = fmin(t->v[2 * k], t->v[2 * k + 1]);
}

void hf_slots_book(double *cf, int n, int need, double finish)
{
    /* the need earliest-free [0, need) become busy until finish; keep cf ascending by moving
     * the entries in [need, i) that are still earlier in front of them */
    int i = need;
    while (i < n && cf[i] < finish)
        i++;
    for (int k = need; k < i; k++)
        cf[k - need] = cf[k];
    for (int k = i - need; k < i; k++)
        cf[k] = finish;
}

void hf_eft_book(hf_eft *e, int res, int need, double finish)
{
    double *cf = e->core_free[res];
    hf_slots_book(cf, e->p->res[res].cores, need, finish);
    klass *k = &e->classes[e->cls[res]];
    for (int n = 0; n < k->cores; n++)
        if (k->by_need[n]) tree_set(k->by_need[n], (size_t)e->pos[res], cf[n]);
}

static tree *tree_for(hf_eft *e, klass *k, int need)
{
    if (k->by_need[need - 1]) return k->by_need[need - 1];
    tree *t = malloc(sizeof *t);
    if (!t) return NULL;
    t->size = 1;
    while (t->size < k->n)
        t->size *= 2;
    t->v = malloc(2 * t->size * sizeof *t->v);
    if (!t->v) {
        free(t);
        return NULL;
    }
    for (size_t i = 0; i < t->size; i++)
        t->v[t->size + i] = i < k->n ? e->core_free[k->members[i]][need - 1] : INFINITY;
    for (size_t i = t->size - 1; i >= 1; i--)
        t->v[i] = fmin(t->v[2 * i], t->v[2 * i + 1]);
    k->by_need[need - 1] = t;
    return t;
}

/* Leftmost leaf with v <= now, else the leftmost smallest leaf; -1 when all are INFINITY. */
static int tree_best(const tree *t, double now)
{
    size_t k = 1;
    if (t->v[1] == INFINITY) return -1;
    if (t->v[1] <= now) {
        while (k < t->size)
            k = t->v[2 * k] <= now ? 2 * k : 2 * k + 1;
    } else {
        while (k < t->size)
            k = t->v[2 * k] <= t->v[2 * k + 1] ? 2 * k : 2 * k + 1;
    }
    return (int)(k - t->size);
}

/* Leftmost leaf with v <= limit; -1 when none. */
static int tree_first_le(const tree *t, double limit)
{
    size_t k = 1;
    if (!(t->v[1] <= limit)) return -1;
    while (k < t->size)
        k = t->v[2 * k] <= limit ? 2 * k : 2 * k + 1;
    return (int)(k - t->size);
}

int hf_eft_first_free_by(hf_eft *e, int cls, int need, double limit, const int *skip, size_t nskip)
{
    klass *k = &e->classes[cls];
    tree *t = tree_for(e, k, need);
    if (!t) return -2;
    for (size_t s = 0; s < nskip; s++)
        if (e->cls[skip[s]] == cls) tree_set(t, (size_t)e->pos[skip[s]], INFINITY);
    int first = tree_first_le(t, limit);
    for (size_t s = 0; s < nskip; s++)
        if (e->cls[skip[s]] == cls)
            tree_set(t, (size_t)e->pos[skip[s]], e->core_free[skip[s]][need - 1]);
    return first < 0 ? -1 : k->members[first];
}

int hf_eft_best(hf_eft *e, int cls, int need, double now, const int *skip, size_t nskip)
{
    klass *k = &e->classes[cls];
    tree *t = tree_for(e, k, need);
    if (!t) return -2;
    for (size_t s = 0; s < nskip; s++)
        if (e->cls[skip[s]] == cls) tree_set(t, (size_t)e->pos[skip[s]], INFINITY);
    int best = tree_best(t, now);
    for (size_t s = 0; s < nskip; s++)
        if (e->cls[skip[s]] == cls)
            tree_set(t, (size_t)e->pos[skip[s]], e->core_free[skip[s]][need - 1]);
    return best < 0 ? -1 : k->members[best];
}
