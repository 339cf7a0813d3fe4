/* outfile.c: safe output files (outfile.h): checks before work, exclusive temporary files,
 * no-replace publication, and their removal when a signal ends the process. */
#define _GNU_SOURCE /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/outfile.h"

/* ================================ signal-time cleanup ================================ */

/* Temporary files that exist now. Written only with the handled signals blocked in the writing
 * thread; read by the handler, which only unlinks (async-signal-safe). */
#define SLOTS 16
static char *volatile slots[SLOTS];

static const int handled[] = {SIGINT, SIGTERM, SIGHUP};
#define NHANDLED (sizeof handled / sizeof handled[0])
static int ignored_at_start[NHANDLED]; /* a signal the parent had us ignore stays ignored */
static int installed;                  /* 1 once the start-up dispositions are known */

void hf_outfile_unlink_all(void)
{
    for (int i = 0; i < SLOTS; i++) {
        char *p = slots[i];
        if (p) unlink(p);
    }
}

static void on_signal(int sig)
{
    hf_outfile_unlink_all();
    /* end by the same signal, so the parent sees what happened (status 128 + sig) */
    signal(sig, SIG_DFL);
    raise(sig);
}

void hf_outfile_signals_install(void)
{
    if (!installed) {
        for (size_t i = 0; i < NHANDLED; i++) {
            struct sigaction old;
            ignored_at_start[i] =
                sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN;
        }
        installed = 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NHANDLED; i++)
        sigaddset(&sa.sa_mask, handled[i]); /* one handler at a time */
    for (size_t i = 0; i < NHANDLED; i++) {
        sa.sa_handler = ignored_at_start[i] ? SIG_IGN : on_signal;
        sigaction(handled[i], &sa, NULL);
    }
    signal(SIGXFSZ, SIG_IGN);
}

/* Block the handled signals (restored by unblock(old)), so that the registry and the files it
 * names change together. */
static void block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NHANDLED; i++)
        sigaddset(&set, handled[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Register p (signals blocked by the caller). 0, or -1 when every slot is taken. */
static int reg(char *p)
{
    for (int i = 0; i < SLOTS; i++) {
        if (!slots[i]) {
            slots[i] = p;
            return 0;
        }
    }
    return -1;
}

static void unreg(const char *p)
{
    for (int i = 0; i < SLOTS; i++)
        if (slots[i] == p) slots[i] = NULL;
}

/* ================================ checks ================================ */

int hf_outfile_same(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* What a file of mode m is, for messages about a non-regular output. */
static const char *kind_of(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

hf_err hf_outfile_check(hf_ctx *ctx, const char *opt, const char *what, const char *path,
                        int replace, const char *const *inputs)
{
    what = what ? what : "";
    struct stat st, lst;
    if (!path || !*path)
        return hf_ctx_fail(ctx, HF_EINPUT, "cannot write %s'': empty file name (%s)", what, opt);
    size_t n = strlen(path);
    if (path[n - 1] == '/' || (stat(path, &st) == 0 && !S_ISREG(st.st_mode)))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "cannot write %s'%s': it is %s; hetflow writes only regular files "
                           "(with --force too)",
                           what, path, path[n - 1] == '/' ? "a directory" : kind_of(st.st_mode));
    for (size_t i = 0; inputs && inputs[i]; i++)
        if (hf_outfile_same(path, inputs[i]))
            return hf_ctx_fail(ctx, HF_EINPUT,
                               "cannot write %s'%s': it is the input '%s'; an input is never "
                               "overwritten (with --force too)",
                               what, path, inputs[i]);
    if (!replace && lstat(path, &lst) == 0)
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "'%s' exists: give --force to overwrite it, or another %s", path, opt);
    /* the directory that will hold the temporary file and path */
    const char *slash = strrchr(path, '/');
    char *dir = slash == path   ? strdup("/")
                : slash == NULL ? strdup(".")
                                : strndup(path, (size_t)(slash - path));
    if (!dir) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    hf_err err = HF_OK;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        err = hf_ctx_fail(ctx, HF_EINPUT, "cannot write %s'%s': its directory does not exist", what,
                          path);
    else if (access(dir, W_OK) != 0)
        err = hf_ctx_fail(ctx, HF_EINPUT, "cannot write %s'%s': its directory is not writable (%s)",
                          what, path, strerror(errno));
    free(dir);
    return err;
}

/* ================================ temporary files ================================ */

hf_err hf_outfile_create(hf_ctx *ctx, hf_outfile *o, const char *path, int replace,
                         hf_outfile_create_fn create, void *arg)
{
    *o = (hf_outfile){.path = path, .fd = -1, .replace = replace};
    size_t len = strlen(path) + 48;
    sigset_t old;
    block(&old);
    hf_err err = HF_OK;
    for (int n = 0; n < 100; n++) {
        char *name = malloc(len);
        if (!name) {
            err = hf_ctx_fail(ctx, HF_ENOMEM, "cannot write '%s': out of memory", path);
            break;
        }
        if (n == 0)
            snprintf(name, len, "%s.tmp.%ld", path, (long)getpid());
        else
            snprintf(name, len, "%s.tmp.%ld.%d", path, (long)getpid(), n);
        if (reg(name) != 0) {
            free(name);
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': too many files open for writing",
                              path);
            break;
        }
        errno = 0;
        if (create(name, arg) == 0) {
            o->tmp = name;
            break;
        }
        int e = errno;
        unreg(name); /* never remove what another process (or an attacker) put there */
        if (e != EEXIST || n == 99) {
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': cannot create '%s': %s", path, name,
                              strerror(e ? e : EIO));
            free(name);
            break;
        }
        free(name);
    }
    unblock(&old);
    return err;
}

static int open_excl(const char *name, void *arg)
{
    int *fd = arg;
    *fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    return *fd < 0 ? -1 : 0;
}

hf_err hf_outfile_open(hf_ctx *ctx, hf_outfile *o, const char *path, int replace)
{
    int fd = -1;
    hf_err err = hf_outfile_create(ctx, o, path, replace, open_excl, &fd);
    if (!err) o->fd = fd;
    return err;
}

/* rename(from, to) failing with EEXIST when to exists: renameat2's RENAME_NOREPLACE, or, on a
 * file system without it, link + unlink (link never replaces either). */
static int rename_noreplace(const char *from, const char *to)
{
#ifdef RENAME_NOREPLACE
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
    if (link(from, to) != 0) return -1;
    unlink(from);
    return 0;
}

hf_err hf_outfile_commit(hf_ctx *ctx, hf_outfile *o)
{
    hf_err err = HF_OK;
    if (o->fd >= 0) {
        int closed = close(o->fd);
        o->fd = -1;
        if (closed != 0) {
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': cannot close '%s': %s", o->path,
                              o->tmp, strerror(errno));
            goto fail;
        }
    }
    sigset_t old;
    block(&old);
    struct stat st;
    if (stat(o->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        err = hf_ctx_fail(ctx, HF_EIO,
                          "cannot write '%s': it is %s: hetflow writes only regular files", o->path,
                          kind_of(st.st_mode));
    } else if (o->replace ? rename(o->tmp, o->path) != 0 : rename_noreplace(o->tmp, o->path) != 0) {
        if (errno == EEXIST)
            err = hf_ctx_fail(ctx, HF_EIO,
                              "'%s' exists (created while this command ran): give --force to "
                              "overwrite it, or another name",
                              o->path);
        else
            err = hf_ctx_fail(ctx, HF_EIO, "cannot write '%s': cannot rename '%s' to it: %s",
                              o->path, o->tmp, strerror(errno));
    } else {
        unreg(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    unblock(&old);
fail:
    hf_outfile_abort(o);
    return err;
}

void hf_outfile_abort(hf_outfile *o)
{
    if (o->fd >= 0) close(o->fd);
    o->fd = -1;
    if (!o->tmp) return;
    sigset_t old;
    block(&old);
    unlink(o->tmp);
    unreg(o->tmp);
    unblock(&old);
    free(o->tmp);
    o->tmp = NULL;
}
