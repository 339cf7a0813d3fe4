/* osu.h: OSU-style micro-benchmarks between two resources of a platform, simulated on SimGrid
 * with the transfer-path model's plans (docs/models/network.md#osu-micro-benchmarks). */
#ifndef HF_OSU_H
#define HF_OSU_H

#include <stddef.h>

#include "hetflow/hf_ctx.h"
#include "hetflow/hf_platform.h"
#include "net/path.h"

/* Most chunk transfers one run may make (messages x their chunks, over every size): beyond,
 * an input error before anything runs (window 1024 x 128 chunks of 64 MiB took 163 s). */
#define HF_OSU_MAX_CHUNKS 100000

typedef enum hf_osu_test {
    HF_OSU_LATENCY = 0, /* ping-pong: half the round trip, us */
    HF_OSU_BW,          /* a window of messages one way, then a 4-byte reply: MB/s (1e6 B/s) */
    HF_OSU_BIBW         /* windows both ways at once: MB/s counting both directions */
} hf_osu_test;

typedef struct hf_osu_spec {
    hf_osu_test test;
    int src, dst;       /* resources (indices into the platform) */
    hf_xfer_mode mode;  /* path choice between GPUs of two nodes */
    double *sizes;      /* message sizes, bytes (borrowed) */
    size_t nsizes;
    int window;         /* messages in flight per direction (bw, bibw), >= 1 */
    int iterations;     /* round trips averaged (latency), >= 1 */
} hf_osu_spec;

typedef struct hf_osu_row {
    double size;       /* bytes */
    double value;      /* us (latency) or MB/s (bw, bibw) */
    double model;      /* the path model's figure for the same test alone: latency: the plan's
                          hf_path_seconds each way, halved sum; bw: size / that one-way time
                          (no window overlap), MB/s */
    hf_path_kind kind; /* the path the messages from src took */
} hf_osu_row;

/* Run spec on p, which the started engine has loaded (hf_engine_load_platform), one simulation:
 * rows[i] for spec->sizes[i] (rows: nsizes entries, caller-allocated). Each message is planned
 * with hf_path_plan (route figures from route/arg: NULL uses hf_platform_route) and realised as
 * SimGrid flows: the sender's overhead, the rendezvous handshake as two empty flows between the
 * nodes, then the stages, chunk by chunk, one actor per stage passing chunks on (so stages
 * overlap and share links with everything else in flight). Plans are made inside the
 * simulation at time 0 (SimGrid answers route queries only then), after checking, on a user's
 * XML, that the routes they need exist. HF_OK, or HF_EINPUT (src and dst one host, a route
 * missing, a plan refused, more than HF_OSU_MAX_CHUNKS chunk transfers) before any message
 * moves. Call once per process (SimGrid runs one simulation). */
hf_err hf_osu_run(hf_ctx *ctx, const hf_platform *p, const hf_osu_spec *spec, hf_path_route_fn *route,
                  void *arg, hf_osu_row *rows);

/* Route figures from the loaded SimGrid platform (arg: the hf_platform): the latency sum and
 * bottleneck bandwidth SimGrid reports between the two resources' hosts (INFINITY when the route
 * has no link). An hf_path_route_fn for platforms read from a user's XML. */
int hf_sg_route(void *arg, int src, int dst, double *lat, double *bw);

/* "latency", "bw", "bibw"; parse returns 0, or -1 for another name. */
const char *hf_osu_test_name(hf_osu_test t);
int hf_osu_test_parse(const char *s, hf_osu_test *out);

#endif
