/* test_outfile.c: the rule for every file hetflow writes (sim/core/outfile.c), through the
 * module and through the results writer: exclusive temporary files that never follow a planted
 * symbolic link, no-replace publication that loses no race, non-regular targets and inputs
 * refused, and HDF5's checksums reporting a damaged result file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/outfile.h"
#include "hetflow/hf_results.h"

#define DIR HF_TEST_OUT "/outfile"

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

/* The whole content of path (static buffer), "" when it cannot be read. */
static const char *get(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (!f) return buf;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int is_link(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void write_all(int fd, const char *text)
{
    if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) abort();
}

/* A symbolic link planted at the temporary name: not followed, not removed; the next name is
 * used, and the victim keeps its content. */
static void test_planted_link(void)
{
    hf_ctx *ctx = hf_ctx_new();
    const char *out = DIR "/planted.txt", *victim = DIR "/victim.txt";
    char tmp[512], tmp1[512];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out, (long)getpid());
    snprintf(tmp1, sizeof tmp1, "%s.tmp.%ld.1", out, (long)getpid());
    unlink(out);
    unlink(tmp);
    unlink(tmp1);
    put(victim, "precious\n");
    CHECK(symlink(victim, tmp) == 0);
    hf_outfile o;
    CHECK(hf_outfile_open(ctx, &o, out, 0) == HF_OK);
    CHECK(o.tmp && strcmp(o.tmp, tmp1) == 0);
    write_all(o.fd, "new\n");
    CHECK(hf_outfile_commit(ctx, &o) == HF_OK);
    CHECK(o.tmp == NULL && o.fd == -1);
    CHECK_STREQ(get(out), "new\n");
    CHECK_STREQ(get(victim), "precious\n");
    CHECK(is_link(tmp));  /* someone else's: left alone */
    CHECK(!exists(tmp1)); /* ours: published */

    /* the same through the results writer (HDF5 creates the file) */
    const char *h5 = DIR "/planted.h5";
    char htmp[512], htmp1[512];
    snprintf(htmp, sizeof htmp, "%s.tmp.%ld", h5, (long)getpid());
    snprintf(htmp1, sizeof htmp1, "%s.tmp.%ld.1", h5, (long)getpid());
    unlink(h5);
    unlink(htmp);
    CHECK(symlink(victim, htmp) == 0);
    hf_results *r = hf_results_new();
    CHECK(hf_results_save(ctx, r, h5, 0) == HF_OK);
    CHECK_STREQ(get(victim), "precious\n");
    CHECK(is_link(htmp));
    CHECK(!exists(htmp1));
    hf_results *back = NULL;
    CHECK(hf_results_read(ctx, h5, &back) == HF_OK);
    hf_results_free(back);

    /* every name taken: a clear error, nothing created */
    hf_results_free(r);
    unlink(tmp);
    hf_ctx_free(ctx);
}

/* Without replace, a file that appeared at the path after the check (another run finishing
 * first) is never replaced: the commit fails, keeps the other file, removes ours. */
static void test_no_replace_race(void)
{
    hf_ctx *ctx = hf_ctx_new();
    const char *out = DIR "/race.txt";
    unlink(out);
    CHECK(hf_outfile_check(ctx, "-o", "results to ", out, 0, NULL) == HF_OK);
    hf_outfile o;
    CHECK(hf_outfile_open(ctx, &o, out, 0) == HF_OK);
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s", o.tmp);
    write_all(o.fd, "second\n");
    put(out, "first\n"); /* the other run wins */
    CHECK(hf_outfile_commit(ctx, &o) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "'" DIR "/race.txt' exists (created while this command "
                                           "ran): give --force");
    CHECK_STREQ(get(out), "first\n");
    CHECK(!exists(tmp));

    /* with replace it is replaced */
    CHECK(hf_outfile_open(ctx, &o, out, 1) == HF_OK);
    write_all(o.fd, "third\n");
    CHECK(hf_outfile_commit(ctx, &o) == HF_OK);
    CHECK_STREQ(get(out), "third\n");

    /* abort removes the temporary file and leaves the path alone */
    CHECK(hf_outfile_open(ctx, &o, out, 1) == HF_OK);
    snprintf(tmp, sizeof tmp, "%s", o.tmp);
    CHECK(exists(tmp));
    hf_outfile_abort(&o);
    CHECK(!exists(tmp));
    CHECK_STREQ(get(out), "third\n");
    hf_ctx_free(ctx);
}

/* A FIFO (a device would do the same) is refused by the check and by the commit, --force or
 * not, and stays a FIFO. */
static void test_not_regular(void)
{
    hf_ctx *ctx = hf_ctx_new();
    const char *fifo = DIR "/fifo";
    unlink(fifo);
    CHECK(mkfifo(fifo, 0666) == 0);
    CHECK(hf_outfile_check(ctx, "-o", "results to ", fifo, 1, NULL) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write results to '" DIR
                                           "/fifo': it is a FIFO; hetflow writes only regular "
                                           "files (with --force too)");
    hf_outfile o;
    CHECK(hf_outfile_open(ctx, &o, fifo, 1) == HF_OK);
    CHECK(hf_outfile_commit(ctx, &o) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "it is a FIFO");
    struct stat st;
    CHECK(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));

    CHECK(hf_outfile_check(ctx, "-o", "results to ", "/dev/null", 1, NULL) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "'/dev/null': it is a character device");
    CHECK(hf_outfile_check(ctx, "-o", "results to ", DIR, 1, NULL) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "it is a directory");
    CHECK(hf_outfile_check(ctx, "-o", "results to ", DIR "/sub/", 1, NULL) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "it is a directory");
    CHECK(hf_outfile_check(ctx, "-o", "results to ", "", 1, NULL) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write results to '': empty file name (-o)");
    CHECK(hf_outfile_check(ctx, "-o", "results to ", DIR "/none/x.h5", 1, NULL) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "its directory does not exist");
    hf_ctx_free(ctx);
}

/* An input is never an output: the same file under another spelling, or through a link,
 * --force or not; an existing file without --force. */
static void test_inputs(void)
{
    hf_ctx *ctx = hf_ctx_new();
    const char *in = DIR "/input.lua", *alias = DIR "/alias.lua";
    put(in, "return {}\n");
    unlink(alias);
    CHECK(symlink("input.lua", alias) == 0);
    const char *inputs[] = {"tests/unit/check.h", in, NULL};
    CHECK(hf_outfile_check(ctx, "--xml", NULL, DIR "/../outfile/./input.lua", 1, inputs) ==
          HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "it is the input '" DIR "/input.lua'; an input is "
                                           "never overwritten (with --force too)");
    CHECK(hf_outfile_check(ctx, "--xml", NULL, alias, 1, inputs) == HF_EINPUT);
    CHECK(hf_outfile_check(ctx, "--xml", NULL, alias, 0, NULL) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx),
                       "'" DIR
                       "/alias.lua' exists: give --force to overwrite it, or another --xml");
    CHECK(hf_outfile_check(ctx, "--xml", NULL, DIR "/other.xml", 0, inputs) == HF_OK);
    CHECK_STREQ(get(in), "return {}\n");

    /* the results writer refuses a path that is one of the run's recorded inputs */
    hf_results *r = hf_results_new();
    r->inputs = calloc(1, sizeof *r->inputs);
    r->inputs[0].path = strdup(in);
    r->inputs[0].kind = strdup("workflow");
    r->ninputs = 1;
    CHECK(hf_results_save(ctx, r, alias, HF_WRITE_REPLACE) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "it is the run's input '" DIR "/input.lua' (workflow)");
    CHECK_STREQ(get(in), "return {}\n");
    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* The current layout is sealed (a SHA-256 of the HDF5 file in a 512-byte user block) and
 * carries HDF5's checksums: a byte flipped anywhere after the seal's block is reported as damage
 * before HDF5 reads anything. Before the seal, a flip in a string's heap crashed libhdf5. */
static void test_read_checksums(void)
{
    hf_ctx *ctx = hf_ctx_new();
    const char *good = DIR "/sum.h5", *bad = DIR "/sum-bad.h5";
    hf_results *r = hf_results_new();
    r->ntasks = 3;
    r->tasks = calloc(3, sizeof *r->tasks);
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "task-%d", i);
        r->tasks[i].name = strdup(name);
        r->tasks[i].resource = -1;
        r->tasks[i].start = 1.5 * i;
    }
    CHECK(hf_results_save(ctx, r, good, HF_WRITE_REPLACE) == HF_OK);
    hf_results *back = NULL;
    CHECK(hf_results_read(ctx, good, &back) == HF_OK);
    hf_results_free(back);
    back = NULL;
    FILE *f = fopen(good, "rb");
    static unsigned char buf[1 << 16];
    size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f) fclose(f);
    CHECK(n > 1000 && n < sizeof buf);
    CHECK(memcmp(buf, "hetflow-sealed-hdf5 1\nfletcher64 ", 33) == 0);
    int refused = 0, total = 0, missed = 0;
    for (size_t off = 0; off < n; off += 5) {
        buf[off] ^= 0x5a;
        FILE *g = fopen(bad, "wb");
        fwrite(buf, 1, n, g);
        fclose(g);
        buf[off] ^= 0x5a;
        hf_err e = hf_results_read(ctx, bad, &back);
        hf_results_free(back);
        back = NULL;
        total++;
        if (e != HF_OK) {
            refused++;
            CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), DIR "/sum-bad.h5' is not a hetflow results "
                                                       "file (");
        } else if (off >= 100) { /* past the seal's text only its zero padding may change */
            missed += off >= 512;
        }
    }
    printf("seal: %d of %d flipped copies refused\n", refused, total);
    CHECK(missed == 0);
    CHECK(refused >= (int)((n - 512) / 5));
    /* the truncated file and the file with a byte appended */
    FILE *g = fopen(bad, "wb");
    fwrite(buf, 1, n - 1, g);
    fclose(g);
    CHECK(hf_results_read(ctx, bad, &back) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "its size differs from the size it was written with");
    g = fopen(bad, "wb");
    fwrite(buf, 1, n, g);
    fputc(0, g);
    fclose(g);
    CHECK(hf_results_read(ctx, bad, &back) == HF_EINPUT);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

int main(void)
{
    mkdir(HF_TEST_OUT, 0777);
    mkdir(DIR, 0777);
    test_planted_link();
    test_no_replace_race();
    test_not_regular();
    test_inputs();
    test_read_checksums();
    return hf_check_summary();
}
