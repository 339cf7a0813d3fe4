/* random.c: place each ready task on a candidate drawn uniformly with the run's seed. */
#include "policy/builtin.h"

static hf_err random_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    size_t k = (size_t)(hf_policy_uniform(pol) * (double)d->ncands);
    *choice = k < d->ncands ? k : d->ncands - 1;
    return HF_OK;
}

const hf_policy_ops hf_policy_random = {
    .name = "random", .wants_estimates = 0, .decide = random_decide};
