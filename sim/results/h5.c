/* h5.c: results to and from HDF5 (docs/results-format.md), through the HDF5 plumbing of
 * h5io.c: what the tables and attributes of a results file are and how they map to hf_results. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "hetflow/hf_results.h"
#include "core/outfile.h"
#include "results/h5io.h"
#include "results/h5meta.h"

#define FORMAT_NAME "hetflow-results"
#define FORMAT_VERSION 1

/* ---- table descriptions: one row struct and one column list per dataset ---- */

/* In-memory rows. When writing, strings point into the results (HDF5 only reads them); when
 * reading, they are allocated through h5io's string pool and owned by the row until taken. */
typedef struct task_row {
    char *name, *resource, *variant;
    int32_t cores;
    double ready, dispatch, start, end, bytes_in, bytes_out, energy, emissions;
} task_row;

typedef struct res_row {
    char *name, *kind, *site;
    int32_t cores;
    double speed;
    int32_t tasks;
    double busy_time, core_seconds, utilisation, energy;
} res_row;

typedef struct transfer_row {
    char *file, *src, *dst, *task;
    double bytes, start, end;
    char *path; /* only in files of runs with a transfer mode other than direct */
} transfer_row;

typedef struct invoke_row {
    char *task, *endpoint, *resource;
    int32_t cold, redeployed;
    double submit, start, latency, overhead, pull, init, compile;
} invoke_row;

static const h5io_column task_cols[] = {
    H5IO_COL(task_row, name, H5IO_STR),     H5IO_COL(task_row, resource, H5IO_STR),
    H5IO_COL(task_row, variant, H5IO_STR),  H5IO_COL(task_row, cores, H5IO_I32),
    H5IO_COL(task_row, ready, H5IO_F64),    H5IO_COL(task_row, dispatch, H5IO_F64),
    H5IO_COL(task_row, start, H5IO_F64),    H5IO_COL(task_row, end, H5IO_F64),
    H5IO_COL(task_row, bytes_in, H5IO_F64), H5IO_COL(task_row, bytes_out, H5IO_F64),
    H5IO_COL(task_row, energy, H5IO_F64),   H5IO_COL(task_row, emissions, H5IO_F64),
};
static const h5io_column res_cols[] = {
    H5IO_COL(res_row, name, H5IO_STR),        H5IO_COL(res_row, kind, H5IO_STR),
    H5IO_COL(res_row, site, H5IO_STR),        H5IO_COL(res_row, cores, H5IO_I32),
    H5IO_COL(res_row, speed, H5IO_F64),       H5IO_COL(res_row, tasks, H5IO_I32),
    H5IO_COL(res_row, busy_time, H5IO_F64),   H5IO_COL(res_row, core_seconds, H5IO_F64),
    H5IO_COL(res_row, utilisation, H5IO_F64), H5IO_COL(res_row, energy, H5IO_F64),
};
static const h5io_column transfer_cols[] = {
    H5IO_COL(transfer_row, file, H5IO_STR),  H5IO_COL(transfer_row, src, H5IO_STR),
    H5IO_COL(transfer_row, dst, H5IO_STR),   H5IO_COL(transfer_row, task, H5IO_STR),
    H5IO_COL(transfer_row, bytes, H5IO_F64), H5IO_COL(transfer_row, start, H5IO_F64),
    H5IO_COL(transfer_row, end, H5IO_F64),   H5IO_COL(transfer_row, path, H5IO_STR),
};
typedef struct carbon_row {
    char *site;
    double pue, intensity, energy, emissions, embodied;
} carbon_row;
static const h5io_column carbon_cols[] = {
    H5IO_COL(carbon_row, site, H5IO_STR),       H5IO_COL(carbon_row, pue, H5IO_F64),
    H5IO_COL(carbon_row, intensity, H5IO_F64),  H5IO_COL(carbon_row, energy, H5IO_F64),
    H5IO_COL(carbon_row, emissions, H5IO_F64),  H5IO_COL(carbon_row, embodied, H5IO_F64),
};
static const h5io_column invoke_cols[] = {
    H5IO_COL(invoke_row, task, H5IO_STR),       H5IO_COL(invoke_row, endpoint, H5IO_STR),
    H5IO_COL(invoke_row, resource, H5IO_STR),   H5IO_COL(invoke_row, cold, H5IO_I32),
    H5IO_COL(invoke_row, redeployed, H5IO_I32), H5IO_COL(invoke_row, submit, H5IO_F64),
    H5IO_COL(invoke_row, start, H5IO_F64),      H5IO_COL(invoke_row, latency, H5IO_F64),
    H5IO_COL(invoke_row, overhead, H5IO_F64),   H5IO_COL(invoke_row, pull, H5IO_F64),
    H5IO_COL(invoke_row, init, H5IO_F64),       H5IO_COL(invoke_row, compile, H5IO_F64),
};

static const h5io_table task_table = {"/tasks", task_cols, H5IO_COUNT(task_cols), sizeof(task_row),
                                      0};
/* without its last column (emissions): files written before carbon was modelled */
static const h5io_table task_table_v1 = {"/tasks", task_cols, H5IO_COUNT(task_cols) - 1,
                                         sizeof(task_row), 0};
static const h5io_table res_table = {"/resources", res_cols, H5IO_COUNT(res_cols), sizeof(res_row),
                                     0};
/* without its last column (path): the table of runs in transfer mode direct, and of older files */
static const h5io_table transfer_table = {"/transfers", transfer_cols,
                                          H5IO_COUNT(transfer_cols) - 1, sizeof(transfer_row), 0};
static const h5io_table transfer_path_table = {"/transfers", transfer_cols,
                                               H5IO_COUNT(transfer_cols), sizeof(transfer_row), 0};
/* optional: files written before carbon was modelled have no /carbon */
static const h5io_table carbon_table = {"/carbon", carbon_cols, H5IO_COUNT(carbon_cols),
                                        sizeof(carbon_row), 1};
/* without its last column (embodied): files written before embodied emissions were modelled */
static const h5io_table carbon_table_v1 = {"/carbon", carbon_cols, H5IO_COUNT(carbon_cols) - 1,
                                           sizeof(carbon_row), 1};
/* optional: files written before the serverless modes have no /invocations */
static const h5io_table invoke_table = {"/invocations", invoke_cols, H5IO_COUNT(invoke_cols),
                                        sizeof(invoke_row), 1};

/* ================================ writing ================================ */

/* The casts drop const: HDF5 reads these strings and never writes through the pointers. */
static void fill_task(const void *src, size_t i, void *row)
{
    const hf_results *r = src;
    const hf_task_rec *t = &r->tasks[i];
    task_row *x = row;
    x->name = (char *)h5io_or_empty(t->name);
    x->resource = (char *)(t->resource >= 0 ? h5io_or_empty(r->res[t->resource].name) : "");
    x->variant = (char *)h5io_or_empty(t->variant);
    x->cores = t->cores;
    x->ready = t->ready;
    x->dispatch = t->dispatch;
    x->start = t->start;
    x->end = t->end;
    x->bytes_in = t->bytes_in;
    x->bytes_out = t->bytes_out;
    x->energy = t->energy;
    x->emissions = t->emissions;
}

static void fill_res(const void *src, size_t i, void *row)
{
    const hf_results *r = src;
    const hf_res_rec *s = &r->res[i];
    res_row *x = row;
    x->name = (char *)h5io_or_empty(s->name);
    x->kind = (char *)h5io_or_empty(s->kind);
    x->site = (char *)h5io_or_empty(s->site);
    x->cores = s->cores;
    x->speed = s->speed;
    x->tasks = s->tasks;
    x->busy_time = s->busy_time;
    x->core_seconds = s->core_seconds;
    x->utilisation = s->utilisation;
    x->energy = s->energy;
}

static void fill_transfer(const void *src, size_t i, void *row)
{
    const hf_results *r = src;
    const hf_transfer_rec *t = &r->transfers[i];
    transfer_row *x = row;
    x->file = (char *)h5io_or_empty(r->file_names[t->file]);
    x->src = (char *)h5io_or_empty(r->res[t->src].name);
    x->dst = (char *)h5io_or_empty(r->res[t->dst].name);
    x->task = (char *)h5io_or_empty(r->tasks[t->task].name);
    x->bytes = t->bytes;
    x->start = t->start;
    x->end = t->end;
    x->path = (char *)(t->path >= 0 && t->path < HF_NPATHS ? hf_transfer_paths[t->path] : "");
}

static void fill_invoke(const void *src, size_t i, void *row)
{
    const hf_results *r = src;
    const hf_invoke_rec *v = &r->invokes[i];
    invoke_row *x = row;
    x->task = (char *)h5io_or_empty(r->tasks[v->task].name);
    x->endpoint = (char *)h5io_or_empty(r->endpoint_names[v->endpoint]);
    x->resource = (char *)(v->resource >= 0 ? h5io_or_empty(r->res[v->resource].name) : "");
    x->cold = v->cold;
    x->redeployed = v->redeployed;
    x->submit = v->submit;
    x->start = v->start;
    x->latency = v->latency;
    x->overhead = v->overhead;
    x->pull = v->pull;
    x->init = v->init;
    x->compile = v->compile;
}

static void fill_carbon(const void *src, size_t i, void *row)
{
    const hf_results *r = src;
    const hf_carbon_rec *c = &r->carbon[i];
    carbon_row *x = row;
    x->site = (char *)h5io_or_empty(c->site);
    x->pue = c->pue;
    x->intensity = c->intensity;
    x->energy = c->energy;
    x->emissions = c->emissions;
    x->embodied = c->embodied;
}

/* Fail when two of the n names (a char * at the start of each stride-byte record from base;
 * NULL counts as "") are equal: rows refer to each other by name in the file. */
static hf_err check_unique(hf_ctx *ctx, const char *path, const void *base, size_t stride, size_t n,
                           const char *what)
{
    hf_strmap *m = hf_strmap_new();
    hf_err err = HF_OK;
    if (!m) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': out of memory", path);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = h5io_or_empty(*(char *const *)((const char *)base + i * stride));
        int rc = hf_strmap_put(m, name, (int)i);
        if (rc != 0) {
            err = rc < 0 ? hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': out of memory", path)
                         : hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': duplicate %s name '%s'",
                                       path, what, name);
            goto fail;
        }
    }
fail:
    hf_strmap_free(m);
    return err;
}

/* Check what the reader relies on: indices in range, unique names, row counts within int. */
static hf_err validate(hf_ctx *ctx, const hf_results *r, const char *path)
{
    if (r->nres > INT_MAX || r->ntasks > INT_MAX || r->nfiles > INT_MAX ||
        r->ntransfers > INT_MAX || r->nendpoints > INT_MAX || r->ninvokes > INT_MAX)
        return hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': too many rows", path);
    for (size_t i = 0; i < r->ntasks; i++) {
        int k = r->tasks[i].resource;
        if (k < -1 || k >= (int)r->nres)
            return hf_ctx_fail(ctx, HF_EIO,
                               "cannot write '%s': task '%s' has resource index %d (%zu resources)",
                               path, h5io_or_empty(r->tasks[i].name), k, r->nres);
    }
    for (size_t i = 0; i < r->ntransfers; i++) {
        const hf_transfer_rec *t = &r->transfers[i];
        if (t->file < 0 || t->file >= (int)r->nfiles || t->src < 0 || t->src >= (int)r->nres ||
            t->dst < 0 || t->dst >= (int)r->nres || t->task < 0 || t->task >= (int)r->ntasks)
            return hf_ctx_fail(ctx, HF_EIO,
                               "cannot write '%s': transfer %zu has an index out of range "
                               "(file %d of %zu, src %d and dst %d of %zu, task %d of %zu)",
                               path, i, t->file, r->nfiles, t->src, t->dst, r->nres, t->task,
                               r->ntasks);
    }
    for (size_t i = 0; i < r->ninvokes; i++) {
        const hf_invoke_rec *v = &r->invokes[i];
        if (v->task < 0 || v->task >= (int)r->ntasks || v->endpoint < 0 ||
            v->endpoint >= (int)r->nendpoints || v->resource < -1 || v->resource >= (int)r->nres)
            return hf_ctx_fail(ctx, HF_EIO,
                               "cannot write '%s': invocation %zu has an index out of range "
                               "(task %d of %zu, endpoint %d of %zu, resource %d of %zu)",
                               path, i, v->task, r->ntasks, v->endpoint, r->nendpoints, v->resource,
                               r->nres);
    }
    hf_err err = check_unique(ctx, path, r->res, sizeof *r->res, r->nres, "resource");
    if (!err) err = check_unique(ctx, path, r->tasks, sizeof *r->tasks, r->ntasks, "task");
    if (!err)
        err = check_unique(ctx, path, r->file_names, sizeof *r->file_names, r->nfiles, "file");
    if (!err)
        err = check_unique(ctx, path, r->endpoint_names, sizeof *r->endpoint_names, r->nendpoints,
                           "endpoint");
    if (!err) err = h5meta_check(ctx, r, path);
    return err;
}

static hf_err write_summary(h5io_writer *w, const hf_results *r)
{
    hid_t g = -1;
    hf_err err = HF_OK;
    int64_t ntasks = (int64_t)r->ntasks, ntransfers = (int64_t)r->ntransfers;
    int64_t ninvokes = (int64_t)r->ninvokes, cold = (int64_t)r->cold_starts,
            warm = (int64_t)r->warm_starts, compiles = (int64_t)r->compiles,
            redeploys = (int64_t)r->redeployments, deferrals = (int64_t)r->deferrals;
    if ((err = h5io_create_group(w, "/summary", 0, &g)) ||
        (err = h5io_write_attr(w, g, "/summary", "makespan", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                               &r->makespan)) ||
        (err = h5io_write_attr(w, g, "/summary", "energy", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                               &r->energy)) ||
        (err = h5io_write_attr(w, g, "/summary", "bytes_moved", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                               &r->bytes_moved)) ||
        (err = h5io_write_attr(w, g, "/summary", "tasks", H5T_STD_I64LE, H5T_NATIVE_INT64,
                               &ntasks)) ||
        (err = h5io_write_attr(w, g, "/summary", "transfers", H5T_STD_I64LE, H5T_NATIVE_INT64,
                               &ntransfers)) ||
        (err = h5io_write_attr(w, g, "/summary", "invocations", H5T_STD_I64LE, H5T_NATIVE_INT64,
                               &ninvokes)) ||
        (err = h5io_write_attr(w, g, "/summary", "cold_starts", H5T_STD_I64LE, H5T_NATIVE_INT64,
                               &cold)) ||
        (err = h5io_write_attr(w, g, "/summary", "warm_starts", H5T_STD_I64LE, H5T_NATIVE_INT64,
                               &warm)) ||
        (err = h5io_write_attr(w, g, "/summary", "cold_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                               &r->cold_seconds)) ||
        (err = h5io_write_attr(w, g, "/summary", "compile_seconds", H5T_IEEE_F64LE,
                               H5T_NATIVE_DOUBLE, &r->compile_seconds)) ||
        (err = h5io_write_attr(w, g, "/summary", "compiles", H5T_STD_I64LE, H5T_NATIVE_INT64,
                               &compiles)) ||
        (err = h5io_write_attr(w, g, "/summary", "redeployments", H5T_STD_I64LE, H5T_NATIVE_INT64,
                               &redeploys)) ||
        (err = h5io_write_attr(w, g, "/summary", "emissions", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                               &r->emissions)) ||
        (err = h5io_write_attr(w, g, "/summary", "deferrals", H5T_STD_I64LE, H5T_NATIVE_INT64,
                               &deferrals)) ||
        (err = h5io_write_attr(w, g, "/summary", "deferred_seconds", H5T_IEEE_F64LE,
                               H5T_NATIVE_DOUBLE, &r->deferred_seconds)) ||
        (err = h5io_write_attr(w, g, "/summary", "embodied", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                               &r->embodied)))
        goto fail;
fail:
    h5io_close_group(g);
    return err;
}

/* Everything below the root attributes (h5io_content_fn). */
static hf_err write_content(h5io_writer *w, const void *src)
{
    const hf_results *r = src;
    hf_err err;
    if ((err = h5meta_write(w, r)) ||
        (err = h5io_write_table(w, &task_table, r->ntasks, fill_task, r)) ||
        (err = h5io_write_table(w, &res_table, r->nres, fill_res, r)) ||
        (err = h5io_write_table(w, r->paths ? &transfer_path_table : &transfer_table,
                                r->ntransfers, fill_transfer, r)) ||
        (err = h5io_write_table(w, &invoke_table, r->ninvokes, fill_invoke, r)) ||
        (err = h5io_write_table(w, &carbon_table, r->ncarbon, fill_carbon, r)) ||
        (err = write_summary(w, r)))
        return err;
    return HF_OK;
}

hf_err hf_results_save(hf_ctx *ctx, const hf_results *r, const char *path, unsigned flags)
{
    hf_err err = validate(ctx, r, path);
    if (err) return err;
    /* the run's own inputs include files the scenario found while it ran, which no check before
     * the run could know */
    for (size_t i = 0; i < r->ninputs; i++)
        if (hf_outfile_same(path, r->inputs[i].path))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "cannot write '%s': it is the run's input '%s' (%s): an input is "
                               "never overwritten",
                               path, r->inputs[i].path, r->inputs[i].kind ? r->inputs[i].kind : "");
    return h5io_write_file(ctx, path, flags & HF_WRITE_LEGACY ? flags : flags | H5IO_SEAL,
                           FORMAT_NAME, FORMAT_VERSION, write_content, r);
}

hf_err hf_results_write(hf_ctx *ctx, const hf_results *r, const char *path)
{
    return hf_results_save(ctx, r, path, HF_WRITE_REPLACE);
}

/* ================================ reading ================================ */

/* The results reader: h5meta's (which starts with h5io's, so that h5io's callbacks can be cast
 * back) and the name indexes the tables refer to each other through. */
typedef struct reader {
    h5meta_reader m; /* h5io's reader and the results being filled */
    hf_strmap *res_map, *task_map, *file_map, *endpoint_map; /* name -> index, keys borrowed
                                                                from r */
} reader;

/* Index of resource name (row i of table, for messages), or -1 with ctx set. */
static int find_res(reader *rd, const char *name, const char *table, size_t i, const char *col)
{
    int k = hf_strmap_get(rd->res_map, name ? name : "");
    if (k < 0)
        hf_ctx_fail(rd->m.base.ctx, HF_EINPUT,
                    "'%s': %s row %zu: unknown resource '%s' in column '%s'", rd->m.base.path,
                    table, i, name ? name : "", col);
    return k;
}

/* Register name -> i in m; duplicates are an input error (rows refer to each other by name). */
static hf_err index_name(reader *rd, hf_strmap *m, const char *name, size_t i, const char *what)
{
    int rc = hf_strmap_put(m, name, (int)i);
    if (rc < 0) return hf_ctx_fail(rd->m.base.ctx, HF_ENOMEM, "out of memory");
    if (rc > 0)
        return hf_ctx_fail(rd->m.base.ctx, HF_EINPUT, "'%s': duplicate %s name '%s'",
                           rd->m.base.path, what, name);
    return HF_OK;
}

static hf_err begin_res(h5io_reader *io, size_t n)
{
    reader *rd = (reader *)io;
    rd->res_map = hf_strmap_new();
    if (n) rd->m.r->res = calloc(n, sizeof *rd->m.r->res);
    if (!rd->res_map || (n && !rd->m.r->res))
        return hf_ctx_fail(rd->m.base.ctx, HF_ENOMEM, "out of memory");
    rd->m.r->nres = n;
    return HF_OK;
}

static hf_err take_res(h5io_reader *io, void *row, size_t i)
{
    reader *rd = (reader *)io;
    res_row *x = row;
    hf_res_rec *s = &rd->m.r->res[i];
    hf_err err;
    if ((err = h5io_take_str(&rd->m.base, &x->name, &s->name)) ||
        (err = h5io_take_str(&rd->m.base, &x->kind, &s->kind)) ||
        (err = h5io_take_str(&rd->m.base, &x->site, &s->site)))
        return err;
    s->cores = x->cores;
    s->speed = x->speed;
    s->tasks = x->tasks;
    s->busy_time = x->busy_time;
    s->core_seconds = x->core_seconds;
    s->utilisation = x->utilisation;
    s->energy = x->energy;
    return index_name(rd, rd->res_map, s->name, i, "resource");
}

static hf_err begin_tasks(h5io_reader *io, size_t n)
{
    reader *rd = (reader *)io;
    rd->task_map = hf_strmap_new();
    if (n) rd->m.r->tasks = calloc(n, sizeof *rd->m.r->tasks);
    if (!rd->task_map || (n && !rd->m.r->tasks))
        return hf_ctx_fail(rd->m.base.ctx, HF_ENOMEM, "out of memory");
    rd->m.r->ntasks = n;
    return HF_OK;
}

static hf_err take_task(h5io_reader *io, void *row, size_t i)
{
    reader *rd = (reader *)io;
    task_row *x = row;
    hf_task_rec *t = &rd->m.r->tasks[i];
    hf_err err;
    t->resource = -1;
    if (x->resource && x->resource[0] &&
        (t->resource = find_res(rd, x->resource, "/tasks", i, "resource")) < 0)
        return HF_EINPUT;
    if ((err = h5io_take_str(&rd->m.base, &x->name, &t->name)) ||
        (err = h5io_take_str(&rd->m.base, &x->variant, &t->variant)))
        return err;
    t->cores = x->cores;
    t->ready = x->ready;
    t->dispatch = x->dispatch;
    t->start = x->start;
    t->end = x->end;
    t->bytes_in = x->bytes_in;
    t->bytes_out = x->bytes_out;
    t->energy = x->energy;
    t->emissions = x->emissions; /* 0 from a file without the column (the row was zeroed) */
    return index_name(rd, rd->task_map, t->name, i, "task");
}

/* file_names is sized for the worst case (one file per transfer) and filled on first sight. */
static hf_err begin_transfers(h5io_reader *io, size_t n)
{
    reader *rd = (reader *)io;
    hf_results *r = rd->m.r;
    rd->file_map = hf_strmap_new();
    if (n) {
        r->transfers = calloc(n, sizeof *r->transfers);
        r->file_names = calloc(n, sizeof *r->file_names);
    }
    if (!rd->file_map || (n && (!r->transfers || !r->file_names)))
        return hf_ctx_fail(rd->m.base.ctx, HF_ENOMEM, "out of memory");
    r->ntransfers = r->cap_transfers = n;
    return HF_OK;
}

static hf_err take_transfer(h5io_reader *io, void *row, size_t i)
{
    reader *rd = (reader *)io;
    transfer_row *x = row;
    hf_results *r = rd->m.r;
    hf_transfer_rec *t = &r->transfers[i];
    int f = hf_strmap_get(rd->file_map, h5io_or_empty(x->file));
    if (f < 0) {
        hf_err err = h5io_take_str(&rd->m.base, &x->file, &r->file_names[r->nfiles]);
        if (err) return err;
        f = (int)r->nfiles++;
        if (hf_strmap_put(rd->file_map, r->file_names[f], f) < 0)
            return hf_ctx_fail(rd->m.base.ctx, HF_ENOMEM, "out of memory");
    }
    t->file = f;
    if ((t->src = find_res(rd, x->src, "/transfers", i, "src")) < 0 ||
        (t->dst = find_res(rd, x->dst, "/transfers", i, "dst")) < 0)
        return HF_EINPUT;
    t->task = hf_strmap_get(rd->task_map, h5io_or_empty(x->task));
    if (t->task < 0)
        return hf_ctx_fail(rd->m.base.ctx, HF_EINPUT, "'%s': /transfers row %zu: unknown task '%s'",
                           rd->m.base.path, i, h5io_or_empty(x->task));
    t->bytes = x->bytes;
    t->start = x->start;
    t->end = x->end;
    t->path = -1;
    if (r->paths) {
        const char *name = h5io_or_empty(x->path);
        for (int k = 0; k < HF_NPATHS && t->path < 0; k++)
            if (strcmp(name, hf_transfer_paths[k]) == 0) t->path = k;
        if (t->path < 0)
            return hf_ctx_fail(rd->m.base.ctx, HF_EINPUT,
                               "'%s': /transfers row %zu: unknown path '%s'", rd->m.base.path, i,
                               name);
    }
    return HF_OK;
}

/* /transfers, with its path column when the file has one (runs with a transfer mode other than
 * direct): r->paths says which. */
static hf_err read_transfers(reader *rd)
{
    rd->m.r->paths = h5io_has_column(&rd->m.base, "/transfers", "path");
    return h5io_read_table(&rd->m.base, rd->m.r->paths ? &transfer_path_table : &transfer_table,
                           begin_transfers, take_transfer);
}

static hf_err begin_carbon(h5io_reader *io, size_t n)
{
    reader *rd = (reader *)io;
    hf_results *r = rd->m.r;
    if (n && !(r->carbon = calloc(n, sizeof *r->carbon)))
        return hf_ctx_fail(rd->m.base.ctx, HF_ENOMEM, "out of memory");
    r->ncarbon = n;
    return HF_OK;
}

static hf_err take_carbon(h5io_reader *io, void *row, size_t i)
{
    reader *rd = (reader *)io;
    carbon_row *x = row;
    hf_carbon_rec *c = &rd->m.r->carbon[i];
    hf_err err = h5io_take_str(&rd->m.base, &x->site, &c->site);
    if (err) return err;
    c->pue = x->pue;
    c->intensity = x->intensity;
    c->energy = x->energy;
    c->emissions = x->emissions;
    c->embodied = x->embodied; /* 0 from the older table, which lacks it (calloc'd row) */
    return HF_OK;
}

/* endpoint_names is sized for the worst case (one endpoint per invocation) and filled on first
 * sight, as file_names is. */
static hf_err begin_invokes(h5io_reader *io, size_t n)
{
    reader *rd = (reader *)io;
    hf_results *r = rd->m.r;
    rd->endpoint_map = hf_strmap_new();
    if (n) {
        r->invokes = calloc(n, sizeof *r->invokes);
        r->endpoint_names = calloc(n, sizeof *r->endpoint_names);
    }
    if (!rd->endpoint_map || (n && (!r->invokes || !r->endpoint_names)))
        return hf_ctx_fail(rd->m.base.ctx, HF_ENOMEM, "out of memory");
    r->ninvokes = r->cap_invokes = n;
    return HF_OK;
}

static hf_err take_invoke(h5io_reader *io, void *row, size_t i)
{
    reader *rd = (reader *)io;
    invoke_row *x = row;
    hf_results *r = rd->m.r;
    hf_invoke_rec *v = &r->invokes[i];
    v->task = hf_strmap_get(rd->task_map, h5io_or_empty(x->task));
    if (v->task < 0)
        return hf_ctx_fail(rd->m.base.ctx, HF_EINPUT,
                           "'%s': /invocations row %zu: unknown task '%s' in column 'task'",
                           rd->m.base.path, i, h5io_or_empty(x->task));
    v->resource = -1;
    if (x->resource && x->resource[0] &&
        (v->resource = find_res(rd, x->resource, "/invocations", i, "resource")) < 0)
        return HF_EINPUT;
    int e = hf_strmap_get(rd->endpoint_map, h5io_or_empty(x->endpoint));
    if (e < 0) {
        hf_err err = h5io_take_str(&rd->m.base, &x->endpoint, &r->endpoint_names[r->nendpoints]);
        if (err) return err;
        e = (int)r->nendpoints++;
        if (hf_strmap_put(rd->endpoint_map, r->endpoint_names[e], e) < 0)
            return hf_ctx_fail(rd->m.base.ctx, HF_ENOMEM, "out of memory");
    }
    v->endpoint = e;
    v->cold = x->cold;
    v->redeployed = x->redeployed;
    v->submit = x->submit;
    v->start = x->start;
    v->latency = x->latency;
    v->overhead = x->overhead;
    v->pull = x->pull;
    v->init = x->init;
    v->compile = x->compile;
    return HF_OK;
}

/* The serverless figures of /summary; each is absent from older files and then reads as 0. A
 * count must not be negative. */
static hf_err read_serverless_summary(reader *rd, hid_t g)
{
    hf_results *r = rd->m.r;
    size_t *const counts[] = {&r->cold_starts, &r->warm_starts, &r->compiles, &r->redeployments,
                              &r->deferrals};
    static const char *const count_names[] = {"cold_starts", "warm_starts", "compiles",
                                              "redeployments", "deferrals"};
    double *const reals[] = {&r->cold_seconds, &r->compile_seconds, &r->deferred_seconds,
                             &r->embodied};
    static const char *const real_names[] = {"cold_seconds", "compile_seconds",
                                             "deferred_seconds", "embodied"};
    hf_err err;
    int has = 0;
    for (size_t i = 0; i < H5IO_COUNT(count_names); i++) {
        int64_t v = 0;
        if ((err = h5io_attr_present(&rd->m.base, g, "/summary", count_names[i], &has)) ||
            (has && (err = h5io_read_num_attr(&rd->m.base, g, "/summary", count_names[i],
                                              H5T_NATIVE_INT64, 1, &v))))
            return err;
        if (v < 0)
            return hf_ctx_fail(rd->m.base.ctx, HF_EINPUT,
                               "'%s': attribute '%s' of '/summary' is %lld", rd->m.base.path,
                               count_names[i], (long long)v);
        *counts[i] = (size_t)v;
    }
    for (size_t i = 0; i < H5IO_COUNT(real_names); i++) {
        *reals[i] = 0;
        if ((err = h5io_attr_present(&rd->m.base, g, "/summary", real_names[i], &has)) ||
            (has && (err = h5io_read_num_attr(&rd->m.base, g, "/summary", real_names[i],
                                              H5T_NATIVE_DOUBLE, 0, reals[i]))))
            return err;
    }
    return HF_OK;
}

/* /summary; its row counts must match the tables. */
static hf_err read_summary(reader *rd, hid_t g)
{
    hf_results *r = rd->m.r;
    int64_t ntasks = 0, ntransfers = 0;
    hf_err err;
    if ((err = h5io_read_num_attr(&rd->m.base, g, "/summary", "makespan", H5T_NATIVE_DOUBLE, 0,
                                  &r->makespan)) ||
        (err = h5io_read_num_attr(&rd->m.base, g, "/summary", "energy", H5T_NATIVE_DOUBLE, 0,
                                  &r->energy)) ||
        (err = h5io_read_num_attr(&rd->m.base, g, "/summary", "bytes_moved", H5T_NATIVE_DOUBLE, 0,
                                  &r->bytes_moved)) ||
        (err = h5io_read_num_attr(&rd->m.base, g, "/summary", "tasks", H5T_NATIVE_INT64, 1,
                                  &ntasks)) ||
        (err = h5io_read_num_attr(&rd->m.base, g, "/summary", "transfers", H5T_NATIVE_INT64, 1,
                                  &ntransfers)))
        return err;
    if (ntasks != (int64_t)r->ntasks || ntransfers != (int64_t)r->ntransfers)
        return hf_ctx_fail(rd->m.base.ctx, HF_EINPUT,
                           "'%s': /summary counts %lld tasks and %lld transfers, but /tasks has "
                           "%zu rows and /transfers %zu",
                           rd->m.base.path, (long long)ntasks, (long long)ntransfers, r->ntasks,
                           r->ntransfers);
    int has = 0;
    int64_t ninvokes = 0;
    if ((err = h5io_attr_present(&rd->m.base, g, "/summary", "invocations", &has)) ||
        (has && (err = h5io_read_num_attr(&rd->m.base, g, "/summary", "invocations",
                                          H5T_NATIVE_INT64, 1, &ninvokes))))
        return err;
    if (has && ninvokes != (int64_t)r->ninvokes)
        return hf_ctx_fail(rd->m.base.ctx, HF_EINPUT,
                           "'%s': /summary counts %lld invocations, but /invocations has %zu rows",
                           rd->m.base.path, (long long)ninvokes, r->ninvokes);
    has = 0;
    if ((err = h5io_attr_present(&rd->m.base, g, "/summary", "emissions", &has)) ||
        (has && (err = h5io_read_num_attr(&rd->m.base, g, "/summary", "emissions",
                                          H5T_NATIVE_DOUBLE, 0, &rd->m.r->emissions))))
        return err;
    return read_serverless_summary(rd, g);
}

hf_err hf_results_read(hf_ctx *ctx, const char *path, hf_results **out)
{
    reader rd = {0};
    hid_t summary = -1;
    hf_err err;

    *out = NULL;
    if ((err =
             h5io_open(&rd.m.base, ctx, path, "hetflow results file", FORMAT_NAME, FORMAT_VERSION)))
        goto fail;
    if (!(rd.m.r = hf_results_new())) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    if ((err = h5meta_read(&rd.m)) ||
        (err = h5io_read_table(&rd.m.base, &res_table, begin_res, take_res)) ||
        (err = h5io_read_table(&rd.m.base,
                               h5io_has_column(&rd.m.base, "/tasks", "emissions") ? &task_table
                                                                                  : &task_table_v1,
                               begin_tasks, take_task)) ||
        (err = read_transfers(&rd)) ||
        (err = h5io_read_table(&rd.m.base, &invoke_table, begin_invokes, take_invoke)) ||
        (err = h5io_read_table(&rd.m.base,
                               h5io_has_column(&rd.m.base, "/carbon", "embodied") ||
                                       !h5io_has_column(&rd.m.base, "/carbon", "emissions")
                                   ? &carbon_table
                                   : &carbon_table_v1,
                               begin_carbon, take_carbon)) ||
        (err = h5io_open_group(&rd.m.base, "/summary", &summary)) ||
        (err = read_summary(&rd, summary)))
        goto fail;
    if (rd.m.r->nfiles < rd.m.r->ntransfers) { /* give back the worst-case room */
        char **fit =
            realloc(rd.m.r->file_names, (rd.m.r->nfiles ? rd.m.r->nfiles : 1) * sizeof *fit);
        if (fit) rd.m.r->file_names = fit;
    }
    if (rd.m.r->nendpoints < rd.m.r->ninvokes) {
        char **fit = realloc(rd.m.r->endpoint_names,
                             (rd.m.r->nendpoints ? rd.m.r->nendpoints : 1) * sizeof *fit);
        if (fit) rd.m.r->endpoint_names = fit;
    }
    *out = rd.m.r;
    rd.m.r = NULL;
fail:
    h5io_close_group(summary);
    h5io_close(&rd.m.base);
    hf_strmap_free(rd.res_map);
    hf_strmap_free(rd.task_map);
    hf_strmap_free(rd.file_map);
    hf_strmap_free(rd.endpoint_map);
    hf_results_free(rd.m.r);
    return err;
}
