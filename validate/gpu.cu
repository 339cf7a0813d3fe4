/* gpu.cu: the device, its driver entry points and the share mechanisms (green contexts, MPS
 * execution affinity) of hetflow-validate; clients (a context and a stream on a share of the
 * SMs). libcuda is never linked: driver functions come through cudaGetDriverEntryPointByVersion,
 * so the binary (static CUDA runtime) starts, and says why it cannot run, without a driver. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu_internal.h"

hf_err vg_rt_fail(hf_ctx *ctx, cudaError_t e, const char *what)
{
    return hf_ctx_fail(ctx, HF_EIO, "%s: %s (%s)", what, cudaGetErrorString(e),
                       cudaGetErrorName(e));
}

hf_err vg_drv_fail(hf_ctx *ctx, const vg_gpu *g, CUresult r, const char *what)
{
    const char *name = NULL;
    if (!g || !g->d.get_error_name || g->d.get_error_name(r, &name) != CUDA_SUCCESS || !name)
        return hf_ctx_fail(ctx, HF_EIO, "%s: CUDA driver error %d", what, (int)r);
    return hf_ctx_fail(ctx, HF_EIO, "%s: %s", what, name);
}

int vg_device_count(int *count, char *why, size_t why_size)
{
    cudaError_t e = cudaGetDeviceCount(count);
    if (e != cudaSuccess) {
        *count = 0;
        snprintf(why, why_size, "%s (%s)%s", cudaGetErrorString(e), cudaGetErrorName(e),
                 e == cudaErrorInsufficientDriver
                     ? "; no NVIDIA driver is loaded, or it is older than this CUDA runtime"
                     : "");
        return -1;
    }
    if (*count <= 0) {
        snprintf(why, why_size, "the driver reports no devices");
        return -1;
    }
    return 0;
}

/* A driver function of the given ABI version, or NULL when the driver lacks it. */
static void *entry(const char *symbol, unsigned version)
{
    void *fn = NULL;
    cudaDriverEntryPointQueryResult q = cudaDriverEntryPointSymbolNotFound;
    cudaError_t e = cudaGetDriverEntryPointByVersion(symbol, &fn, version, cudaEnableDefault, &q);
    if (e != cudaSuccess || q != cudaDriverEntryPointSuccess) {
        (void)cudaGetLastError(); /* not sticky: clear it */
        return NULL;
    }
    return fn;
}

#define ENTRY(field, sym, ver) (g->d.field = (decltype(g->d.field))entry(sym, ver))

/* The name of a driver error ("CUDA_ERROR_NOT_SUPPORTED"). */
static const char *drv_error_name(const vg_gpu *g, CUresult r)
{
    const char *name = NULL;
    if (g->d.get_error_name(r, &name) != CUDA_SUCCESS || !name) name = "unknown CUDA driver error";
    return name;
}

/* Minimum SMs of a green group and their granularity: from the SM resource where the toolkit
 * has the fields (CUDA 13), else the guideline of cuda.h by compute capability (9.0+: 8 and 8;
 * 8.x: 4 and 2; older: 2 and 2). */
static void group_rules(vg_gpu *g, const CUdevResource *all)
{
    int major = 0;
    cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, g->ordinal);
    g->green_min = major >= 9 ? 8 : major == 8 ? 4 : 2;
    g->green_align = major >= 9 ? 8 : 2;
#if CUDA_VERSION >= 13000
    if (all->sm.minSmPartitionSize) g->green_min = all->sm.minSmPartitionSize;
    if (all->sm.smCoscheduledAlignment) g->green_align = all->sm.smCoscheduledAlignment;
#endif
}

/* Whether green contexts work: entry points, SM resource, and one probe context of the
 * smallest group. Sets g->green_ok or g->why_green. */
static void detect_green(vg_gpu *g)
{
    CUdevResource all, group;
    CUdevResourceDesc desc = NULL;
    CUgreenCtx probe = NULL;
    unsigned n = 1;
    CUresult r;
    const char *step = "";
    if (!ENTRY(device_get_dev_resource, "cuDeviceGetDevResource", 12040) ||
        !ENTRY(sm_resource_split_by_count, "cuDevSmResourceSplitByCount", 12040) ||
        !ENTRY(dev_resource_generate_desc, "cuDevResourceGenerateDesc", 12040) ||
        !ENTRY(green_ctx_create, "cuGreenCtxCreate", 12040) ||
        !ENTRY(green_ctx_destroy, "cuGreenCtxDestroy", 12040) ||
        !ENTRY(ctx_from_green_ctx, "cuCtxFromGreenCtx", 12040) ||
        !ENTRY(green_ctx_stream_create, "cuGreenCtxStreamCreate", 12050)) {
        snprintf(g->why_green, sizeof g->why_green,
                 "the driver has no green-context API (driver 12.5 or newer needed)");
        return;
    }
    memset(&all, 0, sizeof all);
    memset(&group, 0, sizeof group);
    if ((r = g->d.device_get_dev_resource(g->dev, &all, CU_DEV_RESOURCE_TYPE_SM))) {
        step = "cuDeviceGetDevResource";
        goto fail;
    }
    group_rules(g, &all);
    if (all.sm.smCount < 2 * g->green_min) {
        snprintf(g->why_green, sizeof g->why_green, "%u SMs cannot be split in groups of %u",
                 all.sm.smCount, g->green_min);
        return;
    }
    if ((r = g->d.sm_resource_split_by_count(&group, &n, &all, NULL, 0, g->green_min))) {
        step = "cuDevSmResourceSplitByCount";
        goto fail;
    }
    if ((r = g->d.dev_resource_generate_desc(&desc, &group, 1))) {
        step = "cuDevResourceGenerateDesc";
        goto fail;
    }
    if ((r = g->d.green_ctx_create(&probe, desc, g->dev, CU_GREEN_CTX_DEFAULT_STREAM))) {
        step = "cuGreenCtxCreate";
        goto fail;
    }
    g->d.green_ctx_destroy(probe);
    g->green_ok = 1;
    return;
fail:
    snprintf(g->why_green, sizeof g->why_green, "%s: %s", step, drv_error_name(g, r));
}

/* Whether MPS execution affinity works: only a client of a running MPS server (Volta+) may
 * limit a context's SMs. Probes one context on half the SMs. Sets g->mps_ok or g->why_mps. */
static void detect_mps(vg_gpu *g)
{
    int supported = 0;
    CUcontext probe = NULL;
    CUexecAffinityParam ap, got;
    CUctxCreateParams cp;
    CUresult r;
    if (!ENTRY(device_get_exec_affinity_support, "cuDeviceGetExecAffinitySupport", 11040) ||
        !ENTRY(ctx_create, "cuCtxCreate", 12050) ||
        !ENTRY(ctx_get_exec_affinity, "cuCtxGetExecAffinity", 11040)) {
        snprintf(g->why_mps, sizeof g->why_mps, "the driver has no execution-affinity API");
        return;
    }
    r = g->d.device_get_exec_affinity_support(&supported, CU_EXEC_AFFINITY_TYPE_SM_COUNT, g->dev);
    if (r != CUDA_SUCCESS || !supported) {
        snprintf(g->why_mps, sizeof g->why_mps,
                 "no SM-count execution affinity (no MPS server serves this process)");
        return;
    }
    memset(&ap, 0, sizeof ap);
    memset(&cp, 0, sizeof cp);
    ap.type = CU_EXEC_AFFINITY_TYPE_SM_COUNT;
    ap.param.smCount.val = (unsigned)(g->sms / 2 > 0 ? g->sms / 2 : 1);
    cp.execAffinityParams = &ap;
    cp.numExecAffinityParams = 1;
    if ((r = g->d.ctx_create(&probe, &cp, 0, g->dev)) != CUDA_SUCCESS) {
        snprintf(g->why_mps, sizeof g->why_mps, "cuCtxCreate with an SM affinity: %s",
                 drv_error_name(g, r));
        vg_use_primary(g);
        return;
    }
    memset(&got, 0, sizeof got);
    r = g->d.ctx_get_exec_affinity(&got, CU_EXEC_AFFINITY_TYPE_SM_COUNT);
    g->d.ctx_destroy(probe);
    vg_use_primary(g);
    if (r != CUDA_SUCCESS || got.param.smCount.val >= (unsigned)g->sms) {
        snprintf(g->why_mps, sizeof g->why_mps, "a context asking for %u SMs got all %d",
                 ap.param.smCount.val, g->sms);
        return;
    }
    g->mps_ok = 1;
}

hf_err vg_open(hf_ctx *ctx, int ordinal, vg_gpu **out)
{
    hf_err rc = HF_OK;
    vg_gpu *g = (vg_gpu *)calloc(1, sizeof *g);
    *out = NULL;
    if (!g) return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    g->ordinal = ordinal;
    VG_RT(cudaSetDevice(ordinal), "cudaSetDevice");
    VG_RT(cudaFree(0), "cudaFree(0) (creating the primary context)");
    VG_RT(cudaDeviceGetAttribute(&g->sms, cudaDevAttrMultiProcessorCount, ordinal),
          "cudaDeviceGetAttribute(MultiProcessorCount)");
    if (!ENTRY(get_error_name, "cuGetErrorName", 6000) || !ENTRY(device_get, "cuDeviceGet", 2000) ||
        !ENTRY(ctx_get_current, "cuCtxGetCurrent", 4000) ||
        !ENTRY(ctx_set_current, "cuCtxSetCurrent", 4000) ||
        !ENTRY(ctx_destroy, "cuCtxDestroy", 4000) ||
        !ENTRY(stream_destroy, "cuStreamDestroy", 4000)) {
        rc = hf_ctx_fail(ctx, HF_EIO,
                         "cudaGetDriverEntryPointByVersion: the driver lacks "
                         "basic context functions");
        goto fail;
    }
    VG_DRV(g->d.device_get(&g->dev, ordinal), "cuDeviceGet");
    VG_DRV(g->d.ctx_get_current(&g->primary), "cuCtxGetCurrent");
    if (!g->primary) {
        rc = hf_ctx_fail(ctx, HF_EIO, "cuCtxGetCurrent: no primary context after cudaFree(0)");
        goto fail;
    }
    detect_green(g);
    detect_mps(g);
    *out = g;
    return HF_OK;
fail:
    free(g);
    return rc;
}

void vg_close(vg_gpu *g)
{
    free(g);
}

int vg_stuck(const vg_gpu *g)
{
    return g && __atomic_load_n(&g->stuck, __ATOMIC_SEQ_CST);
}

int vg_sms(const vg_gpu *g)
{
    return g->sms;
}

int vg_mech_available(const vg_gpu *g, vg_mech k, const char **why)
{
    *why = "";
    if (k == VG_GREEN) {
        *why = g->why_green;
        return g->green_ok;
    }
    if (k == VG_MPS) {
        *why = g->why_mps;
        return g->mps_ok;
    }
    return 1;
}

void vg_use_primary(vg_gpu *g)
{
    if (g->d.ctx_set_current) g->d.ctx_set_current(g->primary);
}

hf_err vg_client_use(hf_ctx *ctx, vg_gpu *g, const vg_client *c)
{
    hf_err rc = HF_OK;
    VG_DRV(g->d.ctx_set_current(c->ctx), "cuCtxSetCurrent (client context)");
fail:
    return rc;
}

hf_err vg_describe(hf_ctx *ctx, vg_gpu *g, hf_meas *m)
{
    hf_err rc = HF_OK;
    cudaDeviceProp prop;
    int khz = 0, mem_khz = 0, v = 0;
    VG_RT(cudaGetDeviceProperties(&prop, g->ordinal), "cudaGetDeviceProperties");
    if ((rc = hf_meas_set_str(ctx, &m->dev.name, prop.name))) goto fail;
    m->dev.sms = prop.multiProcessorCount;
    m->dev.cc_major = prop.major;
    m->dev.cc_minor = prop.minor;
    m->dev.mem_bus_bits = prop.memoryBusWidth;
    m->dev.memory = (double)prop.totalGlobalMem;
    VG_RT(cudaDeviceGetAttribute(&khz, cudaDevAttrClockRate, g->ordinal),
          "cudaDeviceGetAttribute(ClockRate)");
    VG_RT(cudaDeviceGetAttribute(&mem_khz, cudaDevAttrMemoryClockRate, g->ordinal),
          "cudaDeviceGetAttribute(MemoryClockRate)");
    m->dev.sm_clock_hz = 1e3 * khz;
    m->dev.mem_clock_hz = 1e3 * mem_khz;
    VG_RT(cudaDriverGetVersion(&v), "cudaDriverGetVersion");
    m->dev.driver_version = v;
    VG_RT(cudaRuntimeGetVersion(&v), "cudaRuntimeGetVersion");
    m->dev.runtime_version = v;
fail:
    return rc;
}

/* SMs per green group for share of the device split n ways: the nearest multiple of the
 * granularity, at least the minimum, at most what n disjoint groups can have; 0 when n groups
 * of the minimum do not fit. */
static unsigned green_group_sms(const vg_gpu *g, double share, int n)
{
    unsigned a = g->green_align, want = (unsigned)floor(share * g->sms / a + 0.5) * a;
    unsigned most = (unsigned)(g->sms / n) / a * a;
    if (want < g->green_min) want = (g->green_min + a - 1) / a * a;
    if (want > most) want = most;
    return want >= g->green_min ? want : 0;
}

static hf_err open_green(hf_ctx *ctx, vg_gpu *g, double share, int n, vg_client *cl)
{
    hf_err rc = HF_OK;
    CUdevResource all, *groups = NULL;
    unsigned got = (unsigned)n, want = green_group_sms(g, share, n);
    if (!want) {
        rc = hf_ctx_fail(ctx, HF_EIO, "green contexts: %d SMs cannot hold %d groups of %u", g->sms,
                         n, g->green_min);
        goto fail;
    }
    groups = (CUdevResource *)calloc((size_t)n, sizeof *groups);
    if (!groups) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    memset(&all, 0, sizeof all);
    VG_DRV(g->d.device_get_dev_resource(g->dev, &all, CU_DEV_RESOURCE_TYPE_SM),
           "cuDeviceGetDevResource");
    /* The split keeps groups within the GPU's processing clusters, so n groups of want SMs may
     * not fit even when n x want <= SMs: ask for one granule less until they do (the obtained
     * SMs are recorded, so a smaller share is visible in the file). */
    for (;;) {
        CUresult r;
        got = (unsigned)n;
        r = g->d.sm_resource_split_by_count(groups, &got, &all, NULL, 0, want);
        if (r == CUDA_SUCCESS && got >= (unsigned)n) break;
        if (r != CUDA_SUCCESS && r != CUDA_ERROR_INVALID_RESOURCE_CONFIGURATION) {
            rc = vg_drv_fail(ctx, g, r, "cuDevSmResourceSplitByCount");
            goto fail;
        }
        if (r != CUDA_SUCCESS) got = 0;
        if (want < g->green_min + g->green_align) {
            rc = hf_ctx_fail(ctx, HF_EIO,
                             "cuDevSmResourceSplitByCount: %u groups of %u SMs, %d needed", got,
                             want, n);
            goto fail;
        }
        want -= g->green_align;
    }
    for (int i = 0; i < n; i++) {
        CUdevResourceDesc desc = NULL;
        VG_DRV(g->d.dev_resource_generate_desc(&desc, &groups[i], 1), "cuDevResourceGenerateDesc");
        VG_DRV(g->d.green_ctx_create(&cl[i].green, desc, g->dev, CU_GREEN_CTX_DEFAULT_STREAM),
               "cuGreenCtxCreate");
        VG_DRV(g->d.ctx_from_green_ctx(&cl[i].ctx, cl[i].green), "cuCtxFromGreenCtx");
        CUstream s = NULL;
        VG_DRV(g->d.green_ctx_stream_create(&s, cl[i].green, CU_STREAM_NON_BLOCKING, 0),
               "cuGreenCtxStreamCreate");
        cl[i].stream = (cudaStream_t)s;
        cl[i].sms = (int)groups[i].sm.smCount;
    }
fail:
    free(groups);
    return rc;
}

static hf_err open_mps(hf_ctx *ctx, vg_gpu *g, double share, int n, vg_client *cl)
{
    hf_err rc = HF_OK;
    long want = lround(share * g->sms);
    for (int i = 0; i < n; i++) {
        CUexecAffinityParam ap, got;
        CUctxCreateParams cp;
        memset(&ap, 0, sizeof ap);
        memset(&cp, 0, sizeof cp);
        memset(&got, 0, sizeof got);
        ap.type = CU_EXEC_AFFINITY_TYPE_SM_COUNT;
        ap.param.smCount.val = (unsigned)(want >= 1 ? want : 1);
        cp.execAffinityParams = &ap;
        cp.numExecAffinityParams = 1;
        VG_DRV(g->d.ctx_create(&cl[i].ctx, &cp, 0, g->dev), "cuCtxCreate (SM affinity)");
        cl[i].own_ctx = 1;
        VG_DRV(g->d.ctx_get_exec_affinity(&got, CU_EXEC_AFFINITY_TYPE_SM_COUNT),
               "cuCtxGetExecAffinity");
        cl[i].sms = (int)got.param.smCount.val;
        VG_RT(cudaStreamCreateWithFlags(&cl[i].stream, cudaStreamNonBlocking),
              "cudaStreamCreateWithFlags (MPS client)");
    }
fail:
    return rc;
}

hf_err vg_clients_open(hf_ctx *ctx, vg_gpu *g, vg_mech mech, double share, int n, vg_client *cl)
{
    hf_err rc = HF_OK;
    memset(cl, 0, (size_t)n * sizeof *cl);
    if (mech == VG_GREEN && share < 1) {
        rc = open_green(ctx, g, share, n, cl);
    } else if (mech == VG_MPS && share < 1) {
        rc = open_mps(ctx, g, share, n, cl);
    } else {
        vg_use_primary(g);
        for (int i = 0; i < n; i++) {
            cl[i].ctx = g->primary;
            cl[i].sms = g->sms;
            VG_RT(cudaStreamCreateWithFlags(&cl[i].stream, cudaStreamNonBlocking),
                  "cudaStreamCreateWithFlags");
        }
    }
fail:
    vg_use_primary(g);
    if (rc != HF_OK) vg_clients_close(g, cl, n);
    return rc;
}

void vg_clients_close(vg_gpu *g, vg_client *cl, int n)
{
    if (vg_stuck(g)) return; /* destroying a stream or context would wait for the stuck work */
    for (int i = 0; i < n; i++)
        if (cl[i].stream && cl[i].ctx && g->d.ctx_set_current(cl[i].ctx) == CUDA_SUCCESS)
            g->d.stream_destroy((CUstream)cl[i].stream);
    vg_use_primary(g); /* no client context is current while it is destroyed */
    for (int i = 0; i < n; i++) {
        if (cl[i].own_ctx && cl[i].ctx) g->d.ctx_destroy(cl[i].ctx);
        if (cl[i].green) g->d.green_ctx_destroy(cl[i].green);
        memset(&cl[i], 0, sizeof cl[i]);
    }
}
