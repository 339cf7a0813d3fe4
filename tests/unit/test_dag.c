/* test_dag.c: workflow model and DAG: file and explicit dependencies, duplicates, depth,
 * topological order, cycles named in the message, producer conflicts. */
#include <stdlib.h>

#include "check.h"
#include "hetflow/hetflow.h"

static int add_task(hf_ctx *ctx, hf_workflow *wf, const char *name, int *in, int nin, int *out,
                    int nout)
{
    hf_task t = {0};
    t.name = (char *)name;
    t.cpu = (hf_cost){1, 1e9, 0, 0, 0};
    t.cores = 1;
    t.inputs = in;
    t.ninputs = nin;
    t.outputs = out;
    t.noutputs = nout;
    return hf_workflow_add_task(ctx, wf, &t);
}

/* Diamond a -> {b, c} -> d through files, plus an explicit a -> d edge and a duplicate
 * explicit a -> b (merged with the file edge): 4 distinct edges + a->d = 5 edges, depth 3. */
static void diamond(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = hf_workflow_new("diamond");
    int fa = hf_workflow_add_file(ctx, wf, "fa", 10, NULL);
    int fb = hf_workflow_add_file(ctx, wf, "fb", 10, NULL);
    int fc = hf_workflow_add_file(ctx, wf, "fc", 10, NULL);
    int a = add_task(ctx, wf, "a", NULL, 0, &fa, 1);
    int b = add_task(ctx, wf, "b", &fa, 1, &fb, 1);
    int c = add_task(ctx, wf, "c", &fa, 1, &fc, 1);
    int in_d[] = {fb, fc};
    int d = add_task(ctx, wf, "d", in_d, 2, NULL, 0);
    CHECK(a == 0 && b == 1 && c == 2 && d == 3);
    CHECK(hf_workflow_add_edge(ctx, wf, a, d) == HF_OK);
    CHECK(hf_workflow_add_edge(ctx, wf, a, b) == HF_OK);
    CHECK(hf_workflow_finalize(ctx, wf) == HF_OK);
    CHECK(hf_dag_nedges(wf->dag) == 5);
    CHECK(hf_dag_depth(wf->dag) == 3);
    CHECK(hf_dag_nparents(wf->dag, a) == 0);
    CHECK(hf_dag_nparents(wf->dag, d) == 3);
    int n;
    const int *ch = hf_dag_children(wf->dag, a, &n);
    CHECK(n == 3 && ch[0] == b && ch[1] == c && ch[2] == d);
    const int *par = hf_dag_parents(wf->dag, d, &n);
    CHECK(n == 3 && par[0] == a);
    /* topological order: every edge goes forward */
    const int *topo = hf_dag_topo_order(wf->dag);
    int pos[4];
    for (int i = 0; i < 4; i++)
        pos[topo[i]] = i;
    for (int v = 0; v < 4; v++) {
        ch = hf_dag_children(wf->dag, v, &n);
        for (int k = 0; k < n; k++)
            CHECK(pos[v] < pos[ch[k]]);
    }
    CHECK(wf->files[fa].producer == a && wf->files[fb].producer == b);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* x -> y -> z -> x through explicit edges: the message lists the cycle in order. */
static void cycle(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = hf_workflow_new("cyc");
    int x = add_task(ctx, wf, "x", NULL, 0, NULL, 0);
    int y = add_task(ctx, wf, "y", NULL, 0, NULL, 0);
    int z = add_task(ctx, wf, "z", NULL, 0, NULL, 0);
    int free_task = add_task(ctx, wf, "free", NULL, 0, NULL, 0);
    (void)free_task;
    hf_workflow_add_edge(ctx, wf, x, y);
    hf_workflow_add_edge(ctx, wf, y, z);
    hf_workflow_add_edge(ctx, wf, z, x);
    CHECK(hf_workflow_finalize(ctx, wf) == HF_EINPUT);
    const char *msg = hf_ctx_errmsg(ctx);
    CHECK_STR_CONTAINS(msg, "cycle: ");
    /* the walk may start anywhere on the cycle; any rotation of x -> y -> z is correct */
    CHECK(strstr(msg, "x -> y -> z -> x") || strstr(msg, "y -> z -> x -> y") ||
          strstr(msg, "z -> x -> y -> z"));
    CHECK(wf->dag == NULL);
    /* self-dependency is refused when added */
    CHECK(hf_workflow_add_edge(ctx, wf, x, x) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "task 'x' depends on itself");
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

static void bad_inputs(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = hf_workflow_new("bad");
    int f = hf_workflow_add_file(ctx, wf, "f", 1, NULL);
    CHECK(hf_workflow_add_file(ctx, wf, "f", 1, NULL) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "file 'f' is declared twice");
    CHECK(hf_workflow_add_file(ctx, wf, "neg", -1, NULL) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "file 'neg': size must be");
    CHECK(add_task(ctx, wf, "w1", NULL, 0, &f, 1) == 0);
    CHECK(add_task(ctx, wf, "w2", NULL, 0, &f, 1) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "file 'f' is written by both task 'w1' and task 'w2'");
    CHECK(add_task(ctx, wf, "w1", NULL, 0, NULL, 0) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "task 'w1' is declared twice");
    hf_task t = {0};
    t.name = "nocost";
    t.cores = 1;
    CHECK(hf_workflow_add_task(ctx, wf, &t) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "task 'nocost': needs a cpu or gpu cost");
    t.cpu = (hf_cost){1, -5, 0, 0, 0};
    CHECK(hf_workflow_add_task(ctx, wf, &t) < 0);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "task 'nocost': cpu.flops must be");
    hf_workflow *empty = hf_workflow_new("empty");
    CHECK(hf_workflow_finalize(ctx, empty) == HF_EINPUT);
    hf_workflow_free(empty);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* 200000 tasks in a chain: linear construction, depth = n. */
static void long_chain(void)
{
    enum { N = 200000 };
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = hf_workflow_new("chain");
    char name[32];
    int prev = -1;
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "f%d", i);
        int f = hf_workflow_add_file(ctx, wf, name, 1, NULL);
        snprintf(name, sizeof name, "t%d", i);
        add_task(ctx, wf, name, prev >= 0 ? &prev : NULL, prev >= 0, &f, 1);
        prev = f;
    }
    CHECK(hf_workflow_finalize(ctx, wf) == HF_OK);
    CHECK(hf_dag_depth(wf->dag) == N);
    CHECK(hf_dag_nedges(wf->dag) == N - 1);
    CHECK(hf_workflow_find_task(wf, "t123456") == 123456);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* Components: a -> b, c -> d -> e, and f alone: 3 weakly connected components; the same after
 * the igraph copy is released (as before a simulation) and rebuilt from the CSR arrays. */
static void components(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = hf_workflow_new("parts");
    const char *names[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++)
        CHECK(add_task(ctx, wf, names[i], NULL, 0, NULL, 0) == i);
    CHECK(hf_workflow_add_edge(ctx, wf, 0, 1) == HF_OK);
    CHECK(hf_workflow_add_edge(ctx, wf, 2, 3) == HF_OK);
    CHECK(hf_workflow_add_edge(ctx, wf, 3, 4) == HF_OK);
    CHECK(hf_workflow_finalize(ctx, wf) == HF_OK);
    hf_dag_stats st;
    CHECK(hf_dag_stats_of(ctx, wf, &st) == HF_OK);
    CHECK(st.components == 3 && st.edges == 3 && st.depth == 3 && st.width == 3);
    hf_dag_release_graph(wf->dag);
    hf_dag_release_graph(wf->dag); /* twice: harmless */
    CHECK(hf_dag_stats_of(ctx, wf, &st) == HF_OK);
    CHECK(st.components == 3 && st.edges == 3);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

int main(void)
{
    diamond();
    components();
    cycle();
    bad_inputs();
    long_chain();
    return hf_check_summary();
}
