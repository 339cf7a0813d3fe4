/* carbon_weighted.c: weigh the grid's carbon intensity against finish time and WAN latency
 * (docs/policies.md#carbon-aware-placement). Each candidate c scores
 *
 *   score(c) = w_carbon x I_c / mean(I) + w_finish x (F_c - now) / mean(F - now)
 *            + w_latency x L_c / mean(L)
 *
 * over the decision's candidates (I: hf_candidate.carbon; F: est_finish; L: latency), and the
 * least score wins (ties: est_finish, est_start, platform order). Each term is relative to its
 * mean over the candidates, so the weights compare ratios, not units: a site twice as dirty as
 * the mean costs as much as a finish twice as far away. A term whose mean is 0 adds nothing. A
 * site that states no carbon is scored at the highest intensity among those that do (the
 * policy cannot assume it clean). Parameters: carbon, finish, latency (defaults 1, 1, 0).
 * O(candidates) per decision. */
#include "policy/builtin.h"

enum { W_CARBON, W_FINISH, W_LATENCY };

static hf_err cw_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    double isum = 0, imax = 0, fsum = 0, lsum = 0;
    size_t nk = 0;
    for (size_t k = 0; k < d->ncands; k++) {
        const hf_candidate *c = &d->cands[k];
        if (c->carbon >= 0) {
            isum += c->carbon;
            nk++;
            if (c->carbon > imax) imax = c->carbon;
        }
        fsum += c->est_finish - d->now;
        lsum += c->latency;
    }
    /* with no intensity stated anywhere the carbon term is 0 for all */
    double n = (double)d->ncands, imean = nk ? (isum + imax * (n - (double)nk)) / n : 0;
    double fmean = fsum / n, lmean = lsum / n;
    size_t best = 0;
    double best_score = 0;
    for (size_t k = 0; k < d->ncands; k++) {
        const hf_candidate *c = &d->cands[k];
        double s = 0;
        if (imean > 0) s += pol->param[W_CARBON] * (c->carbon >= 0 ? c->carbon : imax) / imean;
        if (fmean > 0) s += pol->param[W_FINISH] * (c->est_finish - d->now) / fmean;
        if (lmean > 0) s += pol->param[W_LATENCY] * c->latency / lmean;
        const hf_candidate *b = &d->cands[best];
        if (k == 0 || s < best_score ||
            (s == best_score && (c->est_finish < b->est_finish ||
                                 (c->est_finish == b->est_finish && c->est_start < b->est_start)))) {
            best = k;
            best_score = s;
        }
    }
    *choice = best;
    return HF_OK;
}

static const char *const cw_params[] = {"carbon", "finish", "latency", NULL};
static const double cw_defaults[] = {1, 1, 0};

const hf_policy_ops hf_policy_carbon_weighted = {.name = "carbon_weighted",
                                                 .wants_estimates = 1,
                                                 .decide = cw_decide,
                                                 .params = cw_params,
                                                 .defaults = cw_defaults};
