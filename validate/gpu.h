/* gpu.h: the harness's GPU side, seen from main.c: open a device, detect how GPU shares can be
 * made (green contexts, MPS execution affinity), describe the device, run a plan into a
 * measurement set. Implemented in gpu.cu (contexts, mechanisms) and run.cu (kernels, timing). */
#ifndef HF_VALIDATE_GPU_H
#define HF_VALIDATE_GPU_H

#include "plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vg_mech { VG_NONE, VG_GREEN, VG_MPS } vg_mech;

typedef struct vg_gpu vg_gpu; /* opaque: the device, its primary context, driver entry points */

/* Number of CUDA devices into *count. Returns 0, or -1 with the reason in why (no driver, no
 * device, ...): the caller reports "no CUDA device: <why>". Creates no context. */
int vg_device_count(int *count, char *why, size_t why_size);

/* Open device ordinal: make its primary context current, resolve the driver entry points
 * through the runtime (libcuda is never linked) and detect the share mechanisms. *out is a new
 * handle (vg_close frees it), NULL on failure. HF_OK, or HF_EIO/HF_ENOMEM with ctx set. */
hf_err vg_open(hf_ctx *ctx, int ordinal, vg_gpu **out);

/* Free g (destroys nothing the runtime owns; the primary context stays). Accepts NULL. */
void vg_close(vg_gpu *g);

/* SMs of the device. */
int vg_sms(const vg_gpu *g);

/* Whether mechanism k works on this device and process; when not, why (borrowed string). */
int vg_mech_available(const vg_gpu *g, vg_mech k, const char **why);

/* Fill m->dev (name, SMs, compute capability, clocks, bus, memory, driver and runtime
 * versions; cublas_version stays 0 until cuBLAS is used). HF_OK, or HF_EIO/HF_ENOMEM. */
hf_err vg_describe(hf_ctx *ctx, vg_gpu *g, hf_meas *m);

/* 1 when a wait timed out: the device is stuck, and the caller should exit at once (_exit)
 * without waiting for the runtime's teardown. */
int vg_stuck(const vg_gpu *g);

/* Run every experiment of plan with mechanism mech (VG_NONE: the plan holds only share 1),
 * appending each to m with its obtained share, SMs and samples (warmup untimed batches, then
 * reps timed ones). Progress goes to stderr unless quiet. On a CUDA failure returns HF_EIO with
 * ctx naming the experiment and the call; a batch that does not finish within timeout seconds
 * is such a failure (nothing waits forever). */
hf_err vg_run_plan(hf_ctx *ctx, vg_gpu *g, const vp_plan *plan, vg_mech mech, double timeout,
                   int quiet, hf_meas *m);

#ifdef __cplusplus
}
#endif

#endif
