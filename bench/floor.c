/* floor: the benchmark's lower bound, a raw-SimGrid run of a DAG with no policy and no output. */
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/semaphore.h>
#include <xbt/log.h>
#include <xbt/sysdep.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARENTS 2 /* the .dag format allows at most this many parents per task */
#define MAX_LINE 256
#define MAX_CONCURRENT 1024 /* largest --concurrent accepted */

/* One host's stage-in service in --concurrent mode: the host's worker moves its task's first
 * input itself and queues the others here, then waits on `arrived`; the host's fetchers take
 * them one each and move the bytes. A worker has at most MAX_PARENTS inputs in flight and waits
 * for all, so the queue never holds more than MAX_PARENTS requests. */
typedef struct {
    sg_host_t src[MAX_PARENTS]; /* queued requests: host holding the input... */
    double bytes[MAX_PARENTS];  /* ... and its size in bytes */
    unsigned head;              /* next request to take, modulo MAX_PARENTS */
    unsigned tail;              /* next free slot, modulo MAX_PARENTS */
    sg_sem_t work;              /* counts queued requests */
    sg_sem_t arrived;           /* counts inputs fetched and not yet waited for */
} host_io;

/* Everything the workers share. One simulation per process and actors in SimGrid never run in
 * parallel with each other, so plain fields need no locking. */
typedef struct {
    int32_t n;          /* number of tasks */
    double *flops;      /* [n] work of each task */
    double *out_bytes;  /* [n] size of each task's output file, read by each of its children */
    uint8_t *nparents;  /* [n] 0..MAX_PARENTS */
    int32_t *parents;   /* [n * MAX_PARENTS] parents of i at i * MAX_PARENTS */
    int32_t *child_off; /* [n + 1] CSR offsets: children of i are child[child_off[i] ..] */
    int32_t *child;     /* [sum of nparents] */
    int32_t *pending;   /* [n] parents not yet finished */
    sg_host_t *host;    /* [n] host each finished task ran on (its output lives there) */
    int32_t *queue;     /* [n] FIFO of ready tasks; each task enters once, so n slots never wrap */
    int32_t head;       /* next task to pop */
    int32_t tail;       /* next free slot */
    sg_sem_t ready;     /* counts tasks in the queue, plus one wake-up per worker at the end */
    int32_t finished;   /* tasks completed */
    int done;           /* set when finished == n: a woken worker then exits */
    size_t nworkers;
    int concurrent; /* --concurrent K (fetchers' limit per host), or 0: sequential fetches */
    host_io *io;    /* [nworkers] in --concurrent mode (each host's data points to its own) */
} floor_state;

/* Frees every array of s (fields may be NULL). The semaphores are not touched. */
static void state_free(floor_state *s)
{
    free(s->io);
    free(s->flops);
    free(s->out_bytes);
    free(s->nparents);
    free(s->parents);
    free(s->child_off);
    free(s->child);
    free(s->pending);
    free(s->host);
    free(s->queue);
}

/* Reads PATH (format written by gen_layered: "N", then "flops output_bytes nparents [p1 [p2]]" per
 * task, parents earlier in the file than their child) into s and builds the children lists. Returns
 * 0, or -1 after printing a message naming path:line. Time and memory O(n). */
static int load_dag(const char *path, floor_state *s)
{
    char line[MAX_LINE];
    long lineno = 1;
    int rc = -1;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "floor: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *end;
    if (fgets(line, sizeof line, f) == NULL) goto bad;
    long n = strtol(line, &end, 10);
    if (end == line || n < 0 || n > INT32_MAX / MAX_PARENTS) goto bad;
    s->n = (int32_t)n;
    size_t un = (size_t)n;
    s->flops = malloc(un * sizeof *s->flops + 1);
    s->out_bytes = malloc(un * sizeof *s->out_bytes + 1);
    s->nparents = malloc(un * sizeof *s->nparents + 1);
    s->parents = malloc(un * MAX_PARENTS * sizeof *s->parents + 1);
    s->child_off = calloc(un + 1, sizeof *s->child_off);
    s->pending = malloc(un * sizeof *s->pending + 1);
    s->host = calloc(un + 1, sizeof *s->host);
    s->queue = malloc(un * sizeof *s->queue + 1);
    if (!s->flops || !s->out_bytes || !s->nparents || !s->parents || !s->child_off || !s->pending ||
        !s->host || !s->queue) {
        fprintf(stderr, "floor: out of memory for %ld tasks\n", n);
        goto fail;
    }

    for (int32_t i = 0; i < s->n; i++) {
        lineno++;
        if (fgets(line, sizeof line, f) == NULL) goto bad;
        char *p = line;
        s->flops[i] = strtod(p, &end);
        if (end == p || !(s->flops[i] >= 0)) goto bad;
        p = end;
        s->out_bytes[i] = strtod(p, &end);
        if (end == p || !(s->out_bytes[i] >= 0)) goto bad;
        p = end;
        long np = strtol(p, &end, 10);
        if (end == p || np < 0 || np > MAX_PARENTS) goto bad;
        s->nparents[i] = (uint8_t)np;
        s->pending[i] = (int32_t)np;
        for (long k = 0; k < np; k++) {
            p = end;
            long par = strtol(p, &end, 10);
            /* Parents must come first: that makes the graph acyclic, so the run always ends. */
            if (end == p || par < 0 || par >= i) goto bad;
            s->parents[(size_t)i * MAX_PARENTS + k] = (int32_t)par;
            s->child_off[par + 1]++;
        }
    }

    /* CSR: counts (already in child_off[p + 1]) -> prefix sums -> fill, using child_off[p] as
     * p's write cursor, which leaves it at p's end; shifting by one slot restores the starts. */
    for (int32_t i = 0; i < s->n; i++)
        s->child_off[i + 1] += s->child_off[i];
    s->child = malloc((size_t)s->child_off[s->n] * sizeof *s->child + 1);
    if (s->child == NULL) {
        fprintf(stderr, "floor: out of memory for %ld tasks\n", n);
        goto fail;
    }
    for (int32_t i = 0; i < s->n; i++)
        for (int k = 0; k < s->nparents[i]; k++)
            s->child[s->child_off[s->parents[(size_t)i * MAX_PARENTS + k]]++] = i;
    for (int32_t i = s->n; i > 0; i--)
        s->child_off[i] = s->child_off[i - 1];
    s->child_off[0] = 0;
    rc = 0;
    goto fail;

bad:
    fprintf(stderr, "floor: %s:%ld: malformed line\n", path, lineno);
fail:
    fclose(f);
    return rc;
}

/* Appends ready task t to the FIFO and wakes one worker. */
static void push_ready(floor_state *s, int32_t t)
{
    s->queue[s->tail++] = t;
    sg_sem_release(s->ready);
}

/* Fetcher actor, --concurrent mode, min(K, MAX_PARENTS) - 1 per host: forever takes one request
 * from its host's queue, moves the bytes from the producing host to this one, and signals the
 * arrival. A daemon: SimGrid ends it once the last worker has exited. */
static void fetcher(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sg_host_t self = sg_host_self();
    host_io *io = sg_host_get_data(self);

    sg_actor_daemonize(sg_actor_self());
    for (;;) {
        sg_sem_acquire(io->work);
        unsigned slot = io->head++ % MAX_PARENTS;
        sg_host_sendto(io->src[slot], self, io->bytes[slot]);
        sg_sem_release(io->arrived);
    }
}

/* Fetches task t's inputs to self, all at once: the first by the worker itself, the others
 * through self's fetchers (none with --concurrent 1: then one after another, by the worker);
 * returns once every one has arrived. */
static void fetch_concurrent(floor_state *s, int32_t t, sg_host_t self)
{
    host_io *io = sg_host_get_data(self);
    const int32_t *par = &s->parents[(size_t)t * MAX_PARENTS];
    int queued = 0;
    for (int k = 1; k < s->nparents[t] && s->concurrent > 1; k++, queued++) {
        unsigned slot = io->tail++ % MAX_PARENTS;
        io->src[slot] = s->host[par[k]];
        io->bytes[slot] = s->out_bytes[par[k]];
        sg_sem_release(io->work);
    }
    for (int k = 0; k < s->nparents[t] - queued; k++)
        sg_host_sendto(s->host[par[k]], self, s->out_bytes[par[k]]);
    for (int k = 0; k < queued; k++)
        sg_sem_acquire(io->arrived);
}

/* Worker actor, one per host: repeatedly takes the oldest ready task, fetches each parent's
 * output from the host that produced it (one after the other, or all at once through the
 * host's fetchers in --concurrent mode), computes, then releases the children that became
 * ready. Exits once every task has finished. State comes from the actor's data. */
static void worker(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    floor_state *s = sg_actor_self_get_data();
    sg_host_t self = sg_host_self();

    for (;;) {
        sg_sem_acquire(s->ready);
        if (s->done) return;
        int32_t t = s->queue[s->head++];
        if (s->concurrent > 0) {
            fetch_concurrent(s, t, self);
        } else {
            const int32_t *par = &s->parents[(size_t)t * MAX_PARENTS];
            for (int k = 0; k < s->nparents[t]; k++)
                sg_host_sendto(s->host[par[k]], self, s->out_bytes[par[k]]);
        }
        sg_actor_execute(s->flops[t]);
        s->host[t] = self;
        for (int32_t c = s->child_off[t]; c < s->child_off[t + 1]; c++)
            if (--s->pending[s->child[c]] == 0) push_ready(s, s->child[c]);
        if (++s->finished == s->n) {
            /* Every other worker is blocked in acquire: wake each once so it sees done. */
            s->done = 1;
            for (size_t w = 0; w < s->nworkers; w++)
                sg_sem_release(s->ready);
        }
    }
}

/* Prints the usage message to stderr. */
static void usage(void)
{
    fprintf(stderr,
            "usage: floor [--concurrent K] PLATFORM.xml DAG.dag\n"
            "  --concurrent K  fetch each task's inputs at once, through K fetcher actors per\n"
            "                  host (at most K transfers into a host at a time; 1 to %d)\n",
            MAX_CONCURRENT);
}

/* Parses --concurrent's argument: a whole number in [1, MAX_CONCURRENT]. Returns it, or 0
 * after a message naming the argument. */
static int parse_concurrent(const char *arg)
{
    char *end;
    errno = 0;
    long k = strtol(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || k < 1 || k > MAX_CONCURRENT) {
        fprintf(stderr, "floor: --concurrent %s: expected a whole number from 1 to %d\n", arg,
                MAX_CONCURRENT);
        return 0;
    }
    return (int)k;
}

/* --concurrent mode: gives every host its stage-in queue (as the host's data) and its fetchers,
 * min(K, MAX_PARENTS) - 1 of them (the worker moves one input itself): more could never all be
 * busy, since a host's one worker has at most MAX_PARENTS inputs in flight. Returns 0, or -1
 * after a message. */
static int start_fetchers(floor_state *s, sg_host_t *hosts)
{
    s->io = calloc(s->nworkers + 1, sizeof *s->io);
    if (s->io == NULL) {
        fprintf(stderr, "floor: out of memory for %zu hosts\n", s->nworkers);
        return -1;
    }
    int nfetchers = (s->concurrent < MAX_PARENTS ? s->concurrent : MAX_PARENTS) - 1;
    for (size_t h = 0; h < s->nworkers; h++) {
        s->io[h].work = sg_sem_init(0);
        s->io[h].arrived = sg_sem_init(0);
        sg_host_set_data(hosts[h], &s->io[h]);
        for (int f = 0; f < nfetchers; f++)
            sg_actor_create("fetcher", hosts[h], fetcher, 0, NULL);
    }
    return 0;
}

int main(int argc, char **argv)
{
    floor_state s = {0};

    xbt_log_control_set("root.thresh:warning");
    simgrid_init(&argc, argv);
    int a = 1;
    if (a < argc && strcmp(argv[a], "--concurrent") == 0) {
        if (a + 1 >= argc) {
            fprintf(stderr, "floor: --concurrent needs an argument K\n");
            usage();
            return 2;
        }
        s.concurrent = parse_concurrent(argv[a + 1]);
        if (s.concurrent == 0) return 2;
        a += 2;
    }
    if (a < argc && strncmp(argv[a], "--", 2) == 0) {
        fprintf(stderr, "floor: unknown option %s\n", argv[a]);
        usage();
        return 2;
    }
    if (argc - a != 2) {
        usage();
        return 2;
    }
    if (load_dag(argv[a + 1], &s) != 0) {
        state_free(&s);
        return 1;
    }
    simgrid_load_platform(argv[a]);

    /* Tasks without parents are ready from the start; the semaphore starts at their count
     * because releasing it from outside an actor, before the run, is not allowed. */
    for (int32_t i = 0; i < s.n; i++)
        if (s.pending[i] == 0) s.queue[s.tail++] = i;
    s.ready = sg_sem_init(s.tail);

    /* With no task there is nothing to wake workers: creating none keeps the run deadlock-free. */
    s.nworkers = s.n > 0 ? sg_host_count() : 0;
    sg_host_t *hosts = sg_host_list();
    for (size_t h = 0; h < s.nworkers; h++) {
        sg_actor_t w = sg_actor_create("worker", hosts[h], worker, 0, NULL);
        sg_actor_set_data(w, &s);
    }
    if (s.concurrent > 0 && start_fetchers(&s, hosts) != 0) {
        xbt_free(hosts);
        state_free(&s);
        return 1;
    }
    xbt_free(hosts);

    simgrid_run();

    int rc = 0;
    if (s.finished != s.n) {
        fprintf(stderr, "floor: only %d of %d tasks finished\n", s.finished, s.n);
        rc = 1;
    }
    if (s.concurrent > 0)
        printf("floor: %d tasks, makespan %.9g s, inputs fetched concurrently (--concurrent %d)\n",
               s.n, simgrid_get_clock(), s.concurrent);
    else
        printf("floor: %d tasks, makespan %.9g s\n", s.n, simgrid_get_clock());
    sg_sem_destroy(s.ready);
    if (s.io != NULL)
        for (size_t h = 0; h < s.nworkers; h++) {
            sg_sem_destroy(s.io[h].work);
            sg_sem_destroy(s.io[h].arrived);
        }
    state_free(&s);
    return rc;
}
