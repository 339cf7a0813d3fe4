/* hf_calib.h: calibrating the GPU model on measurements and checking it on held-out ones
 * (`hetflow calibrate`, `hetflow compare`; docs/validation.md).
 *
 * The model is the kernel-level GPU model of docs/models/gpu.md: one launch of a kernel with F
 * flop, B bytes and `blocks` thread blocks on a share s of the SMs takes
 *     t = L + max(F / (P_prec x s_eff), B / (W x b_eff)),   s_eff = min(s, p),
 *     b_eff = min(1, min(s, p) / sat),                       p = min(1, blocks / SMs)
 * and a host<->device copy of n bytes takes lat + n / bw (pinned and pageable host memory each
 * have their link). Calibration fits L, W, sat, one P per precision and the two links. */
#ifndef HF_CALIB_H
#define HF_CALIB_H

#include "hf_ctx.h"
#include "hf_meas.h"
#include "hf_platform.h"

#define HF_CALIB_MAX_RATES 8

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
} hf_gpu_params;

/* The flop rate of precision prec in g, or 0 when g has none. */
double hf_gpu_params_rate(const hf_gpu_params *g, const char *prec);

/* Seconds the model gives for one sample of e on g, computed from the equations above without
 * simulating: a copy, or clients x (the kernel groups' time) when the clients run serially or
 * there is one client. NAN for concurrent clients (they contend: only a simulation tells) and for
 * a precision g has no rate for. */
double hf_calib_predict(const hf_gpu_params *g, const hf_meas_exp *e);

/* The representative measured value of e: the median of its samples. */
double hf_calib_measured(const hf_meas_exp *e);

/* Median of e's samples and the relative half-width of their middle 90 %: (q95 - q05) / (2 x
 * median), quantiles interpolated between order statistics. NAN when out of memory. */
void hf_calib_summary(const hf_meas_exp *e, double *median, double *spread);

/* Mark the default training subset (docs/validation.md#training-and-held-out-experiments):
 * single-client experiments of the workloads in train (NULL: "tiny", "stream_triad",
 * "compute_fp64", "dgemm", "h2d", "d2h"); within each (workload, precision, pinned)
 * series, sorted by share then bytes, largest first, every other one (the 1st, 3rd, ...) trains
 * and the rest is held out with every other experiment. training has m->nexps entries. */
void hf_calib_split(const hf_meas *m, const char *const *train, int *training);

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

/* Fit the parameters on the experiments with training[i] set, starting from start (its sms is
 * taken from the device). Kernel experiments: nonlinear least squares on relative residuals
 * (GSL's trust-region Levenberg-Marquardt) over log-parameters; copies: weighted linear least
 * squares per pinned/pageable. Fails (HF_EINPUT, message naming what is missing) when the
 * training set has no single-client kernel experiment. */
hf_err hf_calib_fit_params(hf_ctx *ctx, const hf_meas *m, const int *training,
                           const hf_gpu_params *start, hf_calib_fit *out);

/* Write the calibrated platform file path (atomically): a GPU catalog entry named model_name
 * (hetflow.gpus[model_name], with the fitted figures and, when base names a catalog model, its
 * memory, power and MIG profiles) and a one-node platform using it, plus a `calibration` table
 * (source file, device, fit statistics, per-precision rates, pageable link, training names). */
hf_err hf_calib_write_lua(hf_ctx *ctx, const hf_meas *m, const char *meas_path,
                          const hf_calib_fit *fit, const int *training, const char *base,
                          const char *model_name, const char *path);

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
