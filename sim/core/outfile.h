/* outfile.h: the one rule for every file hetflow writes (results, traces, CSV, XML, DOT,
 * calibrated platforms): checked before any work, written to an exclusively created temporary
 * file next to it, published atomically, and removed when a signal ends the process. The rule
 * is documented in docs/reliability.md ("Writes"). */
#ifndef HF_OUTFILE_H
#define HF_OUTFILE_H

#include "hetflow/hf_ctx.h"

typedef struct hf_outfile {
    const char *path; /* final path (borrowed) */
    char *tmp;        /* temporary file "PATH.tmp.<pid>[.<n>]" (owned), NULL when none exists */
    int fd;           /* open on tmp for hf_outfile_open's files, -1 otherwise */
    int replace;      /* 1: an existing regular file at path is replaced (--force) */
} hf_outfile;

/* Creates name exclusively (never following a symbolic link, never opening an existing file)
 * for hf_outfile_create. Returns 0, or -1 with errno set: EEXIST makes the caller try another
 * name, anything else is reported. */
typedef int (*hf_outfile_create_fn)(const char *name, void *arg);

/* Check, before any work is done, that path can be written (opt is the option that names it in
 * messages: "-o", "--trace"; what, NULL or a phrase such as "results to ", is put after "cannot
 * write "): not empty, not a directory, device, FIFO or socket (even with replace), nothing
 * existing there unless replace, not the same file (device and inode, whatever the spelling) as
 * any of inputs (NULL-terminated; each a path the command reads; an input is refused even with
 * replace), and in an existing, writable directory. HF_OK, or HF_EINPUT with "cannot write
 * WHAT'PATH': <why>" ("'PATH' exists: give --force to overwrite it, or another OPT") in ctx.
 * O(number of inputs) system calls. */
hf_err hf_outfile_check(hf_ctx *ctx, const char *opt, const char *what, const char *path,
                        int replace, const char *const *inputs);

/* 1 when a and b name one existing file (same device and inode), else 0. */
int hf_outfile_same(const char *a, const char *b);

/* Create o's temporary file next to path through create (see hf_outfile_create_fn), under the
 * name "PATH.tmp.<pid>", or "PATH.tmp.<pid>.<n>" (n = 1..99) when a name is taken, and register
 * it for removal should SIGINT, SIGTERM or SIGHUP end the process. o->fd is -1. HF_OK, or HF_EIO
 * ("cannot write 'PATH': cannot create 'TMP': <reason>") / HF_ENOMEM with nothing left behind. */
hf_err hf_outfile_create(hf_ctx *ctx, hf_outfile *o, const char *path, int replace,
                         hf_outfile_create_fn create, void *arg);

/* hf_outfile_create with open(O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666): o->fd is open on
 * the temporary file (hf_outfile_commit or hf_outfile_abort closes it). */
hf_err hf_outfile_open(hf_ctx *ctx, hf_outfile *o, const char *path, int replace);

/* Publish the complete temporary file at o->path: without o->replace atomically refused when
 * anything exists there (renameat2 RENAME_NOREPLACE, or link where the file system lacks it),
 * even a file another process created since hf_outfile_check; with it, refused when path is not
 * a regular file (or a link to one), else renamed over it. Closes o->fd first (a failed close is
 * a failed write). On failure the temporary file is removed and path is untouched. HF_OK or
 * HF_EIO with ctx set; o holds nothing afterwards either way. Not fsynced. */
hf_err hf_outfile_commit(hf_ctx *ctx, hf_outfile *o);

/* Remove o's temporary file (if any) and forget it. Accepts an o that holds nothing. */
void hf_outfile_abort(hf_outfile *o);

/* Install hetflow's handlers: SIGINT, SIGTERM and SIGHUP remove every registered temporary file
 * and then end the process by the same signal (status 128 + signal in a shell: 130, 143, 129);
 * a signal that was ignored when the process started stays ignored. SIGXFSZ is ignored, so that
 * a file-size limit is a write error (EFBIG) rather than a death that leaves a temporary file.
 * Called at start-up and again once SimGrid is initialised (it installs its own SIGINT handler,
 * which calls exit() from inside the signal). Idempotent. */
void hf_outfile_signals_install(void);

/* Remove every registered temporary file (result temporaries, the SimGrid platform file being
 * loaded). Async-signal-safe: for a handler that ends the process another way (the sandbox's
 * wall clock, sim/lua/sandbox.c). */
void hf_outfile_unlink_all(void);

#endif
