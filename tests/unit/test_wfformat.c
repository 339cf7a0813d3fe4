/* test_wfformat.c: the WfFormat loader: hand-computed costs and DAG shapes, the same workflows in
 * 1.4, 1.5 and 1.6 layouts, every malformed-input message, a 10^4-task generated instance,
 * values larger than the loader's blocks of memory, and the streaming reader's edge cases (keys
 * in any order, duplicate keys, deep nesting, huge numbers, truncated documents, BOM, UTF-8 and
 * escaped names, fields read only in the absence of another).
 * With a file argument it only times loading that file (bench/gen_wfformat.py makes one). */
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "hetflow/hetflow.h"

#define DATA HF_ROOT "/tests/data/wfformat/"

static hf_workflow *load(const char *file, double ref_speed, hf_ctx *ctx)
{
    hf_workflow *wf = NULL;
    hf_err rc = hf_workflow_load_wfformat(ctx, file, ref_speed, &wf);
    if (rc) fprintf(stderr, "%s: %s\n", file, hf_ctx_errmsg(ctx));
    CHECK(rc == HF_OK && wf != NULL);
    return wf;
}

static double total_flops(const hf_workflow *wf)
{
    double s = 0;
    for (size_t i = 0; i < wf->ntasks; i++)
        s += wf->tasks[i].cpu.flops;
    return s;
}

/* Bytes of the files no task writes (initial inputs), and their count. */
static double initial_bytes(const hf_workflow *wf, int *n)
{
    double s = 0;
    *n = 0;
    for (size_t i = 0; i < wf->nfiles; i++)
        if (wf->files[i].producer < 0) {
            s += wf->files[i].size;
            (*n)++;
        }
    return s;
}

static int task_index(const hf_workflow *wf, const char *name)
{
    int t = hf_workflow_find_task(wf, name);
    CHECK(t >= 0);
    return t;
}

/* tiny-1.5.json, by hand. Machine m2000: 2000 MHz -> 2e9 flop/s per core (one flop per cycle);
 * machine nospeed has no speedInMHz, so its tasks use ref_speed = 1e9.
 *   a: 10 s x 1 core x 2e9            = 2e10 flop
 *   b: 5 s, coreCount 1.5 -> 2 cores: 5 x 2 x 2e9 = 2e10 flop ("machine" string form)
 *   c: 2 s on nospeed: 2 x 1 x 1e9    = 2e9 flop
 *   d: 4 s x 1 x 2e9 (avgCPU 50 ignored) = 8e9 flop
 *   e: 0 s, no machine                = 1 flop (a zero runtime becomes one flop)
 *   total 5e10 + 1.
 * Edges: a->b, b->d through files; a->c, c->d, d->e only in parents/children lists (d->e only
 * in d's children): 3 explicit edges, 5 in the DAG; longest path a-b-d-e = depth 4.
 * Names are unique, so they are the hetflow names. d lists f_bd twice: one input kept. */
static void tiny_15(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(DATA "tiny-1.5.json", 1e9, ctx);
    if (!wf) goto done;
    CHECK(strcmp(wf->name, "tiny") == 0);
    CHECK(wf->ntasks == 5 && wf->nfiles == 3);
    int a = task_index(wf, "a"), b = task_index(wf, "b"), c = task_index(wf, "c");
    int d = task_index(wf, "d"), e = task_index(wf, "e");
    CHECK(a == 0 && b == 1 && c == 2 && d == 3 && e == 4);
    CHECK_NEAR(wf->tasks[a].cpu.flops, 2e10, 1e-12);
    CHECK_NEAR(wf->tasks[b].cpu.flops, 2e10, 1e-12);
    CHECK(wf->tasks[b].cores == 2);
    CHECK_NEAR(wf->tasks[c].cpu.flops, 2e9, 1e-12);
    CHECK_NEAR(wf->tasks[d].cpu.flops, 8e9, 1e-12);
    CHECK(wf->tasks[d].cores == 1);
    CHECK(wf->tasks[e].cpu.flops == 1);
    CHECK(wf->tasks[a].cpu.set && wf->tasks[a].cpu.seconds == 0 &&
          !hf_task_ext_of(&wf->tasks[a])->gpu.set);
    CHECK_NEAR(total_flops(wf), 5e10 + 1, 1e-15);
    CHECK(wf->tasks[d].ninputs == 2 && wf->tasks[d].noutputs == 0);
    int f_ab = hf_workflow_find_file(wf, "f_ab"), in = hf_workflow_find_file(wf, "in.dat");
    CHECK(f_ab >= 0 && wf->files[f_ab].producer == a && wf->files[f_ab].size == 100);
    CHECK(in >= 0 && wf->files[in].producer == -1 && wf->files[in].loc == 0);
    CHECK(wf->nedges == 3);
    CHECK(hf_dag_nedges(wf->dag) == 5);
    CHECK(hf_dag_depth(wf->dag) == 4);
    CHECK(hf_dag_nparents(wf->dag, d) == 2 && hf_dag_nparents(wf->dag, e) == 1);
    hf_workflow_free(wf);

    /* without ref_speed, the first task lacking a machine speed is named */
    wf = (hf_workflow *)1;
    CHECK(hf_workflow_load_wfformat(ctx, DATA "tiny-1.5.json", 0, &wf) == HF_EINPUT);
    CHECK(wf == NULL);
    CHECK_STR_CONTAINS(
        hf_ctx_errmsg(ctx),
        "tiny-1.5.json: task 'c': machine 'nospeed' has no CPU speed (cpu.speedInMHz)");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "no reference speed (flop/s per core) was given");
    /* the message says how to give it, on the command line and in a scenario */
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "convert its runtime (2 s) to flops");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "--reference-speed on the command line");
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx),
                       "reference_speed in hetflow.workflow(path, {reference_speed = \"2Gf\"})");
done:
    hf_ctx_free(ctx);
}

/* zero-runtime-1.5.json: a (no machine) and b (machine without speed) both ran 0 s: each is
 * one flop whatever the speed, so no reference speed is needed. */
static void zero_runtime(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(DATA "zero-runtime-1.5.json", 0, ctx);
    if (wf) {
        CHECK(wf->ntasks == 2);
        CHECK(wf->tasks[task_index(wf, "a")].cpu.flops == 1);
        CHECK(wf->tasks[task_index(wf, "b")].cpu.flops == 1);
        hf_workflow_free(wf);
    }
    hf_ctx_free(ctx);
}

/* tiny-1.4.json: a 10 s on m2000 (2000 MHz) = 2e10; b "runtime" 5 s on 2 "cores" =
 * 5 x 2 x 2e9 = 2e10; c has no runtime (optional in 1.4: 0 s -> 1 flop) and no machine.
 * Files declared where first listed: f_ab (sizeInBytes 100), in.dat ("size" 1000).
 * Edges a->b (file, also listed), b->c (listed only): depth 3. */
static void tiny_14(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(DATA "tiny-1.4.json", 1e9, ctx);
    if (!wf) goto done;
    CHECK(strcmp(wf->name, "tiny14") == 0);
    CHECK(wf->ntasks == 3 && wf->nfiles == 2);
    CHECK_NEAR(wf->tasks[0].cpu.flops, 2e10, 1e-12);
    CHECK_NEAR(wf->tasks[1].cpu.flops, 2e10, 1e-12);
    CHECK(wf->tasks[1].cores == 2);
    CHECK(wf->tasks[2].cpu.flops == 1 && wf->tasks[2].cores == 1);
    int in = hf_workflow_find_file(wf, "in.dat");
    CHECK(in >= 0 && wf->files[in].size == 1000 && wf->files[in].producer == -1);
    CHECK(wf->nedges == 1 && hf_dag_nedges(wf->dag) == 2 && hf_dag_depth(wf->dag) == 3);
    hf_workflow_free(wf);
done:
    hf_ctx_free(ctx);
}

/* Same workflow in another layout: same names, costs, cores, files and parents, task by task. */
static void same_as(const hf_workflow *x, const hf_workflow *y)
{
    CHECK(x->ntasks == y->ntasks && x->nfiles == y->nfiles);
    CHECK(hf_dag_nedges(x->dag) == hf_dag_nedges(y->dag));
    CHECK(hf_dag_depth(x->dag) == hf_dag_depth(y->dag));
    if (x->ntasks != y->ntasks) return;
    int bad = 0;
    for (size_t i = 0; i < x->ntasks; i++) {
        const hf_task *s = &x->tasks[i], *t = &y->tasks[i];
        bad += strcmp(s->name, t->name) != 0 || s->cpu.flops != t->cpu.flops ||
               s->cores != t->cores || s->ninputs != t->ninputs || s->noutputs != t->noutputs;
        for (int k = 0; k < s->ninputs && k < t->ninputs; k++) {
            const hf_file *f = &x->files[s->inputs[k]], *g = &y->files[t->inputs[k]];
            bad += strcmp(f->name, g->name) != 0 || f->size != g->size;
        }
        int np, nq;
        const int *p = hf_dag_parents(x->dag, (int)i, &np),
                  *q = hf_dag_parents(y->dag, (int)i, &nq);
        bad += np != nq;
        for (int k = 0; k < np && k < nq; k++)
            bad += p[k] != q[k];
    }
    CHECK(bad == 0);
}

/* montage-*.json: 7 images, 10 overlapping pairs (i,i+1) x 6 and (i,i+2) x 4.
 * Tasks: 7 mProject + 10 mDiffFit + mConcatFit + mBgModel + 7 mBackground + mImgtbl + mAdd +
 * mViewer = 29. Files: 7 region + region.hdr + 7 p + 10 diff + fits.tbl + corrections.tbl +
 * 7 c + cimages.tbl + mosaic.fits + mosaic.png = 37; initial: 7 x 4e6 + 1000 = 28001000 B.
 * Edges (all through files): mProject->mDiffFit 20, mDiffFit->mConcatFit 10, ->mBgModel 1,
 * mBgModel->mBackground 7, mProject_i->mBackground_i 7, mBackground->mImgtbl 7, ->mAdd 7,
 * mImgtbl->mAdd 1, mAdd->mViewer 1 = 61. Depth 8 (mProject ... mViewer).
 * Work: mProject on "fast" (3000 MHz = 3e9 flop/s), runtimes 10..16 s: 91 x 3e9 = 2.73e11;
 * the rest on "slow" (2e9): mDiffFit 10 x 2 s = 4e10, mConcatFit 5 s = 1e10, mBgModel 20 s =
 * 4e10, mBackground 7 x 3 s = 4.2e10, mImgtbl 1 s = 2e9, mAdd 30 s x 4 cores = 2.4e11,
 * mViewer 4 s = 8e9. Total 6.55e11 flop. */
static void montage(void)
{
    static const char *const files[] = {DATA "montage-1.5.json", DATA "montage-1.4.json",
                                        DATA "montage-1.6.json"};
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf[3] = {0};
    for (int v = 0; v < 3; v++) {
        wf[v] = load(files[v], 0, ctx); /* every task has a machine speed: no ref_speed */
        if (!wf[v]) continue;
        int ninit;
        CHECK(wf[v]->ntasks == 29 && wf[v]->nfiles == 37);
        CHECK(hf_dag_nedges(wf[v]->dag) == 61);
        CHECK(wf[v]->nedges == 0); /* every listed dependency is implied by a file */
        CHECK(hf_dag_depth(wf[v]->dag) == 8);
        CHECK_NEAR(total_flops(wf[v]), 6.55e11, 1e-12);
        CHECK_NEAR(initial_bytes(wf[v], &ninit), 28001000, 1e-15);
        CHECK(ninit == 8);
        int add = hf_workflow_find_task(wf[v], "mAdd");
        CHECK(add >= 0 && wf[v]->tasks[add].cores == 4);
        if (add >= 0) CHECK_NEAR(wf[v]->tasks[add].cpu.flops, 2.4e11, 1e-12);
        int p3 = hf_workflow_find_task(wf[v], "mProject_3"); /* 12 s x 3e9 */
        CHECK(p3 == 2);
        if (p3 >= 0) CHECK_NEAR(wf[v]->tasks[p3].cpu.flops, 3.6e10, 1e-12);
    }
    for (int v = 1; v < 3; v++)
        if (wf[0] && wf[v]) same_as(wf[0], wf[v]);
    for (int v = 0; v < 3; v++)
        hf_workflow_free(wf[v]);
    hf_ctx_free(ctx);
}

/* epigenomics-*.json: 2 lanes x 3 chunks. Per lane: fastqSplit, 3 x (filterContams,
 * sol2sanger, fast2bfq, map), mapMerge = 14; then a global mapMerge, maqIndex, pileup: 31.
 * Names repeat in 1.5/1.6 ("map" x 6), so tasks are named by id ("map_ID0000005"), which is the
 * 1.4 name. Edges: 6 per chunk stage x 5 stages (split->filter->sol2sanger->fast2bfq->map->
 * lane merge) = 30, lane merges->global 2, global->maqIndex 1, maqIndex->pileup 1,
 * global->pileup 1 = 35. Depth 9. Initial files: chr21.bfa 3e6 + 2 x lane 6e7 = 1.23e8 B.
 * Work on worker1 (2500 MHz = 2.5e9): fastqSplit 2 x 4 s = 2e10, filterContams 6 x 1 s =
 * 1.5e10, sol2sanger and fast2bfq 6 x 0.5 s = 7.5e9 each, map 6 x 40 s x 2 cores = 1.2e12,
 * lane mapMerge 2 x 3 s = 1.5e10, global 6 s = 1.5e10 (avgCPU values ignored); maqIndex 8 s and
 * pileup 12 s ran on "head", which has no speed: ref_speed 1e9 -> 8e9 + 1.2e10.
 * Total 1.2e12 + 1e11 = 1.3e12 flop. */
static void epigenomics(void)
{
    static const char *const files[] = {DATA "epigenomics-1.5.json", DATA "epigenomics-1.4.json",
                                        DATA "epigenomics-1.6.json"};
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf[3] = {0};
    for (int v = 0; v < 3; v++) {
        wf[v] = load(files[v], 1e9, ctx);
        if (!wf[v]) continue;
        int ninit;
        CHECK(wf[v]->ntasks == 31 && wf[v]->nfiles == 38);
        CHECK(hf_dag_nedges(wf[v]->dag) == 35);
        CHECK(hf_dag_depth(wf[v]->dag) == 9);
        CHECK_NEAR(total_flops(wf[v]), 1.3e12, 1e-12);
        CHECK_NEAR(initial_bytes(wf[v], &ninit), 1.23e8, 1e-15);
        CHECK(ninit == 3);
        CHECK(strcmp(wf[v]->tasks[0].name, "fastqSplit_ID0000001") == 0);
        int map = hf_workflow_find_task(wf[v], "map_ID0000005");
        CHECK(map == 4);
        if (map >= 0) {
            CHECK(wf[v]->tasks[map].cores == 2);
            CHECK_NEAR(wf[v]->tasks[map].cpu.flops, 2e11, 1e-12);
        }
        int pile = hf_workflow_find_task(wf[v], "pileup_ID0000031");
        CHECK(pile == 30);
        if (pile >= 0) CHECK_NEAR(wf[v]->tasks[pile].cpu.flops, 1.2e10, 1e-12);
    }
    for (int v = 1; v < 3; v++)
        if (wf[0] && wf[v]) same_as(wf[0], wf[v]);
    for (int v = 0; v < 3; v++)
        hf_workflow_free(wf[v]);
    /* "head" has no speed: without ref_speed the first task there is named, in every layout */
    for (int v = 0; v < 3; v++) {
        hf_workflow *w = NULL;
        CHECK(hf_workflow_load_wfformat(ctx, files[v], 0, &w) == HF_EINPUT && w == NULL);
        CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx),
                           "task 'maqIndex_ID0000030': machine 'head' has no CPU speed");
    }
    hf_ctx_free(ctx);
}

typedef struct bad_case {
    const char *file;    /* under tests/data/wfformat/ */
    hf_err code;         /* expected result */
    const char *frag[3]; /* fragments the message must contain */
} bad_case;

static const bad_case BAD[] = {
    {"bad-syntax.json", HF_EINPUT, {"bad-syntax.json:4:", "expected", "near '  \"workflow\": {'"}},
    {"bad-dup-key.json", HF_EINPUT, {"bad-dup-key.json:6:", "duplicate object key"}},
    {"bad-top-array.json", HF_EINPUT, {"bad-top-array.json: ", "top level", "got an array"}},
    {"bad-version.json",
     HF_EINPUT,
     {"bad-version.json: ", "unsupported schemaVersion '1.3'", "supported: 1.4, 1.5, 1.6"}},
    {"bad-version-number.json", HF_EINPUT, {"schemaVersion: expected a string, got a number"}},
    {"bad-parent.json",
     HF_EINPUT,
     {"bad-parent.json: ", "task 'b': parent 'ghost' does not exist"}},
    {"bad-child-1.4.json", HF_EINPUT, {"task 'a': child 'ghost' does not exist"}},
    {"bad-file-ref.json",
     HF_EINPUT,
     {"task 'c': input file 'missing.dat' is not in workflow.specification.files"}},
    {"bad-dup-name-1.4.json",
     HF_EINPUT,
     {"task 'a' is declared twice (workflow.tasks[0] and [2])"}},
    {"bad-dup-id.json",
     HF_EINPUT,
     {"task id 'ID3' is declared twice (workflow.specification.tasks[2] and [4])"}},
    {"bad-cycle.json", HF_EINPUT, {"bad-cycle.json: cycle: ", "d -> a"}}, /* via b or c */
    {"bad-neg-size.json",
     HF_EINPUT,
     {"file 'f_bd' (workflow.specification.files[1].sizeInBytes): size must be >= 0"}},
    {"bad-neg-size-1.4.json",
     HF_EINPUT,
     {"file 'in.dat' of task 'b' (workflow.tasks[1].files[1].size): size must be >= 0"}},
    {"bad-neg-runtime.json",
     HF_EINPUT,
     {"task 'c' (workflow.execution.tasks[3].runtimeInSeconds): runtime must be >= 0 s, got -1"}},
    {"bad-missing-name.json",
     HF_EINPUT,
     {"bad-missing-name.json: workflow.specification.tasks[3].name: missing"}},
    {"bad-missing-name-1.4.json", HF_EINPUT, {"workflow.tasks[1].name: missing"}},
    {"bad-missing-runtime.json",
     HF_EINPUT,
     {"workflow.execution.tasks[1].runtimeInSeconds: missing"}},
    {"bad-missing-size.json", HF_EINPUT, {"workflow.specification.files[2].sizeInBytes: missing"}},
    {"bad-missing-size-1.4.json", HF_EINPUT, {"workflow.tasks[1].files[1].sizeInBytes: missing"}},
    {"bad-missing-children.json", HF_EINPUT, {"workflow.specification.tasks[2].children: missing"}},
    {"bad-no-exec.json",
     HF_EINPUT,
     {"task 'a' (workflow.specification.tasks[0]) has no entry in workflow.execution.tasks"}},
    {"bad-exec-id.json",
     HF_EINPUT,
     {"workflow.execution.tasks[2]: task id 'ID9' is not in workflow.specification.tasks"}},
    {"bad-unknown-machine.json",
     HF_EINPUT,
     {"task 'c': machine 'm9999' is not in workflow.execution.machines"}},
    {"bad-type.json",
     HF_EINPUT,
     {"workflow.specification.tasks[1].parents: expected an array, got a string"}},
    {"bad-cores.json",
     HF_EINPUT,
     {"task 'b' (workflow.execution.tasks[2].coreCount): core count must be in [1, 1e6], got 0"}},
    {"bad-link-1.4.json",
     HF_EINPUT,
     {"workflow.tasks[1].files[0].link: must be \"input\" or \"output\", got \"inout\""}},
    {"bad-producer.json", HF_EINPUT, {"file 'f_ab' is written by both task 'a' and task 'c'"}},
    {"bad-read-write.json", HF_EINPUT, {"task 'c' reads and writes file 'in.dat'"}},
    {"does-not-exist.json",
     HF_EIO,
     {"cannot open '", "does-not-exist.json': No such file or directory"}},
    {".", HF_EIO, {"cannot read '", "wfformat/.': Is a directory"}},
};

static void bad_inputs(void)
{
    hf_ctx *ctx = hf_ctx_new();
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        const bad_case *b = &BAD[i];
        hf_workflow *wf = (hf_workflow *)1; /* must come back NULL */
        char path[512];
        snprintf(path, sizeof path, DATA "%s", b->file);
        hf_err rc = hf_workflow_load_wfformat(ctx, path, 1e9, &wf);
        if (rc != b->code)
            fprintf(stderr, "%s: rc %d, message: %s\n", b->file, rc, hf_ctx_errmsg(ctx));
        CHECK(rc == b->code);
        CHECK(wf == NULL);
        for (int k = 0; k < 3 && b->frag[k]; k++)
            CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), b->frag[k]);
    }
    hf_ctx_free(ctx);
}

/* A generated 1.5 instance: n tasks in layers of w; task i >= w reads the outputs of tasks
 * i - w and (i - w + 1) % w of the previous layer, so there are 2 (n - w) edges (distinct as
 * w >= 2) and n / w layers. Each runs 1 s on a 1000 MHz machine: 1e9 flop. */
static void generated(void)
{
    const int n = 10000, w = 100;
    const char *path = HF_TEST_OUT "/wfformat-gen-10k.json";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f, "{\"name\": \"gen\", \"schemaVersion\": \"1.5\", \"workflow\": {\"specification\": "
               "{\"tasks\": [\n");
    for (int i = 0; i < n; i++) {
        int l = i / w;
        fprintf(f, "%s{\"name\": \"t%d\", \"id\": \"t%d\", \"parents\": [", i ? ",\n" : "", i, i);
        if (l > 0) fprintf(f, "\"t%d\", \"t%d\"", i - w, l * w - w + (i - l * w + 1) % w);
        fprintf(f, "], \"children\": [], \"inputFiles\": [");
        if (l > 0) fprintf(f, "\"f%d\", \"f%d\"", i - w, l * w - w + (i - l * w + 1) % w);
        fprintf(f, "], \"outputFiles\": [\"f%d\"]}", i);
    }
    fprintf(f, "], \"files\": [\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "%s{\"id\": \"f%d\", \"sizeInBytes\": 1000000}", i ? ",\n" : "", i);
    fprintf(f,
            "]}, \"execution\": {\"makespanInSeconds\": 1, \"executedAt\": \"x\", \"tasks\": [\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "%s{\"id\": \"t%d\", \"runtimeInSeconds\": 1, \"machines\": [\"n\"]}",
                i ? ",\n" : "", i);
    fprintf(f, "], \"machines\": [{\"nodeName\": \"n\", \"cpu\": {\"speedInMHz\": 1000}}]}}}\n");
    fclose(f);
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(path, 0, ctx);
    if (wf) {
        CHECK(wf->ntasks == (size_t)n && wf->nfiles == (size_t)n);
        CHECK(hf_dag_nedges(wf->dag) == (size_t)(2 * (n - w)));
        CHECK(wf->nedges == 0);
        CHECK(hf_dag_depth(wf->dag) == n / w);
        CHECK_NEAR(total_flops(wf), n * 1e9, 1e-12);
    }
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* Values bigger than the loader's blocks of JSON tree memory (64 KiB doubling to 8 MiB): a
 * 5 MiB string first, for which jansson's lexer asks 8 MiB at once (its buffer doubles), more
 * than a capped block holds: a block of its own; and a 200000-byte task name, which must come
 * through intact as the hetflow name (1.4: names are the names). Two tasks, a -> big through
 * file f: 1 s and 2 s at 1e9 flop/s = 3e9 flop. */
static void big_values(void)
{
    const size_t nfill = 5u << 20, nname = 200000;
    const char *path = HF_TEST_OUT "/wfformat-big-values.json";
    char *fill = malloc(nfill + 1), *name = malloc(nname + 1);
    FILE *f = fopen(path, "w");
    CHECK(fill && name && f);
    if (!fill || !name || !f) goto done;
    memset(fill, 'x', nfill);
    fill[nfill] = '\0';
    for (size_t i = 0; i < nname; i++)
        name[i] = (char)('a' + i % 26);
    name[nname] = '\0';
    fprintf(f, "{\"comment\": \"%s\", \"name\": \"big\", \"schemaVersion\": \"1.4\", ", fill);
    fprintf(f, "\"workflow\": {\"tasks\": [{\"name\": \"a\", \"runtimeInSeconds\": 1, "
               "\"files\": [{\"name\": \"f\", \"link\": \"output\", \"sizeInBytes\": 1}]}, ");
    fprintf(f,
            "{\"name\": \"%s\", \"runtimeInSeconds\": 2, \"parents\": [\"a\"], "
            "\"files\": [{\"name\": \"f\", \"link\": \"input\", \"sizeInBytes\": 1}]}]}}\n",
            name);
    fclose(f);
    f = NULL;
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(path, 1e9, ctx);
    if (wf) {
        CHECK(wf->ntasks == 2 && wf->nfiles == 1);
        if (wf->ntasks == 2) CHECK_STREQ(wf->tasks[1].name, name);
        CHECK(hf_workflow_find_task(wf, name) == 1);
        CHECK(hf_dag_nedges(wf->dag) == 1);
        CHECK_NEAR(total_flops(wf), 3e9, 1e-12);
    }
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
done:
    if (f) fclose(f);
    free(fill);
    free(name);
}

/* ---- the streaming reader's edge cases (sim/workflow/wfstream.c) ---- */

/* Write text to HF_TEST_OUT/name (n bytes, or strlen when n is 0); the path in path. */
static void write_doc(const char *name, const char *text, size_t n, char *path, size_t cap)
{
    snprintf(path, cap, HF_TEST_OUT "/%s", name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fwrite(text, 1, n ? n : strlen(text), f);
    fclose(f);
}

/* Load text as a document: NULL with the message checked against up to 3 fragments when
 * frag[0] is given, else the workflow. */
static hf_workflow *load_text(const char *name, const char *text, size_t n, const char *frag0,
                              const char *frag1, const char *frag2)
{
    char path[512];
    write_doc(name, text, n, path, sizeof path);
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = NULL;
    hf_err rc = hf_workflow_load_wfformat(ctx, path, 1e9, &wf);
    const char *frag[3] = {frag0, frag1, frag2};
    if (frag0) {
        if (rc != HF_EINPUT) fprintf(stderr, "%s: expected an error, got rc %d\n", name, rc);
        CHECK(rc == HF_EINPUT && wf == NULL);
        for (int k = 0; k < 3 && frag[k]; k++)
            CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), frag[k]);
    } else {
        if (rc) fprintf(stderr, "%s: %s\n", name, hf_ctx_errmsg(ctx));
        CHECK(rc == HF_OK && wf != NULL);
    }
    hf_ctx_free(ctx);
    return wf;
}

/* Three tasks in natural order, then with every object's keys reversed (schemaVersion after
 * workflow, execution before specification, files before tasks, machines before execution
 * tasks, ids after the fields that use them). Machine m: 1000 MHz = 1e9 flop/s per core.
 *   a: 2 s x 1 core = 2e9; b: 3 s x coreCount 2 = 6e9; c: 1 s = 1e9 flop. Total 9e9.
 * Edges: a -> b through file f (also listed), b -> c from c's parents only: depth 3. */
#define ORDER_SPEC_TASKS                                                                           \
    "[{\"name\": \"a\", \"id\": \"a\", \"parents\": [], \"children\": [\"b\"], "                   \
    "\"inputFiles\": [], \"outputFiles\": [\"f\"]},"                                               \
    "{\"name\": \"b\", \"id\": \"b\", \"parents\": [\"a\"], \"children\": [], "                    \
    "\"inputFiles\": [\"f\"], \"outputFiles\": []},"                                               \
    "{\"name\": \"c\", \"id\": \"c\", \"parents\": [\"b\"], \"children\": []}]"
static const char ORDER_NATURAL[] =
    "{\"name\": \"order\", \"schemaVersion\": \"1.5\", \"workflow\": {\"specification\": "
    "{\"tasks\": " ORDER_SPEC_TASKS ", \"files\": [{\"id\": \"f\", \"sizeInBytes\": 5}]}, "
    "\"execution\": {\"tasks\": [{\"id\": \"a\", \"runtimeInSeconds\": 2, \"machines\": [\"m\"]},"
    "{\"id\": \"b\", \"runtimeInSeconds\": 3, \"coreCount\": 2, \"machine\": \"m\"},"
    "{\"id\": \"c\", \"runtimeInSeconds\": 1, \"machines\": [\"m\", \"other\"]}], "
    "\"machines\": [{\"nodeName\": \"m\", \"cpu\": {\"speedInMHz\": 1000}}]}}}";
static const char ORDER_REVERSED[] =
    "{\"workflow\": {\"execution\": {\"machines\": [{\"cpu\": {\"speedInMHz\": 1000}, "
    "\"nodeName\": \"m\"}], \"tasks\": [{\"machines\": [\"m\", \"other\"], "
    "\"runtimeInSeconds\": 1, \"id\": \"c\"}, {\"machine\": \"m\", \"coreCount\": 2, "
    "\"runtimeInSeconds\": 3, \"id\": \"b\"}, {\"machines\": [\"m\"], \"runtimeInSeconds\": 2, "
    "\"id\": \"a\"}]}, \"specification\": {\"files\": [{\"sizeInBytes\": 5, \"id\": \"f\"}], "
    "\"tasks\": [{\"outputFiles\": [\"f\"], \"inputFiles\": [], \"children\": [\"b\"], "
    "\"parents\": [], \"id\": \"a\", \"name\": \"a\"}, {\"outputFiles\": [], \"inputFiles\": "
    "[\"f\"], \"children\": [], \"parents\": [\"a\"], \"id\": \"b\", \"name\": \"b\"}, "
    "{\"children\": [], \"parents\": [\"b\"], \"id\": \"c\", \"name\": \"c\"}]}}, "
    "\"schemaVersion\": \"1.5\", \"name\": \"order\"}";
/* The same in 1.4, machines after tasks and each file's size before its name. */
static const char ORDER_14[] =
    "{\"workflow\": {\"tasks\": [{\"machine\": \"m\", \"runtimeInSeconds\": 2, \"files\": "
    "[{\"sizeInBytes\": 5, \"link\": \"output\", \"name\": \"f\"}], \"children\": [\"b\"], "
    "\"name\": \"a\"}, {\"cores\": 2, \"runtime\": 3, \"machine\": \"m\", \"files\": [{\"size\": "
    "5, \"name\": \"f\", \"link\": \"input\"}], \"parents\": [\"a\"], \"name\": \"b\"}, "
    "{\"runtimeInSeconds\": 1, \"machine\": \"m\", \"parents\": [\"b\"], \"name\": \"c\"}], "
    "\"machines\": [{\"cpu\": {\"speed\": 1000}, \"nodeName\": \"m\"}]}, \"name\": \"order\", "
    "\"schemaVersion\": \"1.4\"}";

static void check_order(const hf_workflow *wf)
{
    CHECK(wf->ntasks == 3 && wf->nfiles == 1);
    if (wf->ntasks != 3) return;
    CHECK_STREQ(wf->name, "order");
    CHECK(strcmp(wf->tasks[0].name, "a") == 0 && strcmp(wf->tasks[2].name, "c") == 0);
    CHECK_NEAR(wf->tasks[0].cpu.flops, 2e9, 1e-12);
    CHECK_NEAR(wf->tasks[1].cpu.flops, 6e9, 1e-12);
    CHECK(wf->tasks[1].cores == 2);
    CHECK_NEAR(wf->tasks[2].cpu.flops, 1e9, 1e-12);
    CHECK(wf->files[0].size == 5 && wf->files[0].producer == 0);
    CHECK(hf_dag_nedges(wf->dag) == 2 && hf_dag_depth(wf->dag) == 3);
}

static void any_order(void)
{
    hf_workflow *a = load_text("wfstream-natural.json", ORDER_NATURAL, 0, NULL, NULL, NULL);
    hf_workflow *b = load_text("wfstream-reversed.json", ORDER_REVERSED, 0, NULL, NULL, NULL);
    hf_workflow *c = load_text("wfstream-order-1.4.json", ORDER_14, 0, NULL, NULL, NULL);
    if (a) check_order(a);
    if (b) check_order(b);
    if (c) check_order(c);
    if (a && b) same_as(a, b);
    if (a && c) same_as(a, c);
    hf_workflow_free(a);
    hf_workflow_free(b);
    hf_workflow_free(c);
    /* a version that comes late is still checked, and still required */
    char doc[4096];
    snprintf(doc, sizeof doc, "%.*s\"schemaVersion\": \"1.3\", \"name\": \"order\"}",
             (int)(strstr(ORDER_REVERSED, "\"schemaVersion\"") - ORDER_REVERSED), ORDER_REVERSED);
    load_text("wfstream-late-version.json", doc, 0,
              "wfstream-late-version.json: ", "unsupported schemaVersion '1.3'", NULL);
    snprintf(doc, sizeof doc, "%.*s\"name\": \"order\"}",
             (int)(strstr(ORDER_REVERSED, "\"schemaVersion\"") - ORDER_REVERSED), ORDER_REVERSED);
    load_text("wfstream-no-version.json", doc, 0,
              "wfstream-no-version.json: ", "schemaVersion: missing (a string is required)", NULL);
}

/* A workflow of one task a of 1 s, without machine (1.5) */
#define ONE_TASK                                                                                   \
    "\"workflow\": {\"specification\": {\"tasks\": [{\"name\": \"a\", \"id\": \"a\", "             \
    "\"parents\": [], \"children\": []}]}, \"execution\": {\"tasks\": [{\"id\": \"a\", "           \
    "\"runtimeInSeconds\": 1}]}}"

/* A key given twice is refused wherever it is, also in objects the loader skips and in objects
 * of more than 16 keys (hashed): the message has the line and column of the second one and the
 * object's path. */
static void duplicate_keys(void)
{
    /* line 2, the second "name" ends at column 31: {"name": "x", "name": "y"} at column 13 */
    load_text("wfstream-dup-skipped.json",
              "{\"name\": \"d\",\n \"author\": {\"name\": \"x\", \"name\": \"y\"},\n"
              " \"schemaVersion\": \"1.5\"}",
              0, "wfstream-dup-skipped.json:2:31: ", "duplicate object key 'name' in author", NULL);
    char doc[2048];
    int k = snprintf(doc, sizeof doc, "{\"name\": \"d\", \"schemaVersion\": \"1.5\", \"extra\": {");
    for (int i = 0; i < 40; i++)
        k += snprintf(doc + k, sizeof doc - k, "\"k%d\": %d, ", i, i);
    snprintf(doc + k, sizeof doc - k, "\"k25\": 0}}");
    load_text("wfstream-dup-hashed.json", doc, 0,
              "wfstream-dup-hashed.json:1:", "duplicate object key 'k25' in extra", NULL);
    /* 40 distinct keys are fine (no false duplicate from the hash table) */
    snprintf(doc + k, sizeof doc - k, "\"k40\": 0}, " ONE_TASK "}");
    hf_workflow *wf = load_text("wfstream-40-keys.json", doc, 0, NULL, NULL, NULL);
    if (wf) CHECK(wf->ntasks == 1);
    hf_workflow_free(wf);
    /* in a task object, where the loader reads the key */
    load_text("wfstream-dup-task.json",
              "{\"name\": \"d\", \"schemaVersion\": \"1.4\", \"workflow\": {\"tasks\": [{\"name\": "
              "\"a\", \"runtime\": 1, \"runtime\": 2}]}}",
              0, "duplicate object key 'runtime' in workflow.tasks[0]", NULL, NULL);
}

/* Nesting: 2048 levels are read (the limit jansson had), 2049 are refused with a position. */
static void deep_nesting(void)
{
    size_t n = 2048, k = 0;
    char *doc = malloc(2 * n + 256);
    CHECK(doc != NULL);
    if (!doc) return;
    k += (size_t)sprintf(doc, "{\"name\": \"deep\", \"schemaVersion\": \"1.5\", \"x\": ");
    size_t open = n - 1; /* the top-level object is level 1 */
    for (size_t i = 0; i < open; i++)
        doc[k++] = '[';
    for (size_t i = 0; i < open; i++)
        doc[k++] = ']';
    k += (size_t)sprintf(doc + k, ", " ONE_TASK "}");
    hf_workflow *wf = load_text("wfstream-deep-ok.json", doc, k, NULL, NULL, NULL);
    hf_workflow_free(wf);
    /* one more level: the text before the first '[' is 46 characters, so the 2048th '[' (level
     * 2049) is at column 46 + 2048 = 2094 */
    k = (size_t)sprintf(doc, "{\"name\": \"deep\", \"schemaVersion\": \"1.5\", \"x\": ");
    for (size_t i = 0; i < open + 1; i++)
        doc[k++] = '[';
    for (size_t i = 0; i < open + 1; i++)
        doc[k++] = ']';
    k += (size_t)sprintf(doc + k, "}");
    load_text("wfstream-deep.json", doc, k,
              "wfstream-deep.json:1:2094: ", "nesting deeper than 2048 levels", NULL);
    free(doc);
}

/* Numbers: beyond a double is an error with the position of its last digit (on line 2,
 * ` "runtimeInSeconds": 1e400` puts 1e400 in columns 22 to 26), used or not (as jansson's "real
 * number overflow" was); an integer beyond 64 bits is a valid double (jansson refused it). */
static void huge_numbers(void)
{
    load_text("wfstream-huge-used.json",
              "{\"name\": \"n\", \"schemaVersion\": \"1.4\", \"workflow\": {\"tasks\": [{\"name\": "
              "\"a\",\n \"runtimeInSeconds\": 1e400}]}}",
              0, "wfstream-huge-used.json:2:26: ", "number 1e400 is out of range", NULL);
    char doc[1024];
    int k = snprintf(doc, sizeof doc, "{\"name\": \"n\", \"schemaVersion\": \"1.4\", \"big\": 1");
    for (int i = 0; i < 400; i++) /* 10^400 written out: no exponent, 401 digits */
        doc[k++] = '0';
    snprintf(doc + k, sizeof doc - k, "}");
    load_text("wfstream-huge-digits.json", doc, 0,
              "wfstream-huge-digits.json:1:", "is out of range (beyond 1.8e308)", NULL);
    /* 2^64 x 10 as a runtime: 1.8446744073709552e20 s x 1e9 flop/s */
    hf_workflow *wf = load_text(
        "wfstream-big-int.json",
        "{\"name\": \"n\", \"schemaVersion\": \"1.4\", \"workflow\": {\"tasks\": [{\"name\": "
        "\"a\", \"runtimeInSeconds\": 184467440737095516160, \"memoryInBytes\": "
        "99999999999999999999999}]}}",
        0, NULL, NULL, NULL);
    if (wf) CHECK_NEAR(wf->tasks[0].cpu.flops, 1.8446744073709552e29, 1e-12);
    hf_workflow_free(wf);
}

/* A document cut short: the error names the end of input (line and column after the last
 * character), whatever was missing before; also a cut inside a string. */
static void truncated(void)
{
    const char *doc = "{\n  \"name\": \"t\",\n  \"schemaVersion\": \"1.5\",\n  \"workflow\": "
                      "{\"specification\": {\"tasks\": [{\"name\": \"a\"";
    /* line 4 is `  "workflow": {"specification": {"tasks": [{"name": "a"`: 55 characters, so
     * the input ends before column 56 */
    load_text("wfstream-truncated.json", doc, 0,
              "wfstream-truncated.json:4:56: ", "unexpected end of input (truncated document?)",
              NULL);
    load_text("wfstream-truncated-string.json", "{\"name\": \"abc", 0,
              "wfstream-truncated-string.json:1:", "unexpected end of input", NULL);
    load_text("wfstream-empty.json", "", 0, "wfstream-empty.json:1:1: ", "unexpected end of input",
              NULL);
    /* an error the loader found first (task a has no id) does not hide the truncation */
    load_text("wfstream-truncated-after.json",
              "{\"name\": \"t\", \"schemaVersion\": \"1.5\", \"workflow\": {\"specification\": "
              "{\"tasks\": [{\"name\": \"a\", \"parents\": [], \"children\": []}, {",
              0, "wfstream-truncated-after.json:1:", "unexpected end of input", NULL);
}

/* A UTF-8 byte order mark is skipped; names in UTF-8 and with escapes come through decoded, and
 * references written with other escapes of the same characters find them; invalid UTF-8 and
 * \u0000 are refused with a position. Columns count characters, not bytes. */
static void encodings(void)
{
    /* task 1: é written raw, referenced as \u00e9; task 2: a"b\c, referenced as a\u0022b\\c;
     * task 3: 日本 (U+65E5 U+672C) named with escapes, referenced raw */
    const char *doc =
        "\xEF\xBB\xBF{\"name\": \"enc\", \"schemaVersion\": \"1.4\", \"workflow\": {\"tasks\": ["
        "{\"name\": \"t\xC3\xA9\", \"runtimeInSeconds\": 1},"
        "{\"name\": \"a\\\"b\\\\c\", \"runtimeInSeconds\": 1, \"parents\": [\"t\\u00e9\"]},"
        "{\"name\": \"\\u65e5\\u672c\", \"runtimeInSeconds\": 1, \"parents\": "
        "[\"a\\u0022b\\\\c\"], \"children\": []},"
        "{\"name\": \"z\", \"runtimeInSeconds\": 1, \"parents\": "
        "[\"\xE6\x97\xA5\xE6\x9C\xAC\"]}]}}";
    hf_workflow *wf = load_text("wfstream-utf8.json", doc, 0, NULL, NULL, NULL);
    if (wf) {
        CHECK(wf->ntasks == 4);
        CHECK(hf_workflow_find_task(wf, "t\xC3\xA9") == 0);
        CHECK(hf_workflow_find_task(wf, "a\"b\\c") == 1);
        CHECK(hf_workflow_find_task(wf, "\xE6\x97\xA5\xE6\x9C\xAC") == 2);
        CHECK(hf_dag_nedges(wf->dag) == 3 && hf_dag_depth(wf->dag) == 4);
    }
    hf_workflow_free(wf);
    /* \xFF is no UTF-8: line 2 is ` "é": "ab\xFF"}`, \xFF at column 10 (é is one character);
     * the bytes around it are quoted with é whole and \xFF as '?' */
    load_text("wfstream-bad-utf8.json", "{\"name\": \"x\",\n \"\xC3\xA9\": \"ab\xFF\"}", 0,
              "wfstream-bad-utf8.json:2:10: invalid bytes in UTF8 string",
              "near ' \"\xC3\xA9\": \"ab?\"}'", NULL);
    load_text("wfstream-nul.json", "{\"name\": \"a\\u0000b\"}", 0,
              "wfstream-nul.json:1:19: ", "\\u0000 (NUL) is not allowed in a string", NULL);
    /* the column after a multi-byte character: {"é": tru} fails at the literal, column 8 */
    load_text("wfstream-col-utf8.json", "{\"\xC3\xA9\": tru}", 0,
              "wfstream-col-utf8.json:1:", "invalid literal", NULL);
}

/* Fields read only in the absence of another keep being ignored when that one is there: 1.4's
 * runtime next to runtimeInSeconds, its size next to sizeInBytes, 1.5's machine next to
 * machines; used, they are checked. */
static void fallback_fields(void)
{
    hf_workflow *wf = load_text(
        "wfstream-fallback.json",
        "{\"name\": \"f\", \"schemaVersion\": \"1.4\", \"workflow\": {\"tasks\": [{\"name\": "
        "\"a\", "
        "\"runtime\": \"x\", \"runtimeInSeconds\": 2, \"files\": [{\"name\": \"f\", \"link\": "
        "\"output\", \"size\": null, \"sizeInBytes\": 7}]}]}}",
        0, NULL, NULL, NULL);
    if (wf) {
        CHECK_NEAR(wf->tasks[0].cpu.flops, 2e9, 1e-12);
        CHECK(wf->nfiles == 1 && wf->files[0].size == 7);
    }
    hf_workflow_free(wf);
    load_text("wfstream-fallback-used.json",
              "{\"name\": \"f\", \"schemaVersion\": \"1.4\", \"workflow\": {\"tasks\": [{\"name\": "
              "\"a\", \"runtime\": \"x\"}]}}",
              0, "workflow.tasks[0].runtime: expected a number, got a string", NULL, NULL);
    wf =
        load_text("wfstream-machine-ignored.json",
                  "{\"name\": \"f\", \"schemaVersion\": \"1.5\", \"workflow\": {\"specification\": "
                  "{\"tasks\": [{\"name\": \"a\", \"id\": \"a\", \"parents\": [], \"children\": "
                  "[]}]}, \"execution\": {\"tasks\": [{\"id\": \"a\", \"runtimeInSeconds\": 3, "
                  "\"machine\": 5, \"machines\": []}]}}}",
                  0, NULL, NULL, NULL);
    if (wf) CHECK_NEAR(wf->tasks[0].cpu.flops, 3e9, 1e-12); /* no machine: ref_speed 1e9 */
    hf_workflow_free(wf);
    load_text("wfstream-machine-used.json",
              "{\"name\": \"f\", \"schemaVersion\": \"1.5\", \"workflow\": {\"specification\": "
              "{\"tasks\": [{\"name\": \"a\", \"id\": \"a\", \"parents\": [], \"children\": "
              "[]}]}, \"execution\": {\"tasks\": [{\"id\": \"a\", \"runtimeInSeconds\": 3, "
              "\"machine\": 5}]}}}",
              0, "workflow.execution.tasks[0].machine: expected a string, got a number", NULL,
              NULL);
}

/* Time loading one file (ref_speed 1e9), best of 3 in wall and in process CPU time (less
 * sensitive to a busy machine): prints tasks, edges and seconds. */
static int bench(const char *path)
{
    double best = 1e30, best_cpu = 1e30;
    hf_ctx *ctx = hf_ctx_new();
    for (int r = 0; r < 3; r++) {
        struct timespec t0, t1, c0, c1;
        hf_workflow *wf = NULL;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        hf_err rc = hf_workflow_load_wfformat(ctx, path, 1e9, &wf);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (rc) {
            fprintf(stderr, "%s\n", hf_ctx_errmsg(ctx));
            hf_ctx_free(ctx);
            return 1;
        }
        double s = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
        double c = (c1.tv_sec - c0.tv_sec) + 1e-9 * (c1.tv_nsec - c0.tv_nsec);
        if (s < best) best = s;
        if (c < best_cpu) best_cpu = c;
        if (r == 2)
            printf("%s: %zu tasks, %zu files, %zu edges, depth %d: load %.3f s wall, %.3f s CPU "
                   "(best of 3)\n",
                   path, wf->ntasks, wf->nfiles, hf_dag_nedges(wf->dag), hf_dag_depth(wf->dag),
                   best, best_cpu);
        hf_workflow_free(wf);
    }
    hf_ctx_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1) return bench(argv[1]);
    tiny_15();
    zero_runtime();
    tiny_14();
    montage();
    epigenomics();
    bad_inputs();
    generated();
    big_values();
    any_order();
    duplicate_keys();
    deep_nesting();
    huge_numbers();
    truncated();
    encodings();
    fallback_fields();
    return hf_check_summary();
}
