/* carbon_deadline.c: shift work in time to cleaner hours, within each task's slack, from
 * forecasts (docs/policies.md#shifting-work-in-time). At a decision at time now, task t may
 * start as late as
 *
 *   L = max(now + slack, deadline - rank_up(t))        (the second term only when deadline > 0)
 *
 * (rank_up: the DAG view's mean compute time of t plus the heaviest mean path to an exit, so
 * that a workflow deadline leaves room for what follows t). For each candidate c and each
 * start s in {now, now + step, now + 2 step, ...} up to L, and L itself, the task would run
 * over [a, a + D_c] with a = est_start_c + (s - now) and D_c = est_finish_c - est_start_c; its
 * cost is the site's intensity forecast now for the middle of that run,
 * hf_ctrace_forecast(I_c, now, a + D_c / 2) (times the trace does not cover are skipped). The
 * least cost wins (ties: the earlier start, then est_finish, then platform order); the task is
 * held until s (the executor places it again then, without deferring it twice, on the candidate
 * of least cost now). Candidates whose site states no carbon are taken only when none does
 * (then: earliest finish, now). Parameters: slack (s, default 0), deadline (simulated s, 0:
 * none), step (s, default 900). O(candidates x (L - now) / step) per decision. */
#include <math.h>

#include "platform/carbon.h"
#include "policy/builtin.h"

enum { P_SLACK, P_DEADLINE, P_STEP };

/* The best start of candidate c (its cost into *cost; INFINITY when nothing is covered or the
 * site states no carbon): now only, or every step up to the latest start. */
static double best_start(const hf_policy *pol, const hf_decision *d, const hf_candidate *c,
                         int shift, double *cost)
{
    const hf_ctrace *tr = d->platform->sites[d->platform->res[c->resource].site].carbon;
    *cost = INFINITY;
    if (!tr) return d->now;
    double latest = d->now;
    if (shift) {
        latest = d->now + pol->param[P_SLACK];
        if (pol->param[P_DEADLINE] > 0 && d->view) {
            double l = pol->param[P_DEADLINE] - d->view->rank_up[d->task];
            if (l > latest) latest = l;
        }
    }
    double step = pol->param[P_STEP], dur = c->est_finish - c->est_start, best = d->now;
    for (long k = 0;; k++) {
        double s = d->now + (double)k * step;
        if (s > latest) s = latest; /* the last point: the latest start itself */
        double mid = c->est_start + (s - d->now) + dur / 2;
        if (hf_ctrace_covers(tr, mid, mid)) {
            double f = hf_ctrace_forecast(tr, d->now, mid);
            if (f < *cost) {
                *cost = f;
                best = s;
            }
        }
        if (s >= latest) break;
    }
    return best;
}

/* 1 when (cost a, start sa) of candidate ca goes before (b, sb, cb). */
static int before(double a, double sa, const hf_candidate *ca, double b, double sb,
                  const hf_candidate *cb)
{
    if (a != b) return a < b;
    if (sa != sb) return sa < sb;
    return ca->est_finish < cb->est_finish;
}

static size_t choose(const hf_policy *pol, const hf_decision *d, double *start)
{
    size_t best = 0;
    double bc = INFINITY, bs = d->now;
    for (size_t k = 0; k < d->ncands; k++) {
        double cost, s = best_start(pol, d, &d->cands[k], d->may_defer, &cost);
        if (k == 0 || before(cost, s, &d->cands[k], bc, bs, &d->cands[best])) {
            best = k;
            bc = cost;
            bs = s;
        }
    }
    if (isinf(bc)) { /* no candidate's grid known: earliest finish, now */
        best = hf_policy_earliest(d);
        bs = d->now;
    }
    *start = bs;
    return best;
}

static hf_err cd_init(hf_policy *pol, const hf_platform *p, const hf_workflow *wf)
{
    (void)p;
    (void)wf;
    if (!(pol->param[P_STEP] > 0))
        return hf_ctx_fail(pol->ctx, HF_EINPUT,
                           "policy 'carbon_deadline': parameter 'step' must be more than 0 s");
    return HF_OK;
}

static hf_err cd_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    double s;
    *choice = choose(pol, d, &s);
    return HF_OK;
}

static double cd_defer(hf_policy *pol, const hf_decision *d, size_t choice)
{
    double s;
    return choose(pol, d, &s) == choice ? s : d->now;
}

static const char *const cd_params[] = {"slack", "deadline", "step", NULL};
static const double cd_defaults[] = {0, 0, 900};

const hf_policy_ops hf_policy_carbon_deadline = {.name = "carbon_deadline",
                                                 .wants_estimates = 1,
                                                 .wants_view = 1,
                                                 .init = cd_init,
                                                 .decide = cd_decide,
                                                 .defer = cd_defer,
                                                 .params = cd_params,
                                                 .defaults = cd_defaults};
