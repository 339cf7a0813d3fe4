/* meas.c: measurement files of the validation harness (hf_meas.h, docs/results-format.md
 * "Measurement files"): the in-memory set, its checks, and its HDF5 file through h5io.c. */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "hetflow/hf_meas.h"
#include "results/h5io.h"

#define FORMAT_NAME "hetflow-measurements"
#define FORMAT_VERSION 2                /* 2: /kernels has a kernel column; 1 is still read */
#define WHAT "hetflow measurement file" /* for h5io_open's messages */

/* ================================ the set in memory ================================ */

/* A new "" (NULL when out of memory). */
static char *empty(void)
{
    return calloc(1, 1);
}

static void exp_destroy(hf_meas_exp *e)
{
    free(e->name);
    free(e->workload);
    free(e->mechanism);
    free(e->precision);
    free(e->direction);
    free(e->kernels);
    free(e->samples);
}

void hf_meas_free(hf_meas *m)
{
    if (!m) return;
    free(m->tool);
    free(m->tool_version);
    free(m->host);
    free(m->date);
    free(m->origin);
    free(m->mechanism);
    free(m->mechanisms_available);
    free(m->command);
    free(m->dev.name);
    for (size_t i = 0; i < m->nexps; i++)
        exp_destroy(&m->exps[i]);
    free(m->exps);
    free(m);
}

hf_meas *hf_meas_new(void)
{
    hf_meas *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    char **const fields[] = {&m->tool,   &m->tool_version, &m->host,     &m->date,
                             &m->origin, &m->mechanism,    &m->dev.name, &m->mechanisms_available,
                             &m->command};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!(*fields[i] = empty())) {
            hf_meas_free(m);
            return NULL;
        }
    }
    return m;
}

hf_err hf_meas_set_str(hf_ctx *ctx, char **field, const char *value)
{
    char *copy = strdup(value ? value : "");
    if (!copy) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    free(*field);
    *field = copy;
    return HF_OK;
}

/* Make room for one more element of size bytes in *v (n used, *cap allocated), doubling. 0, or
 * -1 when out of memory (*v unchanged). */
static int grow(void **v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap) return 0;
    size_t ncap = *cap ? 2 * *cap : 4;
    if (ncap > SIZE_MAX / size) return -1;
    void *nv = realloc(*v, ncap * size);
    if (!nv) return -1;
    *v = nv;
    *cap = ncap;
    return 0;
}

hf_meas_exp *hf_meas_add_exp(hf_ctx *ctx, hf_meas *m, const char *name, const char *workload)
{
    void *v = m->exps;
    if (grow(&v, m->nexps, &m->cap_exps, sizeof *m->exps) != 0) goto fail;
    m->exps = v;
    hf_meas_exp *e = &m->exps[m->nexps];
    *e = (hf_meas_exp){.share_requested = 1, .share = 1, .clients = 1};
    e->name = strdup(name ? name : "");
    e->workload = strdup(workload ? workload : "");
    e->mechanism = strdup("whole");
    e->precision = strdup("fp64");
    e->direction = empty();
    if (!e->name || !e->workload || !e->mechanism || !e->precision || !e->direction) {
        exp_destroy(e);
        goto fail;
    }
    m->nexps++;
    return e;
fail:
    hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    return NULL;
}

hf_err hf_meas_add_kernel(hf_ctx *ctx, hf_meas_exp *e, const hf_meas_kernel *k)
{
    void *v = e->kernels;
    if (grow(&v, e->nkernels, &e->cap_kernels, sizeof *e->kernels) != 0)
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    e->kernels = v;
    e->kernels[e->nkernels++] = *k;
    return HF_OK;
}

hf_err hf_meas_add_sample(hf_ctx *ctx, hf_meas_exp *e, double seconds)
{
    void *v = e->samples;
    if (grow(&v, e->nsamples, &e->cap_samples, sizeof *e->samples) != 0)
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    e->samples = v;
    e->samples[e->nsamples++] = seconds;
    return HF_OK;
}

const hf_meas_exp *hf_meas_find(const hf_meas *m, const char *name)
{
    for (size_t i = 0; i < m->nexps; i++)
        if (m->exps[i].name && strcmp(m->exps[i].name, name) == 0) return &m->exps[i];
    return NULL;
}

/* ================================ checks ================================ */

static int is_copy(const hf_meas_exp *e)
{
    return e->mechanism && strcmp(e->mechanism, "copy") == 0;
}

/* The first field of kernel group k out of its range, with *value and *range set; NULL when all
 * are in range. NaN and infinities are out of every range. */
static const char *bad_kernel_field(const hf_meas_kernel *k, double *value, const char **range)
{
    const struct {
        const char *name;
        double value, min;
    } f[] = {{"count", k->count, 1},
             {"flops", k->flops, 0},
             {"bytes", k->bytes, 0},
             {"blocks", k->blocks, 1},
             {"gap", k->gap, 0}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (!isfinite(f[i].value) || f[i].value < f[i].min) {
            *value = f[i].value;
            *range = f[i].min == 1 ? "finite and >= 1" : "finite and >= 0";
            return f[i].name;
        }
    }
    return NULL;
}

/* Check experiment e (its name is non-empty) on its own. */
static hf_err check_exp(hf_ctx *ctx, const hf_meas_exp *e)
{
    const char *name = e->name;
    const struct {
        const char *field;
        double value;
    } shares[] = {{"share_requested", e->share_requested}, {"share", e->share}};
    for (size_t i = 0; i < 2; i++)
        if (!(shares[i].value > 0 && shares[i].value <= 1)) /* NaN fails both */
            return hf_ctx_fail(ctx, HF_EINPUT, "experiment '%s': %s %g is outside (0, 1]", name,
                               shares[i].field, shares[i].value);
    if (e->clients < 1)
        return hf_ctx_fail(ctx, HF_EINPUT, "experiment '%s': clients is %d (must be >= 1)", name,
                           e->clients);
    if (is_copy(e)) {
        const char *dir = e->direction ? e->direction : "";
        if (strcmp(dir, "h2d") != 0 && strcmp(dir, "d2h") != 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "experiment '%s': direction '%s' of a copy must be 'h2d' or 'd2h'",
                               name, dir);
        if (!(isfinite(e->bytes) && e->bytes > 0))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "experiment '%s': bytes %g of a copy must be finite and > 0", name,
                               e->bytes);
        if (e->nkernels > 0)
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "experiment '%s': a copy has no kernel groups (found %zu)", name,
                               e->nkernels);
    } else {
        if (e->nkernels == 0)
            return hf_ctx_fail(ctx, HF_EINPUT, "experiment '%s': no kernel groups", name);
        for (size_t k = 0; k < e->nkernels; k++) {
            double value = 0;
            const char *range = NULL;
            const char *field = bad_kernel_field(&e->kernels[k], &value, &range);
            if (field)
                return hf_ctx_fail(ctx, HF_EINPUT,
                                   "experiment '%s': kernel group %zu: %s is %g (must be %s)", name,
                                   k, field, value, range);
            if (!memchr(e->kernels[k].name, 0, sizeof e->kernels[k].name))
                return hf_ctx_fail(ctx, HF_EINPUT,
                                   "experiment '%s': kernel group %zu: name is not terminated "
                                   "within %d bytes",
                                   name, k, HF_MEAS_KERNEL_NAME);
        }
    }
    if (e->nsamples == 0) return hf_ctx_fail(ctx, HF_EINPUT, "experiment '%s': no samples", name);
    for (size_t s = 0; s < e->nsamples; s++)
        if (!(isfinite(e->samples[s]) && e->samples[s] > 0))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "experiment '%s': sample %zu is %g (must be finite and > 0)", name,
                               s, e->samples[s]);
    return HF_OK;
}

hf_err hf_meas_check(hf_ctx *ctx, const hf_meas *m)
{
    hf_strmap *names = NULL;
    hf_err err = HF_OK;
    if (m->dev.sms < 1) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "device: sms must be >= 1 (is %d)", m->dev.sms);
        goto fail;
    }
    if (m->nexps > INT_MAX) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "too many experiments (%zu)", m->nexps);
        goto fail;
    }
    if (!(names = hf_strmap_new())) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < m->nexps; i++) {
        const hf_meas_exp *e = &m->exps[i];
        if (!e->name || !e->name[0]) {
            err = hf_ctx_fail(ctx, HF_EINPUT, "experiment %zu has an empty name", i);
            goto fail;
        }
        int rc = hf_strmap_put(names, e->name, (int)i);
        if (rc != 0) {
            err = rc < 0 ? hf_ctx_fail(ctx, HF_ENOMEM, "out of memory")
                         : hf_ctx_fail(ctx, HF_EINPUT, "duplicate experiment name '%s'", e->name);
            goto fail;
        }
        if ((err = check_exp(ctx, e))) goto fail;
    }
fail:
    hf_strmap_free(names);
    return err;
}

/* ================================ the file's tables ================================ */

/* In-memory rows. When writing, strings point into the set (HDF5 only reads them); when
 * reading, they are owned by the row until taken (h5io_take_str). */
typedef struct exp_row {
    char *name, *workload, *mechanism, *precision, *direction;
    double share_requested, share;
    int32_t sms, clients, serial, pinned;
    double bytes;
    int32_t reps;
} exp_row;

typedef struct kernel_row {
    char *experiment, *kernel;
    double count, flops, bytes, blocks, gap;
} kernel_row;

typedef struct sample_row {
    char *experiment;
    int32_t rep;
    double seconds;
} sample_row;

static const h5io_column exp_cols[] = {
    H5IO_COL(exp_row, name, H5IO_STR),      H5IO_COL(exp_row, workload, H5IO_STR),
    H5IO_COL(exp_row, mechanism, H5IO_STR), H5IO_COL(exp_row, precision, H5IO_STR),
    H5IO_COL(exp_row, direction, H5IO_STR), H5IO_COL(exp_row, share_requested, H5IO_F64),
    H5IO_COL(exp_row, share, H5IO_F64),     H5IO_COL(exp_row, sms, H5IO_I32),
    H5IO_COL(exp_row, clients, H5IO_I32),   H5IO_COL(exp_row, serial, H5IO_I32),
    H5IO_COL(exp_row, pinned, H5IO_I32),    H5IO_COL(exp_row, bytes, H5IO_F64),
    H5IO_COL(exp_row, reps, H5IO_I32),
};
static const h5io_column kernel_cols[] = {
    H5IO_COL(kernel_row, experiment, H5IO_STR), H5IO_COL(kernel_row, kernel, H5IO_STR),
    H5IO_COL(kernel_row, count, H5IO_F64),      H5IO_COL(kernel_row, flops, H5IO_F64),
    H5IO_COL(kernel_row, bytes, H5IO_F64),      H5IO_COL(kernel_row, blocks, H5IO_F64),
    H5IO_COL(kernel_row, gap, H5IO_F64),
};
/* format_version 1: no kernel names */
static const h5io_column kernel_cols_v1[] = {
    H5IO_COL(kernel_row, experiment, H5IO_STR), H5IO_COL(kernel_row, count, H5IO_F64),
    H5IO_COL(kernel_row, flops, H5IO_F64),      H5IO_COL(kernel_row, bytes, H5IO_F64),
    H5IO_COL(kernel_row, blocks, H5IO_F64),     H5IO_COL(kernel_row, gap, H5IO_F64),
};
static const h5io_column sample_cols[] = {
    H5IO_COL(sample_row, experiment, H5IO_STR),
    H5IO_COL(sample_row, rep, H5IO_I32),
    H5IO_COL(sample_row, seconds, H5IO_F64),
};

static const h5io_table exp_table = {"/experiments", exp_cols, H5IO_COUNT(exp_cols),
                                     sizeof(exp_row), 0};
static const h5io_table kernel_table = {"/kernels", kernel_cols, H5IO_COUNT(kernel_cols),
                                        sizeof(kernel_row), 0};
static const h5io_table kernel_table_v1 = {"/kernels", kernel_cols_v1, H5IO_COUNT(kernel_cols_v1),
                                           sizeof(kernel_row), 0};
static const h5io_table sample_table = {"/samples", sample_cols, H5IO_COUNT(sample_cols),
                                        sizeof(sample_row), 0};

/* ================================ writing ================================ */

/* What the fill functions read: the set, and for /kernels and /samples the first row of each
 * experiment (first[e] .. first[e + 1] - 1 are experiment e's rows; first[nexps] = all rows). */
typedef struct source {
    const hf_meas *m;
    size_t *first_kernel, *first_sample; /* nexps + 1 entries each */
} source;

/* The experiment whose rows, by first, include row i: the last e with first[e] <= i (empty
 * experiments share their first with the next one). O(log experiments). */
static size_t owner(const size_t *first, size_t nexps, size_t i)
{
    size_t lo = 0, hi = nexps; /* first[lo] <= i < first[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (first[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The casts drop const: HDF5 reads these strings and never writes through the pointers. */
static void fill_exp(const void *src, size_t i, void *row)
{
    const hf_meas_exp *e = &((const source *)src)->m->exps[i];
    exp_row *x = row;
    x->name = (char *)h5io_or_empty(e->name);
    x->workload = (char *)h5io_or_empty(e->workload);
    x->mechanism = (char *)h5io_or_empty(e->mechanism);
    x->precision = (char *)h5io_or_empty(e->precision);
    x->direction = (char *)h5io_or_empty(e->direction);
    x->share_requested = e->share_requested;
    x->share = e->share;
    x->sms = e->sms;
    x->clients = e->clients;
    x->serial = e->serial;
    x->pinned = e->pinned;
    x->bytes = e->bytes;
    x->reps = (int32_t)e->nsamples;
}

static void fill_kernel(const void *src, size_t i, void *row)
{
    const source *s = src;
    size_t owner_i = owner(s->first_kernel, s->m->nexps, i);
    const hf_meas_exp *e = &s->m->exps[owner_i];
    const hf_meas_kernel *k = &e->kernels[i - s->first_kernel[owner_i]];
    kernel_row *x = row;
    x->experiment = (char *)h5io_or_empty(e->name);
    x->kernel = (char *)k->name;
    x->count = k->count;
    x->flops = k->flops;
    x->bytes = k->bytes;
    x->blocks = k->blocks;
    x->gap = k->gap;
}

static void fill_sample(const void *src, size_t i, void *row)
{
    const source *s = src;
    size_t owner_i = owner(s->first_sample, s->m->nexps, i);
    const hf_meas_exp *e = &s->m->exps[owner_i];
    size_t rep = i - s->first_sample[owner_i];
    sample_row *x = row;
    x->experiment = (char *)h5io_or_empty(e->name);
    x->rep = (int32_t)rep;
    x->seconds = e->samples[rep];
}

/* /metadata and /device. */
static hf_err write_groups(h5io_writer *w, const hf_meas *m)
{
    hid_t meta = -1, dev = -1;
    hf_err err = HF_OK;
    static const char *const md = "/metadata", *const dv = "/device";
    const hf_meas_device *d = &m->dev;
#define STR(g, where, name, v) (err = h5io_write_str_attr(w, g, where, name, v))
#define I32(g, where, name, v)                                                                     \
    (err = h5io_write_attr(w, g, where, name, H5T_STD_I32LE, H5T_NATIVE_INT, v))
#define F64(g, where, name, v)                                                                     \
    (err = h5io_write_attr(w, g, where, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v))
    if ((err = h5io_create_group(w, md, 0, &meta)) || STR(meta, md, "tool", m->tool) ||
        STR(meta, md, "tool_version", m->tool_version) || STR(meta, md, "host", m->host) ||
        STR(meta, md, "date", m->date) || STR(meta, md, "origin", m->origin) ||
        STR(meta, md, "mechanism", m->mechanism) ||
        STR(meta, md, "mechanisms_available", m->mechanisms_available) ||
        I32(meta, md, "warmup", &m->warmup) || STR(meta, md, "command", m->command) ||
        (err = h5io_create_group(w, dv, 0, &dev)) || STR(dev, dv, "name", d->name) ||
        I32(dev, dv, "sms", &d->sms) || I32(dev, dv, "cc_major", &d->cc_major) ||
        I32(dev, dv, "cc_minor", &d->cc_minor) || F64(dev, dv, "sm_clock_hz", &d->sm_clock_hz) ||
        F64(dev, dv, "mem_clock_hz", &d->mem_clock_hz) ||
        I32(dev, dv, "mem_bus_bits", &d->mem_bus_bits) || F64(dev, dv, "memory", &d->memory) ||
        I32(dev, dv, "driver_version", &d->driver_version) ||
        I32(dev, dv, "runtime_version", &d->runtime_version) ||
        I32(dev, dv, "cublas_version", &d->cublas_version))
        goto fail;
#undef STR
#undef I32
#undef F64
fail:
    h5io_close_group(dev);
    h5io_close_group(meta);
    return err;
}

/* Everything below the root attributes (h5io_content_fn). */
static hf_err write_content(h5io_writer *w, const void *src)
{
    const source *s = src;
    size_t n = s->m->nexps;
    hf_err err;
    if ((err = write_groups(w, s->m)) || (err = h5io_write_table(w, &exp_table, n, fill_exp, s)) ||
        (err = h5io_write_table(w, &kernel_table, s->first_kernel[n], fill_kernel, s)) ||
        (err = h5io_write_table(w, &sample_table, s->first_sample[n], fill_sample, s)))
        return err;
    return HF_OK;
}

hf_err hf_meas_write(hf_ctx *ctx, const hf_meas *m, const char *path)
{
    source s = {m, NULL, NULL};
    hf_err err = hf_meas_check(ctx, m);
    if (err) {
        hf_ctx_prefix(ctx, "cannot write '%s'", path);
        goto fail;
    }
    /* hf_meas_check bounds the experiments by INT_MAX, so nexps + 1 does not overflow */
    s.first_kernel = malloc((m->nexps + 1) * sizeof *s.first_kernel);
    s.first_sample = malloc((m->nexps + 1) * sizeof *s.first_sample);
    if (!s.first_kernel || !s.first_sample) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': out of memory", path);
        goto fail;
    }
    s.first_kernel[0] = s.first_sample[0] = 0;
    for (size_t e = 0; e < m->nexps; e++) {
        s.first_kernel[e + 1] = s.first_kernel[e] + m->exps[e].nkernels;
        s.first_sample[e + 1] = s.first_sample[e] + m->exps[e].nsamples;
        /* the reader reads at most INT_MAX rows per table (and reps is an int32) */
        if (s.first_kernel[e + 1] > INT_MAX || s.first_sample[e + 1] > INT_MAX) {
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': too many rows", path);
            goto fail;
        }
    }
    err = h5io_write_file(ctx, path, HF_WRITE_REPLACE, FORMAT_NAME, FORMAT_VERSION, write_content,
                          &s);
fail:
    free(s.first_kernel);
    free(s.first_sample);
    return err;
}

/* ================================ reading ================================ */

/* The measurement reader: h5io's reader first (h5io's callbacks cast it back). */
typedef struct reader {
    h5io_reader base;
    hf_meas *m;        /* being filled */
    hf_strmap *names;  /* experiment name -> index, keys borrowed from m */
    int32_t *reps;     /* /experiments' reps of each experiment */
    const char *where; /* the table being read, for messages */
} reader;

/* *field = new copy of string attribute name of loc, replacing the "" it held. */
static hf_err read_str(reader *rd, hid_t loc, const char *where, const char *name, char **field)
{
    char *value = NULL;
    hf_err err = h5io_read_str_attr(&rd->base, loc, where, name, &value);
    if (err) return err;
    free(*field);
    *field = value;
    return HF_OK;
}

static hf_err read_int(reader *rd, hid_t loc, const char *where, const char *name, int *out)
{
    return h5io_read_num_attr(&rd->base, loc, where, name, H5T_NATIVE_INT, 1, out);
}

static hf_err read_real(reader *rd, hid_t loc, const char *where, const char *name, double *out)
{
    return h5io_read_num_attr(&rd->base, loc, where, name, H5T_NATIVE_DOUBLE, 0, out);
}

static hf_err read_groups(reader *rd, hid_t meta, hid_t dev)
{
    hf_meas *m = rd->m;
    hf_meas_device *d = &m->dev;
    static const char *const md = "/metadata", *const dv = "/device";
    hf_err err;
    if ((err = read_str(rd, meta, md, "tool", &m->tool)) ||
        (err = read_str(rd, meta, md, "tool_version", &m->tool_version)) ||
        (err = read_str(rd, meta, md, "host", &m->host)) ||
        (err = read_str(rd, meta, md, "date", &m->date)) ||
        (err = read_str(rd, meta, md, "origin", &m->origin)) ||
        (err = read_str(rd, meta, md, "mechanism", &m->mechanism)) ||
        (err = read_str(rd, meta, md, "mechanisms_available", &m->mechanisms_available)) ||
        (err = read_int(rd, meta, md, "warmup", &m->warmup)) ||
        (err = read_str(rd, meta, md, "command", &m->command)) ||
        (err = read_str(rd, dev, dv, "name", &d->name)) ||
        (err = read_int(rd, dev, dv, "sms", &d->sms)) ||
        (err = read_int(rd, dev, dv, "cc_major", &d->cc_major)) ||
        (err = read_int(rd, dev, dv, "cc_minor", &d->cc_minor)) ||
        (err = read_real(rd, dev, dv, "sm_clock_hz", &d->sm_clock_hz)) ||
        (err = read_real(rd, dev, dv, "mem_clock_hz", &d->mem_clock_hz)) ||
        (err = read_int(rd, dev, dv, "mem_bus_bits", &d->mem_bus_bits)) ||
        (err = read_real(rd, dev, dv, "memory", &d->memory)) ||
        (err = read_int(rd, dev, dv, "driver_version", &d->driver_version)) ||
        (err = read_int(rd, dev, dv, "runtime_version", &d->runtime_version)) ||
        (err = read_int(rd, dev, dv, "cublas_version", &d->cublas_version)))
        return err;
    return HF_OK;
}

static hf_err begin_exps(h5io_reader *io, size_t n)
{
    reader *rd = (reader *)io;
    hf_meas *m = rd->m;
    rd->names = hf_strmap_new();
    if (n) {
        m->exps = calloc(n, sizeof *m->exps);
        rd->reps = calloc(n, sizeof *rd->reps);
    }
    if (!rd->names || (n && (!m->exps || !rd->reps)) || hf_strmap_reserve(rd->names, n) != 0)
        return hf_ctx_fail(io->ctx, HF_ENOMEM, "out of memory");
    m->cap_exps = n;
    return HF_OK;
}

static hf_err take_exp(h5io_reader *io, void *row, size_t i)
{
    reader *rd = (reader *)io;
    exp_row *x = row;
    hf_meas_exp *e = &rd->m->exps[i];
    rd->m->nexps = i + 1; /* from here on hf_meas_free frees what e holds */
    hf_err err;
    if ((err = h5io_take_str(io, &x->name, &e->name)) ||
        (err = h5io_take_str(io, &x->workload, &e->workload)) ||
        (err = h5io_take_str(io, &x->mechanism, &e->mechanism)) ||
        (err = h5io_take_str(io, &x->precision, &e->precision)) ||
        (err = h5io_take_str(io, &x->direction, &e->direction)))
        return err;
    e->share_requested = x->share_requested;
    e->share = x->share;
    e->sms = x->sms;
    e->clients = x->clients;
    e->serial = x->serial;
    e->pinned = x->pinned;
    e->bytes = x->bytes;
    rd->reps[i] = x->reps;
    int rc = hf_strmap_put(rd->names, e->name, (int)i);
    if (rc < 0) return hf_ctx_fail(io->ctx, HF_ENOMEM, "out of memory");
    if (rc > 0)
        return hf_ctx_fail(io->ctx, HF_EINPUT,
                           "'%s': /experiments row %zu: duplicate experiment "
                           "name '%s'",
                           io->path, i, e->name);
    return HF_OK;
}

/* The experiment named by row i of the table being read, or NULL with ctx set. */
static hf_meas_exp *exp_of(reader *rd, const char *name, size_t i)
{
    int e = hf_strmap_get(rd->names, h5io_or_empty(name));
    if (e < 0) {
        hf_ctx_fail(rd->base.ctx, HF_EINPUT, "'%s': %s row %zu: unknown experiment '%s'",
                    rd->base.path, rd->where, i, h5io_or_empty(name));
        return NULL;
    }
    return &rd->m->exps[e];
}

static hf_err begin_rows(h5io_reader *io, size_t n)
{
    (void)io;
    (void)n;
    return HF_OK;
}

static hf_err take_kernel(h5io_reader *io, void *row, size_t i)
{
    reader *rd = (reader *)io;
    kernel_row *x = row;
    hf_meas_exp *e = exp_of(rd, x->experiment, i);
    if (!e) return HF_EINPUT;
    hf_meas_kernel k = {x->count, x->flops, x->bytes, x->blocks, x->gap, ""};
    const char *name = h5io_or_empty(x->kernel);
    if (strlen(name) >= sizeof k.name)
        return hf_ctx_fail(io->ctx, HF_EINPUT,
                           "'%s': /kernels row %zu: kernel name '%.20s...' is longer than %d bytes",
                           io->path, i, name, (int)sizeof k.name - 1);
    strcpy(k.name, name);
    return hf_meas_add_kernel(io->ctx, e, &k);
}

static hf_err take_sample(h5io_reader *io, void *row, size_t i)
{
    reader *rd = (reader *)io;
    sample_row *x = row;
    hf_meas_exp *e = exp_of(rd, x->experiment, i);
    if (!e) return HF_EINPUT;
    if (x->rep < 0 || (size_t)x->rep != e->nsamples)
        return hf_ctx_fail(io->ctx, HF_EINPUT,
                           "'%s': /samples row %zu: experiment '%s' has rep %d where rep %zu "
                           "comes next (each experiment's samples in repetition order)",
                           io->path, i, e->name, (int)x->rep, e->nsamples);
    return hf_meas_add_sample(io->ctx, e, x->seconds);
}

/* Every experiment has as many samples as its reps says. */
static hf_err check_reps(reader *rd)
{
    for (size_t i = 0; i < rd->m->nexps; i++) {
        const hf_meas_exp *e = &rd->m->exps[i];
        if (rd->reps[i] < 0 || (size_t)rd->reps[i] != e->nsamples)
            return hf_ctx_fail(rd->base.ctx, HF_EINPUT,
                               "'%s': experiment '%s': /experiments says reps %d, but /samples "
                               "has %zu rows for it",
                               rd->base.path, e->name, (int)rd->reps[i], e->nsamples);
    }
    return HF_OK;
}

hf_err hf_meas_read(hf_ctx *ctx, const char *path, hf_meas **out)
{
    reader rd = {0};
    hid_t meta = -1, dev = -1;
    hf_err err;

    *out = NULL;
    if ((err = h5io_open(&rd.base, ctx, path, WHAT, FORMAT_NAME, FORMAT_VERSION))) goto fail;
    if (!(rd.m = hf_meas_new())) {
        err = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    if ((err = h5io_open_group(&rd.base, "/metadata", &meta)) ||
        (err = h5io_open_group(&rd.base, "/device", &dev)) || (err = read_groups(&rd, meta, dev)) ||
        (err = h5io_read_table(&rd.base, &exp_table, begin_exps, take_exp)))
        goto fail;
    rd.where = kernel_table.path;
    if ((err = h5io_read_table(&rd.base, rd.base.version >= 2 ? &kernel_table : &kernel_table_v1,
                               begin_rows, take_kernel)))
        goto fail;
    rd.where = sample_table.path;
    if ((err = h5io_read_table(&rd.base, &sample_table, begin_rows, take_sample)) ||
        (err = check_reps(&rd)))
        goto fail;
    if ((err = hf_meas_check(ctx, rd.m))) {
        hf_ctx_prefix(ctx, "'%s'", path);
        goto fail;
    }
    *out = rd.m;
    rd.m = NULL;
fail:
    h5io_close_group(dev);
    h5io_close_group(meta);
    h5io_close(&rd.base);
    hf_strmap_free(rd.names);
    free(rd.reps);
    hf_meas_free(rd.m);
    return err;
}
