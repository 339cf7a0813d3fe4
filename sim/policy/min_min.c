/* min_min.c: min-min and max-min (Ibarra and Kim 1977; Braun et al. 2001) over each batch of
 * tasks readied together: repeatedly commit the task whose earliest estimated finish is the
 * smallest (min-min) or the largest (max-min), on the candidate giving it. */
#include "policy/builtin.h"

/* Index in ds of the task whose best est_finish is extreme (smallest when want_min). */
static size_t extreme(const hf_decision *ds, size_t n, int want_min)
{
    size_t best = 0;
    double best_f = 0;
    for (size_t i = 0; i < n; i++) {
        double f = ds[i].cands[hf_policy_earliest(&ds[i])].est_finish;
        if (i == 0 || (want_min ? f < best_f : f > best_f)) {
            best = i;
            best_f = f;
        }
    }
    return best;
}

static size_t min_pick(hf_policy *pol, const hf_decision *ds, size_t n)
{
    return extreme(ds, n, 1);
}

static size_t max_pick(hf_policy *pol, const hf_decision *ds, size_t n)
{
    return extreme(ds, n, 0);
}

static hf_err mm_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    *choice = hf_policy_earliest(d);
    return HF_OK;
}

const hf_policy_ops hf_policy_min_min = {
    .name = "min_min", .wants_estimates = 1, .pick = min_pick, .decide = mm_decide};
const hf_policy_ops hf_policy_max_min = {
    .name = "max_min", .wants_estimates = 1, .pick = max_pick, .decide = mm_decide};
