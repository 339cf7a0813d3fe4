/* test_image.c: the image pull model (docs/models/serverless.md#image-pulls) at hand-computed
 * points, its defaults, and the configuration check naming the bad field. */
#include <math.h>

#include "check.h"
#include "exec/image.h"
#include "hetflow/hetflow.h"

int main(void)
{
    /* Registry 50 MB/s, unpack 25 MB/s, image 100 MB, idle route 2 ms / 100 MB/s:
     *   sequential: 0.002 + 100e6 / min(50e6, 100e6) + 100e6 / 25e6 = 0.002 + 2 + 4 = 6.002 s
     *   streamed:   0.002 + 100e6 / min(50e6, 100e6, 25e6)           = 0.002 + 4     = 4.002 s
     *   registry on the node (no download):  100e6 / 25e6           = 4 s, either way */
    hf_pull_model m = {.registry_bandwidth = 50e6, .unpack_rate = 25e6, .streamed = 0};
    CHECK_NEAR(hf_image_ready_seconds(&m, 100e6, 1, 0.002, 100e6), 6.002, 1e-12);
    CHECK_NEAR(hf_image_ready_seconds(&m, 100e6, 0, 0.002, 100e6), 4.0, 1e-12);
    m.streamed = 1;
    CHECK_NEAR(hf_image_ready_seconds(&m, 100e6, 1, 0.002, 100e6), 4.002, 1e-12);
    CHECK_NEAR(hf_image_ready_seconds(&m, 100e6, 0, 0.002, 100e6), 4.0, 1e-12);

    /* A 10 MB/s path, slower than the registry (50 MB/s) and the unpack (25 MB/s):
     *   streamed:   0.002 + 100e6 / 10e6 = 10.002 s (the unpack keeps up with the bytes)
     *   sequential: 10.002 + 100e6 / 25e6 = 14.002 s */
    CHECK_NEAR(hf_image_ready_seconds(&m, 100e6, 1, 0.002, 10e6), 10.002, 1e-12);
    m.streamed = 0;
    CHECK_NEAR(hf_image_ready_seconds(&m, 100e6, 1, 0.002, 10e6), 14.002, 1e-12);

    /* No image, no time (even with latency) */
    CHECK(hf_image_ready_seconds(&m, 0, 1, 0.002, 10e6) == 0);

    /* The defaults on the workload's 1.5 GB image over a 10 GB/s path of 10 us: the registry
     * (193 MB/s) and the unpack (88 MB/s) decide, not the line rate (0.15 s before this model):
     *   1e-5 + 1.5e9 / 193e6 + 1.5e9 / 88e6 = 1e-5 + 7.7720207 + 17.0454545 = 24.8174853 s */
    hf_serverless *s = hf_serverless_new();
    CHECK(s != NULL);
    CHECK(s->pull.registry_bandwidth == 193e6);
    CHECK(s->pull.unpack_rate == 88e6);
    CHECK(s->pull.streamed == 0);
    CHECK_NEAR(hf_image_ready_seconds(&s->pull, 1.5e9, 1, 1e-5, 10e9),
               1e-5 + 1.5e9 / 193e6 + 1.5e9 / 88e6, 1e-12);
    CHECK_NEAR(hf_image_ready_seconds(&s->pull, 1.5e9, 1, 1e-5, 10e9), 24.8174853, 1e-7);

    /* The C configuration is checked before a run; the message names the field */
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = hf_platform_new("p");
    hf_platform_add_site(ctx, p, "s", (hf_link_spec){0, 0});
    hf_resource r = {.name = "n", .site = 0, .cores = 1, .speed = 1e9, .link = {1e9, 0}};
    CHECK(hf_platform_add_resource(ctx, p, &r) == 0);
    hf_workflow *wf = hf_workflow_new("w");
    CHECK(hf_serverless_check(ctx, s, p, wf) == HF_OK);
    s->pull.unpack_rate = 0;
    CHECK(hf_serverless_check(ctx, s, p, wf) == HF_EINPUT);
    CHECK_STREQ(hf_ctx_errmsg(ctx),
                "serverless.unpack_rate: must be a finite rate > 0 (bytes/s), got 0");
    s->pull.unpack_rate = 88e6;
    s->pull.registry_bandwidth = INFINITY;
    CHECK(hf_serverless_check(ctx, s, p, wf) == HF_EINPUT);
    CHECK_STREQ(hf_ctx_errmsg(ctx),
                "serverless.registry_bandwidth: must be a finite rate > 0 (bytes/s), got inf");
    s->pull.registry_bandwidth = -5;
    CHECK(hf_serverless_check(ctx, s, p, wf) == HF_EINPUT);
    CHECK_STREQ(hf_ctx_errmsg(ctx),
                "serverless.registry_bandwidth: must be a finite rate > 0 (bytes/s), got -5");
    s->pull.registry_bandwidth = NAN;
    CHECK(hf_serverless_check(ctx, s, p, wf) == HF_EINPUT);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "serverless.registry_bandwidth: must be a finite rate");

    hf_workflow_free(wf);
    hf_platform_free(p);
    hf_serverless_free(s);
    hf_ctx_free(ctx);
    return hf_check_summary();
}
