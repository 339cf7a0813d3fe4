/* layout.c: GPU partition layouts: MIG groups (a GPU with several layouts, one running at a
 * time) and the actor that switches a GPU between layouts (docs/models/gpu.md). */
#include <stdlib.h>

#include <simgrid/actor.h>
#include <simgrid/host.h>

#include "exec/exec_internal.h"

/* A GPU with several MIG layouts: one layout runs at a time (docs/models/gpu.md). */
struct mig_group {
    exec_state *x;
    int *members; /* its instances (resource indices), all layouts */
    int nmembers;
    double reconfig;   /* s per switch */
    int current;       /* layout whose instances may run tasks */
    int running;       /* tasks running on its instances */
    int reconfiguring; /* 1 while switching: no instance runs anything */
    int target;        /* layout being switched to */
};

hf_err layout_setup(exec_state *x)
{
    layout_state *s = &x->layout;
    const hf_platform *p = x->p;
    size_t nres = p->nres;
    for (size_t i = 0; i < nres; i++)
        if (p->res[i].gpu_group > s->ngroups) s->ngroups = p->res[i].gpu_group;
    s->groups = calloc(s->ngroups ? (size_t)s->ngroups : 1, sizeof *s->groups);
    /* each group's instances, in platform order, in one array (counting sort by group) */
    s->members = malloc((nres ? nres : 1) * sizeof *s->members);
    if (!s->groups || !s->members) return hf_ctx_fail(x->ctx, HF_ENOMEM, "out of memory");
    for (size_t i = 0; i < nres; i++)
        if (p->res[i].gpu_group) s->groups[p->res[i].gpu_group - 1].nmembers++;
    int at = 0;
    for (int k = 0; k < s->ngroups; k++) {
        int n = s->groups[k].nmembers;
        s->groups[k] = (struct mig_group){.x = x, .members = s->members + at};
        at += n;
    }
    for (size_t i = 0; i < nres; i++) {
        if (!p->res[i].gpu_group) continue;
        struct mig_group *g = &s->groups[p->res[i].gpu_group - 1];
        g->members[g->nmembers++] = (int)i;
        g->reconfig = p->res[i].reconfig;
    }
    return HF_OK;
}

void layout_destroy(exec_state *x)
{
    free(x->layout.groups);
    free(x->layout.members);
    x->layout.groups = NULL;
    x->layout.members = NULL;
}

void layout_start(exec_state *x)
{
    for (size_t i = 0; i < x->p->nres; i++)
        if (x->p->res[i].gpu_group && x->p->res[i].layout != 0)
            sg_host_set_pstate(x->res[i].host, 1);
}

/* The switch of a MIG group (the actor's data) to its target layout: the GPU runs nothing for
 * the reconfiguration time, then the old layout's instances stop drawing power (pstate 1), the
 * new one's start, and their queues are dispatched. */
static void reconfigure_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct mig_group *g = sg_actor_self_get_data();
    exec_state *x = g->x;
    if (g->reconfig > 0) sg_actor_sleep_for(g->reconfig);
    for (int k = 0; k < g->nmembers; k++) {
        int i = g->members[k];
        sg_host_set_pstate(x->res[i].host, x->p->res[i].layout == g->target ? 0 : 1);
    }
    g->current = g->target;
    g->reconfiguring = 0;
    for (int k = 0; k < g->nmembers && !x->failed; k++)
        exec_try_dispatch(x, g->members[k]);
}

/* Switch MIG group (1-based) when its current layout has nothing running or queued and an
 * instance of another layout has queued work: to that instance's layout (the first such
 * instance in platform order). */
static void maybe_reconfigure(exec_state *x, int group)
{
    struct mig_group *g = &x->layout.groups[group - 1];
    if (g->reconfiguring || g->running > 0) return;
    int target = -1;
    for (int k = 0; k < g->nmembers; k++) {
        int i = g->members[k];
        if (x->res[i].queue.len == 0) continue;
        if (x->p->res[i].layout == g->current) return; /* the current layout still has work */
        if (target < 0) target = x->p->res[i].layout;
    }
    if (target < 0) return;
    g->reconfiguring = 1;
    g->target = target;
    sg_actor_t a = sg_actor_init("mig-reconfigure", x->res[0].host);
    sg_actor_set_data(a, g);
    sg_actor_start_(a, reconfigure_main, 0, NULL);
}

int layout_blocked(exec_state *x, int ri)
{
    const hf_resource *r = &x->p->res[ri];
    if (!r->gpu_group) return 0;
    const struct mig_group *g = &x->layout.groups[r->gpu_group - 1];
    if (!g->reconfiguring && g->current == r->layout) return 0;
    if (x->res[ri].queue.len > 0) maybe_reconfigure(x, r->gpu_group);
    return 1;
}

int layout_current(const exec_state *x, int ri)
{
    const hf_resource *r = &x->p->res[ri];
    return !r->gpu_group || x->layout.groups[r->gpu_group - 1].current == r->layout;
}

void layout_task_started(exec_state *x, int ri)
{
    int group = x->p->res[ri].gpu_group;
    if (group) x->layout.groups[group - 1].running++;
}

void layout_task_ended(exec_state *x, int ri)
{
    int group = x->p->res[ri].gpu_group;
    if (group) x->layout.groups[group - 1].running--;
}

void layout_maybe_switch(exec_state *x, int ri)
{
    int group = x->p->res[ri].gpu_group;
    if (group) maybe_reconfigure(x, group);
}
