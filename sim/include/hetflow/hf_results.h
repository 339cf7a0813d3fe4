/* hf_results.h: what a run produced (metadata, per-task, per-resource, per-transfer tables,
 * summary), its HDF5 file (sim/results/h5.c; sim/results/ is the only hdf5.h user) and its
 * printing. */
#ifndef HF_RESULTS_H
#define HF_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hf_ctx.h"

typedef struct hf_task_rec {
    char *name;       /* task name (owned) */
    char *variant;    /* "cpu" or "gpu" (owned) */
    int resource;     /* index into hf_results.res, -1 if the task never ran */
    int cores;        /* cores used */
    double ready;     /* s: all parents finished, policy decided */
    double dispatch;  /* s: a slot on the resource was free; input transfers begin */
    double start;     /* s: inputs present, computation begins */
    double end;       /* s: computation finished */
    double bytes_in;  /* bytes moved to the resource for this task's inputs */
    double bytes_out; /* bytes of output files written */
    double energy;    /* J: dynamic energy attributed to this task (docs/models/energy.md) */
    double emissions; /* g CO2e: that energy at its site's grid intensity over its span, times
                         the site's PUE (docs/models/carbon.md#emissions); 0 when its site
                         states no carbon (and in files written before) */
} hf_task_rec;

typedef struct hf_res_rec {
    char *name;          /* resource name (owned) */
    char *kind;          /* "cpu" or "gpu" (owned) */
    char *site;          /* site name (owned) */
    int cores;           /* cores (1 for a GPU) */
    double speed;        /* flop/s per core */
    int tasks;           /* tasks run */
    double busy_time;    /* s during which at least one task computed */
    double core_seconds; /* sum over tasks of cores x compute time */
    double utilisation;  /* core_seconds / (cores x makespan), 0 when makespan is 0 */
    double energy;       /* J consumed over the run (SimGrid energy plugin) */
} hf_res_rec;

typedef struct hf_transfer_rec {
    int file;     /* index into hf_results.file_names */
    int src, dst; /* indices into hf_results.res */
    int task;     /* index into hf_results.tasks of the consumer */
    double bytes; /* bytes moved */
    double start; /* s */
    double end;   /* s */
    int path;     /* index into hf_transfer_paths: how it moved, read when hf_results.paths is
                     set (a run with a transfer mode other than direct) */
} hf_transfer_rec;

/* Names of the paths a transfer can take (docs/models/network.md#transfer-paths), indexed by
 * hf_transfer_rec.path and by sim/net/path.h's hf_path_kind: "local", "host", "copy", "peer",
 * "gdr", "bounce", "direct". */
#define HF_NPATHS 7
extern const char *const hf_transfer_paths[HF_NPATHS];

/* One function invocation in a serverless mode (docs/models/serverless.md): every container
 * start, cold or warm, is one record. In monolith mode the whole job is one invocation (task =
 * its first task). */
typedef struct hf_invoke_rec {
    int task;        /* index into hf_results.tasks */
    int endpoint;    /* index into hf_results.endpoint_names */
    int resource;    /* index into hf_results.res: where it ran */
    int cold;        /* 1: a new container (image pull when not cached, then init); 0: warm */
    int redeployed;  /* times it was moved while queued: to a GPU node that joined, or placed
                        again after its node left */
    double submit;   /* s: the client submitted it (the policy decided) */
    double start;    /* s: it got a container slot; its latency, overhead, pull, init and
                        compile follow in that order, then the task's stage-in and compute */
    double latency;  /* s: WAN latency client -> endpoint and back */
    double overhead; /* s: the endpoint's invocation overhead */
    double pull;     /* s: image pull (0 when warm or cached on the node) */
    double init;     /* s: container initialisation (0 when warm) */
    double compile;  /* s: compile of the variant for the node type (0 when already compiled) */
} hf_invoke_rec;

/* One file the run read (docs/results-format.md, /metadata/inputs). */
typedef struct hf_input_rec {
    char *path;      /* as the run was given it (owned) */
    char *kind;      /* "scenario", "platform", "workflow", "trace", "lua" (a chunk loaded with
                        dofile, loadfile or require) or "data" (opened with io.open, io.lines or
                        io.input) (owned) */
    double bytes;    /* B: size hashed (0 when not a regular file) */
    char sha256[65]; /* SHA-256 of the content, 64 lowercase hex digits; "" when the input was not
                        a regular file (a pipe, a device), which is never read ahead of the run */
} hf_input_rec;

typedef struct hf_results {
    /* metadata (all strings owned, never NULL once filled by the executor or the reader) */
    char *hetflow_version;
    char *git_revision; /* hetflow's git revision (hf_git_revision()), "unknown" outside git;
                           filled by the session (the reader: "unknown" for older files) */
    char *simgrid_version;
    char *scenario; /* scenario path, or "--platform P --workflow W" */
    char *platform; /* platform name */
    char *workflow; /* workflow name */
    char *policy;   /* policy name */
    uint64_t seed;
    char **param_names;  /* --set names */
    char **param_values; /* --set values */
    size_t nparams;
    int completed; /* 1 when every task ran to completion */
    /* what else changes a result, filled by the session (hf_session_save); absent from files
     * written before them, where they read as 0 / empty */
    double reference_speed; /* flop/s per core given with --reference-speed, 0 when not given */
    char **cfg_names;       /* --cfg NAME:VALUE names, in command-line order, unique (owned) */
    char **cfg_values;      /* their values (a repeated NAME keeps its last VALUE) (owned) */
    size_t ncfg;
    hf_input_rec *inputs; /* files the run read, in order of first read (owned) */
    size_t ninputs;

    hf_task_rec *tasks;
    size_t ntasks;
    hf_res_rec *res;
    size_t nres;
    char **file_names; /* file names referenced by transfers */
    size_t nfiles;
    hf_transfer_rec *transfers;
    size_t ntransfers, cap_transfers;
    int paths; /* 1: transfers[].path is recorded (the file's /transfers has a path column) */

    /* When set, tasks[].name, tasks[].variant and file_names[] are allocated from this arena
     * (the executor's results: no malloc per name at 10^6 tasks); else each is malloc'ed. */
    struct hf_arena *strings;

    /* how data moved (docs/models/network.md): the run's transfer mode ("direct", "auto", "gdr",
     * "bounce") and stage-in ("sequential", "concurrent") (owned; files written before they
     * were recorded read as "direct" and "sequential") */
    char *transfer;
    char *stage_in;

    /* serverless modes (empty in direct mode) */
    char *mode;            /* "direct", "monolith", "decomposed", "decomposed_hha" (owned) */
    char **endpoint_names; /* owned */
    size_t nendpoints;
    hf_invoke_rec *invokes; /* one per invocation, in start order */
    size_t ninvokes, cap_invokes;

    /* summary */
    size_t cold_starts, warm_starts; /* invocations by kind */
    double cold_seconds;             /* s: pull + init over all invocations */
    double compile_seconds;          /* s: compiles over all tasks (every mode) */
    size_t compiles;                 /* compiles paid */
    size_t redeployments;            /* moves of queued invocations (see redeployed) */
    size_t deferrals;                /* tasks a policy held to a later time (ops->defer) */
    double deferred_seconds;         /* s: their holds, summed */
    double embodied;                 /* g CO2e: the sites' embodied emissions, summed */
    double makespan;                 /* s: end of the last task */
    double energy;                   /* J: sum of resources' energy */
    double bytes_moved;              /* bytes: sum over transfers */

    /* carbon (docs/models/carbon.md#emissions): a row per site that states its carbon, none
     * when no site does (and in files written before) */
    struct hf_carbon_rec *carbon;
    size_t ncarbon;
    double emissions; /* g CO2e: the operational emissions of those sites, PUE included */
} hf_results;

/* One site's operational emissions over a run. */
typedef struct hf_carbon_rec {
    char *site;       /* site name (owned) */
    double pue;       /* its power usage effectiveness */
    double intensity; /* gCO2e/kWh: its grid's mean over the run, [0, makespan] */
    double energy;    /* J its resources drew (IT energy, before PUE) */
    double emissions; /* g CO2e: each task's dynamic energy at the intensity of its own span,
                         the rest (idle) spread over the run, times PUE */
    double embodied;  /* g CO2e: its devices' embodied emissions amortised over the run
                         (makespan / lifetime each), apart from the operational ones */
} hf_carbon_rec;

/* Allocate zeroed results. NULL when out of memory. */
hf_results *hf_results_new(void);

/* Free results and every string and table they own. Accepts NULL. */
void hf_results_free(hf_results *r);

/* Make room for n transfer records in all, so that appending up to n never reallocates.
 * HF_ENOMEM on failure. */
hf_err hf_results_reserve_transfers(hf_results *r, size_t n);

/* Append a transfer record (grows the table). HF_ENOMEM on failure. */
hf_err hf_results_add_transfer(hf_results *r, const hf_transfer_rec *t);

/* Append an invocation record (grows the table). HF_ENOMEM on failure. */
hf_err hf_results_add_invoke(hf_results *r, const hf_invoke_rec *v);

/* Record SimGrid option name = value (copied): a name already recorded gets the new value in its
 * place, as SimGrid applies the last one. HF_ENOMEM on failure. */
hf_err hf_results_set_cfg(hf_results *r, const char *name, const char *value);

/* Write r to path as HDF5 (schema in docs/results-format.md). Writes "<path>.tmp.<pid>" in the
 * same directory and renames it over path only when complete, so a failed or killed run never
 * leaves a truncated file at path. HF_EIO with ctx set on failure (temporary file removed). */
hf_err hf_results_write(hf_ctx *ctx, const hf_results *r, const char *path);

/* Flags of hf_results_save. */
#define HF_WRITE_REPLACE 1u /* replace an existing regular file at path (--force) */
#define HF_WRITE_LEGACY                                                                            \
    2u /* HDF5's earliest file format, as hetflow wrote before checksums                           \
          (docs/results-format.md): for tests of reading older files */

/* hf_results_write with the command line's rule (docs/reliability.md, "Writes"): the temporary
 * file is created exclusively; without HF_WRITE_REPLACE in flags, anything existing at path when
 * the file is published makes it fail (atomically: of two runs writing one path, one fails);
 * with it, only a regular file is replaced. A path that is the same file as one of r's inputs is
 * refused either way. HF_EINPUT (an input) or HF_EIO with ctx set. */
hf_err hf_results_save(hf_ctx *ctx, const hf_results *r, const char *path, unsigned flags);

/* Read a file written by hf_results_write. On success *out owns new results; their mode is
 * never NULL, and files written before the serverless modes (no mode, no /invocations, no
 * serverless summary figures) read as "direct" with no invocations and zero figures;
 * endpoint_names lists the endpoints of /invocations in order of first appearance. HF_EIO or
 * HF_EINPUT (not a hetflow results file, naming what is missing) with ctx set. */
hf_err hf_results_read(hf_ctx *ctx, const char *path, hf_results **out);

/* Print the metadata (scenario, platform, workflow, policy, seed, parameters, hetflow version
 * and git revision, SimGrid version, reference speed, --cfg options), the summary table
 * (makespan, energy, bytes moved, tasks; when mode is set and not "direct" also the mode, cold
 * and warm starts, cold-start seconds, compiles and redeployments; compiles also in direct mode
 * when there were any) and the per-resource table (tasks, busy time, utilisation, energy) to
 * out. */
void hf_results_print(const hf_results *r, FILE *out);

/* Print the input files, one line each: kind, bytes, then "SHA256  PATH" as sha256sum prints
 * it ("(not a regular file)" in place of the hash when there is none); "input files  none
 * recorded" when there are none. */
void hf_results_print_inputs(const hf_results *r, FILE *out);

/* Write r as Chrome/Perfetto trace-event JSON to path (atomically: temp file + rename).
 * Process = site (platform order), thread = one lane of a resource; each task that ran is an
 * "X" slice (start to end) preceded by a "stage-in <task>" slice (dispatch to start) on the same
 * lane, and, when the task has an invocation with start-up time, by a "cold start <task>" or
 * "warm start <task>" slice (the invocation's start, for latency + overhead + pull + init +
 * compile) after which stage-in begins; a task takes the lowest lane free at its dispatch (or
 * its invocation's start, when earlier), so slices on a lane never overlap.
 * Transfers are slices on a "network" process, laned the same way. Times in microseconds.
 * Format in docs/results-format.md. Written as hf_results_save writes: an existing file at path
 * is replaced only when replace is set, and only a regular one. HF_EIO, HF_EINPUT or HF_ENOMEM
 * with a message naming path; on failure path is left untouched and no temporary file remains. */
hf_err hf_results_export_trace(hf_ctx *ctx, const hf_results *r, const char *path, int replace);

/* Write r's tables as CSV files into dir (created if missing): tasks.csv, resources.csv,
 * transfers.csv, invocations.csv, summary.csv. One header row, then rows; RFC 4180 quoting, reals
 * as %.17g so they read back exactly. Each file is written atomically, replacing an existing one
 * only when replace is set (as hf_results_export_trace); on failure files already written stay.
 * HF_EIO, HF_EINPUT or HF_ENOMEM with a message naming the path. */
hf_err hf_results_export_csv(hf_ctx *ctx, const hf_results *r, const char *dir, int replace);

/* Write s (NULL reads as "") to f as one CSV field (RFC 4180): as it is, or quoted with its
 * quotes doubled when it holds a comma, quote, CR or LF. For every CSV hetflow writes. */
void hf_csv_field(FILE *f, const char *s);

#endif
