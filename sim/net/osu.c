/* osu.c: OSU-style micro-benchmarks simulated with the transfer-path model's plans. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/semaphore.h>

#include "net/osu.h"

/* One simulation per process: the driver's state. */
typedef struct osu_run {
    hf_ctx *ctx;
    const hf_platform *p;
    const hf_osu_spec *spec;
    hf_path_route_fn *route;
    void *arg;
    hf_err rc;             /* planning's outcome (the driver plans at time 0) */
    hf_path *fwd, *back;   /* [nsizes] plans src -> dst and dst -> src */
    hf_path ack;           /* bw: the receiver's 4-byte reply, dst -> src */
    hf_osu_row *rows;
    sg_sem_t done;         /* released once per finished message */
} osu_run;

/* A message of a window in flight. */
typedef struct msg {
    const osu_run *o;
    const hf_path *pa;
    double bytes;
    sg_sem_t finish; /* released when the message arrived */
} msg;

static void sleep_for(double s)
{
    if (s > 0) sg_actor_sleep_for(s);
}

/* A message of a window: its own actor, so that the window's messages overlap. */
static void message_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    msg *m = sg_actor_self_get_data();
    hf_path_move(m->o->p, m->pa, m->bytes);
    sg_sem_release(m->finish);
}

/* Post a window of w messages of `bytes` along pa from the calling actor: each costs the
 * sender's overhead, then runs on its own. ms: w slots that outlive the messages. */
static void post_window(osu_run *o, const hf_path *pa, double bytes, int w, msg *ms)
{
    for (int i = 0; i < w; i++) {
        sleep_for(pa->overhead);
        ms[i] = (msg){.o = o, .pa = pa, .bytes = bytes, .finish = o->done};
        sg_actor_t a = sg_actor_init("message", sg_host_self());
        sg_actor_set_data(a, &ms[i]);
        sg_actor_start(a, message_main, 0, NULL);
    }
}

typedef struct poster {
    osu_run *o;
    const hf_path *pa;
    double bytes;
    msg *ms;
} poster;

static void poster_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    poster *q = sg_actor_self_get_data();
    post_window(q->o, q->pa, q->bytes, q->o->spec->window, q->ms);
}

/* One message with its sender's overhead, blocking. */
static void send_one(const osu_run *o, const hf_path *pa, double bytes)
{
    sleep_for(pa->overhead);
    hf_path_move(o->p, pa, bytes);
}

/* 1 when SimGrid has a route between the hosts of resources a and b (or they are one host);
 * else 0 with an HF_EINPUT message. Inside the simulation: route queries crash before it. */
static int routed(osu_run *o, int a, int b)
{
    int ok = hf_path_routed(hf_path_host(o->p, a), hf_path_host(o->p, b));
    if (!ok)
        o->rc = hf_ctx_fail(o->ctx, HF_EINPUT, "%s: no route from '%s' to '%s'",
                            o->p->xml_path ? o->p->xml_path : o->p->name, o->p->res[a].name,
                            o->p->res[b].name);
    return ok;
}

/* Plan every message of the run, at time 0; o->rc says how it went. */
static void plan_all(osu_run *o)
{
    const hf_osu_spec *sp = o->spec;
    const hf_platform *p = o->p;
    int a = sp->src, b = sp->dst, na = p->res[a].node, nb = p->res[b].node;
    if (p->xml_path) { /* a user's XML may lack routes, which SimGrid aborts on */
        int ends[4][2] = {{a, b}, {na, nb}, {a, na}, {nb, b}};
        for (int k = 0; k < 4; k++)
            if (!routed(o, ends[k][0], ends[k][1]) || !routed(o, ends[k][1], ends[k][0])) return;
    }
    double work = 0; /* chunks carried in the run */
    for (size_t k = 0; k < sp->nsizes; k++) {
        double s = sp->sizes[k];
        if ((o->rc = hf_path_plan(o->ctx, p, a, b, s, sp->mode, o->route, o->arg, &o->fwd[k])) ||
            (o->rc = hf_path_plan(o->ctx, p, b, a, s, sp->mode, o->route, o->arg, &o->back[k])))
            return;
        double tf = hf_path_seconds(&o->fwd[k], s), tb = hf_path_seconds(&o->back[k], s);
        o->rows[k] = (hf_osu_row){.size = s, .kind = o->fwd[k].kind};
        if (sp->test == HF_OSU_LATENCY)
            o->rows[k].model = (tf + tb) / 2 * 1e6;
        else
            o->rows[k].model = tf > 0 ? s / tf / 1e6 : INFINITY;
        double cf = hf_path_chunks(&o->fwd[k], s), cb = hf_path_chunks(&o->back[k], s);
        work += sp->test == HF_OSU_LATENCY ? (double)sp->iterations * (cf + cb)
                : sp->test == HF_OSU_BW    ? (double)sp->window * cf + 1
                                           : (double)sp->window * (cf + cb);
    }
    if (work > HF_OSU_MAX_CHUNKS) {
        o->rc = hf_ctx_fail(o->ctx, HF_EINPUT,
                            "osu %s: %.0f chunk transfers in all (at most %d): use fewer sizes, "
                            "a smaller --window or fewer --iterations, or a larger chunk",
                            hf_osu_test_name(sp->test), work, HF_OSU_MAX_CHUNKS);
        return;
    }
    o->rc = hf_path_plan(o->ctx, p, b, a, 4, sp->mode, o->route, o->arg, &o->ack);
}

static void driver_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    osu_run *o = sg_actor_self_get_data();
    plan_all(o);
    if (o->rc != HF_OK) return;
    const hf_osu_spec *sp = o->spec;
    int w = sp->window;
    msg *ms = calloc(2 * (size_t)w, sizeof *ms);
    if (!ms) {
        o->rc = hf_ctx_fail(o->ctx, HF_ENOMEM, "out of memory");
        return;
    }
    for (size_t k = 0; k < sp->nsizes; k++) {
        double s = sp->sizes[k];
        const hf_path *f = &o->fwd[k], *b = &o->back[k];
        double t0 = simgrid_get_clock(), v;
        if (sp->test == HF_OSU_LATENCY) {
            for (int it = 0; it < sp->iterations; it++) {
                send_one(o, f, s);
                send_one(o, b, s);
            }
            v = (simgrid_get_clock() - t0) / (2.0 * sp->iterations) * 1e6;
        } else {
            int nmsg = w;
            if (sp->test == HF_OSU_BIBW) {
                poster q = {o, b, s, ms + w};
                sg_actor_t a = sg_actor_init("poster", hf_path_host(o->p, sp->dst));
                sg_actor_set_data(a, &q);
                sg_actor_start(a, poster_main, 0, NULL);
                nmsg = 2 * w;
                post_window(o, f, s, w, ms);
                for (int i = 0; i < nmsg; i++)
                    sg_sem_acquire(o->done);
            } else {
                post_window(o, f, s, w, ms);
                for (int i = 0; i < nmsg; i++)
                    sg_sem_acquire(o->done);
                send_one(o, &o->ack, 4); /* the receiver's reply */
            }
            double dt = simgrid_get_clock() - t0;
            v = (sp->test == HF_OSU_BIBW ? 2.0 : 1.0) * s * w / dt / 1e6;
        }
        o->rows[k].value = v;
    }
    free(ms);
}

hf_err hf_osu_run(hf_ctx *ctx, const hf_platform *p, const hf_osu_spec *spec,
                  hf_path_route_fn *route, void *arg, hf_osu_row *rows)
{
    osu_run o = {.ctx = ctx, .p = p, .spec = spec, .route = route, .arg = arg, .rows = rows};
    if (spec->window < 1 || spec->iterations < 1 || spec->nsizes == 0)
        return hf_ctx_fail(ctx, HF_EINPUT, "osu: window and iterations >= 1, and a size, needed");
    if (spec->src < 0 || spec->dst < 0 || (size_t)spec->src >= p->nres ||
        (size_t)spec->dst >= p->nres)
        return hf_ctx_fail(ctx, HF_EINPUT, "osu: unknown resources");
    if (hf_path_host(p, spec->src) == hf_path_host(p, spec->dst))
        return hf_ctx_fail(ctx, HF_EINPUT,
                           "osu: '%s' and '%s' share one memory (the same host): nothing would "
                           "move",
                           p->res[spec->src].name, p->res[spec->dst].name);
    o.fwd = calloc(spec->nsizes, sizeof *o.fwd);
    o.back = calloc(spec->nsizes, sizeof *o.back);
    if (!o.fwd || !o.back) {
        free(o.fwd);
        free(o.back);
        return hf_ctx_fail(ctx, HF_ENOMEM, "out of memory");
    }
    o.done = sg_sem_init(0);
    sg_actor_t a = sg_actor_init("osu", hf_path_host(p, spec->src));
    sg_actor_set_data(a, &o);
    sg_actor_start(a, driver_main, 0, NULL);
    simgrid_run();
    sg_sem_destroy(o.done);
    free(o.fwd);
    free(o.back);
    return o.rc;
}

int hf_sg_route(void *arg, int src, int dst, double *lat, double *bw)
{
    const hf_platform *p = arg;
    sg_host_t a = hf_path_host(p, src), b = hf_path_host(p, dst);
    if (!a || !b) return -1;
    *lat = 0;
    *bw = INFINITY;
    if (a == b) return 0;
    *lat = sg_host_get_route_latency(a, b);
    double w = sg_host_get_route_bandwidth(a, b);
    if (w > 0) *bw = w;
    return 0;
}

const char *hf_osu_test_name(hf_osu_test t)
{
    return t == HF_OSU_LATENCY ? "latency" : t == HF_OSU_BW ? "bw" : "bibw";
}

int hf_osu_test_parse(const char *s, hf_osu_test *out)
{
    if (strcmp(s, "latency") == 0)
        *out = HF_OSU_LATENCY;
    else if (strcmp(s, "bw") == 0)
        *out = HF_OSU_BW;
    else if (strcmp(s, "bibw") == 0)
        *out = HF_OSU_BIBW;
    else
        return -1;
    return 0;
}
