/* data_locality.c: place each ready task on the candidate already holding the most bytes of its
 * inputs (local_bytes); among those, the earliest estimated finish, then platform order. */
#include "policy/builtin.h"

static hf_err dl_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    size_t best = 0;
    for (size_t k = 1; k < d->ncands; k++) {
        const hf_candidate *c = &d->cands[k], *b = &d->cands[best];
        if (c->local_bytes > b->local_bytes ||
            (c->local_bytes == b->local_bytes &&
             (c->est_finish < b->est_finish ||
              (c->est_finish == b->est_finish && c->est_start < b->est_start))))
            best = k;
    }
    *choice = best;
    return HF_OK;
}

const hf_policy_ops hf_policy_data_locality = {
    .name = "data_locality", .wants_estimates = 1, .decide = dl_decide};
