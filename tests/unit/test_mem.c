/* test_mem.c: the compact task layout of issue 14. A task's GPU variant, memory needs and kernels
 * live out of line (hf_task.ext), only for the tasks that state one of them; the 10^6 tasks of
 * a CPU-only workflow hold none, and a task is 88 bytes instead of 136. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "hetflow/hetflow.h"

/* The layout: name 8 + cpu cost 40 (int set, padded to 8, and four doubles) + inputs, outputs
 * and ext pointers 3 x 8 + cores, ninputs, noutputs 3 x 4 = 84, padded to 8: 88 bytes. Before
 * issue 14's side table the GPU cost (40), memory and gpu_memory (16) and kernels (4) were in
 * the struct: 136 bytes. */
static void layout(void)
{
    printf("sizeof(hf_task) = %zu (88 expected)\n", sizeof(hf_task));
    CHECK(sizeof(hf_task) == 88);
    CHECK(sizeof(hf_task_ext) == 64); /* 40 + 8 + 8 + 4, padded to 8 */
    /* the shared empty table reads as "nothing stated" */
    CHECK(!hf_task_ext_none.gpu.set && hf_task_ext_none.memory == 0 &&
          hf_task_ext_none.gpu_memory == 0 && hf_task_ext_none.kernels == 0);
    hf_task t = {0};
    CHECK(hf_task_ext_of(&t) == &hf_task_ext_none);
}

/* Which tasks get a side table, and that it is the workflow's copy, not the caller's. */
static void side_table(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = hf_workflow_new("mem");
    /* CPU only, nothing else stated: no side table */
    hf_task a = {.name = "a", .cpu = {.set = 1, .flops = 1e9}, .cores = 1};
    CHECK(hf_workflow_add_task(ctx, wf, &a) == 0);
    CHECK(wf->tasks[0].ext == NULL);
    /* an all-zero table given by the caller is dropped too */
    hf_task_ext zero = {0};
    hf_task b = {.name = "b", .cpu = {.set = 1, .flops = 1e9}, .cores = 1, .ext = &zero};
    CHECK(hf_workflow_add_task(ctx, wf, &b) == 1);
    CHECK(wf->tasks[1].ext == NULL);
    /* host memory alone is enough for a table; it is copied: the caller's may change after */
    hf_task_ext mem = {.memory = 2e9};
    hf_task c = {.name = "c", .cpu = {.set = 1, .flops = 1e9}, .cores = 1, .ext = &mem};
    CHECK(hf_workflow_add_task(ctx, wf, &c) == 2);
    CHECK(wf->tasks[2].ext != NULL && wf->tasks[2].ext != &mem);
    mem.memory = 5e9;
    CHECK(hf_task_ext_of(&wf->tasks[2])->memory == 2e9 && !hf_task_ext_of(&wf->tasks[2])->gpu.set);
    /* a GPU-only task */
    hf_task_ext gx = {.gpu = {.set = 1, .flops = 4e12}, .gpu_memory = 8e9};
    hf_task d = {.name = "d", .cores = 1, .ext = &gx};
    CHECK(hf_workflow_add_task(ctx, wf, &d) == 3);
    CHECK(hf_task_ext_of(&wf->tasks[3])->gpu.set &&
          hf_task_ext_of(&wf->tasks[3])->gpu.flops == 4e12);

    /* the table is what hf_task_fits reads: 2 GB of host memory fits a 4 GB node, not a 1 GB
     * one; the task without a table fits both */
    hf_resource small = {.kind = HF_RES_CPU, .cores = 4, .speed = 1e9, .memory = 1e9};
    hf_resource big = {.kind = HF_RES_CPU, .cores = 4, .speed = 1e9, .memory = 4e9};
    CHECK(!hf_task_fits(&wf->tasks[2], &small, HF_RES_CPU));
    CHECK(hf_task_fits(&wf->tasks[2], &big, HF_RES_CPU));
    CHECK(hf_task_fits(&wf->tasks[0], &small, HF_RES_CPU));
    /* 8 GB of device memory: a 16 GB GPU takes it, an 8 GB one too (<=), a 4 GB one not; no
     * CPU variant, so never a CPU */
    hf_resource g16 = {.kind = HF_RES_GPU, .cores = 1, .speed = 1e13, .memory = 16e9};
    hf_resource g4 = {.kind = HF_RES_GPU, .cores = 1, .speed = 1e13, .memory = 4e9};
    hf_resource g8 = {.kind = HF_RES_GPU, .cores = 1, .speed = 1e13, .memory = 8e9};
    CHECK(hf_task_fits(&wf->tasks[3], &g16, HF_RES_GPU));
    CHECK(hf_task_fits(&wf->tasks[3], &g8, HF_RES_GPU));
    CHECK(!hf_task_fits(&wf->tasks[3], &g4, HF_RES_GPU));
    CHECK(!hf_task_fits(&wf->tasks[3], &big, HF_RES_CPU));
    CHECK(!hf_task_fits(&wf->tasks[0], &g16, HF_RES_GPU));

    /* the checks read the caller's table: kernels without a GPU variant, a negative memory */
    hf_task_ext bad = {.kernels = 1};
    hf_task e = {.name = "e", .cpu = {.set = 1, .flops = 1}, .cores = 1, .ext = &bad};
    CHECK(hf_workflow_add_task(ctx, wf, &e) == -1);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "task 'e': kernels need a gpu variant");
    hf_task_ext neg = {.gpu_memory = -1};
    hf_task f = {.name = "f", .cpu = {.set = 1, .flops = 1}, .cores = 1, .ext = &neg};
    CHECK(hf_workflow_add_task(ctx, wf, &f) == -1);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "task 'f': gpu_memory");
    /* no variant at all: the GPU one is looked for in the table */
    hf_task g = {.name = "g", .cores = 1, .ext = &zero};
    CHECK(hf_workflow_add_task(ctx, wf, &g) == -1);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "task 'g': needs a cpu or gpu cost");
    CHECK(wf->ntasks == 4);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* Staging locations: an index per file into the workflow's distinct location names. Layout:
 * name 8 + size 8 + producer 4 + loc 4 = 24 bytes (32 with a pointer per file). */
static void locations(void)
{
    printf("sizeof(hf_file) = %zu (24 expected)\n", sizeof(hf_file));
    CHECK(sizeof(hf_file) == 24);
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = hf_workflow_new("loc");
    CHECK(hf_workflow_add_file(ctx, wf, "a", 1, "n1") == 0);
    CHECK(hf_workflow_add_file(ctx, wf, "b", 1, "n1") == 1);
    CHECK(hf_workflow_add_file(ctx, wf, "c", 1, NULL) == 2);
    CHECK(hf_workflow_add_file(ctx, wf, "d", 1, "n2") == 3);
    CHECK(hf_workflow_add_file(ctx, wf, "e", 1, "n1") == 4); /* an older name, not the last */
    /* two distinct names, each held once: a, b and e share n1's copy */
    CHECK(wf->nlocations == 2);
    CHECK_STREQ(hf_file_location(wf, &wf->files[0]), "n1");
    CHECK(hf_file_location(wf, &wf->files[1]) == hf_file_location(wf, &wf->files[0]));
    CHECK(hf_file_location(wf, &wf->files[4]) == hf_file_location(wf, &wf->files[0]));
    CHECK(hf_file_location(wf, &wf->files[2]) == NULL && wf->files[2].loc == 0);
    CHECK_STREQ(hf_file_location(wf, &wf->files[3]), "n2");
    /* set later (a second declaration adding one), and back to the default */
    CHECK(hf_workflow_set_location(ctx, wf, 2, "n2") == HF_OK);
    CHECK(hf_file_location(wf, &wf->files[2]) == hf_file_location(wf, &wf->files[3]));
    CHECK(hf_workflow_set_location(ctx, wf, 2, NULL) == HF_OK);
    CHECK(hf_file_location(wf, &wf->files[2]) == NULL);
    CHECK(wf->nlocations == 2 && wf->nfiles == 5);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

int main(void)
{
    layout();
    side_table();
    locations();
    return hf_check_summary();
}
