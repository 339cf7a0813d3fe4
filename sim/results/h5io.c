/* h5io.c: the HDF5 plumbing shared by results and measurement files (h5io.h): table types,
 * attributes, atomic writes, checked reads with a string pool, HDF5 failures as hf_err. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/outfile.h"
#include "results/h5io.h"

/* ================================ helpers ================================ */

typedef struct msgbuf {
    char *buf;
    size_t len;
} msgbuf;

/* The innermost message; of a failed system call (HDF5's "..., errno = 28, error message = 'No
 * space left on device', ...", which spans lines) only the system's words. */
static herr_t keep_innermost(unsigned n, const H5E_error2_t *e, void *data)
{
    msgbuf *m = data;
    if (n != 0 || !e->desc) return 0;
    const char *sys = strstr(e->desc, "error message = '");
    if (sys) {
        sys += strlen("error message = '");
        const char *end = strchr(sys, '\'');
        snprintf(m->buf, m->len, "%.*s", end ? (int)(end - sys) : (int)strlen(sys), sys);
    } else {
        snprintf(m->buf, m->len, "%s", e->desc);
    }
    for (char *c = m->buf; *c; c++)
        if (*c == '\n') *c = ' ';
    return 0;
}

/* HDF5 closes what is still open when the process exits; a file whose write failed (disk full)
 * cannot be closed, and that close crashes inside libhdf5. hetflow closes its files itself, so
 * the exit-time clean-up is switched off before HDF5's first use. */
static void no_atexit(void)
{
    static int done;
    if (!done) H5dont_atexit();
    done = 1;
}

/* The most specific message on HDF5's error stack, "" when it is empty. Must run before any
 * other HDF5 call, since each API call clears the stack. */
static void h5_reason(char *buf, size_t len)
{
    msgbuf m = {buf, len};
    buf[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &m);
}

hf_err h5io_fail(hf_ctx *ctx, hf_err code, const char *fmt, ...)
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

hid_t h5io_vlen_string_type(H5T_cset_t cset)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, cset) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

hid_t h5io_row_type(const h5io_table *t, hid_t str, int disk)
{
    size_t size = t->row_size;
    if (disk) {
        size = 0;
        for (size_t c = 0; c < t->ncols; c++)
            size += t->cols[c].kind == H5IO_STR   ? H5Tget_size(str)
                    : t->cols[c].kind == H5IO_I32 ? 4
                                                  : 8;
    }
    hid_t type = H5Tcreate(H5T_COMPOUND, size);
    if (type < 0) return type;
    size_t off = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        const h5io_column *col = &t->cols[c];
        hid_t mt = col->kind == H5IO_STR   ? str
                   : col->kind == H5IO_I32 ? (disk ? H5T_STD_I32LE : H5T_NATIVE_INT32)
                                           : (disk ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE);
        if (H5Tinsert(type, col->name, disk ? off : col->offset, mt) < 0) {
            H5Tclose(type);
            return -1;
        }
        off += H5Tget_size(mt);
    }
    return type;
}

void h5io_close_type(hid_t id)
{
    if (id >= 0) H5Tclose(id);
}
void h5io_close_space(hid_t id)
{
    if (id >= 0) H5Sclose(id);
}
void h5io_close_plist(hid_t id)
{
    if (id >= 0) H5Pclose(id);
}
void h5io_close_group(hid_t id)
{
    if (id >= 0) H5Gclose(id);
}
void h5io_close_dset(hid_t id)
{
    if (id >= 0) H5Dclose(id);
}
void h5io_close_attr(hid_t id)
{
    if (id >= 0) H5Aclose(id);
}

const char *h5io_or_empty(const char *s)
{
    return s ? s : "";
}

/* ================================ writing ================================ */

hf_err h5io_write_attr(h5io_writer *w, hid_t loc, const char *where, const char *name, hid_t ftype,
                       hid_t mtype, const void *value)
{
    hid_t space = -1, a = -1;
    hf_err err = HF_OK;
    space = H5Screate(H5S_SCALAR);
    if (space >= 0) a = H5Acreate2(loc, name, ftype, space, w->acpl, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, mtype, value) < 0) {
        err = h5io_fail(w->ctx, HF_EIO, "cannot write '%s': cannot write attribute '%s' of '%s'",
                        w->path, name, where);
        goto fail;
    }
fail:
    h5io_close_attr(a);
    h5io_close_space(space);
    return err;
}

hf_err h5io_write_str_attr(h5io_writer *w, hid_t loc, const char *where, const char *name,
                           const char *value)
{
    const char *v = h5io_or_empty(value);
    return h5io_write_attr(w, loc, where, name, w->str, w->str, &v);
}

hf_err h5io_create_group(h5io_writer *w, const char *path, int track, hid_t *out)
{
    hid_t gcpl = -1;
    hf_err err = HF_OK;
    gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0 ||
        (track &&
         H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) ||
        (*out = H5Gcreate2(w->file, path, H5P_DEFAULT, gcpl, H5P_DEFAULT)) < 0) {
        err =
            h5io_fail(w->ctx, HF_EIO, "cannot write '%s': cannot create group '%s'", w->path, path);
        goto fail;
    }
fail:
    h5io_close_plist(gcpl);
    return err;
}

hf_err h5io_write_table(h5io_writer *w, const h5io_table *t, size_t n, h5io_fill_fn fill,
                        const void *src)
{
    hid_t mtype = -1, ftype = -1, space = -1, mspace = -1, dcpl = -1, dset = -1;
    char *buf = NULL;
    hf_err err = HF_OK;
    hsize_t dims = n, maxdims = H5S_UNLIMITED;
    hsize_t chunk = n == 0 ? 1 : n < H5IO_BLOCK_ROWS ? n : H5IO_BLOCK_ROWS;

    mtype = h5io_row_type(t, w->str, 0);
    ftype = h5io_row_type(t, w->str, 1);
    space = H5Screate_simple(1, &dims, &maxdims);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (mtype < 0 || ftype < 0 || space < 0 || dcpl < 0 || H5Pset_chunk(dcpl, 1, &chunk) < 0 ||
        H5Pset_deflate(dcpl, 1) < 0 || (w->checksum && H5Pset_fletcher32(dcpl) < 0) ||
        (dset = H5Dcreate2(w->file, t->path, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0) {
        err = h5io_fail(w->ctx, HF_EIO, "cannot write '%s': cannot create dataset '%s'", w->path,
                        t->path);
        goto fail;
    }
    if (n > 0 && !(buf = malloc((size_t)chunk * t->row_size))) {
        err = hf_ctx_fail(w->ctx, HF_EIO, "cannot write '%s': out of memory", w->path);
        goto fail;
    }
    for (size_t first = 0; first < n;) {
        size_t m = n - first < H5IO_BLOCK_ROWS ? n - first : H5IO_BLOCK_ROWS;
        hsize_t start = first, count = m;
        memset(buf, 0, m * t->row_size);
        for (size_t i = 0; i < m; i++)
            fill(src, first + i, buf + i * t->row_size);
        h5io_close_space(mspace);
        mspace = H5Screate_simple(1, &count, NULL);
        if (mspace < 0 ||
            H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0 ||
            H5Dwrite(dset, mtype, mspace, space, H5P_DEFAULT, buf) < 0) {
            err = h5io_fail(w->ctx, HF_EIO, "cannot write '%s': cannot write rows %zu-%zu of '%s'",
                            w->path, first, first + m - 1, t->path);
            goto fail;
        }
        first += m;
    }
fail:
    free(buf);
    h5io_close_dset(dset);
    h5io_close_plist(dcpl);
    h5io_close_space(mspace);
    h5io_close_space(space);
    h5io_close_type(ftype);
    h5io_close_type(mtype);
    return err;
}

/* ================================ the seal ================================ */

/* A sealed file starts with a 512-byte HDF5 user block holding SEAL_MAGIC, then "fletcher64
 * <16 hex digits> bytes <n>\n" for the n bytes after the block, then zeros; the HDF5 file proper
 * follows. HDF5's own checksums leave the global heap (every string) unchecked, and a damaged
 * heap crashes libhdf5 itself: the seal is checked before HDF5 reads anything. Fletcher-64
 * (docs/results-format.md) rather than SHA-256: the seal guards against damage, not forgery,
 * and it runs at memory speed (SHA-256 here added 0.7 s to reading a 34 MB file). */
#define SEAL_BLOCK 512
#define SEAL_MAGIC "hetflow-sealed-hdf5 1\n"
static const char hdf5_signature[8] = {'\211', 'H', 'D', 'F', '\r', '\n', '\032', '\n'};

/* Fletcher-64 of bytes read as little-endian 32-bit words (the last one zero-padded): a = sum of
 * the words, b = sum of the successive a, both mod 2^32 - 1; the value is b * 2^32 + a. */
typedef struct fletcher64 {
    uint64_t a, b;
    unsigned char pend[4]; /* bytes of an incomplete word */
    size_t npend;
} fletcher64;

static void f64_words(fletcher64 *f, const unsigned char *p, size_t nwords)
{
    const uint64_t m = 0xFFFFFFFFu;
    while (nwords > 0) {
        /* b stays below 2^64 for 65536 words between reductions: 2^16 * (2^32 + 2^48) */
        size_t n = nwords < 65536 ? nwords : 65536;
        uint64_t a = f->a, b = f->b;
        for (size_t i = 0; i < n; i++, p += 4) {
            a += (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
            b += a;
        }
        f->a = a % m;
        f->b = b % m;
        nwords -= n;
    }
}

static void f64_update(fletcher64 *f, const unsigned char *p, size_t n)
{
    while (f->npend && f->npend < 4 && n) {
        f->pend[f->npend++] = *p++;
        n--;
    }
    if (f->npend == 4) {
        f64_words(f, f->pend, 1);
        f->npend = 0;
    }
    f64_words(f, p, n / 4);
    p += n / 4 * 4;
    for (size_t i = 0; i < n % 4; i++)
        f->pend[f->npend++] = p[i];
}

static uint64_t f64_final(fletcher64 *f)
{
    if (f->npend) {
        memset(f->pend + f->npend, 0, 4 - f->npend);
        f64_words(f, f->pend, 1);
        f->npend = 0;
    }
    return f->b << 32 | f->a;
}

/* Fletcher-64 and size of fd's bytes from SEAL_BLOCK to its end. 0, or -1 with errno. */
static int sum_rest(int fd, uint64_t *sum, unsigned long long *bytes)
{
    enum { BUF = 1 << 20 };
    unsigned char *buf = malloc(BUF);
    if (!buf) return -1;
    fletcher64 f = {0};
    off_t off = SEAL_BLOCK;
    for (;;) {
        ssize_t n = pread(fd, buf, BUF, off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            free(buf);
            return -1;
        }
        if (n == 0) break;
        f64_update(&f, buf, (size_t)n);
        off += n;
    }
    free(buf);
    *sum = f64_final(&f);
    *bytes = (unsigned long long)(off - SEAL_BLOCK);
    return 0;
}

/* Write the seal into the user block of the closed file tmp (path names it in messages). */
static hf_err seal(hf_ctx *ctx, const char *path, const char *tmp)
{
    char block[SEAL_BLOCK];
    unsigned long long bytes = 0;
    uint64_t sum = 0;
    int fd = open(tmp, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    memset(block, 0, sizeof block);
    if (fd < 0 || sum_rest(fd, &sum, &bytes) != 0) goto fail;
    snprintf(block, sizeof block, SEAL_MAGIC "fletcher64 %016llx bytes %llu\n",
             (unsigned long long)sum, bytes);
    if (pwrite(fd, block, sizeof block, 0) != (ssize_t)sizeof block) goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    return HF_OK;
fail:;
    int e = errno ? errno : EIO;
    if (fd >= 0) close(fd);
    return hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': cannot seal '%s': %s", path, tmp,
                       strerror(e));
}

/* Check path's seal before HDF5 reads it: a file starting with HDF5's signature is of the
 * layout before seals (read as it is); one starting with the seal must match it; anything else
 * is not a file hetflow wrote. */
static hf_err check_seal(hf_ctx *ctx, const char *path, const char *what)
{
    char block[SEAL_BLOCK + 1];
    unsigned long long bytes = 0, want_bytes = 0, want = 0;
    uint64_t sum = 0;
    hf_err err = HF_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return hf_ctx_fail(ctx, HF_EIO, "cannot read '%s': %s", path, strerror(errno));
    ssize_t n = pread(fd, block, SEAL_BLOCK, 0);
    if (n >= (ssize_t)sizeof hdf5_signature &&
        memcmp(block, hdf5_signature, sizeof hdf5_signature) == 0)
        goto done; /* unsealed: the earlier layout */
    if (n != SEAL_BLOCK || memcmp(block, SEAL_MAGIC, strlen(SEAL_MAGIC)) != 0) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "'%s' is not a %s (not an HDF5 file)", path, what);
        goto done;
    }
    block[SEAL_BLOCK] = '\0';
    int used = 0;
    if (sscanf(block + strlen(SEAL_MAGIC), "fletcher64 %16llx bytes %llu\n%n", &want, &want_bytes,
               &used) != 2 ||
        used == 0) {
        err =
            hf_ctx_fail(ctx, HF_EINPUT, "'%s' is not a %s (damaged: unreadable seal)", path, what);
        goto done;
    }
    if (sum_rest(fd, &sum, &bytes) != 0) {
        err = hf_ctx_fail(ctx, HF_EIO, "cannot read '%s': %s", path, strerror(errno));
        goto done;
    }
    if (bytes != want_bytes || sum != want)
        err = hf_ctx_fail(ctx, HF_EINPUT,
                          "'%s' is not a %s (damaged: %s; the file changed after hetflow wrote "
                          "it)",
                          path, what,
                          bytes != want_bytes ? "its size differs from the size it was written with"
                                              : "its checksum differs from the one it was written "
                                                "with");
done:
    close(fd);
    return err;
}

/* hf_outfile_create_fn for HDF5: H5F_ACC_EXCL makes the sec2 driver open with O_CREAT | O_EXCL,
 * which never follows a symbolic link nor opens an existing file. errno tells why it failed. */
typedef struct h5create {
    hid_t fcpl;  /* file creation: the seal's user block */
    hid_t fapl;  /* file access: format bounds, close degree */
    hid_t *file; /* out: the new file */
} h5create;

static int create_h5(const char *name, void *arg)
{
    h5create *c = arg;
    struct stat st;
    *c->file = H5Fcreate(name, H5F_ACC_EXCL, c->fcpl, c->fapl);
    if (*c->file >= 0) return 0;
    if (lstat(name, &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    /* HDF5's driver message is vaguer than errno: ask the system the same question */
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) {
        close(fd);
        unlink(name);
        errno = EIO;
    }
    return -1;
}

hf_err h5io_write_file(hf_ctx *ctx, const char *path, unsigned flags, const char *format,
                       int format_version, h5io_content_fn content, const void *src)
{
    h5io_writer w = {.ctx = ctx,
                     .path = path,
                     .file = -1,
                     .root = -1,
                     .str = -1,
                     .acpl = -1,
                     .checksum = !(flags & HF_WRITE_LEGACY)};
    hid_t fapl = -1, fcpl = -1;
    hf_outfile o = {.fd = -1};
    hf_err err = HF_OK;
    H5E_auto2_t old_func = NULL;
    void *old_data = NULL;

    no_atexit();
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    w.str = h5io_vlen_string_type(H5T_CSET_UTF8);
    w.acpl = H5Pcreate(H5P_ATTRIBUTE_CREATE);
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    fcpl = H5Pcreate(H5P_FILE_CREATE);
    /* STRONG: closing the file closes anything a failed step left open. The 1.10 format (object
     * header v2, superblock v3, checksummed metadata) makes HDF5 report a damaged file as
     * damaged instead of following its corrupted pointers (docs/results-format.md). */
    if (w.str < 0 || w.acpl < 0 || fapl < 0 || fcpl < 0 ||
        H5Pset_char_encoding(w.acpl, H5T_CSET_UTF8) < 0 ||
        ((flags & H5IO_SEAL) && H5Pset_userblock(fcpl, SEAL_BLOCK) < 0) ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        (!(flags & HF_WRITE_LEGACY) &&
         H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110) < 0)) {
        err = h5io_fail(ctx, HF_EIO, "cannot write '%s': cannot set up HDF5", path);
        goto fail;
    }
    h5create c = {fcpl, fapl, &w.file};
    if ((err = hf_outfile_create(ctx, &o, path, flags & HF_WRITE_REPLACE, create_h5, &c)))
        goto fail;
    if ((w.root = H5Gopen2(w.file, "/", H5P_DEFAULT)) < 0) {
        err = h5io_fail(ctx, HF_EIO, "cannot write '%s': cannot open the root group", path);
        goto fail;
    }
    if ((err = h5io_write_str_attr(&w, w.root, "/", "format", format)) ||
        (err = h5io_write_attr(&w, w.root, "/", "format_version", H5T_STD_I32LE, H5T_NATIVE_INT,
                               &format_version)) ||
        (err = content(&w, src)))
        goto fail;
    H5Gclose(w.root);
    w.root = -1;
    herr_t closed = H5Fclose(w.file);
    w.file = -1;
    if (closed < 0) {
        err = h5io_fail(ctx, HF_EIO, "cannot write '%s': cannot close '%s'", path, o.tmp);
        goto fail;
    }
    if ((flags & H5IO_SEAL) && (err = seal(ctx, path, o.tmp))) goto fail;
    /* no fsync: the rename alone keeps PATH complete when a run fails or is killed; flushing to
     * disk (about 1 s per result file on this project's VMs) would only add power-loss safety,
     * at a cost every point of a sweep pays */
    err = hf_outfile_commit(ctx, &o);
fail:
    h5io_close_group(w.root);
    if (w.file >= 0) H5Fclose(w.file);
    h5io_close_plist(fapl);
    h5io_close_plist(fcpl);
    h5io_close_plist(w.acpl);
    h5io_close_type(w.str);
    hf_outfile_abort(&o);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    return err;
}

/* ================================ reading ================================ */

static void *pool_alloc(size_t size, void *info)
{
    h5io_pool *p = info;
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
    h5io_pool *p = info;
    for (size_t i = p->n; i-- > 0;) {
        if (p->live[i] == mem) {
            p->live[i] = p->live[--p->n];
            break;
        }
    }
    free(mem);
}

/* Free every allocation not handed over. */
static void pool_drain(h5io_pool *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->live[i]);
    p->n = 0;
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

/* Root attributes: format must be format, format_version one we read (1 .. want). */
static hf_err check_format(h5io_reader *rd, const char *what, const char *format, int want)
{
    char *found = NULL;
    long long version = 0; /* read wide: an int would show 2^40 as 2147483647 (clamped) */
    hf_err err = HF_OK;
    htri_t has = H5Aexists(rd->root, "format");
    if (has <= 0) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s' is not a %s (no 'format' attribute)", rd->path,
                          what);
        goto fail;
    }
    if ((err = h5io_read_str_attr(rd, rd->root, "/", "format", &found))) goto fail;
    if (strcmp(found, format) != 0) {
        err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s' is not a %s (format is '%s')", rd->path, what,
                          found);
        goto fail;
    }
    if ((err = h5io_read_num_attr(rd, rd->root, "/", "format_version", H5T_NATIVE_LLONG, 1,
                                  &version)))
        goto fail;
    if (version < 1 || version > want) {
        if (want == 1)
            err = hf_ctx_fail(rd->ctx, HF_EINPUT,
                              "'%s' has format_version %lld; this hetflow reads version 1",
                              rd->path, version);
        else
            err = hf_ctx_fail(rd->ctx, HF_EINPUT,
                              "'%s' has format_version %lld; this hetflow reads versions 1 to %d",
                              rd->path, version, want);
        goto fail;
    }
    rd->version = (int)version;
fail:
    free(found);
    return err;
}

hf_err h5io_open(h5io_reader *rd, hf_ctx *ctx, const char *path, const char *what,
                 const char *format, int format_version)
{
    hid_t fapl = -1;
    hf_err err = HF_OK;

    *rd = (h5io_reader){.ctx = ctx, .path = path, .file = -1, .root = -1, .str = -1, .xfer = -1};
    no_atexit();
    H5Eget_auto2(H5E_DEFAULT, &rd->old_func, &rd->old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if ((err = check_readable(ctx, path)) || (err = check_seal(ctx, path, what))) goto fail;
#if H5_VERSION_GE(1, 12, 0)
    htri_t is_h5 = H5Fis_accessible(path, H5P_DEFAULT);
#else
    htri_t is_h5 = H5Fis_hdf5(path);
#endif
    if (is_h5 <= 0) {
        err = hf_ctx_fail(ctx, HF_EINPUT, "'%s' is not a %s (not an HDF5 file)", path, what);
        goto fail;
    }
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        (rd->file = H5Fopen(path, H5F_ACC_RDONLY, fapl)) < 0 ||
        (rd->root = H5Gopen2(rd->file, "/", H5P_DEFAULT)) < 0) {
        err = h5io_fail(ctx, HF_EINPUT, "'%s' is not a %s (damaged HDF5 file)", path, what);
        goto fail;
    }
    if ((err = check_format(rd, what, format, format_version))) goto fail;
    rd->str = h5io_vlen_string_type(H5T_CSET_UTF8);
    rd->xfer = H5Pcreate(H5P_DATASET_XFER);
    if (rd->str < 0 || rd->xfer < 0 ||
        H5Pset_vlen_mem_manager(rd->xfer, pool_alloc, &rd->pool, pool_release, &rd->pool) < 0) {
        err = h5io_fail(ctx, HF_EIO, "'%s': cannot set up reading", path);
        goto fail;
    }
fail:
    h5io_close_plist(fapl);
    return err;
}

void h5io_close(h5io_reader *rd)
{
    h5io_close_group(rd->root);
    if (rd->file >= 0) H5Fclose(rd->file);
    h5io_close_plist(rd->xfer);
    h5io_close_type(rd->str);
    rd->root = rd->file = rd->xfer = rd->str = -1;
    pool_drain(&rd->pool);
    free(rd->pool.live);
    rd->pool = (h5io_pool){0};
    H5Eset_auto2(H5E_DEFAULT, rd->old_func, rd->old_data);
}

/* Fail unless attribute name exists on loc with one element of class want (or, when
 * want_number, an integer or a float). */
static hf_err open_attr(h5io_reader *rd, hid_t loc, const char *where, const char *name,
                        H5T_class_t want, int want_number, hid_t *out_attr, hid_t *out_type)
{
    hid_t a = -1, type = -1, space = -1;
    hf_err err = HF_OK;
    htri_t has = H5Aexists(loc, name);
    if (has <= 0) {
        err = has < 0 ? h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot look up attribute '%s' of '%s'",
                                  rd->path, name, where)
                      : hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': '%s' has no attribute '%s'",
                                    rd->path, where, name);
        goto fail;
    }
    a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a >= 0) type = H5Aget_type(a);
    if (type >= 0) space = H5Aget_space(a);
    if (space < 0) {
        err = h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot open attribute '%s' of '%s'", rd->path,
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
    h5io_close_space(space);
    h5io_close_type(type);
    h5io_close_attr(a);
    return err;
}

hf_err h5io_read_str_attr(h5io_reader *rd, hid_t loc, const char *where, const char *name,
                          char **out)
{
    hid_t a = -1, ftype = -1, mtype = -1;
    char *vs = NULL, *fs = NULL;
    hf_err err = open_attr(rd, loc, where, name, H5T_STRING, 0, &a, &ftype);
    if (err) goto fail;
    if (H5Tis_variable_str(ftype) > 0) {
        mtype = h5io_vlen_string_type(H5Tget_cset(ftype));
        if (mtype < 0 || H5Aread(a, mtype, &vs) < 0) {
            err = h5io_fail(rd->ctx, HF_EIO, "'%s': cannot read attribute '%s' of '%s'", rd->path,
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
            err = h5io_fail(rd->ctx, HF_EIO, "'%s': cannot read attribute '%s' of '%s'", rd->path,
                            name, where);
            goto fail;
        }
        *out = fs;
        fs = NULL;
    }
fail:
    if (vs) H5free_memory(vs);
    free(fs);
    h5io_close_type(mtype);
    h5io_close_type(ftype);
    h5io_close_attr(a);
    return err;
}

hf_err h5io_read_num_attr(h5io_reader *rd, hid_t loc, const char *where, const char *name,
                          hid_t mtype, int integer_only, void *out)
{
    hid_t a = -1, ftype = -1;
    hf_err err = open_attr(rd, loc, where, name, H5T_INTEGER, !integer_only, &a, &ftype);
    if (err) goto fail;
    if (H5Aread(a, mtype, out) < 0) {
        err = h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot read attribute '%s' of '%s'", rd->path,
                        name, where);
        goto fail;
    }
fail:
    h5io_close_type(ftype);
    h5io_close_attr(a);
    return err;
}

hf_err h5io_attr_present(h5io_reader *rd, hid_t loc, const char *where, const char *name,
                         int *present)
{
    htri_t has = H5Aexists(loc, name);
    if (has < 0)
        return h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot look up attribute '%s' of '%s'",
                         rd->path, name, where);
    *present = has > 0;
    return HF_OK;
}

hf_err h5io_open_group(h5io_reader *rd, const char *path, hid_t *out)
{
    htri_t has = H5Lexists(rd->file, path, H5P_DEFAULT);
    if (has <= 0)
        return hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': missing group '%s'", rd->path, path);
    *out = H5Gopen2(rd->file, path, H5P_DEFAULT);
    if (*out < 0)
        return h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot open group '%s'", rd->path, path);
    return HF_OK;
}

int h5io_has_column(h5io_reader *rd, const char *dset, const char *col)
{
    if (H5Lexists(rd->file, dset, H5P_DEFAULT) <= 0) return 0;
    hid_t d = H5Dopen2(rd->file, dset, H5P_DEFAULT), ftype = d < 0 ? -1 : H5Dget_type(d);
    int has = ftype >= 0 && H5Tget_class(ftype) == H5T_COMPOUND &&
              H5Tget_member_index(ftype, col) >= 0;
    h5io_close_type(ftype);
    h5io_close_dset(d);
    return has;
}

/* Fail unless dset is a 1-D compound table holding t's columns with usable types (extra
 * columns are ignored). *n = its number of rows. */
static hf_err check_table(h5io_reader *rd, const h5io_table *t, hid_t dset, size_t *n)
{
    hid_t ftype = -1, space = -1, mt = -1;
    hf_err err = HF_OK;
    hsize_t dims = 0;
    ftype = H5Dget_type(dset);
    space = H5Dget_space(dset);
    if (ftype < 0 || space < 0) {
        err = h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot inspect dataset '%s'", rd->path, t->path);
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
        const h5io_column *col = &t->cols[c];
        int idx = H5Tget_member_index(ftype, col->name);
        if (idx < 0) {
            err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': dataset '%s' has no column '%s'", rd->path,
                              t->path, col->name);
            goto fail;
        }
        mt = H5Tget_member_type(ftype, (unsigned)idx);
        H5T_class_t cls = mt < 0 ? H5T_NO_CLASS : H5Tget_class(mt);
        int ok = col->kind == H5IO_STR   ? cls == H5T_STRING && H5Tis_variable_str(mt) > 0
                 : col->kind == H5IO_I32 ? cls == H5T_INTEGER
                                         : cls == H5T_FLOAT || cls == H5T_INTEGER;
        h5io_close_type(mt);
        mt = -1;
        if (!ok) {
            err = hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': column '%s' of dataset '%s' is not %s",
                              rd->path, col->name, t->path,
                              col->kind == H5IO_STR   ? "a variable-length string"
                              : col->kind == H5IO_I32 ? "an integer"
                                                      : "a number");
            goto fail;
        }
    }
    *n = (size_t)dims;
fail:
    h5io_close_type(mt);
    h5io_close_space(space);
    h5io_close_type(ftype);
    return err;
}

/* Free the strings a row still owns (a take clears those it keeps). */
static void free_row_strings(const h5io_table *t, void *row)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].kind != H5IO_STR) continue;
        char **s = (char **)((char *)row + t->cols[c].offset);
        free(*s);
        *s = NULL;
    }
}

hf_err h5io_read_table(h5io_reader *rd, const h5io_table *t, h5io_begin_fn begin, h5io_take_fn take)
{
    hid_t dset = -1, mtype = -1, space = -1, mspace = -1;
    char *buf = NULL;
    hf_err err = HF_OK;
    size_t n = 0;

    htri_t has = H5Lexists(rd->file, t->path, H5P_DEFAULT);
    if (has == 0 && t->optional) goto fail; /* an older file: no rows */
    if (has <= 0) {
        err = has < 0 ? h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot look up dataset '%s'", rd->path,
                                  t->path)
                      : hf_ctx_fail(rd->ctx, HF_EINPUT, "'%s': missing dataset '%s'", rd->path,
                                    t->path);
        goto fail;
    }
    dset = H5Dopen2(rd->file, t->path, H5P_DEFAULT);
    if (dset < 0) {
        err = h5io_fail(rd->ctx, HF_EINPUT, "'%s': cannot open dataset '%s'", rd->path, t->path);
        goto fail;
    }
    if ((err = check_table(rd, t, dset, &n))) goto fail;
    mtype = h5io_row_type(t, rd->str, 0);
    space = H5Dget_space(dset);
    if (mtype < 0 || space < 0) {
        err = h5io_fail(rd->ctx, HF_EIO, "'%s': cannot read dataset '%s'", rd->path, t->path);
        goto fail;
    }
    if ((err = begin(rd, n))) goto fail;
    size_t block = n < H5IO_BLOCK_ROWS ? n : H5IO_BLOCK_ROWS;
    if (block && !(buf = malloc(block * t->row_size))) {
        err = hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t first = 0; first < n;) {
        size_t m = n - first < block ? n - first : block;
        hsize_t start = first, count = m;
        memset(buf, 0, m * t->row_size);
        h5io_close_space(mspace);
        mspace = H5Screate_simple(1, &count, NULL);
        if (mspace < 0 ||
            H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0 ||
            H5Dread(dset, mtype, mspace, space, rd->xfer, buf) < 0 || rd->pool.oom) {
            err = rd->pool.oom
                      ? hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory")
                      : h5io_fail(rd->ctx, HF_EIO, "'%s': cannot read rows %zu-%zu of '%s'",
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
    h5io_close_space(mspace);
    h5io_close_space(space);
    h5io_close_type(mtype);
    h5io_close_dset(dset);
    return err;
}

hf_err h5io_take_str(h5io_reader *rd, char **field, char **dst)
{
    *dst = *field ? *field : strdup("");
    *field = NULL;
    return *dst ? HF_OK : hf_ctx_fail(rd->ctx, HF_ENOMEM, "out of memory");
}
