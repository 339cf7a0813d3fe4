/* heft.c: HEFT (Topcuoglu, Hariri, Wu 2002), insertion-free, as a list scheduler at run time:
 * tasks readied together are decided in decreasing upward rank (docs/models/ranks.md), each on
 * the candidate with the earliest estimated finish time. */
#include "policy/builtin.h"

static double heft_priority(hf_policy *pol, const hf_dagview *view, int task)
{
    return view->rank_up[task];
}

static hf_err heft_decide(hf_policy *pol, const hf_decision *d, size_t *choice)
{
    *choice = hf_policy_earliest(d);
    return HF_OK;
}

const hf_policy_ops hf_policy_heft = {.name = "heft",
                                      .wants_estimates = 1,
                                      .wants_view = 1,
                                      .earliest_finish = 1,
                                      .priority = heft_priority,
                                      .decide = heft_decide};
