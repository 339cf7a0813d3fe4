/* test_dot.c: DOT DAG loader (SimGrid conventions, root/end, bad input named in the message)
 * and DOT/GraphML export, including the DOT -> DAG -> DOT -> DAG round trip. */
#include <stdlib.h>

#include "check.h"
#include "hetflow/hetflow.h"

#define DOT_DIR HF_ROOT "/tests/data/dot/"

static hf_workflow *load(hf_ctx *ctx, const char *path)
{
    hf_workflow *wf = NULL;
    hf_err rc = hf_workflow_load_dot(ctx, path, &wf);
    if (rc != HF_OK) fprintf(stderr, "load %s: %s\n", path, hf_ctx_errmsg(ctx));
    CHECK(rc == HF_OK && wf);
    return wf;
}

/* Is there a DAG edge from task named p to task named c? */
static int has_edge(const hf_workflow *wf, const char *p, const char *c)
{
    int n, from = hf_workflow_find_task(wf, p), to = hf_workflow_find_task(wf, c);
    if (from < 0 || to < 0) return 0;
    const int *ch = hf_dag_children(wf->dag, from, &n);
    for (int k = 0; k < n; k++)
        if (ch[k] == to) return 1;
    return 0;
}

/* Check file name: size, producer (NULL = initial input) and its only reader (NULL = none). */
static void check_file(const hf_workflow *wf, const char *name, double size, const char *producer,
                       const char *reader)
{
    int f = hf_workflow_find_file(wf, name);
    CHECK(f >= 0);
    if (f < 0) {
        fprintf(stderr, "  missing file '%s'\n", name);
        return;
    }
    CHECK_NEAR(wf->files[f].size, size, 0);
    CHECK(producer ? wf->files[f].producer == hf_workflow_find_task(wf, producer)
                   : wf->files[f].producer == -1);
    int readers = 0, right = 0;
    for (size_t t = 0; t < wf->ntasks; t++)
        for (int i = 0; i < wf->tasks[t].ninputs; i++)
            if (wf->tasks[t].inputs[i] == f) {
                readers++;
                right += reader && strcmp(wf->tasks[t].name, reader) == 0;
            }
    CHECK(readers == (reader ? 1 : 0) && right == readers);
}

/* diamond.dot by hand: tasks a, b, c, d of 1, 2, 3, 4 Gflop (10 Gflop in all); files a->b
 * (1 MB), a->c (2 MB), b->d (3 MB), 6 MB in all; c -> d is the one explicit edge; the DAG has
 * 4 edges and depth 3 (a, b, d). */
static void diamond(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(ctx, DOT_DIR "diamond.dot");
    if (!wf) goto done;
    CHECK(strcmp(wf->name, "diamond") == 0);
    CHECK(wf->ntasks == 4);
    const char *names[] = {"a", "b", "c", "d"};
    double flops = 0;
    for (int i = 0; i < 4; i++) {
        CHECK(strcmp(wf->tasks[i].name, names[i]) == 0);
        CHECK(wf->tasks[i].cpu.set && !hf_task_ext_of(&wf->tasks[i])->gpu.set &&
              wf->tasks[i].cores == 1);
        CHECK(wf->tasks[i].cpu.seconds == 0 && wf->tasks[i].cpu.ref_speed == 0);
        CHECK_NEAR(wf->tasks[i].cpu.flops, (i + 1) * 1e9, 0);
        flops += wf->tasks[i].cpu.flops;
    }
    CHECK_NEAR(flops, 1e10, 0);
    CHECK(wf->nfiles == 3);
    double bytes = 0;
    for (size_t i = 0; i < wf->nfiles; i++)
        bytes += wf->files[i].size;
    CHECK_NEAR(bytes, 6e6, 0);
    check_file(wf, "a->b", 1e6, "a", "b");
    check_file(wf, "a->c", 2e6, "a", "c");
    check_file(wf, "b->d", 3e6, "b", "d");
    CHECK(wf->nedges == 1 && wf->edges[0] == 2 && wf->edges[1] == 3);
    CHECK(hf_dag_nedges(wf->dag) == 4);
    CHECK(hf_dag_depth(wf->dag) == 3);
    CHECK(has_edge(wf, "c", "d") && has_edge(wf, "a", "b") && !has_edge(wf, "a", "d"));
done:
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* rootend.dot by hand: 'root' is implicit (no size) so it is dropped and its two data edges
 * become initial inputs root->prep (10 MB) and root->right (3 MB); 'end' has 1e8 flop so it is
 * a task, reached by merge->end (4 MB) and, as SimGrid wires childless tasks to 'end', by
 * audit. Tasks in node order: prep left right merge audit end (6). Files: prep->left,
 * left->merge, merge->end plus the two inputs (5). Explicit edges: prep->right (size -1),
 * prep->audit (none), right->merge (0.0), audit->end (wired) (4). DAG edges: those 4 plus the
 * 3 file edges between tasks = 7; longest path prep, left, merge, end = 4. */
static void rootend(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(ctx, DOT_DIR "rootend.dot");
    if (!wf) goto done;
    CHECK(wf->ntasks == 6);
    const char *names[] = {"prep", "left", "right", "merge", "audit", "end"};
    const double flops[] = {2e9, 4e9, 1e9, 3e9, 5e8, 1e8};
    for (int i = 0; i < 6 && i < (int)wf->ntasks; i++) {
        CHECK(strcmp(wf->tasks[i].name, names[i]) == 0);
        CHECK_NEAR(wf->tasks[i].cpu.flops, flops[i], 0);
    }
    CHECK(hf_workflow_find_task(wf, "root") < 0);
    CHECK(wf->nfiles == 5);
    check_file(wf, "root->prep", 1e7, NULL, "prep");
    check_file(wf, "root->right", 3e6, NULL, "right");
    check_file(wf, "prep->left", 5e6, "prep", "left");
    check_file(wf, "left->merge", 2e6, "left", "merge");
    check_file(wf, "merge->end", 4e6, "merge", "end");
    CHECK(wf->nedges == 4);
    CHECK(has_edge(wf, "prep", "right") && has_edge(wf, "prep", "audit"));
    CHECK(has_edge(wf, "right", "merge") && has_edge(wf, "audit", "end"));
    CHECK(hf_dag_nedges(wf->dag) == 7);
    CHECK(hf_dag_depth(wf->dag) == 4);
    CHECK(hf_dag_nparents(wf->dag, hf_workflow_find_task(wf, "end")) == 2);
    CHECK(hf_dag_nparents(wf->dag, hf_workflow_find_task(wf, "prep")) == 0);
done:
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* root_kept.dot by hand: tasks root, a, b, c (4); files root->a (100 B, written by root)
 * and b->end (50 B, written by b, read by nobody: 'end' is dropped); explicit edges a -> c and
 * the wired root -> b (a has a parent already). DAG edges root->a, root->b, a->c = 3. */
static void root_kept(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(ctx, DOT_DIR "root_kept.dot");
    if (wf) {
        CHECK(wf->ntasks == 4 && strcmp(wf->tasks[0].name, "root") == 0);
        CHECK_NEAR(wf->tasks[0].cpu.flops, 1e8, 0);
        CHECK(hf_workflow_find_task(wf, "end") < 0);
        CHECK(wf->nfiles == 2);
        check_file(wf, "root->a", 100, "root", "a");
        check_file(wf, "b->end", 50, "b", NULL);
        CHECK(wf->nedges == 2);
        CHECK(has_edge(wf, "root", "b") && has_edge(wf, "a", "c"));
        CHECK(hf_dag_nedges(wf->dag) == 3);
        CHECK(hf_dag_depth(wf->dag) == 3);
    }
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* Graphviz merges repeated node statements (last size wins) and a strict digraph merges
 * repeated edges (last size wins): x = 7e9 flop, one file x->y of 20 bytes. */
static void merged_duplicates(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_workflow *wf = load(ctx, DOT_DIR "dup_node.dot");
    if (wf) {
        CHECK(wf->ntasks == 2);
        CHECK_NEAR(wf->tasks[hf_workflow_find_task(wf, "x")].cpu.flops, 7e9, 0);
        CHECK(wf->nfiles == 1);
        check_file(wf, "x->y", 20, "x", "y");
    }
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

/* Each malformed file fails with HF_EINPUT, no workflow, and a message naming the file and
 * containing both fragments. */
static void bad_inputs(void)
{
    static const struct {
        const char *file, *frag1, *frag2;
    } cases[] = {
        {"does_not_exist.dot", "cannot read DOT file", "No such file"},
        {"bad_syntax.dot", "syntax error in line 4", "near '->'"},
        {"bad_number.dot", "badly delimited number", "line 2"},
        {"undirected.dot", "'undirected' is an undirected graph", "digraph"},
        {"node_size_negative.dot", "task 'b'", "got '-3e9'"},
        {"node_size_text.dot", "task 'b'", "got 'lots'"},
        {"node_size_zero.dot", "task 'idle': size is 0", "flop amount > 0"},
        {"edge_size_negative.dot", "edge 'a' -> 'b'", "got '-5'"},
        {"edge_size_text.dot", "edge 'a' -> 'b'", "got '12MB'"},
        {"cycle.dot", "cycle: ", "q -> r"},
        {"self_loop.dot", "cycle: task 'a' depends on itself", ""},
        {"dup_edge.dot", "edge 'a' -> 'b' is given twice", "strict"},
        {"two_graphs.dot", "more than one graph", ""},
        {"empty.dot", "no graph", ""},
        {"root_parent.dot", "edge 'a' -> 'root'", "cannot have parents"},
        /* the line counter restarts with every file */
        {"bad_syntax.dot", "syntax error in line 4", "bad_syntax.dot"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hf_ctx *ctx = hf_ctx_new();
        char path[512];
        snprintf(path, sizeof path, "%s%s", DOT_DIR, cases[i].file);
        static hf_workflow sentinel;
        hf_workflow *wf = &sentinel; /* must be reset to NULL */
        hf_err rc = hf_workflow_load_dot(ctx, path, &wf);
        CHECK(rc == HF_EINPUT);
        CHECK(wf == NULL);
        const char *msg = hf_ctx_errmsg(ctx);
        CHECK_STR_CONTAINS(msg, cases[i].file);
        CHECK_STR_CONTAINS(msg, cases[i].frag1);
        CHECK_STR_CONTAINS(msg, cases[i].frag2);
        if (strcmp(cases[i].file, "cycle.dot") == 0) {
            CHECK_STR_CONTAINS(msg, "r -> p");
            CHECK(!strstr(msg, "start"));
        }
        if (rc == HF_OK) hf_workflow_free(wf);
        hf_ctx_free(ctx);
    }
}

/* Same tasks (name, flops), same files (name, size, producer, readers), same DAG edges. */
static void check_same(const hf_workflow *x, const hf_workflow *y)
{
    CHECK(x->ntasks == y->ntasks);
    CHECK(x->nfiles == y->nfiles);
    CHECK(hf_dag_nedges(x->dag) == hf_dag_nedges(y->dag));
    for (size_t t = 0; t < x->ntasks; t++) {
        int u = hf_workflow_find_task(y, x->tasks[t].name);
        CHECK(u >= 0);
        if (u < 0) continue;
        CHECK(x->tasks[t].cpu.flops == y->tasks[u].cpu.flops);
        CHECK(x->tasks[t].ninputs == y->tasks[u].ninputs);
        CHECK(x->tasks[t].noutputs == y->tasks[u].noutputs);
        int n, m;
        const int *ch = hf_dag_children(x->dag, (int)t, &n);
        hf_dag_children(y->dag, u, &m);
        CHECK(n == m);
        for (int k = 0; k < n; k++)
            CHECK(has_edge(y, x->tasks[t].name, x->tasks[ch[k]].name));
    }
    for (size_t f = 0; f < x->nfiles; f++) {
        const hf_file *a = &x->files[f];
        int g = hf_workflow_find_file(y, a->name);
        CHECK(g >= 0);
        if (g < 0) continue;
        const hf_file *b = &y->files[g];
        CHECK(a->size == b->size);
        CHECK((a->producer < 0 && b->producer < 0) ||
              (a->producer >= 0 && b->producer >= 0 &&
               strcmp(x->tasks[a->producer].name, y->tasks[b->producer].name) == 0));
    }
    for (size_t t = 0; t < x->ntasks; t++) {
        int u = hf_workflow_find_task(y, x->tasks[t].name);
        for (int i = 0; u >= 0 && i < x->tasks[t].ninputs && i < y->tasks[u].ninputs; i++)
            CHECK(hf_workflow_find_file(y, x->files[x->tasks[t].inputs[i]].name) >= 0);
    }
}

/* DOT -> DAG -> DOT -> DAG keeps tasks, files, sizes and edges, for both fixtures. */
static void round_trip(const char *name)
{
    hf_ctx *ctx = hf_ctx_new();
    char in[512], out[512];
    snprintf(in, sizeof in, "%s%s.dot", DOT_DIR, name);
    snprintf(out, sizeof out, "%s/dot-roundtrip-%s.dot", HF_TEST_OUT, name);
    hf_workflow *first = load(ctx, in), *second = NULL;
    if (!first) goto done;
    hf_err rc = hf_dag_write_dot(ctx, first, out, 1);
    CHECK(rc == HF_OK);
    if (rc != HF_OK) {
        fprintf(stderr, "write %s: %s\n", out, hf_ctx_errmsg(ctx));
        goto done;
    }
    second = load(ctx, out);
    if (second) check_same(first, second);
done:
    hf_workflow_free(first);
    hf_workflow_free(second);
    hf_ctx_free(ctx);
}

static int add_task(hf_ctx *ctx, hf_workflow *wf, const char *name, hf_cost cpu, int *in, int nin,
                    int *out, int nout)
{
    hf_task t = {0};
    t.name = (char *)name;
    t.cpu = cpu;
    t.cores = 2;
    t.inputs = in;
    t.ninputs = nin;
    t.outputs = out;
    t.noutputs = nout;
    return hf_workflow_add_task(ctx, wf, &t);
}

/* A workflow built through the API: in0 (100 B, initial) read by a and b; f1 (10 B) and f2
 * (5 B) from a to b; f3 (7 B) from a to c; out (42 B) written by c, read by nobody; explicit
 * b -> c and a -> b. b is given as 2 s of wall time on its 2 cores at 1 Gflop/s = 2 x 1e9 x 2 = 4e9
 * flop. a's flops are not round. */
static hf_workflow *api_workflow(hf_ctx *ctx, const char *root_name)
{
    hf_workflow *wf = hf_workflow_new("api");
    int in0 = hf_workflow_add_file(ctx, wf, "in0", 100, NULL);
    int f1 = hf_workflow_add_file(ctx, wf, "f1", 10, NULL);
    int f2 = hf_workflow_add_file(ctx, wf, "f2", 5, NULL);
    int f3 = hf_workflow_add_file(ctx, wf, "f3", 7, NULL);
    int fo = hf_workflow_add_file(ctx, wf, "out", 42, NULL);
    int a_out[] = {f1, f2, f3}, b_in[] = {in0, f1, f2};
    int a = add_task(ctx, wf, root_name, (hf_cost){1, 1234567890.123456789, 0, 0, 0}, &in0, 1,
                     a_out, 3);
    int b = add_task(ctx, wf, "b", (hf_cost){1, 0, 0, 2, 1e9}, b_in, 3, NULL, 0);
    int c = add_task(ctx, wf, "c", (hf_cost){1, 1.5e9, 0, 0, 0}, &f3, 1, &fo, 1);
    CHECK(a == 0 && b == 1 && c == 2);
    CHECK(hf_workflow_add_edge(ctx, wf, b, c) == HF_OK);
    CHECK(hf_workflow_add_edge(ctx, wf, a, b) == HF_OK);
    CHECK(hf_workflow_finalize(ctx, wf) == HF_OK);
    return wf;
}

/* The API workflow through DOT: files between the same two tasks merge (a->b = 15 B), the
 * initial input becomes one file per reader from 'root', the unread output a file to 'end'. */
static void export_api_dot(void)
{
    hf_ctx *ctx = hf_ctx_new();
    const char *out = HF_TEST_OUT "/dot-export-api.dot";
    hf_workflow *wf = api_workflow(ctx, "a"), *back = NULL;
    CHECK(hf_dag_write_dot(ctx, wf, out, 1) == HF_OK);
    back = load(ctx, out);
    if (back) {
        CHECK(back->ntasks == 3);
        CHECK(back->tasks[0].cpu.flops == 1234567890.123456789); /* written exactly */
        CHECK_NEAR(back->tasks[1].cpu.flops, 4e9, 0);
        CHECK_NEAR(back->tasks[2].cpu.flops, 1.5e9, 0);
        CHECK(back->nfiles == 5);
        check_file(back, "root->a", 100, NULL, "a");
        check_file(back, "root->b", 100, NULL, "b");
        check_file(back, "a->b", 15, "a", "b");
        check_file(back, "a->c", 7, "a", "c");
        check_file(back, "c->end", 42, "c", NULL);
        CHECK(back->nedges == 1 && has_edge(back, "b", "c"));
        CHECK(hf_dag_nedges(back->dag) == 3);
    }
    hf_workflow_free(back);
    hf_workflow_free(wf);

    /* a task named 'root' cannot coexist with the 'root' vertex of the initial inputs */
    wf = api_workflow(ctx, "root");
    CHECK(hf_dag_write_dot(ctx, wf, out, 1) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "a task is named 'root'");
    hf_workflow_free(wf);

    wf = api_workflow(ctx, "a");
    CHECK(hf_dag_write_dot(ctx, wf, "/nonexistent-dir/x.dot", 1) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "cannot write '/nonexistent-dir/x.dot'");
    CHECK(hf_dag_write_graphml(ctx, wf, "/nonexistent-dir/x.graphml", 1) == HF_EIO);
    /* without replace, the file written above stays (another run's, created after the command
     * line's check): refused at publication, atomically */
    CHECK(hf_dag_write_dot(ctx, wf, out, 0) == HF_EIO);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), out);
    CHECK(hf_dag_write_graphml(ctx, wf, out, 0) == HF_EIO);
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* GraphML of the API workflow: 3 task vertices, 3 task-to-task edges (a->b 15 B, a->c 7 B,
 * b->c 0 B), typed keys; no boundary vertices. */
static void export_api_graphml(void)
{
    hf_ctx *ctx = hf_ctx_new();
    const char *out = HF_TEST_OUT "/dot-export-api.graphml";
    hf_workflow *wf = api_workflow(ctx, "a");
    CHECK(hf_dag_write_graphml(ctx, wf, out, 1) == HF_OK);
    char text[8192] = "";
    FILE *f = fopen(out, "r");
    CHECK(f != NULL);
    if (f) {
        text[fread(text, 1, sizeof text - 1, f)] = '\0';
        fclose(f);
    }
    CHECK_STR_CONTAINS(text, "attr.name=\"name\" attr.type=\"string\"");
    CHECK_STR_CONTAINS(text, "attr.name=\"flops\" attr.type=\"double\"");
    CHECK_STR_CONTAINS(text, "<key id=\"e_bytes\" for=\"edge\" attr.name=\"bytes\"");
    CHECK(count(text, "<node ") == 3);
    CHECK(count(text, "<edge ") == 3);
    CHECK_STR_CONTAINS(text, "<data key=\"v_name\">b</data>");
    CHECK_STR_CONTAINS(text, "<data key=\"v_flops\">4000000000</data>");
    CHECK_STR_CONTAINS(text, "<data key=\"e_bytes\">15</data>");
    CHECK(!strstr(text, ">root<") && !strstr(text, ">end<"));
    hf_workflow_free(wf);
    hf_ctx_free(ctx);
}

int main(void)
{
    diamond();
    rootend();
    root_kept();
    merged_duplicates();
    bad_inputs();
    round_trip("diamond");
    round_trip("rootend");
    round_trip("root_kept");
    export_api_dot();
    export_api_graphml();
    return hf_check_summary();
}
