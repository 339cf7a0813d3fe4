/* round_robin.c: place successive ready tasks on successive resources of the platform, cycling;
 * a task goes to the first candidate at or after the cursor (so resources it cannot use are
 * skipped), and the cursor moves past the chosen resource. */
#include <stdlib.h>

#include "policy/builtin.h"

typedef struct rr_state {
    int cursor; /* next resource index to try */
    int nres;   /* resources on the platform */
} rr_state;

static hf_err rr_init(hf_policy *pol, const hf_platform *p, const hf_workflow *wf)
{
    rr_state *s = calloc(1, sizeof *s);
    if (!s) return hf_ctx_fail(pol->ctx, HF_ENOMEM, "out of memory");
    s->nres = (int)p->nres;
    pol->state = s;
    return HF_OK;
}

/* Candidates come in platform order: pick the first with resource >= cursor (binary search,
 * O(log candidates): 1000-node platforms ask this 10^5 times), else wrap to the first one. */
static hf_err rr_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    rr_state *s = pol->state;
    size_t lo = 0, hi = d->ncands;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->cands[mid].resource < s->cursor)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo == d->ncands ? 0 : lo;
    *choice = k;
    s->cursor = d->cands[k].resource + 1;
    if (s->cursor >= s->nres) s->cursor = 0;
    return HF_OK;
}

static void rr_finish(hf_policy *pol)
{
    free(pol->state);
    pol->state = NULL;
}

const hf_policy_ops hf_policy_round_robin = {.name = "round_robin",
                                             .wants_estimates = 0,
                                             .init = rr_init,
                                             .decide = rr_decide,
                                             .finish = rr_finish};
