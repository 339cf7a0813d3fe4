/* workflow.c: the workflow model: tasks with per-target costs, files, explicit edges, checks. */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/coll.h"
#include "core/arena.h"
#include "core/grow.h"
#include "core/strmap.h"
#include "hetflow/hf_units.h"
#include "hetflow/hf_workflow.h"

hf_workflow *hf_workflow_new(const char *name)
{
    hf_workflow *wf = calloc(1, sizeof *wf);
    if (!wf) return NULL;
    wf->name = strdup(name ? name : "workflow");
    wf->arena = hf_arena_new();
    wf->task_index = hf_strmap_new();
    wf->file_index = hf_strmap_new();
    if (!wf->name || !wf->arena || !wf->task_index || !wf->file_index) {
        hf_workflow_free(wf);
        return NULL;
    }
    return wf;
}

void hf_workflow_free(hf_workflow *wf)
{
    if (!wf) return;
    hf_arena_free(wf->arena); /* every name and input/output list */
    free(wf->tasks);
    free(wf->files);
    free(wf->edges);
    free(wf->kseqs);
    free(wf->colls);
    free(wf->fns);
    free(wf->task_fn);
    free(wf->release);
    free(wf->slack);
    free(wf->stage_at);
    free(wf->locations);
    free(wf->name);
    hf_strmap_free(wf->task_index);
    hf_strmap_free(wf->file_index);
    hf_dag_free(wf->dag);
    free(wf);
}

/* The name maps are dropped by hf_workflow_finalize (16 B x up to 4 slots per name, unused while a
 * run simulates) and rebuilt here on the first lookup after it: a cache, hence the cast. */
static hf_strmap *index_of(const hf_workflow *cwf, int files)
{
    hf_workflow *wf = (hf_workflow *)cwf;
    hf_strmap **m = files ? &wf->file_index : &wf->task_index;
    if (*m) return *m;
    hf_strmap *nm = hf_strmap_new();
    size_t n = files ? wf->nfiles : wf->ntasks;
    for (size_t i = 0; nm && i < n; i++)
        if (hf_strmap_put(nm, files ? wf->files[i].name : wf->tasks[i].name, (int)i) < 0) {
            hf_strmap_free(nm);
            nm = NULL;
        }
    return *m = nm;
}

int hf_workflow_find_file(const hf_workflow *wf, const char *name)
{
    hf_strmap *m = index_of(wf, 1);
    if (m) return hf_strmap_get(m, name);
    for (size_t i = 0; i < wf->nfiles; i++) /* out of memory for the map: scan */
        if (strcmp(wf->files[i].name, name) == 0) return (int)i;
    return -1;
}

int hf_workflow_find_task(const hf_workflow *wf, const char *name)
{
    hf_strmap *m = index_of(wf, 0);
    if (m) return hf_strmap_get(m, name);
    for (size_t i = 0; i < wf->ntasks; i++)
        if (strcmp(wf->tasks[i].name, name) == 0) return (int)i;
    return -1;
}

/* -1 with "<what>: <reason>" when v is not a finite quantity >= 0 of kind in hetflow's range
 * (hf_units_check), else 0. Every loader (Lua, WfFormat, DOT, text DAG) ends here, so a size of
 * 2^64 B or a subnormal speed is refused whatever file it came from. */
static int bad_quantity(hf_ctx *ctx, double v, hf_unit_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int bad_quantity(hf_ctx *ctx, double v, hf_unit_kind kind, const char *fmt, ...)
{
    char err[256], what[512];
    if (v >= 0 && hf_units_check(v, kind, err, sizeof err) == 0) return 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (!(v >= 0) || !isfinite(v))
        hf_ctx_fail(ctx, HF_EINPUT, "%s must be a finite number >= 0, got %g", what, v);
    else
        hf_ctx_fail(ctx, HF_EINPUT, "%s: %s", what, err);
    return -1;
}

int hf_workflow_add_file(hf_ctx *ctx, hf_workflow *wf, const char *name, double size,
                         const char *location)
{
    if (!name || !*name) {
        hf_ctx_fail(ctx, HF_EINPUT, "a file has an empty name");
        return -1;
    }
    if (bad_quantity(ctx, size, HF_UNIT_BYTES, "file '%s': size", name)) return -1;
    hf_strmap *index = index_of(wf, 1);
    if (!index) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        return -1;
    }
    if (hf_strmap_get(index, name) >= 0) {
        hf_ctx_fail(ctx, HF_EINPUT, "file '%s' is declared twice", name);
        return -1;
    }
    if (hf_grow((void **)&wf->files, &wf->cap_files, wf->nfiles + 1, sizeof *wf->files)) goto oom;
    hf_file *f = &wf->files[wf->nfiles];
    memset(f, 0, sizeof *f);
    f->name = hf_arena_strdup(wf->arena, name);
    f->size = size;
    f->producer = -1;
    if (!f->name) goto oom;
    if (location && hf_workflow_set_location(ctx, wf, (int)wf->nfiles, location)) return -1;
    if (hf_strmap_put(index, f->name, (int)wf->nfiles) < 0) goto oom;
    return (int)wf->nfiles++;
oom:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return -1;
}

hf_err hf_workflow_set_location(hf_ctx *ctx, hf_workflow *wf, int f, const char *loc)
{
    if (!loc) {
        wf->files[f].loc = 0;
        return HF_OK;
    }
    /* newest first: files staged at the place last named (many inputs at one site) cost one
     * comparison; the locations are at most a platform's resources */
    for (size_t i = wf->nlocations; i-- > 0;)
        if (strcmp(wf->locations[i], loc) == 0) {
            wf->files[f].loc = (int)i + 1;
            return HF_OK;
        }
    if (wf->nlocations >= INT_MAX || hf_grow((void **)&wf->locations, &wf->cap_locations,
                                             wf->nlocations + 1, sizeof *wf->locations))
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    char *copy = hf_arena_strdup(wf->arena, loc);
    if (!copy) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    wf->locations[wf->nlocations++] = copy;
    wf->files[f].loc = (int)wf->nlocations;
    return HF_OK;
}

static int check_cost(hf_ctx *ctx, const char *task, const char *target, const hf_cost *c,
                      int kernels)
{
    if (!c->set) return 0;
    const double v[] = {c->flops, c->bytes, c->seconds, c->ref_speed};
    const char *names[] = {"flops", "bytes", "seconds", "reference_speed"};
    const hf_unit_kind kinds[] = {HF_UNIT_FLOP, HF_UNIT_BYTES, HF_UNIT_TIME, HF_UNIT_SPEED};
    for (int i = 0; i < 4; i++)
        if (bad_quantity(ctx, v[i], kinds[i], "task '%s': %s.%s", task, target, names[i]))
            return -1;
    /* seconds are simulated as seconds x reference_speed flop: that product must be a flop
     * amount too (1e12 s x 1e24 flop/s would be 1e36 flop) */
    if (c->seconds > 0 && c->ref_speed > 0 &&
        bad_quantity(ctx, c->seconds * c->ref_speed, HF_UNIT_FLOP,
                     "task '%s': %s.seconds x reference_speed", task, target))
        return -1;
    if (kernels) {
        if (c->flops > 0 || c->bytes > 0 || c->seconds > 0) {
            hf_ctx_fail(ctx, HF_EINPUT,
                        "task '%s': %s cost gives both kernels and flops/bytes/seconds", task,
                        target);
            return -1;
        }
        return 0;
    }
    if (c->flops == 0 && c->bytes == 0 && c->seconds == 0) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': %s cost needs flops%s or seconds", task, target,
                    strcmp(target, "gpu") == 0 ? ", bytes" : "");
        return -1;
    }
    if (c->seconds > 0 && (c->flops > 0 || c->bytes > 0)) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': %s cost gives both seconds and flops/bytes", task,
                    target);
        return -1;
    }
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The first file listed twice in list (n entries), or -1: O(n^2) when short, else sorted. */
static int listed_twice(const int *list, int n)
{
    if (n <= 16) {
        for (int i = 1; i < n; i++)
            for (int j = 0; j < i; j++)
                if (list[i] == list[j]) return list[i];
        return -1;
    }
    int *tmp = malloc((size_t)n * sizeof *tmp), dup = -1;
    if (!tmp) return -1; /* out of memory: the check is skipped, the add fails later anyway */
    memcpy(tmp, list, (size_t)n * sizeof *tmp);
    qsort(tmp, (size_t)n, sizeof *tmp, cmp_int);
    for (int i = 1; i < n && dup < 0; i++)
        if (tmp[i] == tmp[i - 1]) dup = tmp[i];
    free(tmp);
    return dup;
}

int hf_workflow_add_kernels(hf_ctx *ctx, hf_workflow *wf, const char *task, const hf_kgroup *g,
                            int n)
{
    if (n < 1) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': gpu.kernels is empty", task);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const char *field = NULL;
        double bad = 0;
        if (!hf_kernel_valid(&g[i].k, &field))
            bad = field[0] == 'f'                      ? g[i].k.flops
                  : field[0] == 'b' && field[1] == 'y' ? g[i].k.bytes
                  : field[0] == 'l'                    ? g[i].k.latency
                                                       : g[i].k.blocks;
        else if (!(g[i].count >= 1) || !(g[i].count <= 1e9) || g[i].count != floor(g[i].count))
            field = "count", bad = g[i].count;
        else if (!(g[i].gap >= 0) || !isfinite(g[i].gap))
            field = "gap", bad = g[i].gap;
        else if (bad_quantity(ctx, g[i].k.flops, HF_UNIT_FLOP, "task '%s': gpu.kernels[%d].flops",
                              task, i + 1) ||
                 bad_quantity(ctx, g[i].k.bytes, HF_UNIT_BYTES, "task '%s': gpu.kernels[%d].bytes",
                              task, i + 1) ||
                 bad_quantity(ctx, g[i].k.latency, HF_UNIT_TIME,
                              "task '%s': gpu.kernels[%d].latency", task, i + 1) ||
                 bad_quantity(ctx, g[i].gap, HF_UNIT_TIME, "task '%s': gpu.kernels[%d].gap", task,
                              i + 1))
            return -1;
        else
            continue;
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': gpu.kernels[%d].%s must be %s, got %g", task, i + 1,
                    field,
                    strcmp(field, "count") == 0    ? "a whole number from 1 to 10^9"
                    : strcmp(field, "blocks") == 0 ? "a finite whole number >= 1"
                                                   : "a finite number >= 0",
                    bad);
        return -1;
    }
    if (hf_grow((void **)&wf->kseqs, &wf->cap_kseqs, wf->nkseqs + 1, sizeof *wf->kseqs)) goto oom;
    hf_kgroup *copy = hf_arena_alloc(wf->arena, (size_t)n * sizeof *copy);
    if (!copy) goto oom;
    memcpy(copy, g, (size_t)n * sizeof *copy);
    /* names into the arena, each distinct one once (a sequence repeats a few kernels) */
    const char *seen[16];
    int nseen = 0;
    for (int i = 0; i < n; i++) {
        if (!g[i].name) continue;
        const char *c = NULL;
        for (int j = 0; j < nseen && !c; j++)
            if (strcmp(seen[j], g[i].name) == 0) c = seen[j];
        if (!c) {
            if (!(c = hf_arena_strdup(wf->arena, g[i].name))) goto oom;
            if (nseen < 16) seen[nseen++] = c;
        }
        copy[i].name = c;
    }
    wf->kseqs[wf->nkseqs] = (hf_kseq){copy, n};
    return (int)++wf->nkseqs;
oom:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return -1;
}

int hf_workflow_add_collective(hf_ctx *ctx, hf_workflow *wf, const char *task,
                               const hf_coll_task *c)
{
    if (c->op < HF_COLL_ALLREDUCE || c->op > HF_COLL_BROADCAST) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': collective.op out of range", task);
        return -1;
    }
    if (c->algo < HF_COLL_RING || c->algo > HF_COLL_AUTO) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': collective.algo out of range", task);
        return -1;
    }
    if (c->algo == HF_COLL_DBTREE && c->op != HF_COLL_ALLREDUCE) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "task '%s': collective.algo dbtree does allreduce only, not %s", task,
                    hf_coll_op_name((hf_coll_op)c->op));
        return -1;
    }
    if (!(c->chunk >= 0) || !isfinite(c->chunk) ||
        (c->chunk > 0 && bad_quantity(ctx, c->chunk, HF_UNIT_BYTES, "task '%s': collective.chunk",
                                      task))) {
        if (ctx->errcode == HF_OK)
            hf_ctx_fail(ctx, HF_EINPUT, "task '%s': collective.chunk must be a finite number >= 0",
                        task);
        return -1;
    }
    if (c->offload != HF_COLL_GPU && c->offload != HF_COLL_NIC) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "task '%s': collective.offload %s: a collective task runs with gpu or nic "
                    "offload (switch: closed form only, hetflow coll and hetflow train)",
                    task, hf_coll_offload_name((hf_coll_offload)c->offload));
        return -1;
    }
    if (c->offload == HF_COLL_NIC &&
        (c->op == HF_COLL_ALLGATHER || c->op == HF_COLL_BROADCAST || c->algo == HF_COLL_HIER)) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    c->algo == HF_COLL_HIER
                        ? "task '%s': collective.offload nic by hier: the phases inside a node "
                          "do not cross a NIC (use gpu offload for hier, or ring with nic)"
                        : "task '%s': collective.offload nic with %s: nothing to reduce (use "
                          "gpu offload: the copies are the same)",
                    task, hf_coll_op_name((hf_coll_op)c->op));
        return -1;
    }
    if (bad_quantity(ctx, c->size, HF_UNIT_BYTES, "task '%s': collective.size", task) ||
        bad_quantity(ctx, c->reduce, HF_UNIT_BANDWIDTH, "task '%s': collective.reduce", task))
        return -1;
    if (c->ngroup == 1 || c->ngroup < 0) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    "task '%s': collective.group has %d GPU (a group needs 2 or more; one has "
                    "nothing to exchange)",
                    task, c->ngroup);
        return -1;
    }
    if (c->algo != HF_COLL_AUTO && ((c->per_node != 0) != (c->algo == HF_COLL_HIER) ||
                                    c->per_node < 0)) {
        hf_ctx_fail(ctx, HF_EINPUT,
                    c->per_node ? "task '%s': collective.per_node applies to algo hier only"
                                : "task '%s': collective.per_node is required with algo hier",
                    task);
        return -1;
    }
    for (int i = 0; i < c->ngroup; i++) {
        if (!c->group[i] || !*c->group[i]) {
            hf_ctx_fail(ctx, HF_EINPUT, "task '%s': collective.group[%d] is empty", task, i + 1);
            return -1;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(c->group[i], c->group[j]) == 0) {
                hf_ctx_fail(ctx, HF_EINPUT,
                            "task '%s': collective.group names '%s' twice (ranks %d and %d)",
                            task, c->group[i], j, i);
                return -1;
            }
    }
    if (hf_grow((void **)&wf->colls, &wf->cap_colls, wf->ncolls + 1, sizeof *wf->colls)) goto oom;
    hf_coll_task copy = *c;
    copy.estimate = 0;
    copy.group = NULL;
    if (c->ngroup > 0) {
        copy.group = hf_arena_alloc(wf->arena, (size_t)c->ngroup * sizeof *copy.group);
        if (!copy.group) goto oom;
        for (int i = 0; i < c->ngroup; i++)
            if (!(copy.group[i] = hf_arena_strdup(wf->arena, c->group[i]))) goto oom;
    }
    wf->colls[wf->ncolls] = copy;
    return (int)++wf->ncolls;
oom:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return -1;
}

int hf_workflow_add_function(hf_ctx *ctx, hf_workflow *wf, const hf_function *f)
{
    if (!f->name || !*f->name) {
        hf_ctx_fail(ctx, HF_EINPUT, "function #%zu has no name", wf->nfns + 1);
        return -1;
    }
    if (hf_workflow_find_function(wf, f->name) >= 0) {
        hf_ctx_fail(ctx, HF_EINPUT, "function '%s' is declared twice", f->name);
        return -1;
    }
    const double v[] = {f->image_size, f->init, f->compile[0], f->compile[1]};
    const char *names[] = {"image_size", "init", "compile.cpu", "compile.gpu"};
    const hf_unit_kind kinds[] = {HF_UNIT_BYTES, HF_UNIT_TIME, HF_UNIT_TIME, HF_UNIT_TIME};
    for (int i = 0; i < 4; i++)
        if (bad_quantity(ctx, v[i], kinds[i], "function '%s': %s", f->name, names[i])) return -1;
    if (f->image_size > 0 && !f->image) {
        hf_ctx_fail(ctx, HF_EINPUT, "function '%s': image_size given without an image name",
                    f->name);
        return -1;
    }
    for (size_t i = 0; f->image && i < wf->nfns; i++) {
        const hf_function *o = &wf->fns[i];
        if (o->image && strcmp(o->image, f->image) == 0 && o->image_size != f->image_size) {
            char a[32], b[32];
            hf_units_format(o->image_size, HF_UNIT_BYTES, a, sizeof a);
            hf_units_format(f->image_size, HF_UNIT_BYTES, b, sizeof b);
            hf_ctx_fail(ctx, HF_EINPUT,
                        "image '%s' has size %s in function '%s' and %s in function '%s'", f->image,
                        a, o->name, b, f->name);
            return -1;
        }
    }
    if (hf_grow((void **)&wf->fns, &wf->cap_fns, wf->nfns + 1, sizeof *wf->fns)) goto oom;
    hf_function *d = &wf->fns[wf->nfns];
    *d = *f;
    d->name = hf_arena_strdup(wf->arena, f->name);
    d->image = f->image ? hf_arena_strdup(wf->arena, f->image) : NULL;
    if (!d->name || (f->image && !d->image)) goto oom;
    return (int)wf->nfns++;
oom:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return -1;
}

int hf_workflow_find_function(const hf_workflow *wf, const char *name)
{
    for (size_t i = 0; i < wf->nfns; i++)
        if (strcmp(wf->fns[i].name, name) == 0) return (int)i;
    return -1;
}

hf_err hf_workflow_set_task_function(hf_ctx *ctx, hf_workflow *wf, int task, int fn)
{
    assert(task >= 0 && (size_t)task < wf->ntasks && fn >= -1 && fn < (int)wf->nfns);
    if ((size_t)task >= wf->ntask_fn) {
        if (hf_grow((void **)&wf->task_fn, &wf->cap_task_fn, (size_t)task + 1, sizeof(int)))
            return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        for (size_t i = wf->ntask_fn; i <= (size_t)task; i++)
            wf->task_fn[i] = -1;
        wf->ntask_fn = (size_t)task + 1;
    }
    wf->task_fn[task] = fn;
    return HF_OK;
}

/* Set (*arr)[task] = v, growing the per-task array (n entries, cap allocated) with fill for
 * the tasks between; what = "release" or "slack" for the messages: v must be a finite time >= 0. */
static hf_err set_task_time(hf_ctx *ctx, const hf_workflow *wf, const char *what, double **arr,
                            size_t *n, size_t *cap, int task, double v, double fill)
{
    assert(task >= 0 && (size_t)task < wf->ntasks);
    if (!(v >= 0) || !isfinite(v))
        return hf_ctx_fail(ctx, HF_EINPUT, "task '%s': %s must be a finite time >= 0, got %g",
                           wf->tasks[task].name, what, v);
    if (bad_quantity(ctx, v, HF_UNIT_TIME, "task '%s': %s", wf->tasks[task].name, what))
        return ctx->errcode;
    if (v == fill && (size_t)task >= *n) return HF_OK;
    if ((size_t)task >= *n) {
        if (hf_grow((void **)arr, cap, (size_t)task + 1, sizeof(double)))
            return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        for (size_t i = *n; i <= (size_t)task; i++)
            (*arr)[i] = fill;
        *n = (size_t)task + 1;
    }
    (*arr)[task] = v;
    return HF_OK;
}

hf_err hf_workflow_set_release(hf_ctx *ctx, hf_workflow *wf, int task, double t)
{
    return set_task_time(ctx, wf, "release", &wf->release, &wf->nrelease, &wf->cap_release, task,
                         t, 0);
}

hf_err hf_workflow_set_slack(hf_ctx *ctx, hf_workflow *wf, int task, double t)
{
    return set_task_time(ctx, wf, "slack", &wf->slack, &wf->nslack, &wf->cap_slack, task, t, -1);
}

int hf_kernel_valid(const hf_kernel *k, const char **field)
{
    if (!isfinite(k->flops) || k->flops < 0) {
        *field = "flops";
        return 0;
    }
    if (!isfinite(k->bytes) || k->bytes < 0) {
        *field = "bytes";
        return 0;
    }
    if (!isfinite(k->blocks) || k->blocks < 1 || k->blocks != floor(k->blocks)) {
        *field = "blocks";
        return 0;
    }
    if (!isfinite(k->latency) || k->latency < 0) {
        *field = "latency";
        return 0;
    }
    return 1;
}

const hf_task_ext hf_task_ext_none;

/* Whether e states nothing (no GPU variant, memory or kernels): such a task keeps ext NULL. */
static int ext_empty(const hf_task_ext *e)
{
    return !e->gpu.set && e->gpu.flops == 0 && e->gpu.bytes == 0 && e->gpu.seconds == 0 &&
           e->gpu.ref_speed == 0 && e->memory == 0 && e->gpu_memory == 0 && e->kernels == 0;
}

int hf_workflow_add_task(hf_ctx *ctx, hf_workflow *wf, const hf_task *t)
{
    const hf_task_ext *x = hf_task_ext_of(t);
    if (!t->name || !*t->name) {
        hf_ctx_fail(ctx, HF_EINPUT, "task #%zu has no name", wf->ntasks + 1);
        return -1;
    }
    hf_strmap *index = index_of(wf, 0);
    if (!index) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        return -1;
    }
    if (hf_strmap_get(index, t->name) >= 0) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s' is declared twice", t->name);
        return -1;
    }
    if (!t->cpu.set && !x->gpu.set) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': needs a cpu or gpu cost", t->name);
        return -1;
    }
    if (x->kernels && (!x->gpu.set || x->kernels < 0 || (size_t)x->kernels > wf->nkseqs)) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': kernels need a gpu variant from this workflow",
                    t->name);
        return -1;
    }
    if (x->coll) { /* a collective: its group's GPUs run it, it has no cost of its own */
        if (x->coll < 0 || (size_t)x->coll > wf->ncolls || t->cpu.set || x->kernels ||
            x->gpu.flops != 0 || x->gpu.bytes != 0 || x->gpu.seconds != 0 ||
            x->gpu.ref_speed != 0 || x->memory != 0 || x->gpu_memory != 0 || t->ninputs > 0 ||
            t->noutputs > 0) {
            hf_ctx_fail(ctx, HF_EINPUT,
                        "task '%s': a collective task has no cpu or gpu cost, kernels, memory, "
                        "inputs or outputs (it moves its own data; order it with after)",
                        t->name);
            return -1;
        }
    } else if (check_cost(ctx, t->name, "cpu", &t->cpu, 0) ||
               check_cost(ctx, t->name, "gpu", &x->gpu, x->kernels)) {
        return -1;
    }
    if (t->ninputs < 0 || t->noutputs < 0 || (t->ninputs && !t->inputs) ||
        (t->noutputs && !t->outputs)) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': invalid input or output list", t->name);
        return -1;
    }
    if (t->cores < 1) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': cores must be a positive integer, got %d", t->name,
                    t->cores);
        return -1;
    }
    if (bad_quantity(ctx, x->memory, HF_UNIT_BYTES, "task '%s': memory", t->name) ||
        bad_quantity(ctx, x->gpu_memory, HF_UNIT_BYTES, "task '%s': gpu_memory", t->name))
        return -1;
    int dup = listed_twice(t->inputs, t->ninputs);
    if (dup >= 0 || (dup = listed_twice(t->outputs, t->noutputs)) >= 0) {
        hf_ctx_fail(ctx, HF_EINPUT, "task '%s': file '%s' is listed twice in %s", t->name,
                    wf->files[dup].name,
                    listed_twice(t->inputs, t->ninputs) >= 0 ? "inputs" : "outputs");
        return -1;
    }
    int idx = (int)wf->ntasks;
    for (int i = 0; i < t->noutputs; i++) {
        hf_file *f = &wf->files[t->outputs[i]];
        if (f->producer >= 0) {
            hf_ctx_fail(ctx, HF_EINPUT, "file '%s' is written by both task '%s' and task '%s'",
                        f->name, wf->tasks[f->producer].name, t->name);
            return -1;
        }
        for (int j = 0; j < t->ninputs; j++)
            if (t->inputs[j] == t->outputs[i]) {
                hf_ctx_fail(ctx, HF_EINPUT, "task '%s' reads and writes file '%s'", t->name,
                            f->name);
                return -1;
            }
    }
    if (hf_grow((void **)&wf->tasks, &wf->cap_tasks, wf->ntasks + 1, sizeof *wf->tasks)) goto oom;
    hf_task *d = &wf->tasks[idx];
    *d = *t;
    d->name = hf_arena_strdup(wf->arena, t->name);
    d->inputs = t->ninputs ? hf_arena_alloc(wf->arena, t->ninputs * sizeof(int)) : NULL;
    d->outputs = t->noutputs ? hf_arena_alloc(wf->arena, t->noutputs * sizeof(int)) : NULL;
    if (!d->name || (t->ninputs && !d->inputs) || (t->noutputs && !d->outputs)) goto oom;
    if (t->ninputs) memcpy(d->inputs, t->inputs, t->ninputs * sizeof(int));
    if (t->noutputs) memcpy(d->outputs, t->outputs, t->noutputs * sizeof(int));
    if (ext_empty(x)) {
        d->ext = NULL;
    } else {
        hf_task_ext *e = hf_arena_alloc(wf->arena, sizeof *e);
        if (!e) goto oom;
        *e = *x;
        d->ext = e;
    }
    if (hf_strmap_put(index, d->name, idx) < 0) goto oom;
    for (int i = 0; i < t->noutputs; i++)
        wf->files[t->outputs[i]].producer = idx;
    wf->ntasks++;
    return idx;
oom:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return -1;
}

hf_err hf_workflow_add_edge(hf_ctx *ctx, hf_workflow *wf, int parent, int child)
{
    if (parent < 0 || child < 0 || (size_t)parent >= wf->ntasks || (size_t)child >= wf->ntasks)
        return hf_ctx_fail(ctx, HF_EINPUT, "edge between unknown tasks");
    if (parent == child)
        return hf_ctx_fail(ctx, HF_EINPUT, "cycle: task '%s' depends on itself",
                           wf->tasks[parent].name);
    if (hf_grow((void **)&wf->edges, &wf->cap_edges, wf->nedges + 1, 2 * sizeof(int)))
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    wf->edges[2 * wf->nedges] = parent;
    wf->edges[2 * wf->nedges + 1] = child;
    wf->nedges++;
    return HF_OK;
}

hf_err hf_workflow_reserve(hf_ctx *ctx, hf_workflow *wf, size_t ntasks, size_t nfiles)
{
    hf_strmap *ti = index_of(wf, 0), *fi = index_of(wf, 1);
    if (!ti || !fi || ntasks > SIZE_MAX / sizeof(hf_task) || nfiles > SIZE_MAX / sizeof(hf_file))
        goto oom;
    if (ntasks > wf->cap_tasks) {
        hf_task *nt = realloc(wf->tasks, ntasks * sizeof *nt);
        if (!nt) goto oom;
        wf->tasks = nt;
        wf->cap_tasks = ntasks;
    }
    if (nfiles > wf->cap_files) {
        hf_file *nf = realloc(wf->files, nfiles * sizeof *nf);
        if (!nf) goto oom;
        wf->files = nf;
        wf->cap_files = nfiles;
    }
    if (hf_strmap_reserve(ti, ntasks) || hf_strmap_reserve(fi, nfiles)) goto oom;
    return HF_OK;
oom:
    return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
}

hf_err hf_workflow_finalize(hf_ctx *ctx, hf_workflow *wf)
{
    if (wf->ntasks == 0) return hf_ctx_fail(ctx, HF_EINPUT, "workflow '%s' has no tasks", wf->name);
    /* the name maps are only needed to build the workflow: lookups rebuild them (index_of) */
    hf_strmap_free(wf->task_index);
    hf_strmap_free(wf->file_index);
    wf->task_index = wf->file_index = NULL;
    /* the tables stop growing here: give back the doubling slack (up to half of them) */
    hf_task *nt = realloc(wf->tasks, wf->ntasks * sizeof *nt);
    if (nt) {
        wf->tasks = nt;
        wf->cap_tasks = wf->ntasks;
    }
    if (wf->nfiles) {
        hf_file *nf = realloc(wf->files, wf->nfiles * sizeof *nf);
        if (nf) {
            wf->files = nf;
            wf->cap_files = wf->nfiles;
        }
    }
    return hf_dag_build(ctx, wf);
}

int hf_task_fits(const hf_task *t, const hf_resource *r, int variant)
{
    const hf_task_ext *x = hf_task_ext_of(t);
    if ((int)r->kind != variant) return 0;
    if (x->coll) return variant == HF_RES_GPU; /* its group decides, when the run starts */
    if (variant == HF_RES_CPU)
        return t->cpu.set && t->cores <= r->cores && (r->memory == 0 || x->memory <= r->memory);
    if (x->kernels) /* the kernel model needs the GPU's SM count and memory bandwidth */
        return x->gpu.set && r->sms > 0 && r->mem_bw > 0 &&
               (r->memory == 0 || x->gpu_memory <= r->memory);
    if (x->gpu.set && x->gpu.flops == 0 && x->gpu.seconds == 0 && !(r->mem_bw > 0)) return 0;
    return x->gpu.set && (r->memory == 0 || x->gpu_memory <= r->memory);
}

hf_err hf_workflow_check_platform(hf_ctx *ctx, const hf_workflow *wf, const hf_platform *p)
{
    size_t ngpu = hf_platform_count(p, HF_RES_GPU);
    char mem[32], gmem[32];
    for (size_t i = 0; i < wf->ntasks; i++) {
        const hf_task *t = &wf->tasks[i];
        const hf_task_ext *x = hf_task_ext_of(t);
        int ok = 0;
        for (size_t r = 0; r < p->nres && !ok; r++)
            ok = hf_task_fits(t, &p->res[r], HF_RES_CPU) || hf_task_fits(t, &p->res[r], HF_RES_GPU);
        if (ok) continue;
        if (x->coll)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "task '%s' is a collective over GPUs but platform '%s' has none",
                               t->name, p->name);
        hf_units_format(x->memory, HF_UNIT_BYTES, mem, sizeof mem);
        hf_units_format(x->gpu_memory, HF_UNIT_BYTES, gmem, sizeof gmem);
        if (!t->cpu.set && ngpu == 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "task '%s' has only a gpu variant but platform '%s' has no GPUs",
                               t->name, p->name);
        if (!t->cpu.set && x->kernels)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "task '%s': its gpu variant is kernel launches, and no GPU of "
                               "platform '%s' with the %s of device memory it needs has both sms "
                               "and a memory_bandwidth (docs/models/gpu.md)",
                               t->name, p->name, gmem);
        if (!t->cpu.set && x->gpu.flops == 0 && x->gpu.seconds == 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "task '%s': its gpu cost is only bytes, and no GPU of platform '%s' "
                               "with the %s of device memory it needs has a memory_bandwidth",
                               t->name, p->name, gmem);
        if (!t->cpu.set)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "task '%s': no GPU of platform '%s' has the %s of device memory "
                               "it needs",
                               t->name, p->name, gmem);
        return hf_ctx_fail(ctx, HF_EINPUT, "task '%s': no node of platform '%s' has %d cores%s%s%s",
                           t->name, p->name, t->cores, x->memory > 0 ? " and " : "",
                           x->memory > 0 ? mem : "",
                           x->gpu.set ? ", and no GPU fits its gpu variant" : "");
    }
    if (wf->stage_at && hf_platform_find(p, wf->stage_at) < 0)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "workflow '%s': stage_at '%s' is not a node or GPU of "
                           "platform '%s'",
                           wf->name, wf->stage_at, p->name);
    for (size_t i = 0; i < wf->nfiles; i++) {
        const hf_file *f = &wf->files[i];
        if (f->producer >= 0) continue;
        const char *loc = f->loc ? hf_file_location(wf, f) : wf->stage_at;
        if (loc && hf_platform_find(p, loc) < 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "file '%s' is staged at '%s', which platform '%s' does not have",
                               f->name, loc, p->name);
    }
    if (!wf->stage_at && hf_platform_count(p, HF_RES_CPU) == 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "platform '%s' has no CPU node", p->name);
    return HF_OK;
}
