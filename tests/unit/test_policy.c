/* test_policy.c: built-in policies on worked examples, and the seeded generator. */
#include <stdlib.h>

#include "check.h"
#include "hetflow/hetflow.h"

static hf_platform *five_nodes(hf_ctx *ctx)
{
    hf_platform *p = hf_platform_new("five");
    hf_platform_add_site(ctx, p, "s", (hf_link_spec){0, 0});
    const char *names[] = {"n0", "n1", "n2", "n3", "n4"};
    for (int i = 0; i < 5; i++) {
        hf_resource r = {0};
        r.name = (char *)names[i];
        r.site = 0;
        r.cores = 1;
        r.speed = 1e9;
        r.link = (hf_link_spec){1e9, 0};
        hf_platform_add_resource(ctx, p, &r);
    }
    return p;
}

/* A candidate on resource r with the given estimates (CPU variant). */
static hf_candidate cand(int r, double start, double finish)
{
    return (hf_candidate){.resource = r, .est_start = start, .est_finish = finish};
}

static size_t decide(hf_policy *pol, const hf_platform *p, hf_candidate *c, size_t n)
{
    hf_decision d = {.platform = p, .cands = c, .ncands = n, .estimated = 1};
    size_t choice = 99;
    CHECK(pol->ops->decide(pol, &d, &choice) == HF_OK);
    CHECK(choice < n);
    return choice;
}

/* Candidates are resources 1, 3, 4 of 0..4. Cursor 0 -> 1 (cursor 2) -> 3 (cursor 4) -> 4
 * (cursor 5 wraps to 0) -> 1 again. With every resource a candidate: 2, 3, 4, 0, 1, ... */
static void round_robin(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = five_nodes(ctx);
    hf_policy *pol = hf_policy_builtin(ctx, "round_robin");
    CHECK(pol && !pol->ops->wants_estimates);
    CHECK(pol->ops->init(pol, p, NULL) == HF_OK);
    hf_candidate sub[3] = {cand(1, 0, 0), cand(3, 0, 0), cand(4, 0, 0)};
    CHECK(sub[decide(pol, p, sub, 3)].resource == 1);
    CHECK(sub[decide(pol, p, sub, 3)].resource == 3);
    CHECK(sub[decide(pol, p, sub, 3)].resource == 4);
    CHECK(sub[decide(pol, p, sub, 3)].resource == 1);
    hf_candidate all[5];
    for (int i = 0; i < 5; i++)
        all[i] = (hf_candidate)cand(i, 0, 0);
    const int want[] = {2, 3, 4, 0, 1, 2};
    for (int k = 0; k < 6; k++)
        CHECK(all[decide(pol, p, all, 5)].resource == want[k]);
    pol->ops->finish(pol);
    hf_policy_free(pol);
    hf_platform_free(p);
    hf_ctx_free(ctx);
}

/* Earliest finish: minimum est_finish; ties go to the earlier est_start, then to platform
 * order. */
static void earliest_finish(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = five_nodes(ctx);
    hf_policy *pol = hf_policy_builtin(ctx, "earliest_finish");
    CHECK(pol && pol->ops->wants_estimates);
    hf_candidate c[4] = {cand(0, 1.0, 5.0), cand(1, 0.5, 4.0), cand(2, 0.0, 4.0),
                         cand(3, 0.0, 4.0)};
    CHECK(decide(pol, p, c, 4) == 2);
    c[2].est_finish = 3.0;
    c[3].est_finish = 3.5;
    CHECK(decide(pol, p, c, 4) == 2);
    c[0].est_finish = 1.0;
    CHECK(decide(pol, p, c, 4) == 0);
    hf_policy_free(pol);
    hf_platform_free(p);
    hf_ctx_free(ctx);
}

/* random: reproducible per seed, different across seeds, uniform enough. */
static void random_policy(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = five_nodes(ctx);
    hf_candidate all[5];
    for (int i = 0; i < 5; i++)
        all[i] = (hf_candidate)cand(i, 0, 0);
    ctx->seed = 42;
    hf_policy *a = hf_policy_builtin(ctx, "random"), *b = hf_policy_builtin(ctx, "random");
    ctx->seed = 43;
    hf_policy *c = hf_policy_builtin(ctx, "random");
    int same = 1, differ = 0, hist[5] = {0};
    for (int k = 0; k < 5000; k++) {
        size_t x = decide(a, p, all, 5), y = decide(b, p, all, 5), z = decide(c, p, all, 5);
        same &= x == y;
        differ |= x != z;
        hist[x]++;
    }
    CHECK(same);
    CHECK(differ);
    /* 5000 draws over 5 bins: 1000 each; a fixed seed makes this deterministic */
    for (int i = 0; i < 5; i++)
        CHECK(hist[i] > 900 && hist[i] < 1100);
    double sum = 0;
    for (int k = 0; k < 100000; k++) {
        double u = hf_policy_uniform(a);
        CHECK(u >= 0 && u < 1);
        sum += u;
    }
    CHECK_NEAR(sum / 100000, 0.5, 0.01);
    hf_policy_free(a);
    hf_policy_free(b);
    hf_policy_free(c);
    CHECK(hf_policy_builtin(ctx, "fifo") == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx),
                       "unknown policy 'fifo' (known: round_robin, random, earliest_finish, heft, "
                       "min_min, max_min, data_locality, carbon_min, carbon_weighted, carbon_deadline)");
    hf_platform_free(p);
    hf_ctx_free(ctx);
}

/* Parameters: "name:key=value,..." over the defaults; the recorded name has them all, with
 * values that read back exactly; errors name the parameter. */
static void parameters(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_policy *a = hf_policy_builtin(ctx, "carbon_weighted");
    CHECK(a && a->param[0] == 1 && a->param[1] == 1 && a->param[2] == 0);
    CHECK_STREQ(a->name, "carbon_weighted:carbon=1,finish=1,latency=0");
    hf_policy *b = hf_policy_builtin(ctx, "carbon_weighted:latency=0.25,carbon=2");
    CHECK(b && b->param[0] == 2 && b->param[1] == 1 && b->param[2] == 0.25);
    CHECK_STREQ(b->name, "carbon_weighted:carbon=2,finish=1,latency=0.25");
    /* 0.1 + 0.2 is not 0.3: 15 digits would not read back, 17 do */
    hf_policy *c = hf_policy_builtin(ctx, "carbon_weighted:carbon=0.30000000000000004");
    CHECK(c && c->param[0] == 0.1 + 0.2);
    CHECK_STREQ(c->name, "carbon_weighted:carbon=0.30000000000000004,finish=1,latency=0");
    hf_policy *d = hf_policy_builtin(ctx, "round_robin");
    CHECK(d && d->name == NULL); /* no parameters: the ops' name is recorded */
    hf_policy_free(a);
    hf_policy_free(b);
    hf_policy_free(c);
    hf_policy_free(d);
    CHECK(hf_policy_builtin(ctx, "round_robin:") == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "policy 'round_robin' takes no parameters, got ''");
    CHECK(hf_policy_builtin(ctx, "carbon_deadline:slack=1,slack=2") == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "parameter 'slack' given twice");
    CHECK(hf_policy_builtin(ctx, "carbon_deadline:step=+5") == NULL);
    CHECK_STR_CONTAINS(hf_ctx_errmsg(ctx), "parameter 'step': a number from 0 to 1e12 expected");
    CHECK(hf_policy_builtin(ctx, "carbon_deadline:slack=1e-999") == NULL); /* underflows to 0 */
    hf_ctx_free(ctx);
}

/* carbon_weighted on a hand-worked decision at now = 10 (weights 1, 1, 1):
 *   candidate  carbon  est_finish  latency
 *   0          100     30 (F 20)   0.010
 *   1          300     20 (F 10)   0.030
 *   2          none    15 (F 5)    0.020     scored at the highest stated intensity, 300
 * means: I (100 + 300 + 300) / 3 = 233.33, F 35 / 3 = 11.667, L 0.060 / 3 = 0.020
 *   0: 100/233.33 + 20/11.667 + 0.010/0.020 = 0.4286 + 1.7143 + 0.5 = 2.6429
 *   1: 300/233.33 + 10/11.667 + 1.5         = 1.2857 + 0.8571 + 1.5 = 3.6429
 *   2: 1.2857 + 5/11.667 + 1                = 1.2857 + 0.4286 + 1   = 2.7143   -> 0
 * With latency=0: 0 2.1429, 1 2.1429, 2 1.7143 -> 2. With finish=0,latency=0: 0 (the least
 * intensity). */
static void carbon_weighted(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = five_nodes(ctx);
    hf_candidate c[3] = {cand(0, 10, 30), cand(1, 10, 20), cand(2, 10, 15)};
    c[0].carbon = 100, c[1].carbon = 300, c[2].carbon = -1;
    c[0].latency = 0.010, c[1].latency = 0.030, c[2].latency = 0.020;
    const char *specs[] = {"carbon_weighted:latency=1", "carbon_weighted",
                           "carbon_weighted:finish=0"};
    const size_t want[] = {0, 2, 0};
    for (int k = 0; k < 3; k++) {
        hf_policy *pol = hf_policy_builtin(ctx, specs[k]);
        CHECK(pol != NULL);
        hf_decision d = {.platform = p, .cands = c, .ncands = 3, .estimated = 1, .now = 10};
        size_t choice = 99;
        CHECK(pol->ops->decide(pol, &d, &choice) == HF_OK);
        CHECK(choice == want[k]);
        hf_policy_free(pol);
    }
    hf_platform_free(p);
    hf_ctx_free(ctx);
}

int main(void)
{
    round_robin();
    earliest_finish();
    random_policy();
    parameters();
    carbon_weighted();
    return hf_check_summary();
}
