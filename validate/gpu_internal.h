/* gpu_internal.h: what gpu.cu (contexts, mechanisms) and run.cu (kernels, timing) share: the
 * device handle with its driver entry points, and clients (a context plus a stream on a share
 * of the SMs). CUDA C++ only. */
#ifndef HF_VALIDATE_GPU_INTERNAL_H
#define HF_VALIDATE_GPU_INTERNAL_H

#include <cuda.h> /* types and enums only: libcuda is reached through entry points */
#include <cudaTypedefs.h>
#include <cuda_runtime.h>

extern "C" {
#include "hetflow/hf_ctx.h"
#include "hetflow/hf_meas.h"
}
#include "gpu.h"

/* Driver functions, resolved with cudaGetDriverEntryPointByVersion (NULL when the driver
 * lacks them: the mechanism needing them is then unavailable). */
typedef struct vg_driver {
    PFN_cuGetErrorName_v6000 get_error_name;
    PFN_cuDeviceGet_v2000 device_get;
    PFN_cuCtxGetCurrent_v4000 ctx_get_current;
    PFN_cuCtxSetCurrent_v4000 ctx_set_current;
    PFN_cuCtxDestroy_v4000 ctx_destroy;
    PFN_cuStreamDestroy_v4000 stream_destroy;
    /* green contexts (driver 12.4+; the stream call 12.5+) */
    PFN_cuDeviceGetDevResource_v12040 device_get_dev_resource;
    PFN_cuDevSmResourceSplitByCount_v12040 sm_resource_split_by_count;
    PFN_cuDevResourceGenerateDesc_v12040 dev_resource_generate_desc;
    PFN_cuGreenCtxCreate_v12040 green_ctx_create;
    PFN_cuGreenCtxDestroy_v12040 green_ctx_destroy;
    PFN_cuCtxFromGreenCtx_v12040 ctx_from_green_ctx;
    PFN_cuGreenCtxStreamCreate_v12050 green_ctx_stream_create;
    /* MPS execution affinity */
    PFN_cuDeviceGetExecAffinitySupport_v11040 device_get_exec_affinity_support;
    PFN_cuCtxCreate_v12050 ctx_create;
    PFN_cuCtxGetExecAffinity_v11040 ctx_get_exec_affinity;
} vg_driver;

struct vg_gpu {
    int ordinal;       /* runtime device ordinal */
    CUdevice dev;      /* driver device */
    CUcontext primary; /* primary context (current on the main thread between clients) */
    int sms;           /* SMs of the device */
    vg_driver d;
    int green_ok, mps_ok;              /* mechanisms that work */
    char why_green[256], why_mps[256]; /* why not */
    unsigned green_min, green_align;   /* green contexts: minimum SMs per group, granularity */
    int stuck; /* 1 (set atomically) once a wait timed out: cleanup must not wait on the GPU */
};

/* One client: where one stream of work runs, on a share of the SMs or the whole GPU. */
typedef struct vg_client {
    CUgreenCtx green;    /* green context, or NULL */
    CUcontext ctx;       /* context to make current before using the client */
    int own_ctx;         /* 1: ctx was created for the client (MPS) and is destroyed with it */
    cudaStream_t stream; /* non-blocking stream of the client */
    int sms;             /* SMs the client may use */
} vg_client;

/* Open n clients on share of the SMs each, with mechanism mech (share 1 or VG_NONE: the
 * whole GPU in the primary context, one stream each). Green contexts split the device into n
 * disjoint groups of the share rounded to the group granularity; MPS creates n contexts with
 * an SM-count execution affinity. Leaves the primary context current on the calling thread.
 * HF_OK, or HF_EIO with ctx naming the call (clients then all closed). */
hf_err vg_clients_open(hf_ctx *ctx, vg_gpu *g, vg_mech mech, double share, int n, vg_client *cl);

/* Close n clients (streams, then contexts). Leaves the primary context current. Accepts
 * clients never opened (zeroed). */
void vg_clients_close(vg_gpu *g, vg_client *cl, int n);

/* Make the client's context current on the calling thread. HF_OK or HF_EIO with ctx set. */
hf_err vg_client_use(hf_ctx *ctx, vg_gpu *g, const vg_client *c);

/* Make the primary context current on the calling thread (best effort). */
void vg_use_primary(vg_gpu *g);

/* Record "what: <CUDA driver error name>" in ctx; returns HF_EIO. */
hf_err vg_drv_fail(hf_ctx *ctx, const vg_gpu *g, CUresult r, const char *what);

/* Record "what: <CUDA runtime error string>" in ctx; returns HF_EIO. */
hf_err vg_rt_fail(hf_ctx *ctx, cudaError_t e, const char *what);

#define VG_RT(call, what)                                                                          \
    do {                                                                                           \
        cudaError_t e_ = (call);                                                                   \
        if (e_ != cudaSuccess) {                                                                   \
            rc = vg_rt_fail(ctx, e_, what);                                                        \
            goto fail;                                                                             \
        }                                                                                          \
    } while (0)

#define VG_DRV(call, what)                                                                         \
    do {                                                                                           \
        CUresult r_ = (call);                                                                      \
        if (r_ != CUDA_SUCCESS) {                                                                  \
            rc = vg_drv_fail(ctx, g, r_, what);                                                    \
            goto fail;                                                                             \
        }                                                                                          \
    } while (0)

#endif
