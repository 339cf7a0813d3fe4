/* release.c: the releaser of release.h: a binary heap of held tasks ordered by (release time,
 * hold order), and one actor that sleeps until the earliest and readies what is due. */
#include <stdio.h>
#include <stdlib.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/semaphore.h>

#include "core/grow.h"
#include "exec/release.h"

typedef struct held {
    double when; /* release time, s */
    size_t seq;  /* hold order: ties released in it */
    int task;
} held;

struct hf_releaser {
    hf_release_fn ready;
    void *arg;
    held *heap; /* min-heap on (when, seq) */
    size_t n, cap;
    size_t seq;
    sg_sem_t wake; /* released by hold and stop: the actor re-reads the heap */
    int stop;      /* 1 once the run is over */
    int *batch;    /* due tasks handed to ready (the actor's memory) */
    size_t capbatch;
};

static void oom(void)
{
    fprintf(stderr, "hetflow: out of memory\n");
    exit(1);
}

static int before(const held *a, const held *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void sift_up(held *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&h[i], &h[p])) break;
        held t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

static void sift_down(held *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && before(&h[l], &h[m])) m = l;
        if (r < n && before(&h[r], &h[m])) m = r;
        if (m == i) return;
        held t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

hf_releaser *hf_releaser_new(hf_release_fn ready, void *arg)
{
    hf_releaser *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->ready = ready;
    r->arg = arg;
    return r;
}

void hf_releaser_free(hf_releaser *r)
{
    if (!r) return;
    if (r->wake) sg_sem_destroy(r->wake);
    free(r->heap);
    free(r->batch);
    free(r);
}

void hf_releaser_hold(hf_releaser *r, int t, double when)
{
    if (hf_grow((void **)&r->heap, &r->cap, r->n + 1, sizeof *r->heap)) oom();
    r->heap[r->n] = (held){when, r->seq++, t};
    sift_up(r->heap, r->n++);
    if (r->wake) sg_sem_release(r->wake); /* an earlier time than the one slept towards */
}

void hf_releaser_stop(hf_releaser *r)
{
    r->stop = 1;
    if (r->wake) sg_sem_release(r->wake);
}

static void releaser_main(int argc, char **argv)
{
    hf_releaser *r = sg_actor_self_get_data();
    while (!r->stop) {
        if (r->n == 0) {
            sg_sem_acquire(r->wake);
            continue;
        }
        double now = simgrid_get_clock(), next = r->heap[0].when;
        /* due: at or before now, with a tolerance for the clock's rounding after a timed wait */
        if (next > now + 1e-12 * (now > 1 ? now : 1)) {
            sg_sem_acquire_timeout(r->wake, next - now); /* woken early by a hold or stop */
            continue;
        }
        size_t k = 0;
        while (r->n > 0 && r->heap[0].when <= next) {
            if (hf_grow((void **)&r->batch, &r->capbatch, k + 1, sizeof *r->batch)) oom();
            r->batch[k++] = r->heap[0].task;
            r->heap[0] = r->heap[--r->n];
            sift_down(r->heap, r->n, 0);
        }
        r->ready(r->arg, r->batch, k); /* may yield: holds made meanwhile go to the heap */
    }
}

void hf_releaser_start(hf_releaser *r, sg_host_t host)
{
    r->wake = sg_sem_init(0);
    sg_actor_t a = sg_actor_init("hetflow-releaser", host);
    sg_actor_set_data(a, r);
    sg_actor_start_(a, releaser_main, 0, NULL);
}
