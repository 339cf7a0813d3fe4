/* test_cost.c: the compute-time model (docs/models/compute.md) at hand-computed points. */
#include "check.h"
#include "exec/cost.h"

int main(void)
{
    hf_resource g = {0};
    g.kind = HF_RES_GPU;
    g.cores = 1;
    g.speed = 1e12;  /* 1 Tflop/s */
    g.mem_bw = 1e11; /* 100 GB/s */
    hf_resource c = {0};
    c.kind = HF_RES_CPU;
    c.cores = 8;
    c.speed = 1e9;
    hf_task_ext x = {0};
    hf_task t = {.ext = &x};
    t.cores = 1;

    /* compute-bound: max(2e12 / 1e12, 1e11 / 1e11) = max(2, 1) = 2 s */
    x.gpu = (hf_cost){1, 2e12, 1e11, 0, 0};
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_GPU, &g), 2.0, 1e-15);
    CHECK_NEAR(hf_cost_amount(NULL, &t, HF_RES_GPU, &g), 2e12, 1e-15);
    /* memory-bound: max(1, 3e11 / 1e11 = 3) = 3 s, i.e. 3e12 flop at peak */
    x.gpu = (hf_cost){1, 1e12, 3e11, 0, 0};
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_GPU, &g), 3.0, 1e-15);
    CHECK_NEAR(hf_cost_amount(NULL, &t, HF_RES_GPU, &g), 3e12, 1e-15);
    /* unknown memory bandwidth: bytes ignored, 1 s */
    g.mem_bw = 0;
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_GPU, &g), 1.0, 1e-15);
    /* seconds without a reference: the same on any GPU */
    x.gpu = (hf_cost){1, 0, 0, 0.5, 0};
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_GPU, &g), 0.5, 1e-15);
    g.speed = 4e12;
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_GPU, &g), 0.5, 1e-15);
    /* seconds measured at 2 Tflop/s: 1e12 flop, 0.25 s on a 4 Tflop/s GPU */
    x.gpu = (hf_cost){1, 0, 0, 0.5, 2e12};
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_GPU, &g), 0.25, 1e-15);

    /* CPU: 8e9 flop over 4 cores at 1e9 = 2 s */
    t.cores = 4;
    t.cpu = (hf_cost){1, 8e9, 0, 0, 0};
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_CPU, &c), 2.0, 1e-15);
    /* CPU: 3 s at 2 Gflop/s = 6e9 flop; on 1 core at 1 Gflop/s = 6 s */
    t.cores = 1;
    t.cpu = (hf_cost){1, 0, 0, 3, 2e9};
    CHECK_NEAR(hf_cost_amount(NULL, &t, HF_RES_CPU, &c), 6e9, 1e-15);
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_CPU, &c), 6.0, 1e-15);
    /* CPU: 3 s of wall time on 4 cores at 2 Gflop/s = 3 x 2e9 x 4 = 2.4e10 flop; on 4 cores at
     * 1 Gflop/s: 2.4e10 / (4 x 1e9) = 6 s (twice the time at half the speed) */
    t.cores = 4;
    CHECK_NEAR(hf_cost_amount(NULL, &t, HF_RES_CPU, &c), 2.4e10, 1e-15);
    CHECK_NEAR(hf_cost_seconds(NULL, &t, HF_RES_CPU, &c), 6.0, 1e-15);
    return hf_check_summary();
}
