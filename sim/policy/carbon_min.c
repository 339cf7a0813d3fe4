/* carbon_min.c: place each ready task where the grid is cleanest now (docs/policies.md
 * #carbon-aware-placement): the candidate whose site's carbon intensity at the decision is
 * lowest (hf_candidate.carbon, docs/models/carbon.md); among equal intensities, and among sites
 * that state none (which come after every site that does), the earliest estimated finish.
 * O(candidates) per decision. */
#include "policy/builtin.h"

/* 1 when candidate a goes before b. */
static int before(const hf_candidate *a, const hf_candidate *b)
{
    int ka = a->carbon >= 0, kb = b->carbon >= 0;
    if (ka != kb) return ka;
    if (ka && a->carbon != b->carbon) return a->carbon < b->carbon;
    if (a->est_finish != b->est_finish) return a->est_finish < b->est_finish;
    return a->est_start < b->est_start;
}

static hf_err cm_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    (void)pol;
    size_t best = 0;
    for (size_t k = 1; k < d->ncands; k++)
        if (before(&d->cands[k], &d->cands[best])) best = k;
    *choice = best;
    return HF_OK;
}

const hf_policy_ops hf_policy_carbon_min = {
    .name = "carbon_min", .wants_estimates = 1, .decide = cm_decide};
