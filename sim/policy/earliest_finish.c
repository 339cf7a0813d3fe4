/* earliest_finish.c: place each ready task on the candidate with the earliest estimated finish
 * time (ties: earliest start, then platform order). O(candidates) per decision. */
#include "policy/builtin.h"

size_t hf_policy_earliest(const hf_decision *d)
{
    size_t best = 0;
    for (size_t k = 1; k < d->ncands; k++) {
        const hf_candidate *c = &d->cands[k], *b = &d->cands[best];
        if (c->est_finish < b->est_finish ||
            (c->est_finish == b->est_finish && c->est_start < b->est_start))
            best = k;
    }
    return best;
}

static hf_err ef_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    *choice = hf_policy_earliest(d);
    return HF_OK;
}

const hf_policy_ops hf_policy_earliest_finish = {
    .name = "earliest_finish", .wants_estimates = 1, .earliest_finish = 1, .decide = ef_decide};
