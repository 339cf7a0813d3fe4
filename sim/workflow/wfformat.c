/* wfformat.c: loader of WfCommons WfFormat JSON instances, schema 1.4 to 1.6 (docs/formats.md):
 * the records read by wfstream.c, with every reference resolved, turned into a workflow. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/strmap.h"
#include "hetflow/hf_workflow.h"
#include "wfdoc.h"

/* Where one schema version keeps what the loader reads (for messages). */
typedef struct layout {
    const char *tasks;     /* path of the task array holding structure (names, files, deps) */
    const char *exec;      /* path of the array holding runtimes (1.4: the task array itself) */
    const char *machines;  /* path of the machine array */
    const char *speed_key; /* machine CPU speed in MHz, relative to the machine object */
    const char *cores_key; /* task core count, in the runtime object */
} layout;

static const layout LAYOUT_14 = {"workflow.tasks", "workflow.tasks", "workflow.machines",
                                 "cpu.speed", "cores"};
static const layout LAYOUT_15 = {"workflow.specification.tasks", "workflow.execution.tasks",
                                 "workflow.execution.machines", "cpu.speedInMHz", "coreCount"};

typedef struct loader {
    hf_ctx *ctx;
    double ref_speed;   /* flop/s per core for tasks without a machine speed; 0 = none */
    const layout *lay;  /* where this version keeps things */
    hf_wfdoc *doc;      /* what the reader left */
    hf_workflow *wf;    /* being built */
    size_t n;           /* tasks */
    const char **names; /* per task: its hetflow name (in doc's arena) */
    int *exec_of;       /* per task: index of its entry in doc->execs, -1 = none */
    int *file_wf;       /* per file symbol: its index in wf, -1 = not declared (yet) */
    int *in, *out;      /* file indices of the task being built */
    size_t cap_in, cap_out;
    int *file_mark; /* per file: 2 x task + direction of its last listing (duplicates) */
    size_t cap_file_mark;
} loader;

static hf_err oom(loader *L)
{
    return hf_ctx_fail(L->ctx, HF_ENOMEM, "out of memory");
}

/* ---- tasks ---- */

/* 1.5+: attach each execution entry to its specification task. */
static hf_err scan_execution(loader *L)
{
    const hf_wfdoc *d = L->doc;
    for (size_t k = 0; k < d->nexecs; k++) {
        int sym = d->execs[k].task, t = d->refs.def[sym];
        if (t < 0)
            return hf_ctx_fail(L->ctx, HF_EINPUT,
                               "%s[%zu]: task id '%s' is not in workflow.specification.tasks",
                               L->lay->exec, k, d->refs.str[sym]);
        if (L->exec_of[t] >= 0)
            return hf_ctx_fail(L->ctx, HF_EINPUT,
                               "task '%s' has two entries in %s ([%d] and [%zu])", L->names[t],
                               L->lay->exec, L->exec_of[t], k);
        L->exec_of[t] = (int)k;
    }
    return HF_OK;
}

/* CPU cost of task i: flops = runtime x cores x speed, where speed is its machine's (MHz x 1e6
 * flop/s per core) or ref_speed, so that the task takes its recorded runtime on its cores of a
 * node of that speed. cores = ceil(core count) (1 when absent). avgCPU is ignored. */
static hf_err task_cost(loader *L, size_t i, hf_task *t)
{
    const hf_wfdoc *d = L->doc;
    const char *name = t->name;
    if (L->exec_of[i] < 0)
        return hf_ctx_fail(L->ctx, HF_EINPUT,
                           "task '%s' (%s[%zu]) has no entry in %s: its runtimeInSeconds is needed",
                           name, L->lay->tasks, i, L->lay->exec);
    const hf_wfexec *e = &d->execs[L->exec_of[i]];
    double runtime = e->runtime, cores = e->cores;
    const char *rt_key = (e->flags & HF_WFX_RT_OLD) ? "runtime" : "runtimeInSeconds";
    if (!(runtime >= 0))
        return hf_ctx_fail(L->ctx, HF_EINPUT,
                           "task '%s' (%s[%d].%s): runtime must be >= 0 s, got %g", name,
                           L->lay->exec, L->exec_of[i], rt_key, runtime);
    if (!(cores >= 1) || cores > 1e6)
        return hf_ctx_fail(L->ctx, HF_EINPUT,
                           "task '%s' (%s[%d].%s): core count must be in [1, 1e6], got %g", name,
                           L->lay->exec, L->exec_of[i], L->lay->cores_key, cores);
    t->cores = (int)ceil(cores);
    const char *machine = e->machine >= 0 ? d->machines.str[e->machine] : NULL;
    double speed = 0;
    if (machine) {
        int m = d->machines.def[e->machine];
        if (m < 0)
            return hf_ctx_fail(L->ctx, HF_EINPUT, "task '%s': machine '%s' is not in %s", name,
                               machine, L->lay->machines);
        speed = d->mach[m].speed;
    }
    if (speed == 0) speed = L->ref_speed;
    if (!(speed > 0) && runtime > 0) { /* a zero runtime is one flop at any speed (below) */
        char why[256];
        if (machine)
            snprintf(why, sizeof why, "machine '%s' has no CPU speed (%s)", machine,
                     L->lay->speed_key);
        else
            snprintf(why, sizeof why, "it names no machine");
        return hf_ctx_fail(L->ctx, HF_EINPUT,
                           "task '%s': %s, and no reference speed (flop/s per core) was given to "
                           "convert its runtime (%g s) to flops; give the speed the runtimes were "
                           "measured at with --reference-speed on the command line (e.g. "
                           "--reference-speed 2Gf) or with reference_speed in "
                           "hetflow.workflow(path, {reference_speed = \"2Gf\"})",
                           name, why, runtime);
    }
    t->cpu.set = 1;
    t->cpu.flops = runtime > 0 ? runtime * t->cores * speed : 0;
    /* hetflow has no zero-cost task: a zero runtime becomes one flop (docs/formats.md) */
    if (t->cpu.flops == 0) t->cpu.flops = 1;
    return HF_OK;
}

/* Append file f to list (*arr, *n) unless this task listed it already in the same direction
 * (mark = 2 x task + dir, so a file both read and written still reaches hf_workflow_add_task,
 * which refuses it). */
static hf_err push_file(loader *L, int **arr, size_t *cap, int *n, int f, int mark)
{
    if (L->file_mark[f] == mark) return HF_OK;
    L->file_mark[f] = mark;
    if (hf_grow((void **)arr, cap, (size_t)*n + 1, sizeof **arr)) return oom(L);
    (*arr)[(*n)++] = f;
    return HF_OK;
}

/* Make room in file_mark for every file declared so far (new entries unmarked). */
static hf_err mark_room(loader *L)
{
    size_t old = L->cap_file_mark;
    if (hf_grow((void **)&L->file_mark, &L->cap_file_mark, L->wf->nfiles + 1, sizeof(int)))
        return oom(L);
    for (size_t k = old; k < L->cap_file_mark; k++)
        L->file_mark[k] = -1;
    return HF_OK;
}

/* 1.5+: a task's inputFiles / outputFiles, ids of workflow.specification.files. */
static hf_err files_15(loader *L, size_t i, hf_task *ht)
{
    const hf_wfdoc *d = L->doc;
    const hf_wftask *t = &d->tasks[i];
    for (int dir = 0; dir < 2; dir++) {
        for (uint32_t k = 0; k < t->file_n[dir]; k++) {
            int sym = d->ints[t->file_off[dir] + k], f = L->file_wf[sym];
            if (f < 0)
                return hf_ctx_fail(L->ctx, HF_EINPUT,
                                   "task '%s': %s file '%s' is not in workflow.specification.files",
                                   ht->name, dir ? "output" : "input", d->files.str[sym]);
            if (dir ? push_file(L, &L->out, &L->cap_out, &ht->noutputs, f, 2 * (int)i + 1)
                    : push_file(L, &L->in, &L->cap_in, &ht->ninputs, f, 2 * (int)i))
                return L->ctx->errcode;
        }
    }
    return HF_OK;
}

/* 1.4: a task's files [{name, sizeInBytes (or size), link: input|output}]; a file is declared
 * where it is first mentioned, with the size given there. */
static hf_err files_14(loader *L, size_t i, hf_task *ht)
{
    const hf_wfdoc *d = L->doc;
    const hf_wftask *t = &d->tasks[i];
    for (uint32_t k = 0; k < t->file_n[0]; k++) {
        const hf_wff14 *fo = &d->f14[t->file_off[0] + k];
        const char *name = d->files.str[fo->file];
        int f = L->file_wf[fo->file];
        if (f < 0) {
            if (!(fo->size >= 0))
                return hf_ctx_fail(L->ctx, HF_EINPUT,
                                   "file '%s' of task '%s' (%s[%zu].files[%u].%s): size must be "
                                   ">= 0 bytes, got %g",
                                   name, ht->name, L->lay->tasks, i, k,
                                   fo->size_old ? "size" : "sizeInBytes", fo->size);
            f = hf_workflow_add_file(L->ctx, L->wf, name, fo->size, NULL);
            if (f < 0 || mark_room(L)) return L->ctx->errcode;
            L->file_wf[fo->file] = f;
        }
        if (fo->out ? push_file(L, &L->out, &L->cap_out, &ht->noutputs, f, 2 * (int)i + 1)
                    : push_file(L, &L->in, &L->cap_in, &ht->ninputs, f, 2 * (int)i))
            return L->ctx->errcode;
    }
    return HF_OK;
}

/* Build and add every task, in instance order (task i gets index i). */
static hf_err add_tasks(loader *L)
{
    /* the workflow's task map, sized once (it is there until hf_workflow_finalize) */
    if (hf_strmap_reserve(L->wf->task_index, L->n)) return oom(L);
    if (mark_room(L)) return L->ctx->errcode;
    for (size_t i = 0; i < L->n; i++) {
        hf_task ht = {0};
        ht.name = (char *)L->names[i];
        if (L->doc->v14 ? files_14(L, i, &ht) : files_15(L, i, &ht)) return L->ctx->errcode;
        if (task_cost(L, i, &ht)) return L->ctx->errcode;
        ht.inputs = L->in;
        ht.outputs = L->out;
        if (hf_workflow_add_task(L->ctx, L->wf, &ht) < 0) return L->ctx->errcode;
    }
    return HF_OK;
}

/* ---- dependencies ---- */

/* Task index of symbol sym, listed in task i's parents (dir 0) or children (dir 1). */
static hf_err resolve(loader *L, size_t i, int sym, int dir, int *out)
{
    *out = L->doc->refs.def[sym];
    if (*out < 0)
        return hf_ctx_fail(L->ctx, HF_EINPUT, "task '%s': %s '%s' does not exist",
                           L->wf->tasks[i].name, dir ? "child" : "parent", L->doc->refs.str[sym]);
    return HF_OK;
}

/* Explicit edges from parents and children lists, each (parent, child) once and only when no
 * file of the child is written by the parent (file edges are implied). A task's children
 * lists are turned into per-child lists first (counting sort), then each child's declared
 * parents are merged with a mark per parent: O(tasks + files + listed dependencies). */
static hf_err add_edges(loader *L)
{
    hf_workflow *wf = L->wf;
    const hf_wfdoc *d = L->doc;
    size_t n = L->n, m = d->nchildren;
    int *off = NULL, *from = NULL, *pairs = NULL, *mark = NULL;
    hf_err rc = HF_OK;
    off = calloc(n + 2, sizeof *off);
    from = malloc((m ? m : 1) * sizeof *from);
    pairs = malloc((m ? 2 * m : 1) * sizeof *pairs);
    mark = malloc((n ? n : 1) * sizeof *mark);
    if (!off || !from || !pairs || !mark) {
        rc = oom(L);
        goto fail;
    }
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        const hf_wftask *t = &d->tasks[i];
        for (uint32_t k = 0; k < t->dep_n[1]; k++, np++) {
            if ((rc = resolve(L, i, d->ints[t->dep_off[1] + k], 1, &pairs[2 * np + 1]))) goto fail;
            pairs[2 * np] = (int)i;
            off[pairs[2 * np + 1] + 2]++;
        }
    }
    for (size_t c = 0; c < n; c++) /* off[c + 1] = start of c's list, then the fill cursor */
        off[c + 2] += off[c + 1];
    for (size_t k = 0; k < np; k++)
        from[off[pairs[2 * k + 1] + 1]++] = pairs[2 * k];
    for (size_t i = 0; i < n; i++)
        mark[i] = -1;
    for (size_t c = 0; c < n; c++) {
        const hf_task *t = &wf->tasks[c];
        for (int k = 0; k < t->ninputs; k++) {
            int p = wf->files[t->inputs[k]].producer;
            if (p >= 0) mark[p] = (int)c;
        }
        const hf_wftask *dt = &d->tasks[c];
        size_t npar = dt->dep_n[0], nch = (size_t)(off[c + 1] - off[c]);
        for (size_t k = 0; k < npar + nch; k++) {
            int p;
            if (k < npar) {
                if ((rc = resolve(L, c, d->ints[dt->dep_off[0] + k], 0, &p))) goto fail;
            } else {
                p = from[off[c] + (k - npar)];
            }
            if (mark[p] == (int)c) continue;
            mark[p] = (int)c;
            if ((rc = hf_workflow_add_edge(L->ctx, wf, p, (int)c))) goto fail;
        }
    }
fail:
    free(off);
    free(from);
    free(pairs);
    free(mark);
    return rc;
}

/* ---- the workflow ---- */

/* Build L->wf from L->doc: files (1.5+), execution entries, tasks, edges. Not finalized. */
static hf_err build(loader *L)
{
    hf_wfdoc *d = L->doc;
    size_t n1 = d->ntasks ? d->ntasks : 1, nsym = d->files.n ? d->files.n : 1;
    L->n = d->ntasks;
    L->names = malloc(n1 * sizeof *L->names);
    L->exec_of = malloc(n1 * sizeof *L->exec_of);
    L->file_wf = malloc(nsym * sizeof *L->file_wf);
    L->wf = hf_workflow_new(d->name);
    if (!L->names || !L->exec_of || !L->file_wf || !L->wf) return oom(L);
    for (size_t s = 0; s < d->files.n; s++)
        L->file_wf[s] = -1;
    for (size_t i = 0; i < L->n; i++) { /* 1.5+: the ids when names repeat */
        L->names[i] = d->use_ids ? d->refs.str[d->tasks[i].ref] : d->tasks[i].name;
        L->exec_of[i] = d->v14 ? (int)i : -1; /* 1.4: runtimes sit in the task objects */
    }
    if (!d->v14) {
        /* the workflow's file map, sized once (it is there until hf_workflow_finalize) */
        if (hf_strmap_reserve(L->wf->file_index, d->nfiledecl)) return oom(L);
        for (size_t k = 0; k < d->nfiledecl; k++) {
            const hf_wffile *fd = &d->filedecl[k];
            int f = hf_workflow_add_file(L->ctx, L->wf, d->files.str[fd->file], fd->size, NULL);
            if (f < 0) return L->ctx->errcode;
            L->file_wf[fd->file] = f;
        }
        if (scan_execution(L)) return L->ctx->errcode;
    }
    if (add_tasks(L) || add_edges(L)) return L->ctx->errcode;
    return HF_OK;
}

hf_err hf_workflow_load_wfformat(hf_ctx *ctx, const char *path, double ref_speed, hf_workflow **out)
{
    loader L = {0};
    hf_wfdoc doc;
    int named = 0; /* the message names the file already (syntax, I/O) */
    hf_err rc;
    *out = NULL;
    L.ctx = ctx;
    L.ref_speed = ref_speed > 0 ? ref_speed : 0;
    L.doc = &doc;
    if ((rc = hf_wfdoc_read(ctx, path, &doc, &named))) goto fail;
    L.lay = doc.v14 ? &LAYOUT_14 : &LAYOUT_15;
    if ((rc = build(&L))) goto fail;
    hf_wfdoc_destroy(&doc); /* before the DAG is built: the records are no longer needed */
    if ((rc = hf_workflow_finalize(ctx, L.wf))) goto fail;
    *out = L.wf;
    L.wf = NULL;
fail:
    if (rc && !named) hf_ctx_prefix(ctx, "%s", path);
    hf_wfdoc_destroy(&doc);
    hf_workflow_free(L.wf);
    free(L.names);
    free(L.exec_of);
    free(L.file_wf);
    free(L.in);
    free(L.out);
    free(L.file_mark);
    return rc;
}
