/* test_dagtext.c: the text DAG format (.dag): a hand-checked file and each malformed line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "hetflow/hetflow.h"

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", HF_TEST_OUT, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* Diamond: t0 (1 Gflop, writes 1 MB) -> t1 (2 Gflop), t2 (3 Gflop, writes 0 B) -> t3 (4 Gflop).
 * Files f0..f3; edges t0-t1, t0-t2, t1-t3, t2-t3; depth 3; t1 reads f0 (1e6 B). */
static void diamond(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = NULL;
    const char *path = write_file("diamond.dag", "4\n"
                                                 "1e9 1e6 0\n"
                                                 "2e9 500 1 0\n"
                                                 "3e9 0 1 0\n"
                                                 "4e9 10 2 1 2\n");
    CHECK(hf_workflow_load_dagtext(ctx, path, &wf) == HF_OK);
    if (!wf) {
        fprintf(stderr, "%s\n", hf_ctx_errmsg(ctx));
        hf_ctx_free(ctx);
        return;
    }
    CHECK(wf->ntasks == 4 && wf->nfiles == 4);
    CHECK(hf_dag_nedges(wf->dag) == 4);
    CHECK(hf_dag_depth(wf->dag) == 3);
    CHECK(hf_workflow_find_task(wf, "t3") == 3);
    CHECK_NEAR(wf->tasks[2].cpu.flops, 3e9, 0);
    CHECK(wf->tasks[3].ninputs == 2 && wf->tasks[3].inputs[0] == hf_workflow_find_file(wf, "f1"));
    CHECK_NEAR(wf->files[hf_workflow_find_file(wf, "f0")].size, 1e6, 0);
    CHECK(wf->files[hf_workflow_find_file(wf, "f0")].producer == 0);
    CHECK(wf->tasks[0].cores == 1 && wf->tasks[0].noutputs == 1);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

static void bad(const char *name, const char *text, const char *fragment)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = NULL;
    const char *path = write_file(name, text);
    CHECK(hf_workflow_load_dagtext(ctx, path, &wf) == HF_EINPUT);
    CHECK(wf == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), fragment);
    hf_ctx_free(ctx);
}

/* hf_workflow_reserve: after reserving 100 tasks and files, adding them moves neither table
 * (no doubling copy: the pointers stay) and leaves no slack (capacity exactly 100). */
static void reserve(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = hf_workflow_new("r");
    CHECK(hf_workflow_reserve(ctx, wf, 100, 100) == HF_OK);
    const hf_task *tasks = wf->tasks;
    const hf_file *files = wf->files;
    for (int i = 0; i < 100; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%d", i);
        int f = hf_workflow_add_file(ctx, wf, name, 1, NULL);
        snprintf(name, sizeof name, "t%d", i);
        hf_task t = {
            .name = name, .cpu = {.set = 1, .flops = 1}, .cores = 1, .outputs = &f, .noutputs = 1};
        CHECK(f == i && hf_workflow_add_task(ctx, wf, &t) == i);
    }
    CHECK(wf->tasks == tasks && wf->files == files);
    CHECK(wf->cap_tasks == 100 && wf->cap_files == 100);
    CHECK(hf_workflow_find_task(wf, "t99") == 99 && hf_workflow_find_file(wf, "f42") == 42);
    CHECK(hf_workflow_reserve(ctx, wf, 10, 10) == HF_OK && wf->cap_tasks == 100); /* no shrink */
    /* a count whose bytes overflow size_t (to a few bytes: a realloc that would succeed) is out
     * of memory, and leaves the tables as they were */
    CHECK(hf_workflow_reserve(ctx, wf, SIZE_MAX / sizeof(hf_task) + 2, 0) == HF_ENOMEM);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "out of memory");
    CHECK(wf->tasks == tasks && wf->cap_tasks == 100 && wf->ntasks == 100);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

int main(void)
{
    diamond();
    reserve();
    /* the loader reserves its tables from the first line, but never more than the file's bytes
     * allow (6 per task line): 10^9 announced in a 14-byte file is the "file ends" error, not an
     * attempt at 136 GB (which failed as "out of memory") */
    bad("bad-huge.dag", "1000000000\n1 1 0\n", "bad-huge.dag:3: 1000000000 task lines expected");
    bad("bad-count.dag", "two\n1 0 0\n", "bad-count.dag:1: the first line must be the number");
    bad("bad-short.dag", "3\n1 0 0\n1 0 1 0\n", "bad-short.dag:4: 3 task lines expected");
    bad("bad-fields.dag", "1\n1e9 5\n", "bad-fields.dag:2: 'flops output_bytes nparents");
    bad("bad-zero.dag", "1\n0 5 0\n", "bad-zero.dag:2: task t0: flops must be > 0");
    bad("bad-neg.dag", "1\n1 -5 0\n", "bad-neg.dag:2: task t0: flops must be > 0 and output");
    bad("bad-forward.dag", "3\n1 1 0\n1 1 1 2\n1 1 0\n",
        "bad-forward.dag:3: task t1: parent 1 must be the index of an earlier task (0 to 0)");
    bad("bad-self.dag", "2\n1 1 0\n1 1 1 1\n", "bad-self.dag:3: task t1: parent 1 must be");
    bad("bad-tail.dag", "1\n1 1 0 x\n", "bad-tail.dag:2: unexpected text after the parents");
    bad("bad-dup.dag", "3\n1 1 0\n1 1 0\n1 1 2 0 0\n", "task 't2': file 'f0' is listed twice");
    /* more parents than earlier tasks (review: a huge count used to reach malloc and int) */
    bad("bad-np.dag", "2\n1e9 100 0\n1e9 0 3000000000\n",
        "bad-np.dag:3: task t1: 3000000000 parents, but only 1 earlier tasks");
    bad("bad-np2.dag", "2\n1 1 0\n1 1 2 0\n", "bad-np2.dag:3: task t1: 2 parents, but only 1");
    bad("bad-trailing.dag", "1\n1 1 0\nextra\n", "bad-trailing.dag:3: more lines than the 1");
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = NULL;
    CHECK(hf_workflow_load_dagtext(ctx, HF_TEST_OUT "/no-such.dag", &wf) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot read");
    hf_ctx_free(ctx);
    return hf_check_summary();
}
