/* hf_meas.h: measurement files of the validation harness (validate/, docs/validation.md).
 *
 * A measurement file holds what the CUDA harness timed on one real GPU: the device, how GPU
 * shares were made, and every experiment with every raw sample. Experiments describe their work
 * in the simulator's own terms (kernel launch groups: count, flop, bytes, blocks; or host<->device
 * copies), so `hetflow calibrate` and `hetflow compare` need no knowledge of the workloads.
 *
 * HDF5 layout (format "hetflow-measurements", format_version 2; the conventions of result files:
 * root attributes format/format_version, UTF-8 strings, little-endian numbers):
 *   /metadata     attributes: tool, tool_version, host, date, origin, mechanism,
 *                 mechanisms_available, warmup, command
 *   /device       attributes: name, sms, cc_major, cc_minor, sm_clock_hz, mem_clock_hz,
 *                 mem_bus_bits, memory, driver_version, runtime_version, cublas_version
 *   /experiments  table: name, workload, mechanism, precision, direction, share_requested,
 *                 share, sms, clients, serial, pinned, bytes, reps
 *   /kernels      table: experiment, kernel, count, flops, bytes, blocks, gap   (one row per
 *                 group, in launch order; experiment = the experiment's name; kernel = the
 *                 kernel's name, "" when unnamed; version 1 files have no kernel column and are
 *                 read with every name "")
 *   /samples      table: experiment, rep, seconds                        (every raw sample)
 * Strings in the C structs below are owned by the struct that holds them. */
#ifndef HF_MEAS_H
#define HF_MEAS_H

#include <stddef.h>

#include "hf_ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What was measured on: filled by the harness from cudaGetDeviceProperties and friends. */
typedef struct hf_meas_device {
    char *name;             /* device name ("NVIDIA H200") */
    int sms;                /* streaming multiprocessors of the whole device, >= 1 */
    int cc_major, cc_minor; /* compute capability */
    double sm_clock_hz;     /* maximum SM clock */
    double mem_clock_hz;    /* maximum memory clock */
    int mem_bus_bits;       /* memory bus width */
    double memory;          /* bytes of device memory */
    int driver_version;     /* cudaDriverGetVersion (e.g. 13000) */
    int runtime_version;    /* cudaRuntimeGetVersion */
    int cublas_version;     /* cublasGetVersion, 0 when cuBLAS was not used */
} hf_meas_device;

#define HF_MEAS_KERNEL_NAME 48 /* bytes of a kernel name, its terminating NUL included */

/* One group of identical kernel launches (the simulator's hf_kernel plus a count). */
typedef struct hf_meas_kernel {
    double count;  /* launches, >= 1 */
    double flops;  /* flop per launch, >= 0 */
    double bytes;  /* device-memory bytes per launch, >= 0 */
    double blocks; /* thread blocks per launch, >= 1 */
    double gap;    /* host seconds after each launch, >= 0 (0 for back-to-back launches) */
    char name[HF_MEAS_KERNEL_NAME]; /* the kernel ("lj_pair"), "" when unnamed: what
                                       `hetflow calibrate` keys kernel profiles by */
} hf_meas_kernel;

/* One experiment: one point of one workload, timed reps times. A sample is the seconds of the
 * whole unit of work: the kernel groups in order (on every client, concurrently or, with serial,
 * one client after the other), or one copy of bytes. */
typedef struct hf_meas_exp {
    char *name;              /* unique ("stream_triad@s0.30") */
    char *workload;          /* "stream_triad", "lj_step", "h2d", ... (docs/validation.md) */
    char *mechanism;         /* how its share was made: "green_context", "mps", "whole" (no
                                partitioning), "copy" (a host<->device copy) */
    char *precision;         /* the flop rate its kernels use: "fp64", "fp64_tensor", "fp32", ...;
                                "" for copies */
    char *direction;         /* copies: "h2d" or "d2h"; "" otherwise */
    double share_requested;  /* share of the SMs asked for, in (0, 1] */
    double share;            /* share obtained: sms / device sms, in (0, 1] */
    int sms;                 /* SMs of each client's partition (device sms when whole) */
    int clients;             /* clients running the kernel groups, >= 1 */
    int serial;              /* 1: the clients run one after another; 0: concurrently */
    int pinned;              /* copies: 1 pinned host memory, 0 pageable */
    double bytes;            /* copies: bytes per copy, > 0; 0 otherwise */
    hf_meas_kernel *kernels; /* kernel groups, in launch order (none for copies) */
    size_t nkernels, cap_kernels;
    double *samples; /* seconds, in repetition order, each > 0 */
    size_t nsamples, cap_samples;
} hf_meas_exp;

typedef struct hf_meas {
    char *tool;                 /* "hetflow-validate" */
    char *tool_version;         /* the harness's version (HF_VERSION) */
    char *host;                 /* host name */
    char *date;                 /* ISO 8601 UTC time of the run */
    char *origin;               /* "measured" for a run on a real GPU; anything else (a test
                                   fixture says "synthetic") is reported as such by the tools */
    char *mechanism;            /* share mechanism used for this run ("green_context", "mps",
                                   "none") */
    char *mechanisms_available; /* comma-separated list detected at run time */
    int warmup;                 /* untimed repetitions before the samples of each experiment */
    char *command;              /* the harness's command line */
    hf_meas_device dev;
    hf_meas_exp *exps; /* experiments, in run order */
    size_t nexps, cap_exps;
} hf_meas;

/* A new empty measurement set (every string ""), or NULL when out of memory. */
hf_meas *hf_meas_new(void);

/* Free m and everything it owns. Accepts NULL. */
void hf_meas_free(hf_meas *m);

/* Replace string *field (a field of m, m->dev or an experiment) with a copy of value (NULL
 * reads as ""). Returns HF_OK or HF_ENOMEM with ctx set. */
hf_err hf_meas_set_str(hf_ctx *ctx, char **field, const char *value);

/* Append an experiment named name with workload workload (both copied), mechanism "whole",
 * precision "fp64", direction "", shares 1, clients 1, no kernels and no samples. Returns it
 * (valid until the next hf_meas_add_exp on m), or NULL with ctx set (out of memory). */
hf_meas_exp *hf_meas_add_exp(hf_ctx *ctx, hf_meas *m, const char *name, const char *workload);

/* Append a kernel group / a sample to e. HF_OK or HF_ENOMEM with ctx set. */
hf_err hf_meas_add_kernel(hf_ctx *ctx, hf_meas_exp *e, const hf_meas_kernel *k);
hf_err hf_meas_add_sample(hf_ctx *ctx, hf_meas_exp *e, double seconds);

/* The experiment named name, or NULL. O(experiments). */
const hf_meas_exp *hf_meas_find(const hf_meas *m, const char *name);

/* Check m: device sms >= 1; experiment names unique and non-empty; shares in (0, 1]; clients
 * >= 1; a copy has direction h2d/d2h and bytes > 0 and no kernels, any other experiment at
 * least one kernel group with the ranges above; every experiment at least one sample, each
 * finite and > 0. Messages name the experiment and field ("experiment 'x': share 1.5 is
 * outside (0, 1]"). Returns HF_OK or HF_EINPUT. */
hf_err hf_meas_check(hf_ctx *ctx, const hf_meas *m);

/* Check m, then write it to path atomically (a temporary file renamed over path: a failed or
 * killed write leaves no file). Returns HF_OK, HF_EINPUT (hf_meas_check) or HF_EIO. */
hf_err hf_meas_write(hf_ctx *ctx, const hf_meas *m, const char *path);

/* Read path into a new *out (caller frees with hf_meas_free). Fails with a message naming the
 * file and what is wrong: not readable, not HDF5, not a hetflow measurement file (another
 * tool's file, a hetflow results file), an unknown format_version, a missing group, table or
 * column, rows of /kernels or /samples naming no experiment, or hf_meas_check's findings.
 * Returns HF_OK, HF_EIO or HF_EINPUT; *out is NULL on failure. */
hf_err hf_meas_read(hf_ctx *ctx, const char *path, hf_meas **out);

#ifdef __cplusplus
}
#endif

#endif
