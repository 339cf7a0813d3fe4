/* run.cu: the harness's kernels and how a plan is run and timed (README.md, "Timing").
 *
 * A sample of a kernel workload is the plan's kernel groups launched back to back in one stream,
 * timed with two cudaEvents around them (GPU time, resolution about 0.5 us). The five-client
 * workloads are timed on the host (CLOCK_MONOTONIC, from the common start to the last client's
 * end): events of different contexts cannot be compared. A copy sample is one cudaMemcpy between
 * two events. Every wait polls with a deadline, so a stuck GPU fails the run instead of hanging
 * it. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cublas_v2.h>

#include "gpu_internal.h"
#include "lj.h"

#define POLL_NS 20000 /* event polling period: 20 us */

/* ---- kernels ---------------------------------------------------------------------------- */

__global__ void k_fill(double *x, long n, double base)
{
    for (long i = (long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long)gridDim.x * blockDim.x)
        x[i] = base + 0.25 * (double)(i % 7);
}

__global__ void k_tiny(double *x, double q)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < VP_TINY_N) x[i] *= q;
}

__global__ void k_triad(double *__restrict__ a, const double *__restrict__ b,
                        const double *__restrict__ c, double q)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < VP_TRIAD_N) a[i] = b[i] + q * c[i];
}

/* VP_FMA_CHAINS independent chains a = a b + c: enough independent FMAs per thread to hide the
 * FP64 pipeline latency. b and c are kernel arguments and the chains' sum is stored, so the
 * compiler can neither fold nor drop the loop. Starting values are integer-converted (no flop). */
__global__ void k_fma(double *out, double b, double c, int iters)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    double a0 = (double)t, a1 = (double)(t + 1), a2 = (double)(t + 2), a3 = (double)(t + 3);
    double a4 = (double)(t + 4), a5 = (double)(t + 5), a6 = (double)(t + 6), a7 = (double)(t + 7);
#pragma unroll 4
    for (int i = 0; i < iters; i++) {
        a0 = fma(a0, b, c);
        a1 = fma(a1, b, c);
        a2 = fma(a2, b, c);
        a3 = fma(a3, b, c);
        a4 = fma(a4, b, c);
        a5 = fma(a5, b, c);
        a6 = fma(a6, b, c);
        a7 = fma(a7, b, c);
    }
    out[t] = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
}

__global__ void k_bin_clear(lj_params p, lj_arrays a)
{
    int b = blockIdx.x * blockDim.x + threadIdx.x;
    if (b < p.nb * p.nb * p.nb) lj_bin_clear_one(p, a, b);
}

#define LJ_KERNEL(name, body)                                                                      \
    __global__ void name(lj_params p, lj_arrays a)                                                 \
    {                                                                                              \
        int i = blockIdx.x * blockDim.x + threadIdx.x;                                             \
        if (i < p.n) body(p, a, i);                                                                \
    }
LJ_KERNEL(k_bin_fill, lj_bin_fill_one)
LJ_KERNEL(k_neighbor, lj_neighbor_one)
LJ_KERNEL(k_initial, lj_initial_one)
LJ_KERNEL(k_pair, lj_pair_one)
LJ_KERNEL(k_final, lj_final_one)

/* Threads per block of each kernel; the grid is the descriptor's block count (plan.c). */
static const int threads_per_block[VK_NKERNELS] = {256, 256, 256, 0, 256, 256, 128, 256, 128, 256};

/* ---- per-client state ------------------------------------------------------------------- */

/* What one client's workloads need on the GPU; everything belongs to the client's context. */
typedef struct vr_state {
    vg_gpu *g;                   /* the device (borrowed) */
    vg_client *cl;               /* where the work runs (borrowed) */
    double timeout;              /* seconds a wait may last */
    int blocks[VK_NKERNELS];     /* grid of each kernel (the descriptors' blocks) */
    double *tiny, *ta, *tb, *tc; /* tiny: 2^16; triad: 3 x 2^26 doubles */
    double *fma_out;             /* compute_fp64: one double per thread */
    double *ga, *gb, *gc;        /* dgemm: 3 n^2 doubles */
    cublasHandle_t blas;         /* NULL until dgemm runs */
    int *cublas_version;         /* where to record cuBLAS's version (m->dev) */
    lj_params p;
    lj_arrays a;        /* device arrays; x, v, f point into xvf */
    double *xvf, *snap; /* x, v, f (9n) and the snapshot every LJ sample starts from */
    int lj_ready;
    cudaEvent_t ev0, ev1;
} vr_state;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Wait until ev has happened, polling; fail after timeout seconds and mark the device stuck
 * (cleanup then leaves it alone: freeing memory would wait for the stuck work). */
static hf_err wait_event(hf_ctx *ctx, vg_gpu *g, cudaEvent_t ev, double timeout, const char *what)
{
    double start = now_s();
    struct timespec nap = {0, POLL_NS};
    for (;;) {
        cudaError_t e = cudaEventQuery(ev);
        if (e == cudaSuccess) return HF_OK;
        if (e != cudaErrorNotReady) return vg_rt_fail(ctx, e, what);
        if (now_s() - start > timeout) {
            __atomic_store_n(&g->stuck, 1, __ATOMIC_SEQ_CST);
            return hf_ctx_fail(ctx, HF_EIO, "%s: not finished after %g s (--timeout)", what,
                               timeout);
        }
        nanosleep(&nap, NULL);
    }
}

/* Create the state's events (the client's context must be current). */
static hf_err state_init(hf_ctx *ctx, vr_state *st, vg_gpu *g, vg_client *cl, double timeout,
                         int *cublas_version, int lj_cells)
{
    hf_err rc = HF_OK;
    int sms = g->sms;
    memset(st, 0, sizeof *st);
    st->g = g;
    st->cl = cl;
    st->timeout = timeout;
    st->cublas_version = cublas_version;
    for (int k = 0; k < VK_NKERNELS; k++)
        st->blocks[k] = (int)vp_kernel_desc((vp_kernel)k, sms, lj_cells).blocks;
    lj_params_init(&st->p, lj_cells);
    VG_RT(cudaEventCreate(&st->ev0), "cudaEventCreate");
    VG_RT(cudaEventCreate(&st->ev1), "cudaEventCreate");
fail:
    return rc;
}

/* Free what the state holds (the client's context must be current). Accepts a zeroed state.
 * On a stuck device it only forgets them: the process is about to exit. */
static void state_free(vr_state *st)
{
    if (st->g && vg_stuck(st->g)) {
        memset(st, 0, sizeof *st);
        return;
    }
    void *bufs[] = {st->tiny,       st->ta,      st->tb,         st->tc,         st->fma_out,
                    st->ga,         st->gb,      st->gc,         st->xvf,        st->snap,
                    st->a.numneigh, st->a.neigh, st->a.bincount, st->a.binatoms, st->a.overflow};
    if (st->cl && st->cl->stream)
        cudaStreamSynchronize(st->cl->stream); /* best effort: nothing may still use them */
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
        if (bufs[i]) cudaFree(bufs[i]);
    if (st->blas) cublasDestroy(st->blas);
    if (st->ev0) cudaEventDestroy(st->ev0);
    if (st->ev1) cudaEventDestroy(st->ev1);
    memset(st, 0, sizeof *st);
}

/* Allocate n doubles filled with base + small variations. */
static hf_err alloc_filled(hf_ctx *ctx, vr_state *st, double **p, long n, double base)
{
    hf_err rc = HF_OK;
    VG_RT(cudaMalloc((void **)p, (size_t)n * sizeof(double)), "cudaMalloc");
    k_fill<<<1024, 256, 0, st->cl->stream>>>(*p, n, base);
    VG_RT(cudaGetLastError(), "k_fill launch");
fail:
    return rc;
}

static hf_err sync_state(hf_ctx *ctx, vr_state *st, const char *what)
{
    hf_err rc = HF_OK;
    VG_RT(cudaEventRecord(st->ev1, st->cl->stream), "cudaEventRecord");
    rc = wait_event(ctx, st->g, st->ev1, st->timeout, what);
fail:
    return rc;
}

static hf_err launch(hf_ctx *ctx, vr_state *st, vp_kernel k);

/* Rebuild the bins and the neighbour list from the current positions. */
static hf_err lj_rebuild(hf_ctx *ctx, vr_state *st)
{
    hf_err rc;
    if ((rc = launch(ctx, st, VK_LJ_BIN_CLEAR)) || (rc = launch(ctx, st, VK_LJ_BIN_FILL)))
        return rc;
    return launch(ctx, st, VK_LJ_NEIGHBOR);
}

/* Fail when a bin or a neighbour list overflowed since the setup. */
static hf_err lj_check(hf_ctx *ctx, vr_state *st)
{
    hf_err rc = HF_OK;
    int flag = 0;
    VG_RT(
        cudaMemcpyAsync(&flag, st->a.overflow, sizeof flag, cudaMemcpyDeviceToHost, st->cl->stream),
        "cudaMemcpyAsync (overflow flag)");
    if ((rc = sync_state(ctx, st, "LJ overflow check"))) goto fail;
    if (flag)
        rc = hf_ctx_fail(ctx, HF_EIO, "LJ: %s overflowed (raise %s in validate/lj.h)",
                         flag == 1 ? "a bin" : "a neighbour list",
                         flag == 1 ? "LJ_BINCAP" : "LJ_MAXNB");
fail:
    return rc;
}

/* The LJ system: FCC lattice and velocities uploaded, VP_LJ_MELT_STEPS untimed MD steps to
 * melt it (the benchmark is a liquid), a fresh list and forces, then the snapshot every sample
 * starts from. */
static hf_err lj_setup(hf_ctx *ctx, vr_state *st)
{
    hf_err rc = HF_OK;
    int n = st->p.n, nbins = st->p.nb * st->p.nb * st->p.nb;
    size_t bytes9 = 9 * (size_t)n * sizeof(double);
    double *host = (double *)malloc(bytes9);
    if (!host) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    lj_initial_state(&st->p, host, host + 3 * n, host + 6 * n);
    VG_RT(cudaMalloc((void **)&st->xvf, bytes9), "cudaMalloc (LJ x, v, f)");
    VG_RT(cudaMalloc((void **)&st->snap, bytes9), "cudaMalloc (LJ snapshot)");
    VG_RT(cudaMalloc((void **)&st->a.numneigh, (size_t)n * sizeof(int)), "cudaMalloc (LJ)");
    VG_RT(cudaMalloc((void **)&st->a.neigh, (size_t)LJ_MAXNB * n * sizeof(int)),
          "cudaMalloc (LJ neighbour list)");
    VG_RT(cudaMalloc((void **)&st->a.bincount, (size_t)nbins * sizeof(int)), "cudaMalloc (LJ)");
    VG_RT(cudaMalloc((void **)&st->a.binatoms, (size_t)nbins * LJ_BINCAP * sizeof(int)),
          "cudaMalloc (LJ bins)");
    VG_RT(cudaMalloc((void **)&st->a.overflow, sizeof(int)), "cudaMalloc (LJ)");
    st->a.x = st->xvf;
    st->a.v = st->xvf + 3 * n;
    st->a.f = st->xvf + 6 * n;
    VG_RT(cudaMemcpyAsync(st->xvf, host, bytes9, cudaMemcpyHostToDevice, st->cl->stream),
          "cudaMemcpyAsync (LJ initial state)");
    VG_RT(cudaMemsetAsync(st->a.overflow, 0, sizeof(int), st->cl->stream), "cudaMemsetAsync");
    if ((rc = lj_rebuild(ctx, st)) || (rc = launch(ctx, st, VK_LJ_PAIR))) goto fail;
    for (int s = 0; s < VP_LJ_MELT_STEPS; s++) {
        if (s % LJ_EVERY == 0 && (rc = lj_rebuild(ctx, st))) goto fail;
        if ((rc = launch(ctx, st, VK_LJ_INITIAL)) || (rc = launch(ctx, st, VK_LJ_PAIR)) ||
            (rc = launch(ctx, st, VK_LJ_FINAL)))
            goto fail;
    }
    if ((rc = lj_rebuild(ctx, st)) || (rc = launch(ctx, st, VK_LJ_PAIR))) goto fail;
    VG_RT(cudaMemcpyAsync(st->snap, st->xvf, bytes9, cudaMemcpyDeviceToDevice, st->cl->stream),
          "cudaMemcpyAsync (LJ snapshot)");
    /* the host buffer must outlive the upload: wait before freeing it */
    if ((rc = sync_state(ctx, st, "LJ setup")) || (rc = lj_check(ctx, st))) goto fail;
    st->lj_ready = 1;
fail:
    free(host);
    return rc;
}

/* Back to the snapshot, with its list rebuilt: every LJ sample starts from the same state. */
static hf_err lj_reset(hf_ctx *ctx, vr_state *st)
{
    hf_err rc = HF_OK;
    VG_RT(cudaMemcpyAsync(st->xvf, st->snap, 9 * (size_t)st->p.n * sizeof(double),
                          cudaMemcpyDeviceToDevice, st->cl->stream),
          "cudaMemcpyAsync (LJ reset)");
    rc = lj_rebuild(ctx, st);
fail:
    return rc;
}

static int is_lj(vp_workload w)
{
    return w >= VP_LJ_NEIGHBOR && w <= VP_LJ_SERIAL5;
}

/* Allocate and initialise what workload w needs, unless already there. */
static hf_err prepare(hf_ctx *ctx, vr_state *st, vp_workload w)
{
    hf_err rc = HF_OK;
    long nn = (long)VP_DGEMM_N * VP_DGEMM_N;
    switch (w) {
    case VP_TINY:
        if (!st->tiny && (rc = alloc_filled(ctx, st, &st->tiny, VP_TINY_N, 1.0))) goto fail;
        break;
    case VP_TRIAD:
        if (!st->ta && ((rc = alloc_filled(ctx, st, &st->ta, VP_TRIAD_N, 0.0)) ||
                        (rc = alloc_filled(ctx, st, &st->tb, VP_TRIAD_N, 1.0)) ||
                        (rc = alloc_filled(ctx, st, &st->tc, VP_TRIAD_N, 2.0))))
            goto fail;
        break;
    case VP_COMPUTE:
        if (!st->fma_out)
            VG_RT(cudaMalloc((void **)&st->fma_out, (size_t)st->blocks[VK_FMA] * 256 * 8),
                  "cudaMalloc (compute_fp64 output)");
        break;
    case VP_DGEMM:
        if (!st->ga && ((rc = alloc_filled(ctx, st, &st->ga, nn, 0.5)) ||
                        (rc = alloc_filled(ctx, st, &st->gb, nn, -0.25)) ||
                        (rc = alloc_filled(ctx, st, &st->gc, nn, 0.0))))
            goto fail;
        if (!st->blas) {
            int v = 0;
            if (cublasCreate(&st->blas) != CUBLAS_STATUS_SUCCESS) {
                st->blas = NULL;
                rc = hf_ctx_fail(ctx, HF_EIO, "cublasCreate failed");
                goto fail;
            }
            if (cublasSetStream(st->blas, st->cl->stream) != CUBLAS_STATUS_SUCCESS) {
                rc = hf_ctx_fail(ctx, HF_EIO, "cublasSetStream failed");
                goto fail;
            }
            if (cublasGetVersion(st->blas, &v) == CUBLAS_STATUS_SUCCESS && st->cublas_version)
                *st->cublas_version = v;
        }
        break;
    default:
        if (is_lj(w) && !st->lj_ready && (rc = lj_setup(ctx, st))) goto fail;
        break;
    }
    rc = sync_state(ctx, st, "initialising the buffers");
fail:
    return rc;
}

/* Launch kernel k once on the state's stream (grid: the descriptor's blocks). */
static hf_err launch(hf_ctx *ctx, vr_state *st, vp_kernel k)
{
    hf_err rc = HF_OK;
    cudaStream_t s = st->cl->stream;
    int b = st->blocks[k], t = threads_per_block[k];
    switch (k) {
    case VK_TINY:
        k_tiny<<<b, t, 0, s>>>(st->tiny, 1.0);
        break;
    case VK_TRIAD:
        k_triad<<<b, t, 0, s>>>(st->ta, st->tb, st->tc, 3.0);
        break;
    case VK_FMA:
        k_fma<<<b, t, 0, s>>>(st->fma_out, 0.999999, 1e-6, VP_FMA_ITERS);
        break;
    case VK_DGEMM: {
        const double one = 1.0, zero = 0.0;
        cublasStatus_t bs =
            cublasDgemm(st->blas, CUBLAS_OP_N, CUBLAS_OP_N, VP_DGEMM_N, VP_DGEMM_N, VP_DGEMM_N,
                        &one, st->ga, VP_DGEMM_N, st->gb, VP_DGEMM_N, &zero, st->gc, VP_DGEMM_N);
        if (bs != CUBLAS_STATUS_SUCCESS)
            return hf_ctx_fail(ctx, HF_EIO, "cublasDgemm: status %d", (int)bs);
        return HF_OK;
    }
    case VK_LJ_BIN_CLEAR:
        k_bin_clear<<<b, t, 0, s>>>(st->p, st->a);
        break;
    case VK_LJ_BIN_FILL:
        k_bin_fill<<<b, t, 0, s>>>(st->p, st->a);
        break;
    case VK_LJ_NEIGHBOR:
        k_neighbor<<<b, t, 0, s>>>(st->p, st->a);
        break;
    case VK_LJ_INITIAL:
        k_initial<<<b, t, 0, s>>>(st->p, st->a);
        break;
    case VK_LJ_PAIR:
        k_pair<<<b, t, 0, s>>>(st->p, st->a);
        break;
    case VK_LJ_FINAL:
        k_final<<<b, t, 0, s>>>(st->p, st->a);
        break;
    default:
        return hf_ctx_fail(ctx, HF_EIO, "unknown kernel %d", (int)k);
    }
    VG_RT(cudaGetLastError(), vp_kernel_name(k));
fail:
    return rc;
}

/* Launch one client's sample: every group of e in order. */
static hf_err run_groups(hf_ctx *ctx, vr_state *st, const vp_exp *e)
{
    hf_err rc;
    for (size_t g = 0; g < e->ngroups; g++)
        for (int c = 0; c < e->groups[g].count; c++)
            if ((rc = launch(ctx, st, e->groups[g].kernel))) return rc;
    return HF_OK;
}

/* ---- experiments ------------------------------------------------------------------------ */

/* One client: warmup + reps batches timed with events; samples[reps] filled. */
static hf_err run_single(hf_ctx *ctx, vr_state *st, const vp_exp *e, int warmup, int reps,
                         double *samples)
{
    hf_err rc = HF_OK;
    int lj = is_lj(e->workload);
    if ((rc = prepare(ctx, st, e->workload))) goto fail;
    for (int r = 0; r < warmup + reps; r++) {
        float ms = 0;
        if (lj && (rc = lj_reset(ctx, st))) goto fail;
        VG_RT(cudaEventRecord(st->ev0, st->cl->stream), "cudaEventRecord");
        if ((rc = run_groups(ctx, st, e))) goto fail;
        VG_RT(cudaEventRecord(st->ev1, st->cl->stream), "cudaEventRecord");
        if ((rc = wait_event(ctx, st->g, st->ev1, st->timeout, "waiting for the batch"))) goto fail;
        VG_RT(cudaEventElapsedTime(&ms, st->ev0, st->ev1), "cudaEventElapsedTime");
        if (r >= warmup) samples[r - warmup] = 1e-3 * ms;
    }
    if (lj) rc = lj_check(ctx, st);
fail:
    return rc;
}

/* The five-client workloads: shared by the client threads. */
typedef struct conc_shared {
    vg_gpu *g;
    const vp_exp *e;
    vg_client *cl;
    int warmup, reps;
    double timeout;
    pthread_mutex_t lock;
    pthread_cond_t open;
    int gate;                  /* 1 once every thread exists and the barrier is made */
    pthread_barrier_t barrier; /* of the threads that were started */
    int failed;                /* set (atomically) by the first client that fails */
    double *t0, *t1;           /* [client][rep]: host start and end of each client's sample */
} conc_shared;

typedef struct conc_arg {
    conc_shared *sh;
    int client;
    hf_ctx *ctx; /* this client's error */
    int failed;  /* 1: ctx holds this client's failure */
} conc_arg;

static int any_failed(conc_shared *sh)
{
    return __atomic_load_n(&sh->failed, __ATOMIC_SEQ_CST);
}

/* A client thread. Every thread passes every barrier, failed or not, so none waits forever;
 * after a failure the others skip their work. */
static void *conc_client(void *argp)
{
    conc_arg *arg = (conc_arg *)argp;
    conc_shared *sh = arg->sh;
    hf_ctx *ctx = arg->ctx;
    int c = arg->client, R = sh->warmup + sh->reps, mine = 0;
    vr_state st;
    memset(&st, 0, sizeof st);
    pthread_mutex_lock(&sh->lock);
    while (!sh->gate)
        pthread_cond_wait(&sh->open, &sh->lock);
    pthread_mutex_unlock(&sh->lock);
    if (any_failed(sh)) /* not every client could be started */
        R = 0;
    if (R && (vg_client_use(ctx, sh->g, &sh->cl[c]) ||
              state_init(ctx, &st, sh->g, &sh->cl[c], sh->timeout, NULL, sh->e->lj_cells) ||
              prepare(ctx, &st, sh->e->workload)))
        mine = 1;
    if (mine) __atomic_store_n(&sh->failed, 1, __ATOMIC_SEQ_CST);
    if (R) pthread_barrier_wait(&sh->barrier);
    for (int r = 0; r < R; r++) {
        if (!any_failed(sh) && (lj_reset(ctx, &st) || sync_state(ctx, &st, "LJ reset"))) {
            mine = 1;
            __atomic_store_n(&sh->failed, 1, __ATOMIC_SEQ_CST);
        }
        pthread_barrier_wait(&sh->barrier);
        sh->t0[c * R + r] = now_s();
        if (!any_failed(sh) &&
            (run_groups(ctx, &st, sh->e) || sync_state(ctx, &st, "waiting for the client"))) {
            mine = 1;
            __atomic_store_n(&sh->failed, 1, __ATOMIC_SEQ_CST);
        }
        sh->t1[c * R + r] = now_s();
        pthread_barrier_wait(&sh->barrier);
    }
    if (R && !mine && !any_failed(sh) && lj_check(ctx, &st)) mine = 1;
    if (mine) hf_ctx_prefix(ctx, "client %d", c);
    arg->failed = mine;
    state_free(&st);
    return NULL;
}

static hf_err run_concurrent(hf_ctx *ctx, vg_gpu *g, vg_client *cl, const vp_exp *e, int warmup,
                             int reps, double timeout, double *samples)
{
    hf_err rc = HF_OK;
    int n = e->clients, R = warmup + reps, started = 0, barrier = 0;
    conc_shared sh;
    conc_arg args[VP_CLIENTS];
    pthread_t threads[VP_CLIENTS];
    memset(&sh, 0, sizeof sh);
    memset(args, 0, sizeof args);
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.open, NULL);
    sh.g = g;
    sh.e = e;
    sh.cl = cl;
    sh.warmup = warmup;
    sh.reps = reps;
    sh.timeout = timeout;
    sh.t0 = (double *)calloc((size_t)n * R, sizeof(double));
    sh.t1 = (double *)calloc((size_t)n * R, sizeof(double));
    if (!sh.t0 || !sh.t1 || n > VP_CLIENTS) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    for (int c = 0; c < n; c++) {
        args[c].sh = &sh;
        args[c].client = c;
        if (!(args[c].ctx = hf_ctx_new())) {
            rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
            goto fail;
        }
    }
    /* The threads wait at a gate until all exist: the barrier counts the threads that were
     * started, and when one could not be, they all return without work (none waits forever). */
    for (started = 0; started < n; started++)
        if (pthread_create(&threads[started], NULL, conc_client, &args[started])) break;
    if (started < n) {
        __atomic_store_n(&sh.failed, 1, __ATOMIC_SEQ_CST);
        rc = hf_ctx_fail(ctx, HF_EIO, "pthread_create failed for client %d", started);
    } else if (pthread_barrier_init(&sh.barrier, NULL, (unsigned)n)) {
        __atomic_store_n(&sh.failed, 1, __ATOMIC_SEQ_CST);
        rc = hf_ctx_fail(ctx, HF_EIO, "pthread_barrier_init failed");
    } else {
        barrier = 1;
    }
    pthread_mutex_lock(&sh.lock);
    sh.gate = 1;
    pthread_cond_broadcast(&sh.open);
    pthread_mutex_unlock(&sh.lock);
    for (int c = 0; c < started; c++)
        pthread_join(threads[c], NULL);
    if (rc) goto fail;
    for (int c = 0; c < n; c++)
        if (args[c].failed) {
            rc = hf_ctx_fail(ctx, args[c].ctx->errcode, "%s", hf_ctx_errmsg(args[c].ctx));
            goto fail;
        }
    for (int r = warmup; r < R; r++) {
        double start = sh.t0[r], end = sh.t1[r];
        for (int c = 1; c < n; c++) {
            start = fmin(start, sh.t0[c * R + r]);
            end = fmax(end, sh.t1[c * R + r]);
        }
        samples[r - warmup] = end - start;
    }
fail:
    if (barrier) pthread_barrier_destroy(&sh.barrier);
    pthread_mutex_destroy(&sh.lock);
    pthread_cond_destroy(&sh.open);
    for (int c = 0; c < n && c < VP_CLIENTS; c++)
        hf_ctx_free(args[c].ctx);
    free(sh.t0);
    free(sh.t1);
    return rc;
}

/* lj_serial5: the clients' workflows one after another in one stream on the whole GPU, timed
 * on the host like lj_concurrent5 so that the two compare. */
static hf_err run_serial(hf_ctx *ctx, vg_gpu *g, vg_client *cl, const vp_exp *e, int warmup,
                         int reps, double timeout, double *samples)
{
    hf_err rc = HF_OK;
    vr_state st[VP_CLIENTS];
    int n = e->clients < VP_CLIENTS ? e->clients : VP_CLIENTS;
    memset(st, 0, sizeof st);
    for (int c = 0; c < n; c++)
        if ((rc = state_init(ctx, &st[c], g, cl, timeout, NULL, e->lj_cells)) ||
            (rc = prepare(ctx, &st[c], e->workload)))
            goto fail;
    for (int r = 0; r < warmup + reps; r++) {
        for (int c = 0; c < n; c++)
            if ((rc = lj_reset(ctx, &st[c]))) goto fail;
        if ((rc = sync_state(ctx, &st[0], "LJ reset"))) goto fail;
        double t0 = now_s();
        for (int c = 0; c < n; c++)
            if ((rc = run_groups(ctx, &st[c], e))) goto fail;
        if ((rc = sync_state(ctx, &st[0], "waiting for the workflows"))) goto fail;
        if (r >= warmup) samples[r - warmup] = now_s() - t0;
    }
    for (int c = 0; c < n; c++)
        if ((rc = lj_check(ctx, &st[c]))) goto fail;
fail:
    for (int c = 0; c < n; c++)
        state_free(&st[c]);
    return rc;
}

/* Host and device buffers of the copies, sized for the largest. */
typedef struct copy_bufs {
    size_t size;
    void *dev, *pinned, *pageable;
    cudaEvent_t ev0, ev1;
} copy_bufs;

static hf_err copies_open(hf_ctx *ctx, copy_bufs *cb, size_t size)
{
    hf_err rc = HF_OK;
    cb->size = size;
    VG_RT(cudaMalloc(&cb->dev, size), "cudaMalloc (copy buffer)");
    VG_RT(cudaMallocHost(&cb->pinned, size), "cudaMallocHost (copy buffer)");
    if (!(cb->pageable = malloc(size))) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory (%zu bytes of pageable memory)", size);
        goto fail;
    }
    memset(cb->pageable, 1, size); /* fault the pages in: no first-touch cost in the samples */
    memset(cb->pinned, 1, size);
    VG_RT(cudaMemset(cb->dev, 0, size), "cudaMemset");
    VG_RT(cudaEventCreate(&cb->ev0), "cudaEventCreate");
    VG_RT(cudaEventCreate(&cb->ev1), "cudaEventCreate");
fail:
    return rc;
}

static void copies_close(vg_gpu *g, copy_bufs *cb)
{
    if (vg_stuck(g)) return;
    if (cb->dev) cudaFree(cb->dev);
    if (cb->pinned) cudaFreeHost(cb->pinned);
    free(cb->pageable);
    if (cb->ev0) cudaEventDestroy(cb->ev0);
    if (cb->ev1) cudaEventDestroy(cb->ev1);
    memset(cb, 0, sizeof *cb);
}

/* One copy per sample, between two events on the legacy default stream (where cudaMemcpy
 * runs), in the primary context. */
static hf_err run_copy(hf_ctx *ctx, vg_gpu *g, copy_bufs *cb, const vp_exp *e, int warmup, int reps,
                       double timeout, double *samples)
{
    hf_err rc = HF_OK;
    size_t bytes = (size_t)e->copy_bytes;
    void *host = e->pinned ? cb->pinned : cb->pageable;
    int h2d = e->direction == VP_H2D;
    for (int r = 0; r < warmup + reps; r++) {
        float ms = 0;
        VG_RT(cudaEventRecord(cb->ev0, 0), "cudaEventRecord");
        VG_RT(cudaMemcpy(h2d ? cb->dev : host, h2d ? host : cb->dev, bytes,
                         h2d ? cudaMemcpyHostToDevice : cudaMemcpyDeviceToHost),
              "cudaMemcpy");
        VG_RT(cudaEventRecord(cb->ev1, 0), "cudaEventRecord");
        if ((rc = wait_event(ctx, g, cb->ev1, timeout, "waiting for the copy"))) goto fail;
        VG_RT(cudaEventElapsedTime(&ms, cb->ev0, cb->ev1), "cudaEventElapsedTime");
        if (r >= warmup) samples[r - warmup] = 1e-3 * ms;
    }
fail:
    return rc;
}

/* ---- the plan --------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Free the state of client c (in its context), then close c. */
static void release(vg_gpu *g, vg_client *c, vr_state *st)
{
    if (!vg_stuck(g) && g->d.ctx_set_current(c->ctx) == CUDA_SUCCESS) state_free(st);
    vg_clients_close(g, c, 1);
}

hf_err vg_run_plan(hf_ctx *ctx, vg_gpu *g, const vp_plan *plan, vg_mech mech, double timeout,
                   int quiet, hf_meas *m)
{
    hf_err rc = HF_OK;
    int reps = plan->reps, warmup = plan->warmup, have = 0;
    double cur_share = 0, *samples = (double *)calloc((size_t)reps, sizeof(double));
    double *sorted = (double *)calloc((size_t)reps, sizeof(double));
    size_t max_copy = 0;
    vg_client cur, multi[VP_CLIENTS];
    vr_state st;
    copy_bufs cb;
    const vp_exp *e = NULL;
    memset(&cur, 0, sizeof cur);
    memset(multi, 0, sizeof multi);
    memset(&st, 0, sizeof st);
    memset(&cb, 0, sizeof cb);
    if (!samples || !sorted) {
        rc = hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < plan->nexps; i++)
        if (plan->exps[i].copy_bytes > max_copy) max_copy = (size_t)plan->exps[i].copy_bytes;
    for (size_t i = 0; i < plan->nexps; i++) {
        e = &plan->exps[i];
        int sms = g->sms;
        double t_start = now_s();
        /* one client per share, kept across the workloads of that share */
        if (have && (e->clients > 1 || e->direction >= 0 || e->share != cur_share)) {
            release(g, &cur, &st);
            have = 0;
        }
        if (e->direction >= 0) {
            vg_use_primary(g);
            if (!cb.size && (rc = copies_open(ctx, &cb, max_copy))) goto fail;
            rc = run_copy(ctx, g, &cb, e, warmup, reps, timeout, samples);
        } else if (e->clients > 1) {
            if ((rc = vg_clients_open(ctx, g, mech, e->share, e->clients, multi))) goto fail;
            sms = multi[0].sms;
            for (int c = 1; c < e->clients; c++)
                sms = multi[c].sms < sms ? multi[c].sms : sms;
            if (e->serial)
                rc = run_serial(ctx, g, &multi[0], e, warmup, reps, timeout, samples);
            else
                rc = run_concurrent(ctx, g, multi, e, warmup, reps, timeout, samples);
            vg_clients_close(g, multi, e->clients);
        } else {
            if (!have) {
                if ((rc = vg_clients_open(ctx, g, mech, e->share, 1, &cur))) goto fail;
                have = 1;
                cur_share = e->share;
                if ((rc = vg_client_use(ctx, g, &cur)) ||
                    (rc = state_init(ctx, &st, g, &cur, timeout, &m->dev.cublas_version,
                                     plan->lj_cells)))
                    goto fail;
            }
            sms = cur.sms;
            rc = run_single(ctx, &st, e, warmup, reps, samples);
        }
        if (rc || (rc = vp_exp_record(ctx, m, e, mech != VG_NONE, mech == VG_MPS, g->sms, sms,
                                      samples, reps)))
            goto fail;
        if (!quiet) {
            memcpy(sorted, samples, (size_t)reps * sizeof *sorted);
            qsort(sorted, (size_t)reps, sizeof *sorted, cmp_double);
            fprintf(stderr, "[%zu/%zu] %-28s %3d SMs  median %10.4f ms  (%.1f s)\n", i + 1,
                    plan->nexps, e->name, sms, 1e3 * sorted[reps / 2], now_s() - t_start);
        }
    }
fail:
    if (rc && e) hf_ctx_prefix(ctx, "experiment '%s'", e->name);
    if (have) release(g, &cur, &st);
    vg_use_primary(g);
    if (cb.size) copies_close(g, &cb);
    free(samples);
    free(sorted);
    return rc;
}
