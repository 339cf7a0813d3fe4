/* hf_workflow.h: the workflow model: tasks with per-target costs, files, dependencies, and its DAG.
 */
#ifndef HF_WORKFLOW_H
#define HF_WORKFLOW_H

#include <stddef.h>

#include "hf_ctx.h"
#include "hf_platform.h"

/* Cost of a task on one kind of target. set = 0 means the task has no variant for it.
 * CPU: flops (total, spread over the task's cores), or seconds of wall time on the task's cores
 * at ref_speed flop/s per core (F = seconds x ref_speed x cores).
 * GPU: flops and bytes of device-memory traffic (roofline), or seconds (on any GPU unless
 * ref_speed is set, in which case flops = seconds * ref_speed). */
typedef struct hf_cost {
    int set;          /* 1 when the task has this variant */
    double flops;     /* flop amount; 0 when given as seconds */
    double bytes;     /* GPU only: bytes moved to and from device memory */
    double seconds;   /* runtime, when given as seconds; 0 otherwise */
    double ref_speed; /* flop/s the seconds refer to; 0 = "seconds on this target" (GPU) */
} hf_cost;

/* One GPU kernel (docs/models/gpu.md): what one launch does. */
typedef struct hf_kernel {
    double flops;   /* flop per launch, >= 0 */
    double bytes;   /* device-memory bytes read and written per launch, >= 0 */
    double blocks;  /* thread blocks per launch, >= 1 */
    double latency; /* s: latency floor, the launch's dependent chain that no added SM shortens
                       (docs/models/gpu.md#latency-floor), >= 0; 0 = none */
} hf_kernel;

/* count launches of one kernel, each followed by gap seconds of host time (synchronisation,
 * host code) before the next launch. */
typedef struct hf_kgroup {
    double count; /* launches, >= 1 (a double: 10^9 launches fit) */
    hf_kernel k;
    double gap;       /* s, >= 0 */
    const char *name; /* the kernel's name ("lj_pair"): a GPU's measured kernel profile of that
                         name applies to it (docs/models/gpu.md#kernel-profiles); NULL = none.
                         In the workflow's arena once added */
} hf_kgroup;

/* A GPU variant given as kernel launches: groups run in order. */
typedef struct hf_kseq {
    hf_kgroup *groups; /* in the workflow's arena */
    int ngroups;
} hf_kseq;

/* What only some tasks have: a GPU variant, memory needs, kernel launches. Held out of line
 * (hf_task.ext) so that the 10^6 tasks of a CPU-only workflow do not carry 52 unused bytes
 * each; read it with hf_task_ext_of. */
typedef struct hf_task_ext {
    hf_cost gpu;       /* GPU variant */
    double memory;     /* bytes of host memory needed (CPU variant); 0 = none stated */
    double gpu_memory; /* bytes of device memory needed (GPU variant); 0 = none stated */
    int kernels;       /* GPU variant as kernel launches: 1 + index into hf_workflow.kseqs; 0 =
                          none (then gpu.flops / bytes / seconds apply) */
    int coll;          /* a collective task: 1 + index into hf_workflow.colls (its gpu.set is
                          1, with no cost of its own); 0 = none */
} hf_task_ext;

/* A collective operation run as a task over a group of GPUs
 * (docs/models/collectives.md#collectives-as-workflow-tasks): each GPU of the group runs its
 * rank's part of the schedule (sim/net/collsim.h) at once, the messages moving over the
 * platform's links. */
typedef struct hf_coll_task {
    int op;          /* hf_coll_op (sim/net/coll.h) */
    int algo;        /* hf_coll_algo: ring, rhd, tree, hier, dbtree, or auto: the one of
                        least closed-form time on the run's platform */
    double chunk;    /* dbtree: bytes per pipelined chunk and tree, 0 = 512 KiB */
    int offload;     /* hf_coll_offload: gpu or nic */
    double size;     /* bytes of each rank's buffer (AllGather: the gathered whole), >= 0 */
    double reduce;   /* B/s of the reducer, >= 0; 0: the default (GPU offload: the GPU's memory
                        bandwidth / 3; NIC offload: line rate) */
    int per_node;    /* hier: ranks per node (ranks listed node by node); 0 otherwise (auto:
                        given, hier is one of the choices) */
    char **group;    /* the group's resource names in rank order (in the workflow's arena);
                        NULL with ngroup 0: every GPU of the platform, platform order */
    int ngroup;      /* names in group: 0 (every GPU) or >= 2 */
    double estimate; /* s: its closed-form time on the run's platform, what policies' estimates
                        see; filled when a run starts, 0 before */
} hf_coll_task;

/* A task without a GPU variant, stated memory or kernels: all zero. */
extern const hf_task_ext hf_task_ext_none;

/* Fields ordered so that the struct has no padding but its tail (88 bytes): 10^6 of them are
 * held through a run. */
typedef struct hf_task {
    char *name;             /* unique task name */
    hf_cost cpu;            /* CPU variant */
    int *inputs;            /* indices of input files, declaration order */
    int *outputs;           /* indices of output files */
    const hf_task_ext *ext; /* GPU variant, memory, kernels; NULL = none of them. Given to
                               hf_workflow_add_task it is the caller's and is copied (into
                               the workflow's arena, and only when not all zero) */
    int cores;              /* cores used by the CPU variant, >= 1 */
    int ninputs;            /* number of inputs */
    int noutputs;           /* number of outputs */
} hf_task;

/* t's GPU variant, memory needs and kernels: never NULL (hf_task_ext_none when it has none).
 * O(1). */
static inline const hf_task_ext *hf_task_ext_of(const hf_task *t)
{
    return t->ext ? t->ext : &hf_task_ext_none;
}

/* 24 bytes: the staging location is an index into the workflow's few location names (read it
 * with hf_file_location), not a pointer per file. */
typedef struct hf_file {
    char *name;   /* unique file name */
    double size;  /* bytes, >= 0 */
    int producer; /* index of the task writing it, -1 for an initial input */
    int loc;      /* initial inputs: 1 + index into hf_workflow.locations of the resource where it
                     is staged; 0 = default (hf_workflow.stage_at) */
} hf_file;

typedef struct hf_dag hf_dag;

/* A function (docs/models/serverless.md): the code several tasks run, packaged as a container
 * image, and compiled once per variant and node type (principle 2). Tasks name it with fn;
 * a task without fn is a function of its own without image, initialisation or compile cost. */
typedef struct hf_function {
    char *name;        /* unique function name (in the workflow's arena) */
    char *image;       /* container image name, NULL = none; functions may share an image */
    double image_size; /* bytes pulled from the registry on a cold start where not cached */
    double init;       /* s: runtime initialisation of a new container */
    double compile[2]; /* s: compile of the cpu / gpu variant for a node type, paid by the first
                          task running that variant on that type; 0 = none */
} hf_function;

typedef struct hf_workflow {
    char *name;     /* workflow name, never NULL */
    hf_task *tasks; /* tasks, declaration order */
    size_t ntasks, cap_tasks;
    hf_file *files; /* files, declaration order */
    size_t nfiles, cap_files;
    int *edges; /* explicit edges as (parent, child) index pairs */
    size_t nedges, cap_edges;
    char *stage_at;   /* default location of initial inputs (NULL: first CPU node) */
    char **locations; /* distinct staging locations of files (hf_file.loc), in arena */
    size_t nlocations, cap_locations;
    struct hf_arena *arena;       /* names and input/output lists of tasks and files */
    struct hf_strmap *task_index; /* name -> task index; dropped by finalize, rebuilt on lookup */
    struct hf_strmap *file_index; /* name -> file index; same */
    hf_dag *dag;                  /* built by hf_workflow_finalize; NULL before */
    hf_kseq *kseqs;               /* kernel sequences of GPU variants (hf_task.kernels) */
    size_t nkseqs, cap_kseqs;
    hf_function *fns; /* declared functions */
    size_t nfns, cap_fns;
    int *task_fn; /* per task: index into fns, -1 = none; NULL until a task names a function
                     (no cost per task for workflows without functions) */
    size_t ntask_fn, cap_task_fn; /* entries of task_fn (tasks past them have none) */
    double *release; /* per task: s, the earliest time it may start (its release time, 0 =
                        none); NULL until a task has one (no cost per task for workflows
                        without release times) */
    size_t nrelease, cap_release; /* entries of release (tasks past them have none) */
    double *slack; /* per task: s it may wait once ready (carbon_deadline), -1 = not stated;
                      NULL until a task states one */
    size_t nslack, cap_slack; /* entries of slack (tasks past them state none) */
    hf_coll_task *colls;          /* collective tasks' operations (hf_task_ext.coll) */
    size_t ncolls, cap_colls;
} hf_workflow;

/* Allocate an empty workflow named name (copied). NULL when out of memory. */
hf_workflow *hf_workflow_new(const char *name);

/* Free a workflow, its tasks, files and DAG. Accepts NULL. */
void hf_workflow_free(hf_workflow *wf);

/* Where initial input f is staged: a resource name, or NULL for the default. O(1). */
static inline const char *hf_file_location(const hf_workflow *wf, const hf_file *f)
{
    return f->loc ? wf->locations[f->loc - 1] : NULL;
}

/* Set the staging location of file f (a valid index) to loc (copied; NULL = default). Files
 * staged at the same place share one copy of the name. HF_ENOMEM with ctx set, f unchanged. */
hf_err hf_workflow_set_location(hf_ctx *ctx, hf_workflow *wf, int f, const char *loc);

/* Add a file (name copied, location copied, may be NULL). Returns its index or -1 with ctx set
 * (duplicate name, negative or NaN size). */
int hf_workflow_add_file(hf_ctx *ctx, hf_workflow *wf, const char *name, double size,
                         const char *location);

/* Make room for ntasks tasks and nfiles files in all, with their name maps, so that a loader
 * that knows the counts (the text DAG's first line) adds them without the doubling copies and
 * rehashes (and without the slack hf_workflow_finalize gives back). Never shrinks. HF_ENOMEM
 * with ctx set. O(current size). */
hf_err hf_workflow_reserve(hf_ctx *ctx, hf_workflow *wf, size_t ntasks, size_t nfiles);

/* Index of file/task name, or -1. O(1) expected; the first lookup after hf_workflow_finalize
 * rebuilds the name map, O(n) (the map is not kept while a run simulates). */
int hf_workflow_find_file(const hf_workflow *wf, const char *name);
int hf_workflow_find_task(const hf_workflow *wf, const char *name);

/* Add a task. t->name is copied; t->inputs/t->outputs are copied (ninputs/noutputs entries,
 * file indices, each listed once: a repeated file is an error naming it). A file may have only
 * one producer: a second one is an error naming both tasks. Returns the task index or -1 with
 * ctx set. O(inputs log inputs). */
int hf_workflow_add_task(hf_ctx *ctx, hf_workflow *wf, const hf_task *t);

/* Copy n kernel groups into wf for task task's GPU variant (named in messages). Returns the
 * value for hf_task.kernels (>= 1), or -1 with ctx set: an empty list, a count that is not a
 * whole number from 1 to 10^9 (MPS clients simulate launches one by one), blocks not a whole
 * number >= 1, negative or non-finite flops, bytes or gap (naming the group and field), out of
 * memory. */
/* Copy collective c of task task (named in messages) into wf, its group's names into the
 * arena. Returns the value for hf_task_ext.coll (>= 1), or -1 with ctx set: an operation,
 * algorithm or offload out of range (switch offload is not simulated; dbtree does allreduce
 * only), a size, reduce rate or chunk negative or not finite, a group of one, a name given twice
 * in the group, per_node given to another algorithm than hier, out of memory. The task itself
 * (hf_workflow_add_task) must have a gpu variant with no cost, no cpu variant, no kernels, no
 * inputs or outputs. */
int hf_workflow_add_collective(hf_ctx *ctx, hf_workflow *wf, const char *task,
                               const hf_coll_task *c);

/* The collective task t runs, or NULL. O(1). */
static inline const hf_coll_task *hf_task_coll(const hf_workflow *wf, const hf_task *t)
{
    const hf_task_ext *e = hf_task_ext_of(t);
    return e->coll ? &wf->colls[e->coll - 1] : NULL;
}

int hf_workflow_add_kernels(hf_ctx *ctx, hf_workflow *wf, const char *task, const hf_kgroup *g,
                            int n);

/* Declare function f (name, image copied). Returns its index or -1 with ctx set: duplicate name,
 * negative or non-finite image_size, init or compile, an image named with two different sizes
 * (naming both functions). */
int hf_workflow_add_function(hf_ctx *ctx, hf_workflow *wf, const hf_function *f);

/* Index of function name, or -1. O(functions). */
int hf_workflow_find_function(const hf_workflow *wf, const char *name);

/* Make task task run function fn (an index from hf_workflow_add_function). HF_ENOMEM. */
hf_err hf_workflow_set_task_function(hf_ctx *ctx, hf_workflow *wf, int task, int fn);

/* The function task t runs, or -1 when none. O(1). */
static inline int hf_task_function(const hf_workflow *wf, int t)
{
    return (size_t)t < wf->ntask_fn ? wf->task_fn[t] : -1;
}

/* Give task task the release time t (s, finite and >= 0): it becomes ready no earlier than t,
 * whatever its parents (docs/scenarios.md, release). HF_EINPUT (naming the task) or HF_ENOMEM. */
hf_err hf_workflow_set_release(hf_ctx *ctx, hf_workflow *wf, int task, double t);

/* Give task task the slack t (s, finite and >= 0): how long it may wait once ready, for a
 * policy that shifts work in time (docs/policies.md#shifting-work-in-time). HF_EINPUT (naming
 * the task) or HF_ENOMEM. */
hf_err hf_workflow_set_slack(hf_ctx *ctx, hf_workflow *wf, int task, double t);

/* Task t's slack, -1 when it states none. O(1). */
static inline double hf_task_slack(const hf_workflow *wf, int t)
{
    return (size_t)t < wf->nslack ? wf->slack[t] : -1;
}

/* Task t's release time, 0 when none. O(1). */
static inline double hf_task_release(const hf_workflow *wf, int t)
{
    return (size_t)t < wf->nrelease ? wf->release[t] : 0;
}

/* 1 when k's fields are finite and in range (flops, bytes, latency >= 0; blocks a whole number
 * >= 1), else 0 with *field naming the first bad one. */
int hf_kernel_valid(const hf_kernel *k, const char **field);

/* Add an explicit dependency parent -> child (task indices). */
hf_err hf_workflow_add_edge(hf_ctx *ctx, hf_workflow *wf, int parent, int child);

/* Validate and build the DAG from file and explicit dependencies. Fails with a message naming
 * the tasks of one cycle ("cycle: a -> b -> a") or the offending task. Call once, after the
 * last add. */
hf_err hf_workflow_finalize(hf_ctx *ctx, hf_workflow *wf);

/* 1 when resource r can run task t's variant (HF_RES_CPU or HF_RES_GPU): the variant exists and
 * r is of that kind, has the task's cores (CPU) and memory (0 = unlimited); a GPU cost given as
 * bytes only needs a GPU with a memory bandwidth. Shared by the checks and the executor. */
int hf_task_fits(const hf_task *t, const hf_resource *r, int variant);

/* Check the workflow against a platform before the simulation starts: every task must have a
 * variant some resource can run (a GPU-only task needs a GPU with enough memory; a CPU task a
 * node with enough cores and memory), and every staged file's location must exist. */
hf_err hf_workflow_check_platform(hf_ctx *ctx, const hf_workflow *wf, const hf_platform *p);

/* ---- DAG (sim/workflow/dag.c, the only igraph user) ---- */

/* Build the DAG of wf (CSR adjacency, vertices = tasks). Edges: producer -> consumer of each
 * file, plus explicit edges; duplicates merged. O(E log E). igraph's copy of it is made on first
 * use (hf_dag_stats_of), never by the build: a run does not need it. */
hf_err hf_dag_build(hf_ctx *ctx, hf_workflow *wf);

/* Free a DAG. Accepts NULL. */
void hf_dag_free(hf_dag *dag);

/* Drop the igraph copy of the DAG when one was made, keeping the CSR arrays the accessors below
 * read. The executor does so before a simulation, which never uses igraph (8 MB at 10^5 tasks);
 * the next use of igraph (hf_dag_stats_of) rebuilds it. Accepts NULL. */
void hf_dag_release_graph(hf_dag *dag);

/* Number of distinct parents of task v. */
int hf_dag_nparents(const hf_dag *dag, int v);

/* Children of task v: returns a borrowed array and stores its length in *n. */
const int *hf_dag_children(const hf_dag *dag, int v, int *n);

/* Parents of task v: returns a borrowed array and stores its length in *n. */
const int *hf_dag_parents(const hf_dag *dag, int v, int *n);

/* A topological order of all tasks (borrowed, ntasks entries). */
const int *hf_dag_topo_order(const hf_dag *dag);

/* Number of edges after merging duplicates. */
size_t hf_dag_nedges(const hf_dag *dag);

/* Length of the longest path in tasks (1 for a single task, 0 for an empty DAG). */
int hf_dag_depth(const hf_dag *dag);

/* Shape and work of a workflow (hetflow dag --stats). A task's work is its CPU flop amount
 * (flops, or seconds x reference speed), else its GPU flops (or GPU seconds x its reference
 * speed; 0 when unknown). */
typedef struct hf_dag_stats {
    size_t tasks, edges, files;
    int depth;             /* tasks on the longest path */
    size_t width;          /* most tasks at one level (level = longest path from an entry) */
    size_t entries, exits; /* tasks without parents / without children */
    size_t components;     /* weakly connected components: independent sub-workflows */
    double total_work;     /* flop, sum over tasks */
    double critical_work;  /* flop on the heaviest path */
    double total_bytes;    /* bytes of all files */
} hf_dag_stats;

/* Fill *st for a finalized workflow. O(V + E). HF_ENOMEM on failure. */
hf_err hf_dag_stats_of(hf_ctx *ctx, const hf_workflow *wf, hf_dag_stats *st);

/* ---- DOT and GraphML (sim/workflow/dot.c, and sim/workflow/dag.c for the export) ---- */

/* Load the SimGrid-style DOT DAG at path into a new, finalized workflow named after the file
 * (*out, owned by the caller; NULL on failure). Nodes are tasks: attribute size is the CPU flop
 * amount (1 core; no reference speed, since DOT gives flops, never seconds); a `name` attribute,
 * when present, replaces the node ID as the task name. An edge of size > 0 becomes the file
 * "<parent>-><child>" of that many bytes, written by the parent and read by the child; an edge
 * without size, of size 0 or of size -1 (SimGrid's marker) is a pure dependency. Nodes 'root'
 * and 'end' without a size (as SimGrid creates them implicitly) are dropped: data from 'root'
 * becomes initial input files, data to 'end' final output files. Given a size > 0 they are
 * ordinary tasks and, as in SimGrid, 'root' precedes every task without a parent and 'end'
 * follows every task without a child. Duplicate node statements merge (Graphviz: the last
 * attribute value wins); an edge given twice is an error unless the graph is `strict`.
 * Fails with HF_EINPUT naming the file: unreadable file, DOT syntax (cgraph's message, with
 * its line), an undirected graph, more than one graph, a size that is not a finite number
 * >= 0 (naming the task, or both tasks of an edge), a task of size 0, a cycle. cgraph's error
 * callback has no user pointer: not thread-safe. O(V + E) after cgraph's parse. */
hf_err hf_workflow_load_dot(hf_ctx *ctx, const char *path, hf_workflow **out);

/* Write wf's DAG to path through igraph's writers; wf is not modified and need not be
 * finalized. Vertices are tasks with attributes name and their work as in hf_dag_stats: the
 * CPU flop amount (flops, or seconds x reference_speed), else the GPU one (DOT knows no GPUs:
 * a reloaded GPU-only task becomes a CPU task of the same flops); an edge joins two tasks that
 * a file or an explicit edge connects, with the bytes of all files between them (0 for a pure
 * dependency).
 * DOT (SimGrid-style, reloadable by hf_workflow_load_dot): node IDs are igraph's vertex
 * numbers, the task name is in attributes name and label, flops and bytes in attribute size,
 * written as exact decimal strings. Initial input files become edges from a vertex 'root', and
 * files nobody reads edges to a vertex 'end' (both of size 0); a task already named 'root' or
 * 'end' then makes the call fail with HF_EINPUT.
 * GraphML: vertex attributes name (string) and flops (double), edge attribute bytes (double),
 * keys prefixed v_/e_; edges between tasks only (igraph prints doubles with 15 significant
 * digits). Written atomically (sim/core/outfile.h): an existing file at path is replaced only
 * when replace is set (else HF_EIO, even for one another process created meanwhile). Fails with
 * HF_EIO when path cannot be written. O((V + E) log E). */
hf_err hf_dag_write_dot(hf_ctx *ctx, const hf_workflow *wf, const char *path, int replace);
hf_err hf_dag_write_graphml(hf_ctx *ctx, const hf_workflow *wf, const char *path, int replace);

/* ---- WfCommons WfFormat instances (sim/workflow/wfformat.c, docs/formats.md) ---- */

/* Load a WfFormat JSON instance (schema 1.4, 1.5 or 1.6) from path into a new finalized
 * workflow. CPU costs: runtime converted to flops through the machine's recorded CPU speed when
 * the instance has one for the task, else through ref_speed (flop/s per core; > 0 required when
 * some task with a positive runtime has no machine speed, else an error naming the task and how
 * to give the speed); a zero runtime is 1 flop and needs no speed. On failure ctx names the
 * file, and line:column for JSON syntax errors, or the JSON path / task.
 * On success *out owns the workflow (free with hf_workflow_free); on failure *out = NULL and
 * the result is HF_EINPUT (bad instance), HF_EIO (unreadable file) or HF_ENOMEM.
 * The file is read streaming (sim/workflow/wfstream.c), its keys in any order: memory is the
 * workflow plus about 200 bytes per task of records while it is built, never a document tree.
 * O(bytes + tasks + files + listed dependencies). */
hf_err hf_workflow_load_wfformat(hf_ctx *ctx, const char *path, double ref_speed,
                                 hf_workflow **out);

/* ---- text DAG (sim/workflow/dagtext.c; docs/formats.md#text-dag) ---- */

/* Load a text DAG: a first line N, then one line per task i = 0..N-1:
 * "flops output_bytes nparents p1 ... pk" with 0-based parents < i (so the DAG is acyclic by
 * construction). Task i is named t<i>, runs flops on one core, writes file f<i> of output_bytes
 * read by each of its children. The format bench/gen_layered writes and the floor reads; hetflow
 * reads it in C, O(N + E). Fails with HF_EINPUT naming file and line. */
hf_err hf_workflow_load_dagtext(hf_ctx *ctx, const char *path, hf_workflow **out);

#endif
