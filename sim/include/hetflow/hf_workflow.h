/* hf_workflow.h: the workflow model: tasks with per-target costs, files, dependencies, and its DAG.
 */
#ifndef HF_WORKFLOW_H
#define HF_WORKFLOW_H

#include <stddef.h>

#include "hf_ctx.h"
#include "hf_platform.h"

/* Cost of a task on one kind of target. set = 0 means the task has no variant for it.
 * CPU: flops (total, spread over the task's cores), or seconds at ref_speed flop/s per core.
 * GPU: flops and bytes of device-memory traffic (roofline), or seconds (on any GPU unless
 * ref_speed is set, in which case flops = seconds * ref_speed). */
typedef struct hf_cost {
    int set;          /* 1 when the task has this variant */
    double flops;     /* flop amount; 0 when given as seconds */
    double bytes;     /* GPU only: bytes moved to and from device memory */
    double seconds;   /* runtime, when given as seconds; 0 otherwise */
    double ref_speed; /* flop/s the seconds refer to; 0 = "seconds on this target" (GPU) */
} hf_cost;

typedef struct hf_task {
    char *name;        /* unique task name */
    hf_cost cpu;       /* CPU variant */
    hf_cost gpu;       /* GPU variant */
    int cores;         /* cores used by the CPU variant, >= 1 */
    double memory;     /* bytes of host memory needed (CPU variant); 0 = none stated */
    double gpu_memory; /* bytes of device memory needed (GPU variant); 0 = none stated */
    int *inputs;       /* indices of input files, declaration order */
    int ninputs;       /* number of inputs */
    int *outputs;      /* indices of output files */
    int noutputs;      /* number of outputs */
} hf_task;

typedef struct hf_file {
    char *name;     /* unique file name */
    double size;    /* bytes, >= 0 */
    int producer;   /* index of the task writing it, -1 for an initial input */
    char *location; /* initial inputs: resource name where it is staged (NULL = default) */
} hf_file;

typedef struct hf_dag hf_dag;

typedef struct hf_workflow {
    char *name;     /* workflow name, never NULL */
    hf_task *tasks; /* tasks, declaration order */
    size_t ntasks, cap_tasks;
    hf_file *files; /* files, declaration order */
    size_t nfiles, cap_files;
    int *edges; /* explicit edges as (parent, child) index pairs */
    size_t nedges, cap_edges;
    char *stage_at;               /* default location of initial inputs (NULL: first CPU node) */
    struct hf_arena *arena;       /* names and input/output lists of tasks and files */
    struct hf_strmap *task_index; /* name -> task index */
    struct hf_strmap *file_index; /* name -> file index */
    hf_dag *dag;                  /* built by hf_workflow_finalize; NULL before */
} hf_workflow;

/* Allocate an empty workflow named name (copied). NULL when out of memory. */
hf_workflow *hf_workflow_new(const char *name);

/* Free a workflow, its tasks, files and DAG. Accepts NULL. */
void hf_workflow_free(hf_workflow *wf);

/* Add a file (name copied, location copied, may be NULL). Returns its index or -1 with ctx set
 * (duplicate name, negative or NaN size). */
int hf_workflow_add_file(hf_ctx *ctx, hf_workflow *wf, const char *name, double size,
                         const char *location);

/* Index of file/task name, or -1. O(1) expected. */
int hf_workflow_find_file(const hf_workflow *wf, const char *name);
int hf_workflow_find_task(const hf_workflow *wf, const char *name);

/* Add a task. t->name is copied; t->inputs/t->outputs are copied (ninputs/noutputs entries,
 * file indices). A file may have only one producer: a second one is an error naming both
 * tasks. Returns the task index or -1 with ctx set. */
int hf_workflow_add_task(hf_ctx *ctx, hf_workflow *wf, const hf_task *t);

/* Add an explicit dependency parent -> child (task indices). */
hf_err hf_workflow_add_edge(hf_ctx *ctx, hf_workflow *wf, int parent, int child);

/* Validate and build the DAG from file and explicit dependencies. Fails with a message naming
 * the tasks of one cycle ("cycle: a -> b -> a") or the offending task. Call once, after the
 * last add. */
hf_err hf_workflow_finalize(hf_ctx *ctx, hf_workflow *wf);

/* Check the workflow against a platform before the simulation starts: every task must have a
 * variant some resource can run (a GPU-only task needs a GPU with enough memory; a CPU task a
 * node with enough cores and memory), and every staged file's location must exist. */
hf_err hf_workflow_check_platform(hf_ctx *ctx, const hf_workflow *wf, const hf_platform *p);

/* ---- DAG (sim/workflow/dag.c, the only igraph user) ---- */

/* Build the DAG of wf (igraph, vertices = tasks). Edges: producer -> consumer of each file,
 * plus explicit edges; duplicates merged. O(V + E) plus igraph's construction. */
hf_err hf_dag_build(hf_ctx *ctx, hf_workflow *wf);

/* Free a DAG. Accepts NULL. */
void hf_dag_free(hf_dag *dag);

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

#endif
