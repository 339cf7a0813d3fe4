/* test_results_meta.c: the /metadata that makes a result reproducible (sim/results/h5meta.c):
 * git revision, reference speed, --cfg options and input files survive the HDF5 round trip
 * exactly; files written before them read as the defaults; the writer refuses metadata the
 * file could not hold (no file left behind); hf_results_set_cfg keeps SimGrid's last-wins rule;
 * printing shows every field. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "hetflow/hetflow.h"

#ifndef HF_TEST_OUT
#define HF_TEST_OUT "/tmp"
#endif
#ifndef HF_ROOT
#define HF_ROOT "."
#endif

/* Written before the serverless modes and before this metadata (see test_results.c). */
#define OLD_PATH HF_ROOT "/tests/data/results-v1-pre-serverless.h5"

static char *xdup(const char *s)
{
    char *d = strdup(s);
    if (!d) abort();
    return d;
}

static void add_input(hf_results *r, const char *path, const char *kind, double bytes,
                      const char *sha)
{
    hf_input_rec *n = realloc(r->inputs, (r->ninputs + 1) * sizeof *n);
    if (!n) abort();
    r->inputs = n;
    hf_input_rec *x = &r->inputs[r->ninputs++];
    memset(x, 0, sizeof *x);
    x->path = xdup(path);
    x->kind = xdup(kind);
    x->bytes = bytes;
    snprintf(x->sha256, sizeof x->sha256, "%s", sha);
}

/* Metadata, no tables; a reference speed that decimal text would not give back (1/3 Gflop/s),
 * three --cfg options (one given twice), three inputs (one a pipe, hence no hash). */
static hf_results *make(void)
{
    hf_results *r = hf_results_new();
    if (!r) abort();
    r->hetflow_version = xdup("0.1.0");
    r->git_revision = xdup("0123456789abcdef0123456789abcdef01234567-dirty");
    r->simgrid_version = xdup("3.32.0");
    r->scenario = xdup("s.lua");
    r->platform = xdup("p");
    r->workflow = xdup("w");
    r->policy = xdup("heft");
    r->seed = 42;
    r->completed = 1;
    r->reference_speed = 1e9 / 3;
    CHECK(hf_results_set_cfg(r, "network/model", "LV08") == HF_OK);
    CHECK(hf_results_set_cfg(r, "network/TCP-gamma", "0") == HF_OK);
    CHECK(hf_results_set_cfg(r, "network/model", "CM02") == HF_OK); /* last one wins, in place */
    CHECK(hf_results_set_cfg(r, "host/model", "ptask_L07 ✓") == HF_OK);
    add_input(r, "scen ario ✓.lua", "scenario", 1308,
              "bb4d5fc073fe3d6eac4a0e3ea90d5e883948ec74a9ff84b92e7c82c497e0500c");
    add_input(r, "/dev/stdin", "data", 0, "");
    add_input(r, "w.json", "workflow", 9007199254740994.0 /* 2^53 + 2 */,
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    return r;
}

static void round_trip(void)
{
    const char *path = HF_TEST_OUT "/results-meta.h5";
    hf_ctx *ctx = hf_ctx_new();
    hf_results *r = make(), *b = NULL;
    CHECK(r->ncfg == 3);
    CHECK_STREQ(r->cfg_values[0], "CM02");
    CHECK(hf_results_write(ctx, r, path) == HF_OK);
    CHECK(hf_results_read(ctx, path, &b) == HF_OK);
    if (!b) goto done;
    CHECK_STREQ(b->git_revision, r->git_revision);
    CHECK(b->reference_speed == 1e9 / 3);
    CHECK(b->ncfg == 3);
    for (size_t i = 0; i < 3 && i < b->ncfg; i++) { /* command-line order */
        CHECK_STREQ(b->cfg_names[i], r->cfg_names[i]);
        CHECK_STREQ(b->cfg_values[i], r->cfg_values[i]);
    }
    CHECK(b->ninputs == 3);
    for (size_t i = 0; i < 3 && i < b->ninputs; i++) {
        CHECK_STREQ(b->inputs[i].path, r->inputs[i].path);
        CHECK_STREQ(b->inputs[i].kind, r->inputs[i].kind);
        CHECK_STREQ(b->inputs[i].sha256, r->inputs[i].sha256);
        CHECK(b->inputs[i].bytes == r->inputs[i].bytes);
    }
    CHECK(b->seed == 42 && b->completed == 1);
done:
    hf_results_free(b);
    hf_results_free(r);
    hf_ctx_free(ctx);
}

/* Files written before the metadata existed read as the defaults. */
static void old_file(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_results *b = NULL;
    CHECK(hf_results_read(ctx, OLD_PATH, &b) == HF_OK);
    if (b) {
        CHECK_STREQ(b->git_revision, "unknown");
        CHECK(b->reference_speed == 0);
        CHECK(b->ncfg == 0 && b->cfg_names == NULL);
        CHECK(b->ninputs == 0 && b->inputs == NULL);
        CHECK_STREQ(b->mode, "direct");
    }
    hf_results_free(b);
    hf_ctx_free(ctx);
}

/* A refused write names the problem and leaves neither the file nor a temporary one. */
static void refused(hf_results *r, const char *fragment)
{
    const char *path = HF_TEST_OUT "/results-meta-refused.h5";
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    unlink(path);
    hf_ctx *ctx = hf_ctx_new();
    CHECK(hf_results_write(ctx, r, path) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx),
                       "cannot write '" HF_TEST_OUT "/results-meta-refused.h5'");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), fragment);
    CHECK(access(path, F_OK) != 0 && access(tmp, F_OK) != 0);
    hf_ctx_free(ctx);
    hf_results_free(r);
}

static void bad_metadata(void)
{
    hf_results *r = make();
    free(r->cfg_names[1]);
    r->cfg_names[1] = xdup("network/model"); /* a duplicate only a caller bypassing set_cfg makes */
    refused(r, "duplicate --cfg option name 'network/model'");
    r = make();
    snprintf(r->inputs[0].sha256, sizeof r->inputs[0].sha256, "%s", "ABCDEF");
    refused(r, "input 0 ('scen ario ✓.lua') needs a path, a kind, bytes >= 0 and a sha256");
    r = make();
    r->inputs[2].bytes = -1;
    refused(r, "input 2 ('w.json')");
    r = make();
    free(r->inputs[1].kind);
    r->inputs[1].kind = xdup("");
    refused(r, "input 1 ('/dev/stdin')");
}

static char *print_of(const hf_results *r, int inputs)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) abort();
    if (inputs)
        hf_results_print_inputs(r, out);
    else
        hf_results_print(r, out);
    fclose(out);
    return text;
}

static void printing(void)
{
    hf_results *r = make();
    char *t = print_of(r, 0);
    CHECK_STR_CONTAINS(
        t, "\nhetflow      0.1.0 (git 0123456789abcdef0123456789abcdef01234567-dirty)\n");
    CHECK_STR_CONTAINS(t, "\nsimgrid      3.32.0\n");
    /* %.17g of 1e9 / 3 */
    CHECK_STR_CONTAINS(t,
                       "\nref. speed   333333333.33333331 flop/s per core (--reference-speed)\n");
    CHECK_STR_CONTAINS(
        t, "\ncfg          network/model:CM02, network/TCP-gamma:0, host/model:ptask_L07 ✓\n");
    free(t);
    t = print_of(r, 1);
    CHECK_STREQ(
        t, "input files  3 (kind, bytes, sha256, path)\n"
           "  scenario         1308 B  "
           "bb4d5fc073fe3d6eac4a0e3ea90d5e883948ec74a9ff84b92e7c82c497e0500c  scen ario ✓.lua\n"
           "  data                0 B  (not a regular file)  /dev/stdin\n"
           "  workflow 9007199254740994 B  "
           "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  w.json\n");
    free(t);
    hf_results_free(r);

    hf_results *e = hf_results_new();
    t = print_of(e, 0);
    CHECK_STR_CONTAINS(t, "\nref. speed   none given (--reference-speed)\n");
    CHECK_STR_CONTAINS(t, "\ncfg          none given (--cfg)\n");
    CHECK_STR_CONTAINS(t, "\nhetflow      - (git -)\n");
    free(t);
    t = print_of(e, 1);
    CHECK_STREQ(t, "input files  none recorded\n");
    free(t);
    hf_results_free(e);
}

/* The revision compiled in is the generator's: 40 hex digits (+ "-dirty") or "unknown". */
static void revision(void)
{
    const char *rev = hf_git_revision();
    size_t n = strlen(rev);
    int hex = n >= 40;
    for (size_t i = 0; i < 40 && i < n; i++)
        hex = hex && ((rev[i] >= '0' && rev[i] <= '9') || (rev[i] >= 'a' && rev[i] <= 'f'));
    CHECK(strcmp(rev, "unknown") == 0 ||
          (hex && (n == 40 || (n == 46 && strcmp(rev + 40, "-dirty") == 0))));
}

int main(void)
{
    round_trip();
    old_file();
    bad_metadata();
    printing();
    revision();
    return hf_check_summary();
}
