/* release.h: release times (hf_task_release): a task that becomes ready before its release
 * time is held and readied then. One releaser actor per run keeps the held tasks in a heap by
 * release time and sleeps until the next one, so that held tasks cost no actor each. Internal to
 * sim/exec (the executor is its only user). */
#ifndef HF_EXEC_RELEASE_H
#define HF_EXEC_RELEASE_H

#include <stddef.h>

#include <simgrid/forward.h>

/* Called by the releaser's actor with the tasks whose time came (in release order, ties in the
 * order they were held). tasks is the releaser's memory, valid during the call only. */
typedef void (*hf_release_fn)(void *arg, int *tasks, size_t n);

typedef struct hf_releaser hf_releaser;

/* A releaser that hands released tasks to ready(arg, ...). NULL when out of memory. */
hf_releaser *hf_releaser_new(hf_release_fn ready, void *arg);

/* Free r (after the simulation). Accepts NULL. */
void hf_releaser_free(hf_releaser *r);

/* Start r's actor on host (inside the simulation, once). */
void hf_releaser_start(hf_releaser *r, sg_host_t host);

/* Hold task t until time when (> now). O(log held). Exits the process when out of memory, as the
 * executor's own allocations in the simulation do. */
void hf_releaser_hold(hf_releaser *r, int t, double when);

/* The run is over: r's actor ends (waking it if it sleeps). */
void hf_releaser_stop(hf_releaser *r);

#endif
