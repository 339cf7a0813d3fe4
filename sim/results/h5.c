/* h5.c: results to and from HDF5 (docs/results-format.md); the only file that includes hdf5.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "core/strmap.h"
#include "hetflow/hf_results.h"

#define FORMAT_NAME "hetflow-results"
#define FORMAT_VERSION 1
#define BLOCK_ROWS                                                                                 \
    16384 /* rows per chunk and per H5Dwrite / H5Dread call: 16384 keeps the write's buffers ~11   \
             MB below 65536 at 10^5 tasks for a file 2.6 % larger (docs/performance.md) */

/* ---- table descriptions: one row struct and one column list per dataset ---- */

typedef enum col_kind { COL_STR, COL_I32, COL_F64 } col_kind;

typedef struct column {
    const char *name; /* member name in the compound type */
    col_kind kind;    /* vlen UTF-8 string, int32 or float64 */
    size_t offset;    /* offset of the member in the in-memory row struct */
} column;

typedef struct table {
    const char *path;   /* dataset path ("/tasks") */
    const column *cols; /* columns in file order */
    size_t ncols;
    size_t row_size; /* size of the in-memory row struct */
    int optional;    /* absent from older files: reads as 0 rows */
} table;

/* In-memory rows. When writing, strings point into the results (HDF5 only reads them); when
 * reading, they are allocated through a string_pool and owned by the row until taken. */
typedef struct task_row {
    char *name, *resource, *variant;
    int32_t cores;
    double ready, dispatch, start, end, bytes_in, bytes_out, energy;
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
} transfer_row;

typedef struct invoke_row {
    char *task, *endpoint, *resource;
    int32_t cold, redeployed;
    double submit, start, latency, overhead, pull, init, compile;
} invoke_row;

/* clang-format off */
#define COL(type, field, kind) {#field, kind, offsetof(type, field)}
/* clang-format on */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const column task_cols[] = {
    COL(task_row, name, COL_STR),     COL(task_row, resource, COL_STR),
    COL(task_row, variant, COL_STR),  COL(task_row, cores, COL_I32),
    COL(task_row, ready, COL_F64),    COL(task_row, dispatch, COL_F64),
    COL(task_row, start, COL_F64),    COL(task_row, end, COL_F64),
    COL(task_row, bytes_in, COL_F64), COL(task_row, bytes_out, COL_F64),
    COL(task_row, energy, COL_F64),
};
static const column res_cols[] = {
    COL(res_row, name, COL_STR),        COL(res_row, kind, COL_STR),
    COL(res_row, site, COL_STR),        COL(res_row, cores, COL_I32),
    COL(res_row, speed, COL_F64),       COL(res_row, tasks, COL_I32),
    COL(res_row, busy_time, COL_F64),   COL(res_row, core_seconds, COL_F64),
    COL(res_row, utilisation, COL_F64), COL(res_row, energy, COL_F64),
};
static const column transfer_cols[] = {
    COL(transfer_row, file, COL_STR),  COL(transfer_row, src, COL_STR),
    COL(transfer_row, dst, COL_STR),   COL(transfer_row, task, COL_STR),
    COL(transfer_row, bytes, COL_F64), COL(transfer_row, start, COL_F64),
    COL(transfer_row, end, COL_F64),
};
static const column invoke_cols[] = {
    COL(invoke_row, task, COL_STR),       COL(invoke_row, endpoint, COL_STR),
    COL(invoke_row, resource, COL_STR),   COL(invoke_row, cold, COL_I32),
    COL(invoke_row, redeployed, COL_I32), COL(invoke_row, submit, COL_F64),
    COL(invoke_row, start, COL_F64),      COL(invoke_row, latency, COL_F64),
    COL(invoke_row, overhead, COL_F64),   COL(invoke_row, pull, COL_F64),
    COL(invoke_row, init, COL_F64),       COL(invoke_row, compile, COL_F64),
};

static const table task_table = {"/tasks", task_cols, COUNT(task_cols), sizeof(task_row), 0};
static const table res_table = {"/resources", res_cols, COUNT(res_cols), sizeof(res_row), 0};
static const table transfer_table = {"/transfers", transfer_cols, COUNT(transfer_cols),
                                     sizeof(transfer_row), 0};
/* optional: files written before the serverless modes have no /invocations */
static const table invoke_table = {"/invocations", invoke_cols, COUNT(invoke_cols),
                                   sizeof(invoke_row), 1};

/* The run's mode; NULL (results of an executor without serverless modes) means direct. */
static const char *mode_of(const hf_results *r)
{
    return r->mode ? r->mode : "direct";
}

/* ---- HDF5 helpers ---- */

typedef struct msgbuf {
    char *buf;
    size_t len;
} msgbuf;

static herr_t keep_innermost(unsigned n, const H5E_error2_t *e, void *data)
{
    msgbuf *m = data;
    if (n == 0 && e->desc) snprintf(m->buf, m->len, "%s", e->desc);
    return 0;
}

/* The most specific message on HDF5's error stack, "" when it is empty. Must run before any
 * other HDF5 call, since each API call clears the stack. */
static void h5_reason(char *buf, size_t len)
{
    msgbuf m = {buf, len};
    buf[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &m);
}

/* Set ctx to the formatted message followed by ": <HDF5's reason>" when HDF5 gave one, and
 * return code. */
__attribute__((format(printf, 3, 4))) static hf_err h5_fail(hf_ctx *ctx, hf_err code,
                                                            const char *fmt, ...)
{
    char reason[512], what[2048];
    h5_reason(reason, sizeof reason);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (reason[0]) return hf_ctx_fail(ctx, code, "%s: %s", what, reason);
    return hf_ctx_fail(ctx, code, "%s", what);
}

/* A variable-length string type with the given character set. Negative on failure. */
static hid_t vlen_string_type(H5T_cset_t cset)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, cset) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

/* The compound type of t's rows, in memory (native types at the row struct's offsets) or on
 * disk (packed, little-endian). str is the vlen string type. Negative on failure. */
static hid_t row_type(const table *t, hid_t str, int disk)
{
    size_t size = t->row_size;
    if (disk) {
        size = 0;
        for (size_t c = 0; c < t->ncols; c++)
            size += t->cols[c].kind == COL_STR   ? H5Tget_size(str)
                    : t->cols[c].kind == COL_I32 ? 4
                                                 : 8;
    }
    hid_t type = H5Tcreate(H5T_COMPOUND, size);
    if (type < 0) return type;
    size_t off = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        const column *col = &t->cols[c];
        hid_t mt = col->kind == COL_STR   ? str
                   : col->kind == COL_I32 ? (disk ? H5T_STD_I32LE : H5T_NATIVE_INT32)
                                          : (disk ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE);
        if (H5Tinsert(type, col->name, disk ? off : col->offset, mt) < 0) {
            H5Tclose(type);
            return -1;
        }
        off += H5Tget_size(mt);
    }
    return type;
}

/* Close id when it is valid. */
static void close_type(hid_t id)
{
    if (id >= 0) H5Tclose(id);
}
static void close_space(hid_t id)
{
    if (id >= 0) H5Sclose(id);
}
static void close_plist(hid_t id)
{
    if (id >= 0) H5Pclose(id);
}
static void close_group(hid_t id)
{
    if (id >= 0) H5Gclose(id);
}
static void close_dset(hid_t id)
{
    if (id >= 0) H5Dclose(id);
}
static void close_attr(hid_t id)
{
    if (id >= 0) H5Aclose(id);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* ================================ writing ================================ */

typedef struct writer {
    hf_ctx *ctx;
    const hf_results *r;
    const char *path; /* final path, for messages */
    hid_t file;       /* the temporary file */
    hid_t str;        /* vlen UTF-8 string type (memory and disk) */
    hid_t acpl;       /* attribute creation: UTF-8 names */
} writer;

typedef void (*fill_fn)(const hf_results *r, size_t i, void *row);

/* Attribute name = *value (scalar) on loc; where names loc in messages. */
static hf_err write_attr(writer *w, hid_t loc, const char *where, const char *name, hid_t ftype,
                         hid_t mtype, const void *value)
{
    hid_t space = -1, a = -1;
    hf_err err = HF_OK;
    space = H5Screate(H5S_SCALAR);
    if (space >= 0) a = H5Acreate2(loc, name, ftype, space, w->acpl, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, mtype, value) < 0) {
        err = h5_fail(w->ctx, HF_EIO, "cannot write '%s': cannot write attribute '%s' of '%s'",
                      w->path, name, where);
        goto fail;
    }
fail:
    close_attr(a);
    close_space(space);
    return err;
}

static hf_err write_str_attr(writer *w, hid_t loc, const char *where, const char *name,
                             const char *value)
{
    const char *v = or_empty(value);
    return write_attr(w, loc, where, name, w->str, w->str, &v);
}

/* Create group path (attribute creation order tracked when track is set). */
static hf_err create_group(writer *w, const char *path, int track, hid_t *out)
{
    hid_t gcpl = -1;
    hf_err err = HF_OK;
    gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0 ||
        (track &&
         H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) ||
        (*out = H5Gcreate2(w->file, path, H5P_DEFAULT, gcpl, H5P_DEFAULT)) < 0) {
        err = h5_fail(w->ctx, HF_EIO, "cannot write '%s': cannot create group '%s'", w->path, path);
        goto fail;
    }
fail:
    close_plist(gcpl);
    return err;
}

/* Dataset t->path with n rows, filled block by block by fill. Chunked (one chunk per block) and
 * deflated; maximum size unlimited so that a 0-row table still has a valid chunk shape. */
static hf_err write_table(writer *w, const table *t, size_t n, fill_fn fill)
{
    hid_t mtype = -1, ftype = -1, space = -1, mspace = -1, dcpl = -1, dset = -1;
    char *buf = NULL;
    hf_err err = HF_OK;
    hsize_t dims = n, maxdims = H5S_UNLIMITED;
    hsize_t chunk = n == 0 ? 1 : n < BLOCK_ROWS ? n : BLOCK_ROWS;

    mtype = row_type(t, w->str, 0);
    ftype = row_type(t, w->str, 1);
    space = H5Screate_simple(1, &dims, &maxdims);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (mtype < 0 || ftype < 0 || space < 0 || dcpl < 0 || H5Pset_chunk(dcpl, 1, &chunk) < 0 ||
        H5Pset_deflate(dcpl, 1) < 0 ||
        (dset = H5Dcreate2(w->file, t->path, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0) {
        err = h5_fail(w->ctx, HF_EIO, "cannot write '%s': cannot create dataset '%s'", w->path,
                      t->path);
        goto fail;
    }
    if (n > 0 && !(buf = malloc((size_t)chunk * t->row_size))) {
        err = hf_ctx_fail(w->ctx, HF_EIO, "cannot write '%s': out of memory", w->path);
        goto fail;
    }
    for (size_t first = 0; first < n;) {
        size_t m = n - first < BLOCK_ROWS ? n - first : BLOCK_ROWS;
        hsize_t start = first, count = m;
        memset(buf, 0, m * t->row_size);
        for (size_t i = 0; i < m; i++)
            fill(w->r, first + i, buf + i * t->row_size);
        close_space(mspace);
        mspace = H5Screate_simple(1, &count, NULL);
        if (mspace < 0 ||
            H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0 ||
            H5Dwrite(dset, mtype, mspace, space, H5P_DEFAULT, buf) < 0) {
            err = h5_fail(w->ctx, HF_EIO, "cannot write '%s': cannot write rows %zu-%zu of '%s'",
                          w->path, first, first + m - 1, t->path);
            goto fail;
        }
        first += m;
    }
fail:
    free(buf);
    close_dset(dset);
    close_plist(dcpl);
    close_space(mspace);
    close_space(space);
    close_type(ftype);
    close_type(mtype);
    return err;
}

/* The casts drop const: HDF5 reads these strings and never writes through the pointers. */
static void fill_task(const hf_results *r, size_t i, void *row)
{
    const hf_task_rec *t = &r->tasks[i];
    task_row *x = row;
    x->name = (char *)or_empty(t->name);
    x->resource = (char *)(t->resource >= 0 ? or_empty(r->res[t->resource].name) : "");
    x->variant = (char *)or_empty(t->variant);
    x->cores = t->cores;
    x->ready = t->ready;
    x->dispatch = t->dispatch;
    x->start = t->start;
    x->end = t->end;
    x->bytes_in = t->bytes_in;
    x->bytes_out = t->bytes_out;
    x->energy = t->energy;
}

static void fill_res(const hf_results *r, size_t i, void *row)
{
    const hf_res_rec *s = &r->res[i];
    res_row *x = row;
    x->name = (char *)or_empty(s->name);
    x->kind = (char *)or_empty(s->kind);
    x->site = (char *)or_empty(s->site);
    x->cores = s->cores;
    x->speed = s->speed;
    x->tasks = s->tasks;
    x->busy_time = s->busy_time;
    x->core_seconds = s->core_seconds;
    x->utilisation = s->utilisation;
    x->energy = s->energy;
}

static void fill_transfer(const hf_results *r, size_t i, void *row)
{
    const hf_transfer_rec *t = &r->transfers[i];
    transfer_row *x = row;
    x->file = (char *)or_empty(r->file_names[t->file]);
    x->src = (char *)or_empty(r->res[t->src].name);
    x->dst = (char *)or_empty(r->res[t->dst].name);
    x->task = (char *)or_empty(r->tasks[t->task].name);
    x->bytes = t->bytes;
    x->start = t->start;
    x->end = t->end;
}

static void fill_invoke(const hf_results *r, size_t i, void *row)
{
    const hf_invoke_rec *v = &r->invokes[i];
    invoke_row *x = row;
    x->task = (char *)or_empty(r->tasks[v->task].name);
    x->endpoint = (char *)or_empty(r->endpoint_names[v->endpoint]);
    x->resource = (char *)(v->resource >= 0 ? or_empty(r->res[v->resource].name) : "");
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

/* Fail when two of the n names (a char * at the start of each stride-byte record from base;
 * NULL counts as "") are equal: rows refer to each other by name in the file. */
static hf_err check_unique(writer *w, const void *base, size_t stride, size_t n, const char *what)
{
    hf_strmap *m = hf_strmap_new();
    hf_err err = HF_OK;
    if (!m) {
        err = hf_ctx_fail(w->ctx, HF_EIO, "cannot write '%s': out of memory", w->path);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = or_empty(*(char *const *)((const char *)base + i * stride));
        int rc = hf_strmap_put(m, name, (int)i);
        if (rc != 0) {
            err = rc < 0 ? hf_ctx_fail(w->ctx, HF_EIO, "cannot write '%s': out of memory", w->path)
                         : hf_ctx_fail(w->ctx, HF_EIO, "cannot write '%s': duplicate %s name '%s'",
                                       w->path, what, name);
            goto fail;
        }
    }
fail:
    hf_strmap_free(m);
    return err;
}

/* Check what the reader relies on: indices in range, unique names, row counts within int. */
static hf_err validate(writer *w)
{
    const hf_results *r = w->r;
    if (r->nres > INT_MAX || r->ntasks > INT_MAX || r->nfiles > INT_MAX ||
        r->ntransfers > INT_MAX || r->nendpoints > INT_MAX || r->ninvokes > INT_MAX)
        return hf_ctx_fail(w->ctx, HF_EIO, "cannot write '%s': too many rows", w->path);
    for (size_t i = 0; i < r->ntasks; i++) {
        int k = r->tasks[i].resource;
        if (k < -1 || k >= (int)r->nres)
            return hf_ctx_fail(w->ctx, HF_EIO,
                               "cannot write '%s': task '%s' has resource index %d (%zu resources)",
                               w->path, or_empty(r->tasks[i].name), k, r->nres);
    }
    for (size_t i = 0; i < r->ntransfers; i++) {
        const hf_transfer_rec *t = &r->transfers[i];
        if (t->file < 0 || t->file >= (int)r->nfiles || t->src < 0 || t->src >= (int)r->nres ||
            t->dst < 0 || t->dst >= (int)r->nres || t->task < 0 || t->task >= (int)r->ntasks)
            return hf_ctx_fail(w->ctx, HF_EIO,
                               "cannot write '%s': transfer %zu has an index out of range "
                               "(file %d of %zu, src %d and dst %d of %zu, task %d of %zu)",
                               w->path, i, t->file, r->nfiles, t->src, t->dst, r->nres, t->task,
                               r->ntasks);
    }
    for (size_t i = 0; i < r->ninvokes; i++) {
        const hf_invoke_rec *v = &r->invokes[i];
        if (v->task < 0 || v->task >= (int)r->ntasks || v->endpoint < 0 ||
            v->endpoint >= (int)r->nendpoints || v->resource < -1 || v->resource >= (int)r->nres)
            return hf_ctx_fail(w->ctx, HF_EIO,
                               "cannot write '%s': invocation %zu has an index out of range "
                               "(task %d of %zu, endpoint %d of %zu, resource %d of %zu)",
                               w->path, i, v->task, r->ntasks, v->endpoint, r->nendpoints,
                               v->resource, r->nres);
    }
    hf_err err = check_unique(w, r->res, sizeof *r->res, r->nres, "resource");
    if (!err) err = check_unique(w, r->tasks, sizeof *r->tasks, r->ntasks, "task");
    if (!err) err = check_unique(w, r->file_names, sizeof *r->file_names, r->nfiles, "file");
    if (!err)
        err = check_unique(w, r->endpoint_names, sizeof *r->endpoint_names, r->nendpoints,
                           "endpoint");
    return err;
}

/* Root attributes, /metadata and /metadata/parameters. */
static hf_err write_metadata(writer *w)
{
    const hf_results *r = w->r;
    hid_t root = -1, meta = -1, params = -1;
    hf_err err = HF_OK;
    int version = FORMAT_VERSION, completed = r->completed;

    root = H5Gopen2(w->file, "/", H5P_DEFAULT);
    if (root < 0) {
        err = h5_fail(w->ctx, HF_EIO, "cannot write '%s': cannot open the root group", w->path);
        goto fail;
    }
    if ((err = write_str_attr(w, root, "/", "format", FORMAT_NAME)) ||
        (err =
             write_attr(w, root, "/", "format_version", H5T_STD_I32LE, H5T_NATIVE_INT, &version)) ||
        (err = create_group(w, "/metadata", 0, &meta)) ||
        (err = write_str_attr(w, meta, "/metadata", "hetflow_version", r->hetflow_version)) ||
        (err = write_str_attr(w, meta, "/metadata", "simgrid_version", r->simgrid_version)) ||
        (err = write_str_attr(w, meta, "/metadata", "scenario", r->scenario)) ||
        (err = write_str_attr(w, meta, "/metadata", "platform", r->platform)) ||
        (err = write_str_attr(w, meta, "/metadata", "workflow", r->workflow)) ||
        (err = write_str_attr(w, meta, "/metadata", "policy", r->policy)) ||
        (err = write_str_attr(w, meta, "/metadata", "mode", mode_of(r))) ||
        (err = write_attr(w, meta, "/metadata", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                          &r->seed)) ||
        (err = write_attr(w, meta, "/metadata", "completed", H5T_STD_I32LE, H5T_NATIVE_INT,
                          &completed)) ||
        (err = create_group(w, "/metadata/parameters", 1, &params)))
        goto fail;
    for (size_t i = 0; i < r->nparams; i++) {
        err = write_str_attr(w, params, "/metadata/parameters", or_empty(r->param_names[i]),
                             r->param_values[i]);
        if (err) goto fail;
    }
fail:
    close_group(params);
    close_group(meta);
    close_group(root);
    return err;
}

static hf_err write_summary(writer *w)
{
    const hf_results *r = w->r;
    hid_t g = -1;
    hf_err err = HF_OK;
    int64_t ntasks = (int64_t)r->ntasks, ntransfers = (int64_t)r->ntransfers;
    int64_t ninvokes = (int64_t)r->ninvokes, cold = (int64_t)r->cold_starts,
            warm = (int64_t)r->warm_starts, compiles = (int64_t)r->compiles,
            redeploys = (int64_t)r->redeployments;
    if ((err = create_group(w, "/summary", 0, &g)) ||
        (err = write_attr(w, g, "/summary", "makespan", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          &r->makespan)) ||
        (err = write_attr(w, g, "/summary", "energy", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          &r->energy)) ||
        (err = write_attr(w, g, "/summary", "bytes_moved", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          &r->bytes_moved)) ||
        (err = write_attr(w, g, "/summary", "tasks", H5T_STD_I64LE, H5T_NATIVE_INT64, &ntasks)) ||
        (err = write_attr(w, g, "/summary", "transfers", H5T_STD_I64LE, H5T_NATIVE_INT64,
                          &ntransfers)) ||
        (err = write_attr(w, g, "/summary", "invocations", H5T_STD_I64LE, H5T_NATIVE_INT64,
                          &ninvokes)) ||
        (err =
             write_attr(w, g, "/summary", "cold_starts", H5T_STD_I64LE, H5T_NATIVE_INT64, &cold)) ||
        (err =
             write_attr(w, g, "/summary", "warm_starts", H5T_STD_I64LE, H5T_NATIVE_INT64, &warm)) ||
        (err = write_attr(w, g, "/summary", "cold_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          &r->cold_seconds)) ||
        (err = write_attr(w, g, "/summary", "compile_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          &r->compile_seconds)) ||
        (err = write_attr(w, g, "/summary", "compiles", H5T_STD_I64LE, H5T_NATIVE_INT64,
                          &compiles)) ||
        (err = write_attr(w, g, "/summary", "redeployments", H5T_STD_I64LE, H5T_NATIVE_INT64,
                          &redeploys)))
        goto fail;
fail:
    close_group(g);
    return err;
}

hf_err hf_results_write(hf_ctx *ctx, const hf_results *r, const char *path)
{
    writer w = {.ctx = ctx, .r = r, .path = path, .file = -1, .str = -1, .acpl = -1};
    hid_t fapl = -1;
    char *tmp = NULL;
    int have_tmp = 0;
    hf_err err = HF_OK;
    H5E_auto2_t old_func = NULL;
    void *old_data = NULL;

    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if ((err = validate(&w))) goto fail;

    size_t len = strlen(path) + 32;
    if (!(tmp = malloc(len))) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': out of memory", path);
        goto fail;
    }
    snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
    /* Create it ourselves first: errno names the problem (missing directory, permissions)
     * better than HDF5's driver message does. */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': cannot create '%s': %s", path, tmp,
                          strerror(errno));
        goto fail;
    }
    close(fd);
    have_tmp = 1;

    w.str = vlen_string_type(H5T_CSET_UTF8);
    w.acpl = H5Pcreate(H5P_ATTRIBUTE_CREATE);
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    /* STRONG: closing the file closes anything a failed step left open. */
    if (w.str < 0 || w.acpl < 0 || fapl < 0 || H5Pset_char_encoding(w.acpl, H5T_CSET_UTF8) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        (w.file = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl)) < 0) {
        err = h5_fail(ctx, HF_EIO, "cannot write '%s': cannot create '%s'", path, tmp);
        goto fail;
    }
    if ((err = write_metadata(&w)) || (err = write_table(&w, &task_table, r->ntasks, fill_task)) ||
        (err = write_table(&w, &res_table, r->nres, fill_res)) ||
        (err = write_table(&w, &transfer_table, r->ntransfers, fill_transfer)) ||
        (err = write_table(&w, &invoke_table, r->ninvokes, fill_invoke)) ||
        (err = write_summary(&w)))
        goto fail;
    herr_t closed = H5Fclose(w.file);
    w.file = -1;
    if (closed < 0) {
        err = h5_fail(ctx, HF_EIO, "cannot write '%s': cannot close '%s'", path, tmp);
        goto fail;
    }
    /* no fsync: rename alone keeps PATH complete when a run fails or is killed; flushing to disk
     * (about 1 s per result file on this project's VMs) would only add power-loss safety, at a
     * cost every point of a sweep pays */
    if (rename(tmp, path) != 0) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': cannot rename '%s' to it: %s", path, tmp,
                          strerror(errno));
        goto fail;
    }
    have_tmp = 0;
fail:
    if (w.file >= 0) H5Fclose(w.file);
    close_plist(fapl);
    close_plist(w.acpl);
    close_type(w.str);
    if (have_tmp) remove(tmp);
    free(tmp);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    return err;
}

/* ================================ reading ================================ */

/* Every vlen string HDF5 allocates during one H5Dread, so that a failed read can free them
 * all and a successful one hands them to the rows. */
typedef struct string_pool {
    void **live; /* allocations not yet handed over */
    size_t n, cap;
    int oom; /* an allocation failed */
} string_pool;

static void *pool_alloc(size_t size, void *info)
{
    string_pool *p = info;
    if (p->n == p->cap) {
        size_t ncap = p->cap ? 2 * p->cap : 1024;
        void **nl = ncap < SIZE_MAX / sizeof *nl ? realloc(p->live, ncap * sizeof *nl) : NULL;
        if (!nl) {
            p->oom = 1;
            return NULL;
        }
        p->live = nl;
        p->cap = ncap;
    }
    void *mem = malloc(size ? size : 1);
    if (!mem) {
        p->oom = 1;
        return NULL;
    }
    p->live[p->n++] = mem;
    return mem;
}

static void pool_release(void *mem, void *info)
{
    string_pool *p = info;
    for (size_t i = p->n; i-- > 0;) {
        if (p->live[i] == mem) {
            p->live[i] = p->live[--p->n];
            break;
        }
    }
    free(mem);
}

/* Free every allocation not handed over. */
static void pool_drain(string_pool *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->live[i]);
    p->n = 0;
}

typedef struct reader {
    hf_ctx *ctx;
    const char *path;
    hid_t file;
    hid_t str;  /* vlen UTF-8 string memory type */
    hid_t xfer; /* dataset transfer: vlen strings allocated through pool */
    string_pool pool;
    hf_results *r;                                           /* being filled */
    hf_strmap *res_map, *task_map, *file_map, *endpoint_map; /* name -> index, keys borrowed
                                                                from r */
} reader;

typedef hf_err (*begin_fn)(reader *rd, size_t n);
typedef hf_err (*take_fn)(reader *rd, void *row, size_t i);

/* Fail unless attribute name exists on loc with one element of class want (or, when
 * want_number, an integer or a float). */
static hf_err open_attr(reader *rd, hid_t loc, const char *where, const char *name,
                        H5T_class_t want, int want_number, hid_t *out_attr, hid_t *out_type)
{
    hid_t a = -1, type = -1, space = -1;
    hf_err err = HF_OK;
    htri_t has = H5Aexists(loc, name);
    if (has <= 0) {
        err = has < 0 ? h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot look up attribute '%s' of '%s'",
                                rd->path, name, where)
                      : hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': '%s' has no attribute '%s'",
                                    rd->path, where, name);
        goto fail;
    }
    a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a >= 0) type = H5Aget_type(a);
    if (type >= 0) space = H5Aget_space(a);
    if (space < 0) {
        err = h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot open attribute '%s' of '%s'", rd->path,
                      name, where);
        goto fail;
    }
    H5T_class_t cls = H5Tget_class(type);
    int ok = want_number ? cls == H5T_INTEGER || cls == H5T_FLOAT : cls == want;
    if (!ok || H5Sget_simple_extent_npoints(space) != 1) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': attribute '%s' of '%s' is not %s", rd->path,
                          name, where,
                          want_number          ? "a single number"
                          : want == H5T_STRING ? "a single string"
                                               : "a single integer");
        goto fail;
    }
    *out_attr = a;
    *out_type = type;
    a = type = -1;
fail:
    close_space(space);
    close_type(type);
    close_attr(a);
    return err;
}

/* *out = new copy of string attribute name of loc (vlen or fixed-length). */
static hf_err read_str_attr(reader *rd, hid_t loc, const char *where, const char *name, char **out)
{
    hid_t a = -1, ftype = -1, mtype = -1;
    char *vs = NULL, *fs = NULL;
    hf_err err = open_attr(rd, loc, where, name, H5T_STRING, 0, &a, &ftype);
    if (err) goto fail;
    if (H5Tis_variable_str(ftype) > 0) {
        mtype = vlen_string_type(H5Tget_cset(ftype));
        if (mtype < 0 || H5Aread(a, mtype, &vs) < 0) {
            err = h5_fail(rd->ctx, HF_EIO, "'%s': cannot read attribute '%s' of '%s'", rd->path,
                          name, where);
            goto fail;
        }
        if (!(*out = strdup(vs ? vs : ""))) err = hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    } else {
        size_t len = H5Tget_size(ftype);
        if (!(fs = calloc(len + 1, 1))) {
            err = hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
            goto fail;
        }
        mtype = H5Tcopy(H5T_C_S1);
        if (mtype < 0 || H5Tset_size(mtype, len + 1) < 0 ||
            H5Tset_strpad(mtype, H5T_STR_NULLTERM) < 0 ||
            H5Tset_cset(mtype, H5Tget_cset(ftype)) < 0 || H5Aread(a, mtype, fs) < 0) {
            err = h5_fail(rd->ctx, HF_EIO, "'%s': cannot read attribute '%s' of '%s'", rd->path,
                          name, where);
            goto fail;
        }
        *out = fs;
        fs = NULL;
    }
fail:
    if (vs) H5free_memory(vs);
    free(fs);
    close_type(mtype);
    close_type(ftype);
    close_attr(a);
    return err;
}

/* *out = numeric attribute name of loc converted to mtype; integer_only rejects floats. */
static hf_err read_num_attr(reader *rd, hid_t loc, const char *where, const char *name, hid_t mtype,
                            int integer_only, void *out)
{
    hid_t a = -1, ftype = -1;
    hf_err err = open_attr(rd, loc, where, name, H5T_INTEGER, !integer_only, &a, &ftype);
    if (err) goto fail;
    if (H5Aread(a, mtype, out) < 0) {
        err = h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot read attribute '%s' of '%s'", rd->path,
                      name, where);
        goto fail;
    }
fail:
    close_type(ftype);
    close_attr(a);
    return err;
}

/* *present = whether loc has attribute name (for attributes older files lack). */
static hf_err attr_present(reader *rd, hid_t loc, const char *where, const char *name, int *present)
{
    htri_t has = H5Aexists(loc, name);
    if (has < 0)
        return h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot look up attribute '%s' of '%s'", rd->path,
                       name, where);
    *present = has > 0;
    return HF_OK;
}

/* Open group path, failing with a message naming it when absent. */
static hf_err open_group(reader *rd, const char *path, hid_t *out)
{
    htri_t has = H5Lexists(rd->file, path, H5P_DEFAULT);
    if (has <= 0)
        return hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': missing group '%s'", rd->path, path);
    *out = H5Gopen2(rd->file, path, H5P_DEFAULT);
    if (*out < 0)
        return h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot open group '%s'", rd->path, path);
    return HF_OK;
}

/* Fail unless dset is a 1-D compound table holding t's columns with usable types (extra
 * columns are ignored). *n = its number of rows. */
static hf_err check_table(reader *rd, const table *t, hid_t dset, size_t *n)
{
    hid_t ftype = -1, space = -1, mt = -1;
    hf_err err = HF_OK;
    hsize_t dims = 0;
    ftype = H5Dget_type(dset);
    space = H5Dget_space(dset);
    if (ftype < 0 || space < 0) {
        err = h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot inspect dataset '%s'", rd->path, t->path);
        goto fail;
    }
    if (H5Tget_class(ftype) != H5T_COMPOUND || H5Sget_simple_extent_ndims(space) != 1 ||
        H5Sget_simple_extent_dims(space, &dims, NULL) != 1) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': dataset '%s' is not a 1-D table of records",
                          rd->path, t->path);
        goto fail;
    }
    if (dims > INT_MAX) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': dataset '%s' has too many rows", rd->path,
                          t->path);
        goto fail;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        const column *col = &t->cols[c];
        int idx = H5Tget_member_index(ftype, col->name);
        if (idx < 0) {
            err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': dataset '%s' has no column '%s'", rd->path,
                              t->path, col->name);
            goto fail;
        }
        mt = H5Tget_member_type(ftype, (unsigned)idx);
        H5T_class_t cls = mt < 0 ? H5T_NO_CLASS : H5Tget_class(mt);
        int ok = col->kind == COL_STR   ? cls == H5T_STRING && H5Tis_variable_str(mt) > 0
                 : col->kind == COL_I32 ? cls == H5T_INTEGER
                                        : cls == H5T_FLOAT || cls == H5T_INTEGER;
        close_type(mt);
        mt = -1;
        if (!ok) {
            err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': column '%s' of dataset '%s' is not %s",
                              rd->path, col->name, t->path,
                              col->kind == COL_STR   ? "a variable-length string"
                              : col->kind == COL_I32 ? "an integer"
                                                     : "a number");
            goto fail;
        }
    }
    *n = (size_t)dims;
fail:
    close_type(mt);
    close_space(space);
    close_type(ftype);
    return err;
}

/* Free the strings a row still owns (take_fn clears those it keeps). */
static void free_row_strings(const table *t, void *row)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].kind != COL_STR) continue;
        char **s = (char **)((char *)row + t->cols[c].offset);
        free(*s);
        *s = NULL;
    }
}

/* Read dataset t->path: begin(n) once, then take(row, i) for every row, block by block. */
static hf_err read_table(reader *rd, const table *t, begin_fn begin, take_fn take)
{
    hid_t dset = -1, mtype = -1, space = -1, mspace = -1;
    char *buf = NULL;
    hf_err err = HF_OK;
    size_t n = 0;

    htri_t has = H5Lexists(rd->file, t->path, H5P_DEFAULT);
    if (has == 0 && t->optional) goto fail; /* an older file: no rows */
    if (has <= 0) {
        err = has < 0 ? h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot look up dataset '%s'", rd->path,
                                t->path)
                      : hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': missing dataset '%s'", rd->path,
                                    t->path);
        goto fail;
    }
    dset = H5Dopen2(rd->file, t->path, H5P_DEFAULT);
    if (dset < 0) {
        err = h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot open dataset '%s'", rd->path, t->path);
        goto fail;
    }
    if ((err = check_table(rd, t, dset, &n))) goto fail;
    mtype = row_type(t, rd->str, 0);
    space = H5Dget_space(dset);
    if (mtype < 0 || space < 0) {
        err = h5_fail(rd->ctx, HF_EIO, "'%s': cannot read dataset '%s'", rd->path, t->path);
        goto fail;
    }
    if ((err = begin(rd, n))) goto fail;
    size_t block = n < BLOCK_ROWS ? n : BLOCK_ROWS;
    if (block && !(buf = malloc(block * t->row_size))) {
        err = hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t first = 0; first < n;) {
        size_t m = n - first < block ? n - first : block;
        hsize_t start = first, count = m;
        memset(buf, 0, m * t->row_size);
        close_space(mspace);
        mspace = H5Screate_simple(1, &count, NULL);
        if (mspace < 0 ||
            H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0 ||
            H5Dread(dset, mtype, mspace, space, rd->xfer, buf) < 0 || rd->pool.oom) {
            err = rd->pool.oom ? hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory")
                               : h5_fail(rd->ctx, HF_EIO, "'%s': cannot read rows %zu-%zu of '%s'",
                                         rd->path, first, first + m - 1, t->path);
            pool_drain(&rd->pool);
            goto fail;
        }
        rd->pool.n = 0; /* the rows in buf own the strings now */
        for (size_t i = 0; i < m; i++) {
            void *row = buf + i * t->row_size;
            if (!err) err = take(rd, row, first + i);
            free_row_strings(t, row);
        }
        if (err) goto fail;
        first += m;
    }
fail:
    free(buf);
    close_space(mspace);
    close_space(space);
    close_type(mtype);
    close_dset(dset);
    return err;
}

/* *dst = *field (taken from the row), or a new "" for a NULL string. */
static hf_err take_str(reader *rd, char **field, char **dst)
{
    *dst = *field ? *field : strdup("");
    *field = NULL;
    return *dst ? HF_OK : hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
}

/* Index of resource name (row i of table, for messages), or -1 with ctx set. */
static int find_res(reader *rd, const char *name, const char *table, size_t i, const char *col)
{
    int k = hf_strmap_get(rd->res_map, name ? name : "");
    if (k < 0)
        hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': %s row %zu: unknown resource '%s' in column '%s'",
                    rd->path, table, i, name ? name : "", col);
    return k;
}

/* Register name -> i in m; duplicates are an input error (rows refer to each other by name). */
static hf_err index_name(reader *rd, hf_strmap *m, const char *name, size_t i, const char *what)
{
    int rc = hf_strmap_put(m, name, (int)i);
    if (rc < 0) return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    if (rc > 0)
        return hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': duplicate %s name '%s'", rd->path, what,
                           name);
    return HF_OK;
}

static hf_err begin_res(reader *rd, size_t n)
{
    rd->res_map = hf_strmap_new();
    if (n) rd->r->res = calloc(n, sizeof *rd->r->res);
    if (!rd->res_map || (n && !rd->r->res)) return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    rd->r->nres = n;
    return HF_OK;
}

static hf_err take_res(reader *rd, void *row, size_t i)
{
    res_row *x = row;
    hf_res_rec *s = &rd->r->res[i];
    hf_err err;
    if ((err = take_str(rd, &x->name, &s->name)) || (err = take_str(rd, &x->kind, &s->kind)) ||
        (err = take_str(rd, &x->site, &s->site)))
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

static hf_err begin_tasks(reader *rd, size_t n)
{
    rd->task_map = hf_strmap_new();
    if (n) rd->r->tasks = calloc(n, sizeof *rd->r->tasks);
    if (!rd->task_map || (n && !rd->r->tasks))
        return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    rd->r->ntasks = n;
    return HF_OK;
}

static hf_err take_task(reader *rd, void *row, size_t i)
{
    task_row *x = row;
    hf_task_rec *t = &rd->r->tasks[i];
    hf_err err;
    t->resource = -1;
    if (x->resource && x->resource[0] &&
        (t->resource = find_res(rd, x->resource, "/tasks", i, "resource")) < 0)
        return HF_EINPUT;
    if ((err = take_str(rd, &x->name, &t->name)) || (err = take_str(rd, &x->variant, &t->variant)))
        return err;
    t->cores = x->cores;
    t->ready = x->ready;
    t->dispatch = x->dispatch;
    t->start = x->start;
    t->end = x->end;
    t->bytes_in = x->bytes_in;
    t->bytes_out = x->bytes_out;
    t->energy = x->energy;
    return index_name(rd, rd->task_map, t->name, i, "task");
}

/* file_names is sized for the worst case (one file per transfer) and filled on first sight. */
static hf_err begin_transfers(reader *rd, size_t n)
{
    hf_results *r = rd->r;
    rd->file_map = hf_strmap_new();
    if (n) {
        r->transfers = calloc(n, sizeof *r->transfers);
        r->file_names = calloc(n, sizeof *r->file_names);
    }
    if (!rd->file_map || (n && (!r->transfers || !r->file_names)))
        return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    r->ntransfers = r->cap_transfers = n;
    return HF_OK;
}

static hf_err take_transfer(reader *rd, void *row, size_t i)
{
    transfer_row *x = row;
    hf_results *r = rd->r;
    hf_transfer_rec *t = &r->transfers[i];
    int f = hf_strmap_get(rd->file_map, or_empty(x->file));
    if (f < 0) {
        hf_err err = take_str(rd, &x->file, &r->file_names[r->nfiles]);
        if (err) return err;
        f = (int)r->nfiles++;
        if (hf_strmap_put(rd->file_map, r->file_names[f], f) < 0)
            return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    }
    t->file = f;
    if ((t->src = find_res(rd, x->src, "/transfers", i, "src")) < 0 ||
        (t->dst = find_res(rd, x->dst, "/transfers", i, "dst")) < 0)
        return HF_EINPUT;
    t->task = hf_strmap_get(rd->task_map, or_empty(x->task));
    if (t->task < 0)
        return hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': /transfers row %zu: unknown task '%s'",
                           rd->path, i, or_empty(x->task));
    t->bytes = x->bytes;
    t->start = x->start;
    t->end = x->end;
    return HF_OK;
}

/* endpoint_names is sized for the worst case (one endpoint per invocation) and filled on first
 * sight, as file_names is. */
static hf_err begin_invokes(reader *rd, size_t n)
{
    hf_results *r = rd->r;
    rd->endpoint_map = hf_strmap_new();
    if (n) {
        r->invokes = calloc(n, sizeof *r->invokes);
        r->endpoint_names = calloc(n, sizeof *r->endpoint_names);
    }
    if (!rd->endpoint_map || (n && (!r->invokes || !r->endpoint_names)))
        return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    r->ninvokes = r->cap_invokes = n;
    return HF_OK;
}

static hf_err take_invoke(reader *rd, void *row, size_t i)
{
    invoke_row *x = row;
    hf_results *r = rd->r;
    hf_invoke_rec *v = &r->invokes[i];
    v->task = hf_strmap_get(rd->task_map, or_empty(x->task));
    if (v->task < 0)
        return hf_ctx_fail(rd->ctx, HF_EINPUT,
                           "'%s': /invocations row %zu: unknown task '%s' in column 'task'",
                           rd->path, i, or_empty(x->task));
    v->resource = -1;
    if (x->resource && x->resource[0] &&
        (v->resource = find_res(rd, x->resource, "/invocations", i, "resource")) < 0)
        return HF_EINPUT;
    int e = hf_strmap_get(rd->endpoint_map, or_empty(x->endpoint));
    if (e < 0) {
        hf_err err = take_str(rd, &x->endpoint, &r->endpoint_names[r->nendpoints]);
        if (err) return err;
        e = (int)r->nendpoints++;
        if (hf_strmap_put(rd->endpoint_map, r->endpoint_names[e], e) < 0)
            return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
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

typedef struct param_iter {
    reader *rd;
    hf_err err;
} param_iter;

static herr_t take_param(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
    param_iter *it = data;
    hf_results *r = it->rd->r;
    char **nn = realloc(r->param_names, (r->nparams + 1) * sizeof *nn);
    if (nn) r->param_names = nn;
    char **nv = nn ? realloc(r->param_values, (r->nparams + 1) * sizeof *nv) : NULL;
    if (nv) r->param_values = nv;
    if (!nv) {
        it->err = hf_ctx_fail(it->rd->ctx, HF_ENOMEM, "out of memory");
        return -1;
    }
    char *value = NULL, *key = NULL;
    it->err = read_str_attr(it->rd, loc, "/metadata/parameters", name, &value);
    if (!it->err && !(key = strdup(name)))
        it->err = hf_ctx_fail(it->rd->ctx, HF_ENOMEM, "out of memory");
    if (it->err) {
        free(value);
        return -1;
    }
    r->param_names[r->nparams] = key;
    r->param_values[r->nparams] = value;
    r->nparams++;
    return 0;
}

/* /metadata/parameters, in creation order when the file tracks it (ours does). */
static hf_err read_params(reader *rd, hid_t group)
{
    hid_t gcpl = -1;
    unsigned flags = 0;
    param_iter it = {rd, HF_OK};
    hf_err err = HF_OK;
    gcpl = H5Gget_create_plist(group);
    if (gcpl < 0 || H5Pget_attr_creation_order(gcpl, &flags) < 0) {
        err = h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot inspect '/metadata/parameters'", rd->path);
        goto fail;
    }
    H5_index_t idx = (flags & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    if (H5Aiterate2(group, idx, H5_ITER_INC, NULL, take_param, &it) < 0) {
        err = it.err ? it.err
                     : h5_fail(rd->ctx, HF_EINPUT, "'%s': cannot list '/metadata/parameters'",
                               rd->path);
        goto fail;
    }
fail:
    close_plist(gcpl);
    return err;
}

/* Fail with HF_EIO (naming errno) unless path is a readable regular file. */
static hf_err check_readable(hf_ctx *ctx, const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return hf_ctx_fail(ctx, HF_EIO, "cannot read '%s': %s", path, strerror(errno));
    int rc = fstat(fd, &st);
    int saved = errno;
    close(fd);
    if (rc != 0) return hf_ctx_fail(ctx, HF_EIO, "cannot read '%s': %s", path, strerror(saved));
    if (S_ISDIR(st.st_mode))
        return hf_ctx_fail(ctx, HF_EIO, "cannot read '%s': is a directory", path);
    return HF_OK;
}

/* Root attributes: format must be "hetflow-results", format_version one we read. */
static hf_err check_format(reader *rd, hid_t root)
{
    char *format = NULL;
    int version = 0;
    hf_err err = HF_OK;
    htri_t has = H5Aexists(root, "format");
    if (has <= 0) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT,
                          "'%s' is not a hetflow results file (no 'format' attribute)", rd->path);
        goto fail;
    }
    if ((err = read_str_attr(rd, root, "/", "format", &format))) goto fail;
    if (strcmp(format, FORMAT_NAME) != 0) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s' is not a hetflow results file (format is '%s')",
                          rd->path, format);
        goto fail;
    }
    if ((err = read_num_attr(rd, root, "/", "format_version", H5T_NATIVE_INT, 1, &version)))
        goto fail;
    if (version != FORMAT_VERSION) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT,
                          "'%s' has format_version %d; this hetflow reads version %d", rd->path,
                          version, FORMAT_VERSION);
        goto fail;
    }
fail:
    free(format);
    return err;
}

static hf_err read_metadata(reader *rd, hid_t meta)
{
    hf_results *r = rd->r;
    static const char *const where = "/metadata";
    hf_err err;
    if ((err = read_str_attr(rd, meta, where, "hetflow_version", &r->hetflow_version)) ||
        (err = read_str_attr(rd, meta, where, "simgrid_version", &r->simgrid_version)) ||
        (err = read_str_attr(rd, meta, where, "scenario", &r->scenario)) ||
        (err = read_str_attr(rd, meta, where, "platform", &r->platform)) ||
        (err = read_str_attr(rd, meta, where, "workflow", &r->workflow)) ||
        (err = read_str_attr(rd, meta, where, "policy", &r->policy)) ||
        (err = read_num_attr(rd, meta, where, "seed", H5T_NATIVE_UINT64, 1, &r->seed)) ||
        (err = read_num_attr(rd, meta, where, "completed", H5T_NATIVE_INT, 1, &r->completed)))
        return err;
    /* mode: absent from files written before the serverless modes, which all ran direct */
    int has_mode = 0;
    if ((err = attr_present(rd, meta, where, "mode", &has_mode))) return err;
    if (has_mode) return read_str_attr(rd, meta, where, "mode", &r->mode);
    if (!(r->mode = strdup("direct"))) return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    return HF_OK;
}

/* The serverless figures of /summary; each is absent from older files and then reads as 0. A
 * count must not be negative. */
static hf_err read_serverless_summary(reader *rd, hid_t g)
{
    hf_results *r = rd->r;
    size_t *const counts[] = {&r->cold_starts, &r->warm_starts, &r->compiles, &r->redeployments};
    static const char *const count_names[] = {"cold_starts", "warm_starts", "compiles",
                                              "redeployments"};
    double *const reals[] = {&r->cold_seconds, &r->compile_seconds};
    static const char *const real_names[] = {"cold_seconds", "compile_seconds"};
    hf_err err;
    int has = 0;
    for (size_t i = 0; i < COUNT(count_names); i++) {
        int64_t v = 0;
        if ((err = attr_present(rd, g, "/summary", count_names[i], &has)) ||
            (has &&
             (err = read_num_attr(rd, g, "/summary", count_names[i], H5T_NATIVE_INT64, 1, &v))))
            return err;
        if (v < 0)
            return hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': attribute '%s' of '/summary' is %lld",
                               rd->path, count_names[i], (long long)v);
        *counts[i] = (size_t)v;
    }
    for (size_t i = 0; i < COUNT(real_names); i++) {
        *reals[i] = 0;
        if ((err = attr_present(rd, g, "/summary", real_names[i], &has)) ||
            (has && (err = read_num_attr(rd, g, "/summary", real_names[i], H5T_NATIVE_DOUBLE, 0,
                                         reals[i]))))
            return err;
    }
    return HF_OK;
}

/* /summary; its row counts must match the tables. */
static hf_err read_summary(reader *rd, hid_t g)
{
    hf_results *r = rd->r;
    int64_t ntasks = 0, ntransfers = 0;
    hf_err err;
    if ((err = read_num_attr(rd, g, "/summary", "makespan", H5T_NATIVE_DOUBLE, 0, &r->makespan)) ||
        (err = read_num_attr(rd, g, "/summary", "energy", H5T_NATIVE_DOUBLE, 0, &r->energy)) ||
        (err = read_num_attr(rd, g, "/summary", "bytes_moved", H5T_NATIVE_DOUBLE, 0,
                             &r->bytes_moved)) ||
        (err = read_num_attr(rd, g, "/summary", "tasks", H5T_NATIVE_INT64, 1, &ntasks)) ||
        (err = read_num_attr(rd, g, "/summary", "transfers", H5T_NATIVE_INT64, 1, &ntransfers)))
        return err;
    if (ntasks != (int64_t)r->ntasks || ntransfers != (int64_t)r->ntransfers)
        return hf_ctx_fail(rd->ctx, HF_EINPUT,
                           "'%s': /summary counts %lld tasks and %lld transfers, but /tasks has "
                           "%zu rows and /transfers %zu",
                           rd->path, (long long)ntasks, (long long)ntransfers, r->ntasks,
                           r->ntransfers);
    int has = 0;
    int64_t ninvokes = 0;
    if ((err = attr_present(rd, g, "/summary", "invocations", &has)) ||
        (has &&
         (err = read_num_attr(rd, g, "/summary", "invocations", H5T_NATIVE_INT64, 1, &ninvokes))))
        return err;
    if (has && ninvokes != (int64_t)r->ninvokes)
        return hf_ctx_fail(rd->ctx, HF_EINPUT,
                           "'%s': /summary counts %lld invocations, but /invocations has %zu rows",
                           rd->path, (long long)ninvokes, r->ninvokes);
    return read_serverless_summary(rd, g);
}

hf_err hf_results_read(hf_ctx *ctx, const char *path, hf_results **out)
{
    reader rd = {.ctx = ctx, .path = path, .file = -1, .str = -1, .xfer = -1};
    hid_t fapl = -1, root = -1, meta = -1, params = -1, summary = -1;
    hf_err err = HF_OK;
    H5E_auto2_t old_func = NULL;
    void *old_data = NULL;

    *out = NULL;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if ((err = check_readable(ctx, path))) goto fail;
#if H5_VERSION_GE(1, 12, 0)
    htri_t is_h5 = H5Fis_accessible(path, H5P_DEFAULT);
#else
    htri_t is_h5 = H5Fis_hdf5(path);
#endif
    if (is_h5 <= 0) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "'%s' is not a hetflow results file (not an HDF5 file)",
                          path);
        goto fail;
    }
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        (rd.file = H5Fopen(path, H5F_ACC_RDONLY, fapl)) < 0 ||
        (root = H5Gopen2(rd.file, "/", H5P_DEFAULT)) < 0) {
        err =
            h5_fail(ctx, HF_EINPUT, "'%s' is not a hetflow results file (damaged HDF5 file)", path);
        goto fail;
    }
    if ((err = check_format(&rd, root))) goto fail;

    rd.str = vlen_string_type(H5T_CSET_UTF8);
    rd.xfer = H5Pcreate(H5P_DATASET_XFER);
    if (rd.str < 0 || rd.xfer < 0 ||
        H5Pset_vlen_mem_manager(rd.xfer, pool_alloc, &rd.pool, pool_release, &rd.pool) < 0) {
        err = h5_fail(ctx, HF_EIO, "'%s': cannot set up reading", path);
        goto fail;
    }
    if (!(rd.r = hf_results_new())) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    if ((err = open_group(&rd, "/metadata", &meta)) || (err = read_metadata(&rd, meta)) ||
        (err = open_group(&rd, "/metadata/parameters", &params)) ||
        (err = read_params(&rd, params)) ||
        (err = read_table(&rd, &res_table, begin_res, take_res)) ||
        (err = read_table(&rd, &task_table, begin_tasks, take_task)) ||
        (err = read_table(&rd, &transfer_table, begin_transfers, take_transfer)) ||
        (err = read_table(&rd, &invoke_table, begin_invokes, take_invoke)) ||
        (err = open_group(&rd, "/summary", &summary)) || (err = read_summary(&rd, summary)))
        goto fail;
    if (rd.r->nfiles < rd.r->ntransfers) { /* give back the worst-case room */
        char **fit = realloc(rd.r->file_names, (rd.r->nfiles ? rd.r->nfiles : 1) * sizeof *fit);
        if (fit) rd.r->file_names = fit;
    }
    if (rd.r->nendpoints < rd.r->ninvokes) {
        char **fit =
            realloc(rd.r->endpoint_names, (rd.r->nendpoints ? rd.r->nendpoints : 1) * sizeof *fit);
        if (fit) rd.r->endpoint_names = fit;
    }
    *out = rd.r;
    rd.r = NULL;
fail:
    close_group(summary);
    close_group(params);
    close_group(meta);
    close_group(root);
    if (rd.file >= 0) H5Fclose(rd.file);
    close_plist(fapl);
    close_plist(rd.xfer);
    close_type(rd.str);
    pool_drain(&rd.pool);
    free(rd.pool.live);
    hf_strmap_free(rd.res_map);
    hf_strmap_free(rd.task_map);
    hf_strmap_free(rd.file_map);
    hf_strmap_free(rd.endpoint_map);
    hf_results_free(rd.r);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    return err;
}
