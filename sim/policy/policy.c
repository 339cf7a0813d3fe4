/* policy.c: policy objects, the seeded generator, and the table of built-in policies. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "hetflow/hf_policy.h"
#include "policy/builtin.h"

static const hf_policy_ops *const builtins[] = {
    &hf_policy_round_robin, &hf_policy_random,  &hf_policy_earliest_finish, &hf_policy_heft,
    &hf_policy_min_min,     &hf_policy_max_min, &hf_policy_data_locality,   &hf_policy_carbon_min,
    NULL};

static const char *const builtin_names[] = {"round_robin", "random",  "earliest_finish", "heft",
                                            "min_min",     "max_min", "data_locality",   "carbon_min",
                                            NULL};

const char *const *hf_policy_builtin_names(void)
{
    return builtin_names;
}

hf_policy *hf_policy_new(hf_ctx *ctx, const hf_policy_ops *ops, void *state)
{
    hf_policy *pol = calloc(1, sizeof *pol);
    if (!pol) {
        hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
        return NULL;
    }
    pol->ops = ops;
    pol->ctx = ctx;
    pol->rng = ctx->seed;
    pol->state = state;
    return pol;
}

hf_policy *hf_policy_builtin(hf_ctx *ctx, const char *name)
{
    for (size_t i = 0; builtins[i]; i++)
        if (strcmp(builtins[i]->name, name) == 0) return hf_policy_new(ctx, builtins[i], NULL);
    char known[256] = "";
    for (size_t i = 0; builtin_names[i]; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                 builtin_names[i]);
    hf_ctx_fail(ctx, HF_EINPUT, "unknown policy '%s' (known: %s)", name, known);
    return NULL;
}

void hf_policy_free(hf_policy *pol)
{
    free(pol);
}

/* splitmix64 (Steele, Lea, Flood 2014): tiny, seedable from any value, good enough to draw
 * placements; the state is the policy's own, so runs are reproducible per seed. */
double hf_policy_uniform(hf_policy *pol)
{
    uint64_t z = (pol->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}
