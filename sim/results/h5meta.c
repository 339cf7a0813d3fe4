/* h5meta.c: the /metadata group of a results file (docs/results-format.md): the run's
 * attributes, its --set parameters and --cfg options (one string attribute each) and the table
 * of the input files it read with their SHA-256, on the HDF5 plumbing of h5io.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "results/h5meta.h"

/* /metadata/inputs: one row per file the run read. */
typedef struct input_row {
    char *path, *kind;
    double bytes;
    char *sha256;
} input_row;

static const h5io_column input_cols[] = {
    H5IO_COL(input_row, path, H5IO_STR),
    H5IO_COL(input_row, kind, H5IO_STR),
    H5IO_COL(input_row, bytes, H5IO_F64),
    H5IO_COL(input_row, sha256, H5IO_STR),
};
/* optional: files written before it have no /metadata/inputs */
static const h5io_table input_table = {"/metadata/inputs", input_cols, H5IO_COUNT(input_cols),
                                       sizeof(input_row), 1};

/* The run's mode; NULL (results of an executor without serverless modes) means direct. */
static const char *mode_of(const hf_results *r)
{
    return r->mode ? r->mode : "direct";
}

/* 1 when s is "" or 64 lowercase hex digits. */
static int sha256_ok(const char *s)
{
    size_t n = strlen(s);
    if (n != 0 && n != 64) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return 1;
}

/* ================================ writing ================================ */

hf_err h5meta_check(hf_ctx *ctx, const hf_results *r, const char *path)
{
    hf_strmap *m = r->ncfg ? hf_strmap_new() : NULL;
    hf_err err = HF_OK;
    if (r->ncfg && !m) return hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': out of memory", path);
    for (size_t i = 0; i < r->ncfg && !err; i++) {
        const char *name = h5io_or_empty(r->cfg_names[i]);
        int rc = name[0] ? hf_strmap_put(m, name, (int)i) : 1;
        if (rc < 0)
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': out of memory", path);
        else if (rc > 0)
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': %s --cfg option name '%s'", path,
                              name[0] ? "duplicate" : "empty", name);
    }
    hf_strmap_free(m);
    for (size_t i = 0; i < r->ninputs && !err; i++) {
        const hf_input_rec *x = &r->inputs[i];
        if (!x->path || !x->path[0] || !x->kind || !x->kind[0] || !(x->bytes >= 0) ||
            !sha256_ok(x->sha256))
            err = hf_ctx_fail(ctx, HF_EIO,
                              "cannot write '%s': input %zu ('%s') needs a path, a kind, bytes >= "
                              "0 and a sha256 of 64 lowercase hex digits or \"\"",
                              path, i, h5io_or_empty(x->path));
    }
    return err;
}

/* The casts drop const: HDF5 reads these strings and never writes through the pointers. */
static void fill_input(const void *src, size_t i, void *row)
{
    const hf_input_rec *x = &((const hf_results *)src)->inputs[i];
    input_row *y = row;
    y->path = (char *)h5io_or_empty(x->path);
    y->kind = (char *)h5io_or_empty(x->kind);
    y->bytes = x->bytes;
    y->sha256 = (char *)x->sha256;
}

/* Group path (creation order tracked) with one string attribute names[i] = values[i] each. */
static hf_err write_str_group(h5io_writer *w, const char *path, char *const *names,
                              char *const *values, size_t n)
{
    hid_t g = -1;
    hf_err err = h5io_create_group(w, path, 1, &g);
    for (size_t i = 0; i < n && !err; i++)
        err = h5io_write_str_attr(w, g, path, h5io_or_empty(names[i]), values[i]);
    h5io_close_group(g);
    return err;
}

hf_err h5meta_write(h5io_writer *w, const hf_results *r)
{
    static const char *const where = "/metadata";
    hid_t meta = -1;
    hf_err err = HF_OK;
    int completed = r->completed;
    const char *rev = r->git_revision ? r->git_revision : "unknown";

    if ((err = h5io_create_group(w, where, 0, &meta)) ||
        (err = h5io_write_str_attr(w, meta, where, "hetflow_version", r->hetflow_version)) ||
        (err = h5io_write_str_attr(w, meta, where, "git_revision", rev)) ||
        (err = h5io_write_str_attr(w, meta, where, "simgrid_version", r->simgrid_version)) ||
        (err = h5io_write_str_attr(w, meta, where, "scenario", r->scenario)) ||
        (err = h5io_write_str_attr(w, meta, where, "platform", r->platform)) ||
        (err = h5io_write_str_attr(w, meta, where, "workflow", r->workflow)) ||
        (err = h5io_write_str_attr(w, meta, where, "policy", r->policy)) ||
        (err = h5io_write_str_attr(w, meta, where, "mode", mode_of(r))) ||
        (err = h5io_write_str_attr(w, meta, where, "transfer",
                                   r->transfer ? r->transfer : "direct")) ||
        (err = h5io_write_str_attr(w, meta, where, "stage_in",
                                   r->stage_in ? r->stage_in : "sequential")) ||
        (err =
             h5io_write_attr(w, meta, where, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &r->seed)) ||
        (err = h5io_write_attr(w, meta, where, "completed", H5T_STD_I32LE, H5T_NATIVE_INT,
                               &completed)) ||
        (err = h5io_write_attr(w, meta, where, "reference_speed", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                               &r->reference_speed)) ||
        (err = write_str_group(w, "/metadata/parameters", r->param_names, r->param_values,
                               r->nparams)) ||
        (err = write_str_group(w, "/metadata/cfg", r->cfg_names, r->cfg_values, r->ncfg)) ||
        (err = h5io_write_table(w, &input_table, r->ninputs, fill_input, r)))
        goto fail;
fail:
    h5io_close_group(meta);
    return err;
}

/* ================================ reading ================================ */

/* Where the string attributes of a group go: parallel name and value arrays. */
typedef struct str_list {
    h5io_reader *rd;
    const char *where; /* the group, for messages */
    char ***names, ***values;
    size_t *n;
    hf_err err;
} str_list;

static herr_t take_str_attr(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
    str_list *it = data;
    size_t n = *it->n;
    char **nn = realloc(*it->names, (n + 1) * sizeof *nn);
    if (nn) *it->names = nn;
    char **nv = nn ? realloc(*it->values, (n + 1) * sizeof *nv) : NULL;
    if (nv) *it->values = nv;
    if (!nv) {
        it->err = hf_ctx_fail(it->rd->ctx, HF_ENOMEM, "out of memory");
        return -1;
    }
    char *value = NULL, *key = NULL;
    it->err = h5io_read_str_attr(it->rd, loc, it->where, name, &value);
    if (!it->err && !(key = strdup(name)))
        it->err = hf_ctx_fail(it->rd->ctx, HF_ENOMEM, "out of memory");
    if (it->err) {
        free(value);
        return -1;
    }
    (*it->names)[n] = key;
    (*it->values)[n] = value;
    (*it->n)++;
    return 0;
}

/* The string attributes of group where (which must exist unless optional) into names/values, in
 * creation order when the file tracks it (ours does). */
static hf_err read_str_group(h5io_reader *rd, const char *where, int optional, char ***names,
                             char ***values, size_t *n)
{
    hid_t group = -1, gcpl = -1;
    unsigned flags = 0;
    str_list it = {rd, where, names, values, n, HF_OK};
    hf_err err = HF_OK;
    if (optional) {
        htri_t has = H5Lexists(rd->file, where, H5P_DEFAULT);
        if (has < 0)
            return h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot look up '%s'", rd->path, where);
        if (!has) return HF_OK;
    }
    if ((err = h5io_open_group(rd, where, &group))) goto fail;
    gcpl = H5Gget_create_plist(group);
    if (gcpl < 0 || H5Pget_attr_creation_order(gcpl, &flags) < 0) {
        err = h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot inspect '%s'", rd->path, where);
        goto fail;
    }
    H5_index_t idx = (flags & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    if (H5Aiterate2(group, idx, H5_ITER_INC, NULL, take_str_attr, &it) < 0) {
        err = it.err ? it.err
                     : h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot list '%s'", rd->path, where);
        goto fail;
    }
fail:
    h5io_close_plist(gcpl);
    h5io_close_group(group);
    return err;
}

static hf_err begin_inputs(h5io_reader *io, size_t n)
{
    hf_results *r = ((h5meta_reader *)io)->r;
    if (n && !(r->inputs = calloc(n, sizeof *r->inputs)))
        return hf_ctx_fail(io->ctx, HF_ENOMEM, "out of memory");
    r->ninputs = n;
    return HF_OK;
}

static hf_err take_input(h5io_reader *io, void *row, size_t i)
{
    hf_results *r = ((h5meta_reader *)io)->r;
    input_row *y = row;
    hf_input_rec *x = &r->inputs[i];
    const char *sha = h5io_or_empty(y->sha256);
    if (!sha256_ok(sha))
        return hf_ctx_fail(io->ctx, HF_EINPUT,
                           "'%s': /metadata/inputs row %zu: sha256 '%.80s' is not 64 lowercase hex "
                           "digits (nor \"\")",
                           io->path, i, sha);
    if (!(y->bytes >= 0))
        return hf_ctx_fail(io->ctx, HF_EINPUT, "'%s': /metadata/inputs row %zu: bytes is %g",
                           io->path, i, y->bytes);
    memcpy(x->sha256, sha, strlen(sha) + 1);
    x->bytes = y->bytes;
    hf_err err;
    if ((err = h5io_take_str(io, &y->path, &x->path)) ||
        (err = h5io_take_str(io, &y->kind, &x->kind)))
        return err;
    return HF_OK;
}

/* A string attribute that older files lack: *out = its value, or a copy of dflt. */
static hf_err read_opt_str(h5io_reader *rd, hid_t loc, const char *where, const char *name,
                           const char *dflt, char **out)
{
    int has = 0;
    hf_err err = h5io_attr_present(rd, loc, where, name, &has);
    if (err) return err;
    if (has) return h5io_read_str_attr(rd, loc, where, name, out);
    if (!(*out = strdup(dflt))) return hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
    return HF_OK;
}

hf_err h5meta_read(h5meta_reader *mr)
{
    h5io_reader *rd = &mr->base;
    hf_results *r = mr->r;
    static const char *const where = "/metadata";
    hid_t meta = -1;
    hf_err err;
    int has_speed = 0;
    if ((err = h5io_open_group(rd, where, &meta)) ||
        (err = h5io_read_str_attr(rd, meta, where, "hetflow_version", &r->hetflow_version)) ||
        (err = h5io_read_str_attr(rd, meta, where, "simgrid_version", &r->simgrid_version)) ||
        (err = h5io_read_str_attr(rd, meta, where, "scenario", &r->scenario)) ||
        (err = h5io_read_str_attr(rd, meta, where, "platform", &r->platform)) ||
        (err = h5io_read_str_attr(rd, meta, where, "workflow", &r->workflow)) ||
        (err = h5io_read_str_attr(rd, meta, where, "policy", &r->policy)) ||
        (err = h5io_read_num_attr(rd, meta, where, "seed", H5T_NATIVE_UINT64, 1, &r->seed)) ||
        (err =
             h5io_read_num_attr(rd, meta, where, "completed", H5T_NATIVE_INT, 1, &r->completed)) ||
        /* absent from files written before the serverless modes, which all ran direct */
        (err = read_opt_str(rd, meta, where, "mode", "direct", &r->mode)) ||
        /* absent from files written before they were recorded */
        (err = read_opt_str(rd, meta, where, "git_revision", "unknown", &r->git_revision)) ||
        (err = read_opt_str(rd, meta, where, "transfer", "direct", &r->transfer)) ||
        (err = read_opt_str(rd, meta, where, "stage_in", "sequential", &r->stage_in)) ||
        (err = h5io_attr_present(rd, meta, where, "reference_speed", &has_speed)) ||
        (has_speed && (err = h5io_read_num_attr(rd, meta, where, "reference_speed",
                                                H5T_NATIVE_DOUBLE, 0, &r->reference_speed))))
        goto fail;
    if (!(r->reference_speed >= 0) || !isfinite(r->reference_speed)) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': attribute 'reference_speed' of '%s' is %g",
                          rd->path, where, r->reference_speed);
        goto fail;
    }
    if ((err = read_str_group(rd, "/metadata/parameters", 0, &r->param_names, &r->param_values,
                              &r->nparams)) ||
        (err = read_str_group(rd, "/metadata/cfg", 1, &r->cfg_names, &r->cfg_values, &r->ncfg)) ||
        (err = h5io_read_table(rd, &input_table, begin_inputs, take_input)))
        goto fail;
fail:
    h5io_close_group(meta);
    return err;
}
