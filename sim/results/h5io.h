/* h5io.h: the HDF5 plumbing shared by the file formats of sim/results/ (results files in h5.c,
 * measurement files in meas.c): table descriptions, atomic writing, checked reading. Internal to
 * sim/results/, the only module that includes hdf5.h; nothing here knows what a file holds. */
#ifndef HF_RESULTS_H5IO_H
#define HF_RESULTS_H5IO_H

#include <stddef.h>

#include <hdf5.h>

#include "hetflow/hf_ctx.h"
#include "hetflow/hf_results.h" /* HF_WRITE_* */

/* Rows per chunk and per H5Dwrite / H5Dread call: 16384 keeps the write's buffers ~11 MB below
 * 65536 at 10^5 tasks for a file 2.6 % larger (docs/performance.md). */
#define H5IO_BLOCK_ROWS 16384

/* ---- table descriptions: one row struct and one column list per dataset ---- */

typedef enum h5io_kind { H5IO_STR, H5IO_I32, H5IO_F64 } h5io_kind;

typedef struct h5io_column {
    const char *name; /* member name in the compound type */
    h5io_kind kind;   /* vlen UTF-8 string (a char * member), int32_t or double */
    size_t offset;    /* offset of the member in the in-memory row struct */
} h5io_column;

typedef struct h5io_table {
    const char *path;        /* dataset path ("/tasks") */
    const h5io_column *cols; /* columns in file order */
    size_t ncols;
    size_t row_size; /* size of the in-memory row struct */
    int optional;    /* absent from older files: reads as 0 rows */
} h5io_table;

/* clang-format off */
#define H5IO_COL(type, field, kind) {#field, kind, offsetof(type, field)}
/* clang-format on */
#define H5IO_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---- */

/* Set ctx to the formatted message followed by ": <HDF5's innermost reason>" when HDF5 gave
 * one, and return code. Must run before any other HDF5 call: each one clears HDF5's stack. */
hf_err h5io_fail(hf_ctx *ctx, hf_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A variable-length string type with the given character set (caller closes it). Negative on
 * failure. */
hid_t h5io_vlen_string_type(H5T_cset_t cset);

/* The compound type of t's rows (caller closes it), in memory (native types at the row struct's
 * offsets) or on disk (packed, little-endian). str is the vlen string type. Negative on
 * failure. */
hid_t h5io_row_type(const h5io_table *t, hid_t str, int disk);

/* Close id when it is valid (>= 0). */
void h5io_close_type(hid_t id);
void h5io_close_space(hid_t id);
void h5io_close_plist(hid_t id);
void h5io_close_group(hid_t id);
void h5io_close_dset(hid_t id);
void h5io_close_attr(hid_t id);

/* s, or "" for NULL. */
const char *h5io_or_empty(const char *s);

/* ---- writing ---- */

typedef struct h5io_writer {
    hf_ctx *ctx;
    const char *path; /* final path, for messages */
    hid_t file;       /* the temporary file */
    hid_t root;       /* its root group */
    hid_t str;        /* vlen UTF-8 string type (memory and disk) */
    hid_t acpl;       /* attribute creation: UTF-8 names */
    int checksum;     /* Fletcher-32 on every chunk (not in HF_WRITE_LEGACY files) */
} h5io_writer;

/* Fill the in-memory row struct row (zeroed) with row i of the table, taken from src. String
 * members may point into src: HDF5 only reads them. */
typedef void (*h5io_fill_fn)(const void *src, size_t i, void *row);

/* Write what a file holds below its root attributes; src is h5io_write_file's. */
typedef hf_err (*h5io_content_fn)(h5io_writer *w, const void *src);

/* Write path atomically (sim/core/outfile.h): a temporary file PATH.tmp.<pid>, created
 * exclusively in HDF5's 1.10 file format (checksummed metadata), gets the root attributes format
 * (UTF-8 string) and format_version (int32), then content(w, src), and is published at path
 * once closed: replacing an existing regular file when flags has HF_WRITE_REPLACE, refused when
 * anything is there otherwise; HF_WRITE_LEGACY writes HDF5's earliest format and no Fletcher-32
 * (hetflow's files before checksums, for tests); H5IO_SEAL adds the seal: a 512-byte user block
 * holding the SHA-256 of the rest, checked by h5io_open before HDF5 reads anything. On any failure
 * the temporary file is removed and path is untouched. HDF5's automatic error printing is off
 * meanwhile. Returns HF_OK, content's error, or HF_EIO / HF_EINPUT with "cannot write 'PATH':
 * <reason>" in ctx. */
#define H5IO_SEAL 0x100u /* h5io_write_file flag: seal the file (a results file) */
hf_err h5io_write_file(hf_ctx *ctx, const char *path, unsigned flags, const char *format,
                       int format_version, h5io_content_fn content, const void *src);

/* Attribute name = *value (scalar, stored as ftype, given as mtype) on loc; where names loc in
 * messages. HF_OK or HF_EIO. */
hf_err h5io_write_attr(h5io_writer *w, hid_t loc, const char *where, const char *name, hid_t ftype,
                       hid_t mtype, const void *value);

/* String attribute name = value (NULL writes ""). HF_OK or HF_EIO. */
hf_err h5io_write_str_attr(h5io_writer *w, hid_t loc, const char *where, const char *name,
                           const char *value);

/* Create group path (attribute creation order tracked when track is set) into *out, which the
 * caller closes. HF_OK or HF_EIO. */
hf_err h5io_create_group(h5io_writer *w, const char *path, int track, hid_t *out);

/* Dataset t->path with n rows, each filled by fill(src, i, row), block by block. Chunked (one
 * chunk per block), deflated and Fletcher-32 checksummed (a damaged chunk fails to read); maximum
 * size unlimited so that a 0-row table still has a valid chunk shape. HF_OK or HF_EIO. */
hf_err h5io_write_table(h5io_writer *w, const h5io_table *t, size_t n, h5io_fill_fn fill,
                        const void *src);

/* ---- reading ---- */

/* Every vlen string HDF5 allocates during one H5Dread, so that a failed read can free them all
 * and a successful one hands them to the rows. */
typedef struct h5io_pool {
    void **live; /* allocations not yet handed over */
    size_t n, cap;
    int oom; /* an allocation failed */
} h5io_pool;

/* A file open for reading. A format's reader embeds it as its first member and casts the
 * h5io_reader * its callbacks get back to its own type. It must not move between h5io_open and
 * h5io_close: HDF5 holds a pointer to its pool. */
typedef struct h5io_reader {
    hf_ctx *ctx;
    const char *path; /* for messages */
    hid_t file;
    hid_t root; /* the root group */
    hid_t str;  /* vlen UTF-8 string memory type */
    hid_t xfer; /* dataset transfer: vlen strings allocated through pool */
    h5io_pool pool;
    int version;          /* the file's format_version, set by h5io_open */
    H5E_auto2_t old_func; /* HDF5's error printing before h5io_open, restored by h5io_close */
    void *old_data;
} h5io_reader;

/* Turn HDF5's error printing off and open path for reading into rd: it must be a readable
 * regular file (else HF_EIO, "cannot read 'PATH': <errno text>"), an HDF5 file ("'PATH' is not a
 * <what> (not an HDF5 file)"; "(damaged HDF5 file)" when HDF5 cannot open it) whose root
 * attribute format is format ("(no 'format' attribute)", "(format is 'other')") and whose
 * format_version is between 1 and format_version (the newest this hetflow writes; older ones are
 * read too, and rd->version says which). Returns HF_OK, HF_EINPUT or HF_EIO with ctx set. Call
 * h5io_close(rd) afterwards whatever it returned. */
hf_err h5io_open(h5io_reader *rd, hf_ctx *ctx, const char *path, const char *what,
                 const char *format, int format_version);

/* Close everything h5io_open opened, free strings not handed over, and restore HDF5's error
 * printing. */
void h5io_close(h5io_reader *rd);

/* Called once with the number of rows before the first take. */
typedef hf_err (*h5io_begin_fn)(h5io_reader *rd, size_t n);
/* Take row i: string members are owned by the row; a take keeps one by setting it to NULL
 * (h5io_take_str), the others are freed after the take. */
typedef hf_err (*h5io_take_fn)(h5io_reader *rd, void *row, size_t i);

/* Read dataset t->path: check it (a 1-D compound table with t's columns, usable types; extra
 * columns are ignored; at most INT_MAX rows), then begin(n) once and take(row, i) for every row,
 * block by block. A missing optional table reads as no call at all. Stops at the first error. */
hf_err h5io_read_table(h5io_reader *rd, const h5io_table *t, h5io_begin_fn begin,
                       h5io_take_fn take);

/* 1 when dataset dset exists and is a compound table with a member named col, else 0 (a missing
 * or unreadable dataset: 0; h5io_read_table then says what is wrong). */
int h5io_has_column(h5io_reader *rd, const char *dset, const char *col);

/* *dst = *field (taken from the row, *field set to NULL), or a new "" for a NULL string. HF_OK
 * or HF_ENOMEM. */
hf_err h5io_take_str(h5io_reader *rd, char **field, char **dst);

/* Open group path into *out (caller closes it), failing with "missing group" when absent. */
hf_err h5io_open_group(h5io_reader *rd, const char *path, hid_t *out);

/* *out = new copy of string attribute name of loc (vlen or fixed-length; caller frees it). where
 * names loc in messages. */
hf_err h5io_read_str_attr(h5io_reader *rd, hid_t loc, const char *where, const char *name,
                          char **out);

/* *out = numeric attribute name of loc converted to mtype; integer_only rejects floats. */
hf_err h5io_read_num_attr(h5io_reader *rd, hid_t loc, const char *where, const char *name,
                          hid_t mtype, int integer_only, void *out);

/* *present = whether loc has attribute name (for attributes older files lack). */
hf_err h5io_attr_present(h5io_reader *rd, hid_t loc, const char *where, const char *name,
                         int *present);

#endif
