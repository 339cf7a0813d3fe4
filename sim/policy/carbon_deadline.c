/* carbon_deadline.c: shift work in time to cleaner hours, within each task's slack, from
 * forecasts (docs/policies.md#shifting-work-in-time). At a decision at time now, task t may
 * start as late as
 *
 *   L = max(now + slack, deadline - rank_up(t))        (the second term only when deadline > 0)
 *
 * (rank_up: the DAG view's mean compute time of t plus the heaviest mean path to an exit, so
 * that a workflow deadline leaves room for what follows t), and no later than its run stays
 * within what the candidate site's trace covers. For each candidate c and each start s in
 * {now, now + step, now + 2 step, ...} up to L, and L itself, the task would run over
 * [a, a + D_c] with a = est_start_c + (s - now) and D_c = est_finish_c - est_start_c; its cost
 * is the site's intensity forecast now for the middle of that run,
 * hf_ctrace_forecast(I_c, now, a + D_c / 2). A later start is taken only when its cost is below
 * (1 - margin) times starting now (a forecast's noise makes the least of many look cleaner than
 * it is). The least cost wins (ties: the earlier start, then est_finish, then platform order);
 * the task is held until s (the executor places it again then, without deferring it twice, on
 * the candidate of least cost now). Candidates whose site states no carbon are taken only when
 * none does (then: earliest finish, now). Parameters: slack (s, default 0), deadline (simulated
 * s, 0: none), step (s, at least 1, default 900), margin (below 1, default 0). At most 10^5
 * starts per candidate: O(candidates x (L - now) / step) per decision. */
#include <math.h>
#include <stdlib.h>

#include "platform/carbon.h"
#include "policy/builtin.h"

enum { P_SLACK, P_DEADLINE, P_STEP, P_MARGIN };

#define MAX_STARTS 100000 /* start times weighed per candidate and decision, at most */

/* The last decision (pol->state): defer, asked right after decide on the same decision, reads
 * its start instead of weighing every candidate again. */
typedef struct memo {
    int task;
    double now;
    size_t choice;
    double start;
} memo;

/* The best start of candidate c (its cost into *cost; INFINITY when no start keeps the run
 * within what the trace covers, or the site states no carbon): now only, or every step up to
 * the latest start. HF_EINPUT (ctx set) when that is more than MAX_STARTS times. */
static hf_err best_start(hf_policy *pol, const hf_decision *d, const hf_candidate *c, int shift,
                         double *start, double *cost)
{
    const hf_ctrace *tr = d->platform->sites[d->platform->res[c->resource].site].carbon;
    *cost = INFINITY;
    *start = d->now;
    if (!tr) return HF_OK;
    double dur = c->est_finish - c->est_start, lead = c->est_start - d->now, latest = d->now;
    if (shift) {
        double own = hf_task_slack(d->workflow, d->task); /* the task's, else the policy's */
        latest = d->now + (own >= 0 ? own : pol->param[P_SLACK]);
        if (pol->param[P_DEADLINE] > 0 && d->view) {
            double l = pol->param[P_DEADLINE] - d->view->rank_up[d->task];
            if (l > latest) latest = l;
        }
        /* no later than the last start whose run the trace still covers */
        double last = hf_ctrace_end(tr) - lead - dur;
        if (latest > last) latest = last > d->now ? last : d->now;
    }
    double step = pol->param[P_STEP];
    if (isinf(tr->step) && !tr->forecast && !(tr->forecast_error > 0))
        latest = d->now; /* a constant, forecast as itself: every start costs the same */
    if ((latest - d->now) / step >= MAX_STARTS)
        return hf_ctx_fail(pol->ctx, HF_EINPUT,
                           "policy 'carbon_deadline': task '%s' may start over %.9g s, more "
                           "than %d starts %.9g s apart to weigh: give a larger step",
                           d->workflow->tasks[d->task].name, latest - d->now, MAX_STARTS, step);
    double now_cost = INFINITY;
    for (long k = 0;; k++) {
        double s = d->now + (double)k * step;
        if (s > latest) s = latest; /* the last point: the latest start itself */
        double a = s + lead;
        if (hf_ctrace_covers(tr, a, a + dur)) {
            double f = hf_ctrace_forecast(tr, d->now, a + dur / 2);
            if (k == 0) now_cost = f;
            /* a later start must beat starting now by the margin (forecasts are noisy) */
            if (f < *cost && (k == 0 || f < now_cost * (1 - pol->param[P_MARGIN]))) {
                *cost = f;
                *start = s;
            }
        }
        if (s >= latest) break;
    }
    return HF_OK;
}

/* 1 when (cost a, start sa) of candidate ca goes before (b, sb, cb). */
static int before(double a, double sa, const hf_candidate *ca, double b, double sb,
                  const hf_candidate *cb)
{
    if (a != b) return a < b;
    if (sa != sb) return sa < sb;
    return ca->est_finish < cb->est_finish;
}

static hf_err choose(hf_policy *pol, const hf_decision *d, size_t *best, double *start)
{
    double bc = INFINITY, bs = d->now;
    *best = 0;
    for (size_t k = 0; k < d->ncands; k++) {
        double cost, s;
        hf_err err = best_start(pol, d, &d->cands[k], d->may_defer, &s, &cost);
        if (err) return err;
        if (k == 0 || before(cost, s, &d->cands[k], bc, bs, &d->cands[*best])) {
            *best = k;
            bc = cost;
            bs = s;
        }
    }
    if (isinf(bc)) { /* no candidate's grid known: earliest finish, now */
        *best = hf_policy_earliest(d);
        bs = d->now;
    }
    *start = bs;
    return HF_OK;
}

static hf_err cd_init(hf_policy *pol, const hf_platform *p, const hf_workflow *wf)
{
    (void)p;
    (void)wf;
    if (!(pol->param[P_STEP] >= 1))
        return hf_ctx_fail(pol->ctx, HF_EINPUT,
                           "policy 'carbon_deadline': parameter 'step' must be at least 1 s");
    if (!(pol->param[P_MARGIN] < 1))
        return hf_ctx_fail(pol->ctx, HF_EINPUT,
                           "policy 'carbon_deadline': parameter 'margin' must be less than 1");
    memo *m = malloc(sizeof *m);
    if (!m) return hf_ctx_fail(pol->ctx, HF_ENOMEM, "out of memory");
    *m = (memo){.task = -1};
    pol->state = m;
    return HF_OK;
}

static hf_err cd_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    double s;
    hf_err err = choose(pol, d, choice, &s);
    if (!err && pol->state) *(memo *)pol->state = (memo){d->task, d->now, *choice, s};
    return err;
}

static double cd_defer(hf_policy *pol, const hf_decision *d, size_t choice)
{
    const memo *m = pol->state;
    if (m && m->task == d->task && m->now == d->now && m->choice == choice) return m->start;
    size_t best; /* not the decision just made: weigh it again */
    double s;
    if (choose(pol, d, &best, &s) != HF_OK || best != choice) return d->now;
    return s;
}

static void cd_finish(hf_policy *pol)
{
    free(pol->state);
    pol->state = NULL;
}

static const char *const cd_params[] = {"slack", "deadline", "step", "margin", NULL};
static const double cd_defaults[] = {0, 0, 900, 0};

const hf_policy_ops hf_policy_carbon_deadline = {.name = "carbon_deadline",
                                                 .wants_estimates = 1,
                                                 .wants_view = 1,
                                                 .init = cd_init,
                                                 .decide = cd_decide,
                                                 .defer = cd_defer,
                                                 .finish = cd_finish,
                                                 .params = cd_params,
                                                 .defaults = cd_defaults};
