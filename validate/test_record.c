/* test_record.c: the harness's whole plan recorded as a run would record it (vp_exp_record), with
 * synthetic samples, passes hf_meas_check, survives hf_meas_write / hf_meas_read, and reads back
 * with the descriptors of workloads/nano_lammps.lua. Needs no GPU; the file it writes (origin
 * "synthetic") is then read with h5py by tests/check_meas.py (ctest validate.record_h5py).
 *
 * Device: 132 SMs (an H200) split by green contexts in groups of 8 (README.md's table): share
 * 0.3 -> 40 SMs, share 40 / 132 = 0.30303; lj_concurrent5 -> 24 SMs each. 136 experiments (the
 * count worked out in tests/check_plan.sh), 30 samples each. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hetflow/hf_meas.h"
#include "plan.h"

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* SMs of a green group for share on 132 SMs: the nearest multiple of 8 (gpu.cu). */
static int green_sms(double share, int clients)
{
    int want = (int)floor(share * 132 / 8 + 0.5) * 8, most = 132 / clients / 8 * 8;
    if (share >= 1) return 132;
    if (want < 8) want = 8;
    return want > most ? most : want;
}

int main(int argc, char **argv)
{
    static const double shares[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    const char *path = argc > 1 ? argv[1] : "validate-record.h5";
    double samples[30];
    vp_options o;
    vp_plan plan;
    hf_meas *m = hf_meas_new(), *back = NULL;
    hf_ctx *ctx = hf_ctx_new();
    memset(&o, 0, sizeof o);
    memset(&plan, 0, sizeof plan);
    for (int w = 0; w < VP_NWORKLOADS; w++)
        o.only[w] = 1;
    o.shares = shares;
    o.nshares = 10;
    o.partitioned = 1;
    o.sms = 132;
    o.reps = 30;
    o.warmup = 5;
    if (!m || !ctx || vp_plan_build(&plan, &o)) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    m->dev.sms = 132;
    m->warmup = 5;
    if (hf_meas_set_str(ctx, &m->tool, "hetflow-validate") ||
        hf_meas_set_str(ctx, &m->origin, "synthetic") ||
        hf_meas_set_str(ctx, &m->mechanism, "green_context") ||
        hf_meas_set_str(ctx, &m->dev.name, "test device")) {
        fprintf(stderr, "%s\n", hf_ctx_errmsg(ctx));
        return 1;
    }
    for (size_t i = 0; i < plan.nexps; i++) {
        const vp_exp *e = &plan.exps[i];
        int sms = e->direction >= 0 ? 132 : green_sms(e->share, e->clients);
        for (int r = 0; r < 30; r++)
            samples[r] = 1e-3 * (1 + 0.01 * r);
        CHECK(vp_exp_record(ctx, m, e, 1, 0, 132, sms, samples, 30) == HF_OK, "%s: %s", e->name,
              hf_ctx_errmsg(ctx));
    }
    CHECK(hf_meas_check(ctx, m) == HF_OK, "hf_meas_check: %s", hf_ctx_errmsg(ctx));
    CHECK(hf_meas_write(ctx, m, path) == HF_OK, "hf_meas_write: %s", hf_ctx_errmsg(ctx));
    CHECK(hf_meas_read(ctx, path, &back) == HF_OK, "hf_meas_read: %s", hf_ctx_errmsg(ctx));
    if (back) {
        const hf_meas_exp *x;
        CHECK(back->nexps == 136, "%zu experiments, expected 136", back->nexps);
        if ((x = hf_meas_find(back, "lj_pair@1.00"))) {
            /* 1800 x 32,000 = 57,600,000 flop, 360 x 32,000 = 11,520,000 bytes, 250 blocks */
            CHECK(x->nkernels == 1 && x->kernels[0].count == 20 && x->kernels[0].flops == 57.6e6 &&
                      x->kernels[0].bytes == 11.52e6 && x->kernels[0].blocks == 250,
                  "lj_pair@1.00 kernel group");
            CHECK(strcmp(x->mechanism, "whole") == 0 && x->share == 1, "lj_pair@1.00 whole");
            CHECK(x->nsamples == 30, "lj_pair@1.00: %zu samples", x->nsamples);
        } else {
            CHECK(0, "no lj_pair@1.00");
        }
        if ((x = hf_meas_find(back, "stream_triad@0.30")))
            CHECK(strcmp(x->mechanism, "green_context") == 0 && x->sms == 40 &&
                      fabs(x->share - 40.0 / 132) < 1e-12 && x->share_requested == 0.3,
                  "stream_triad@0.30: %s %d SMs share %g", x->mechanism, x->sms, x->share);
        else
            CHECK(0, "no stream_triad@0.30");
        if ((x = hf_meas_find(back, "lj_concurrent5@0.20")))
            CHECK(x->clients == 5 && x->serial == 0 && x->sms == 24 && x->nkernels == 660,
                  "lj_concurrent5@0.20: %d clients, %d SMs, %zu groups", x->clients, x->sms,
                  x->nkernels);
        else
            CHECK(0, "no lj_concurrent5@0.20");
        if ((x = hf_meas_find(back, "d2h-pageable-1073741824")))
            CHECK(strcmp(x->mechanism, "copy") == 0 && strcmp(x->direction, "d2h") == 0 &&
                      x->pinned == 0 && x->bytes == 1073741824.0 && x->nkernels == 0 &&
                      strcmp(x->precision, "") == 0,
                  "d2h-pageable-1073741824");
        else
            CHECK(0, "no d2h-pageable-1073741824");
    }
    printf("test_record: %zu experiments recorded, %s\n", plan.nexps, failures ? "FAILED" : "ok");
    vp_plan_destroy(&plan);
    hf_meas_free(m);
    hf_meas_free(back);
    hf_ctx_free(ctx);
    return failures ? 1 : 0;
}
