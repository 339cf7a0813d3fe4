/* layout.h: GPU partition layouts in the executor (layout.c): a GPU with several MIG layouts
 * runs one at a time; instances of another layout wait until the GPU is idle, then it switches
 * (docs/models/gpu.md). Internal to sim/exec (exec_internal.h). */
#ifndef HF_EXEC_LAYOUT_H
#define HF_EXEC_LAYOUT_H

#include "hetflow/hf_error.h"

typedef struct exec_state exec_state;

struct mig_group;

/* The GPUs with several MIG layouts (groups, by hf_resource.gpu_group - 1). */
typedef struct layout_state {
    struct mig_group *groups; /* one per GPU with several layouts */
    int *members;             /* the groups' instances (resource indices), platform order */
    int ngroups;
} layout_state;

/* Build the groups from the platform (hf_resource.gpu_group, layout, reconfig). Before the
 * simulation; HF_ENOMEM when out of memory (message in x->ctx). */
hf_err layout_setup(exec_state *x);

/* Free the groups. Safe on a state layout_setup did not fill. */
void layout_destroy(exec_state *x);

/* At time 0, inside the simulation (where the energy plugin accounts for it from then): the
 * instances of layouts other than each GPU's first draw no power (pstate 1). */
void layout_start(exec_state *x);

/* 1 when resource ri may not start a task now: a MIG instance of a layout that is not its
 * GPU's current one, or of a GPU switching layouts. Then, when ri has queued tasks, the GPU
 * switches to ri's layout if its current layout has nothing running or queued (an actor sleeps
 * the reconfiguration time, then dispatches the new layout's instances). 0 for any other
 * resource. */
int layout_blocked(exec_state *x, int ri);

/* 1 when resource ri may take work now: not a MIG instance, or one of its GPU's current layout
 * (a switch in progress not considered). */
int layout_current(const exec_state *x, int ri);

/* A task started, or ended, on resource ri: counts what runs on its GPU (no-op for a resource
 * that is not a MIG instance). */
void layout_task_started(exec_state *x, int ri);
void layout_task_ended(exec_state *x, int ri);

/* After resource ri's queue was dispatched: its GPU switches layouts when its current layout has
 * nothing running or queued and an instance of another has queued work (to the first such
 * instance's layout, platform order). No-op for a resource that is not a MIG instance. */
void layout_maybe_switch(exec_state *x, int ri);

#endif
