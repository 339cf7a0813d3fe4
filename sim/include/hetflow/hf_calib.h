/* hf_calib.h: calibrating the GPU model on measurements and checking it on held-out ones
 * (`hetflow calibrate`, `hetflow compare`; docs/validation.md).
 *
 * The model is the kernel-level GPU model of docs/models/gpu.md: one launch of a kernel with F
 * flop, B bytes and `blocks` thread blocks on a share s of the SMs takes
 *     t = L + max(F / (P_prec x s_eff), B / (W x b_eff), D),   s_eff = min(s, p),
 *     b_eff = min(1, min(s, p) / sat),                          p = min(1, blocks / SMs)
 * and a host<->device copy of n bytes takes lat + n / bw (pinned and pageable host memory each
 * have their link). Calibration fits L, W, sat, one P per precision and the two links on the
 * micro-benchmarks, then, for each application kernel measured alone, a kernel profile (work
 * factor on F and B, latency floor D, its own launch overhead L_k) on some of its shares. */
#ifndef HF_CALIB_H
#define HF_CALIB_H

#include "hf_ctx.h"
#include "hf_meas.h"
#include "hf_platform.h"

#define HF_CALIB_MAX_RATES 8

#define HF_CALIB_MAX_PROFILES 16

/* A kernel profile as fitted (hf_kprofile of docs/models/gpu.md#kernel-profiles, with its name
 * held inline so that hf_gpu_params can be copied by value). */
typedef struct hf_calib_profile {
    char name[HF_MEAS_KERNEL_NAME]; /* kernel name */
    double work;                    /* factor on F and B, > 0 */
    double latency;                 /* s: latency floor D, >= 0 */
    double launch;                  /* s: launch overhead L_k; < 0: the GPU's */
    double rel_err[3];              /* 1-sigma relative errors of work, latency, launch (NAN:
                                       not determined) */
    size_t n;                       /* training experiments of the fit */
    double rms;                     /* root mean square relative residual of the fit */
} hf_calib_profile;

/* The GPU model's parameters. */
typedef struct hf_gpu_params {
    double sms;                             /* SMs of the whole GPU */
    double launch;                          /* s per launch (L) */
    double bandwidth;                       /* achievable device-memory B/s (W) */
    double bw_sat;                          /* saturation share (sat) in (0, 1]; 0: none */
    int nrates;                             /* precisions with a flop rate */
    char precision[HF_CALIB_MAX_RATES][16]; /* "fp64", "fp64_tensor", ... */
    double rate[HF_CALIB_MAX_RATES];        /* flop/s per precision (P_prec) */
    hf_link_spec pinned;                    /* copies from/to pinned host memory */
    hf_link_spec pageable;                  /* copies from/to pageable host memory */
    int nprof;                              /* kernel profiles */
    hf_calib_profile prof[HF_CALIB_MAX_PROFILES];
} hf_gpu_params;

/* g's profile for kernel name, or NULL (no name, or none of that name). */
const hf_calib_profile *hf_gpu_params_profile(const hf_gpu_params *g, const char *name);

/* Name the unnamed kernel groups of m where it can be told (measurement files of format 1 have
 * no names): the group of a single-client experiment with one group is named after the
 * experiment's workload, and an unnamed group elsewhere takes the name of a group so named with
 * the same flop, bytes and blocks. Groups that match none stay unnamed. */
void hf_calib_name_kernels(hf_meas *m);

/* The flop rate of precision prec in g, or 0 when g has none. */
double hf_gpu_params_rate(const hf_gpu_params *g, const char *prec);

/* Seconds the model gives for one sample of e on g, computed from the equations above without
 * simulating (each kernel group with g's profile of its name, if any): a copy, or clients x (the
 * kernel groups' time) when the clients run serially or there is one client. NAN for concurrent
 * clients (they contend: only a simulation tells) and for a precision g has no rate for. */
double hf_calib_predict(const hf_gpu_params *g, const hf_meas_exp *e);

/* Seconds of kernel group k of experiment e (on e's share, at e's precision) on g, with profile
 * q applied (NULL: none): count x (t + gap), t the model of docs/models/gpu.md. */
double hf_calib_group_seconds(const hf_gpu_params *g, const hf_meas_exp *e, const hf_meas_kernel *k,
                              const hf_calib_profile *q);

/* The representative measured value of e: the median of its samples. */
double hf_calib_measured(const hf_meas_exp *e);

/* Median of e's samples and the relative half-width of their middle 90 %: (q95 - q05) / (2 x
 * median), quantiles interpolated between order statistics. NAN when out of memory. */
void hf_calib_summary(const hf_meas_exp *e, double *median, double *spread);

/* The training marks of hf_calib_split. */
enum { HF_HELD_OUT = 0, HF_TRAIN_GPU = 1, HF_TRAIN_PROFILE = 2 };

/* Mark the training subset (docs/validation.md#training-and-held-out-experiments): single-client
 * experiments of the workloads in train (NULL: "tiny", "stream_triad", "compute_fp64", "dgemm",
 * "h2d", "d2h") train the GPU's parameters (HF_TRAIN_GPU); single-client experiments of one
 * named kernel group whose workload is in profile (NULL: every such workload not in train; an
 * empty list: none) train that kernel's profile (HF_TRAIN_PROFILE). Within each (workload,
 * precision, pinned) series, sorted by share then bytes, largest first, every other one (the
 * 1st, 3rd, ...) trains; the rest is held out (HF_HELD_OUT) with every other experiment.
 * training has m->nexps entries. */
void hf_calib_split(const hf_meas *m, const char *const *train, const char *const *profile,
                    int *training);

/* What a fit found. */
typedef struct hf_calib_fit {
    hf_gpu_params g;                        /* fitted parameters */
    double rel_err[4 + HF_CALIB_MAX_RATES]; /* 1-sigma relative standard errors of launch,
                                               bandwidth, bw_sat, rates (NAN: not fitted) */
    int fitted_sat;  /* 1 when bw_sat was fitted (training has partial shares) */
    size_t nkernel;  /* kernel experiments in the fit */
    size_t ncopy[2]; /* pageable, pinned copy experiments in the fit */
    double rms;      /* root mean square of the relative residuals of the kernel fit */
    double mape;     /* mean absolute percentage error on the training experiments */
    int iterations;  /* Levenberg-Marquardt iterations */
} hf_calib_fit;

/* Fit the parameters on the experiments with training[i] == HF_TRAIN_GPU, starting from start
 * (its sms is taken from the device; its profiles are dropped), then the kernel profiles on those
 * with HF_TRAIN_PROFILE (hf_calib_fit_profiles). Kernel experiments: nonlinear least squares on
 * relative residuals (GSL's trust-region Levenberg-Marquardt) over log-parameters; copies:
 * weighted linear least squares per pinned/pageable. Fails (HF_EINPUT, message naming what is
 * missing) when the training set has no single-client kernel experiment. out->mape covers every
 * training experiment. */
hf_err hf_calib_fit_params(hf_ctx *ctx, const hf_meas *m, const int *training,
                           const hf_gpu_params *start, hf_calib_fit *out);

/* Fit one profile per kernel named by the experiments with training[i] == HF_TRAIN_PROFILE
 * (each a single-client experiment of one kernel group), on g's GPU parameters: log work, log
 * latency and the launch overhead (between 0 and twice g's, through a logistic) by
 * Levenberg-Marquardt on relative residuals, from several starts
 * (the model's max() is not smooth), keeping the best. A kernel with fewer than 3 such
 * experiments gets none. The profiles replace g's. HF_OK, HF_ENOMEM or HF_EINPUT (more than
 * HF_CALIB_MAX_PROFILES kernels). */
hf_err hf_calib_fit_profiles(hf_ctx *ctx, const hf_meas *m, const int *training, hf_gpu_params *g);

/* Write the calibrated platform file path (atomically): a GPU catalog entry named model_name
 * (hetflow.gpus[model_name], with the fitted figures and kernel profiles and, when base names a
 * catalog model, its memory, power and MIG profiles) and a one-node platform using it, plus a
 * `calibration` table (source file, device, fit statistics, per-precision rates, pageable link,
 * training names). An existing file at path is replaced only when replace is set (else
 * HF_EIO, even for one another process created meanwhile). */
hf_err hf_calib_write_lua(hf_ctx *ctx, const hf_meas *m, const char *meas_path,
                          const hf_calib_fit *fit, const int *training, const char *base,
                          const char *model_name, const char *path, int replace);

/* One line of a comparison. */
typedef struct hf_compare_row {
    const hf_meas_exp *e; /* borrowed */
    int training;         /* 1: used by the fit */
    double measured;      /* s: median sample */
    double spread;        /* relative half-width of the middle 90 % of the samples */
    double simulated;     /* s: what the simulation gave */
    double error;         /* (simulated - measured) / measured */
} hf_compare_row;

/* Simulate every experiment of m on a GPU with parameters g, in one SimGrid simulation (this
 * process's one): each experiment gets a node and GPU of its own (share s, or concurrent MPS-style
 * clients on one device, or a copy over the pinned or pageable link), its kernel groups as a
 * kernel-sequence task pinned there. rows (m->nexps entries) get measured, simulated and error.
 * Fails with ctx set when the simulation cannot be set up or run. */
hf_err hf_compare_simulate(hf_ctx *ctx, const hf_meas *m, const hf_gpu_params *g,
                           const int *training, hf_compare_row *rows);

#endif
