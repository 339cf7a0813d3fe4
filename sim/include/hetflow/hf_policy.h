/* hf_policy.h: the one placement interface (init / decide / finish) and the built-in policies.
 * The executor never decides; a policy never moves bytes. */
#ifndef HF_POLICY_H
#define HF_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "hf_ctx.h"
#include "hf_dagview.h"
#include "hf_platform.h"
#include "hf_workflow.h"

/* One place the ready task could run, with the executor's estimates (docs/policies.md). */
typedef struct hf_candidate {
    int resource;       /* index into the platform's resources */
    int variant;        /* HF_RES_CPU or HF_RES_GPU: which cost of the task applies there */
    double est_start;   /* s: estimated start of computation (cores free, inputs arrived) */
    double est_finish;  /* s: est_start + estimated compute time */
    double local_bytes; /* bytes of the task's inputs already on (or coming to) the resource */
    double startup;     /* s included in est_start before stage-in: a compile not yet paid for
                           this variant and node type; in serverless modes also the invocation's
                           WAN latency, endpoint overhead and cold start when no warm container
                           of the task's function is free (docs/models/serverless.md) */
    int endpoint;       /* serverless modes: the endpoint this candidate stands for (resource is
                           its first present member of the variant's kind, and the endpoint
                           picks the worker at dispatch); -1 in direct mode */
    double carbon;      /* gCO2e/kWh of the grid of the resource's site now (its carbon trace,
                           docs/models/carbon.md); -1 when the site states none */
    double latency;     /* s: one-way WAN latency from the serverless client's site to the
                           resource's (0 on the same site, and in direct mode) */
} hf_candidate;

/* What a policy sees when a task becomes ready. Everything is borrowed for the call only. */
typedef struct hf_decision {
    const hf_platform *platform;
    const hf_workflow *workflow;
    int task;                  /* index of the ready task */
    double now;                /* simulated time of the decision */
    const hf_candidate *cands; /* resources able to run the task, platform order */
    size_t ncands;             /* >= 1 */
    int estimated;             /* 1 when est_start/est_finish/local_bytes are filled */
    const hf_dagview *view;    /* ranks, levels, critical path; NULL unless wants_view */
    const int *placed;         /* resource chosen for each task so far, -1 when not yet */
    const struct hf_serverless *serverless; /* the deployment in serverless modes (candidates
                                               stand for endpoints), NULL in direct mode */
    int may_defer;             /* 1 when the executor would hold the task if ops->defer asked
                                  (a task is deferred at most once: 0 when it comes back) */
} hf_decision;

typedef struct hf_policy hf_policy;

typedef struct hf_policy_ops {
    const char *name;    /* "round_robin", ... */
    int wants_estimates; /* 1: the executor fills est_start/est_finish/local_bytes
                            (O(inputs) per candidate) */
    int wants_view;      /* 1: the executor computes the DAG view (hf_dagview) before init */
    int earliest_finish; /* 1: decide always returns hf_policy_earliest(d): on platforms built
                            from a model, the executor then finds that candidate itself in
                            O(classes x log resources) and does not call decide (exec/eft.h) */
    /* Called once before the simulation starts (not at all when the run fails earlier). May be
     * NULL. */
    hf_err (*init)(hf_policy *pol, const hf_platform *p, const hf_workflow *wf);
    /* Store the chosen index into d->cands in *choice. Fail with the policy's ctx set. */
    hf_err (*decide)(hf_policy *pol, const hf_decision *d, size_t *choice);
    /* Optional: tasks that become ready together (the entry tasks, or the children readied by
     * one task's end) are decided in decreasing priority (ties: workflow order). NULL: in
     * workflow order. */
    double (*priority)(hf_policy *pol, const hf_dagview *view, int task);
    /* Optional (batch policies such as min-min): given one decision per task of such a batch,
     * with estimates, return the index of the task to decide next; the executor then decides
     * it, books it, and asks again for the rest. Costs O(batch^2 x candidates). */
    size_t (*pick)(hf_policy *pol, const hf_decision *ds, size_t n);
    /* Called exactly once per run that received this policy, after the simulation or after a
     * failure, even one before init: it frees the state. May be NULL. */
    void (*finish)(hf_policy *pol);
    /* Optional: names of the policy's numeric parameters (NULL-terminated, at most
     * HF_POLICY_MAXPARAMS) and their defaults; hf_policy_builtin reads "name:key=value,..."
     * into hf_policy.param in this order. NULL: the policy takes none. */
    const char *const *params;
    const double *defaults;
    /* Optional: after decide chose candidate choice, the simulated time until which to hold
     * the task before placing it (<= d->now: place it now). The executor then places it again
     * at that time, asking decide anew with may_defer 0. Called only when d->may_defer. */
    double (*defer)(hf_policy *pol, const hf_decision *d, size_t choice);
} hf_policy_ops;

#define HF_POLICY_MAXPARAMS 4

struct hf_policy {
    const hf_policy_ops *ops; /* behaviour */
    hf_ctx *ctx;              /* where errors go (borrowed) */
    uint64_t rng;             /* seeded state for policies that draw random numbers */
    void *state;              /* policy-owned */
    const char *name;         /* name recorded in the results (borrowed); NULL: ops->name */
    double param[HF_POLICY_MAXPARAMS]; /* a built-in's parameters (ops->params order) */
    char spec[160];                    /* a built-in with parameters: "name:key=value,..." with
                                          every parameter, recorded as its name */
};

/* Create the built-in policy named name ("round_robin", "random", "earliest_finish", ...),
 * seeded with ctx->seed. A policy that takes parameters may be given some after a colon,
 * "carbon_weighted:carbon=2,finish=1" (the others keep their defaults). NULL with ctx set
 * (listing the known names, or the parameters) when there is no such policy or a parameter is
 * unknown, repeated, or not a finite number >= 0. */
hf_policy *hf_policy_builtin(hf_ctx *ctx, const char *name);

/* Names of the built-in policies, NULL-terminated. */
const char *const *hf_policy_builtin_names(void);

/* Wrap ops into a policy (used by the Lua-backed policy). state is owned by ops->finish. */
hf_policy *hf_policy_new(hf_ctx *ctx, const hf_policy_ops *ops, void *state);

/* Free a policy (does not call finish). Accepts NULL. */
void hf_policy_free(hf_policy *pol);

/* Index of the candidate with the earliest est_finish (ties: earlier est_start, then platform
 * order): the choice of earliest_finish, shared by the policies built on it. O(candidates). */
size_t hf_policy_earliest(const hf_decision *d);

/* Next uniform double in [0, 1) from the policy's seeded generator (splitmix64). */
double hf_policy_uniform(hf_policy *pol);

#endif
