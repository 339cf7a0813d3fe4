/* path.h: the transfer-path model (docs/models/network.md#transfer-paths). Pure: it plans a
 * message's path from the platform's figures and gives its time alone on the platform; the
 * SimGrid realisation of the same plan is sim/net/osu.c (and, next, the executor's stage-in). */
#ifndef HF_PATH_H
#define HF_PATH_H

#include <simgrid/forward.h>

#include "hetflow/hf_ctx.h"
#include "hetflow/hf_platform.h"
#include "hetflow/hf_results.h"

/* How a message moves. */
typedef enum hf_path_kind {
    HF_PATH_LOCAL = 0, /* same memory: nothing moves */
    HF_PATH_HOST,      /* host to host: one flow over the network */
    HF_PATH_COPY,      /* a GPU and its own node's host: one device<->host copy */
    HF_PATH_PEER,      /* two GPUs of one node: one peer copy over NVLink or PCIe */
    HF_PATH_GDR,       /* across nodes, the NIC reading and writing GPU memory: one flow */
    HF_PATH_BOUNCE,    /* across nodes through host memory: copy, network, copy, pipelined */
    HF_PATH_DIRECT     /* mode direct: one flow over the route, no software cost */
} hf_path_kind;

/* Which path a message between GPUs of two nodes takes. */
typedef enum hf_xfer_mode {
    HF_XFER_DIRECT = 0, /* every transfer one flow over its route with no software cost (the
                           executor's default, hetflow's model before the paths) */
    HF_XFER_AUTO,     /* the faster of gdr and bounce by the model, gdr where both nodes can */
    HF_XFER_GDR,      /* GPUDirect RDMA; an error where a GPU's node has no gpudirect */
    HF_XFER_BOUNCE    /* host bounce-back */
} hf_xfer_mode;

/* Route figures between two resources' hosts: latency sum (s), bottleneck bandwidth (B/s;
 * INFINITY: no link). Returns 0, or -1 when unknown. hf_platform_route has this shape. */
typedef int hf_path_route_fn(void *arg, int src, int dst, double *lat, double *bw);

#define HF_PATH_STAGES 3

/* Most SimGrid actors one run may hold: SimGrid 3.32 maps two memory areas per actor (stack,
 * guard page), and under Linux's default vm.max_map_count (65530) 30,000 actors ran here and
 * 40,000 aborted (docs/models/network.md#stage-in). */
#define HF_MAX_ACTORS 30000

/* Most chunks one message may take (a bounce path plan asking more is an input error: 8 bytes
 * of bookkeeping and three flows per chunk). */
#define HF_PATH_MAX_CHUNKS 1000000

/* One stage of a path. A chunk arriving at the stage pays `fixed` seconds (a copy's launch to
 * start, asynchronous: it overlaps the stage's previous chunk), then waits for the stage's
 * previous chunk to be through and takes the stage's flow: over the route src -> dst
 * (resources), lat + c / bw; a stage with src < 0 has no flow but a CPU copy through a mapping of
 * GPU memory, c / cpu_bw. */
typedef struct hf_stage {
    int src, dst;  /* resources whose hosts the flow joins; -1: no flow */
    int nic_read;  /* 1: src is a GPU read by its node's NIC under a P2P read limit: the flow
                      leaves from its host's HF_GDR_SUFFIX endpoint */
    double fixed;  /* s before the flow, per chunk */
    double lat;    /* s: the route's latency (0 without a flow) */
    double bw;     /* B/s: the route's bottleneck (INFINITY: none) */
    double cpu_bw; /* B/s of a flowless stage (0 with a flow) */
} hf_stage;

/* A planned message: overhead, then (above the rendezvous threshold) a handshake round trip
 * between the two nodes, then the stages over chunks of `chunk` bytes (one chunk: the whole
 * message), pipelined: chunk j leaves stage i at
 *   C(j, i) = max(C(j, i-1) + fixed_i, C(j-1, i)) + flow_i(c_j). */
typedef struct hf_path {
    hf_path_kind kind;
    double overhead;  /* s: sender's software cost per message */
    int rendezvous;   /* 1: a handshake precedes the data */
    int hs_a, hs_b;   /* nodes (resources) exchanging the handshake: a -> b, then b -> a */
    double handshake; /* s: the handshake's round trip alone, lat(a, b) + lat(b, a) */
    double chunk;     /* bytes per chunk; INFINITY: the message is one chunk */
    int nstages;      /* 0 (LOCAL) .. HF_PATH_STAGES */
    hf_stage st[HF_PATH_STAGES];
} hf_path;

/* Plan a message of `bytes` from resource src to resource dst of p under mode, with route
 * figures from route(arg, ...) (NULL: hf_platform_route on p). The sender's node's parameters
 * (p->res[node].xfer) give the overhead, chunk and thresholds; each copy stage uses its own
 * node's copy latency and GDRCopy figures. HF_OK, or HF_EINPUT naming both ends: mode gdr where
 * a GPU end's node has no gpudirect, two nodes with no network route between them, route
 * figures unknown, a bounce path of more than HF_PATH_MAX_CHUNKS chunks. O(1). */
hf_err hf_path_plan(hf_ctx *ctx, const hf_platform *p, int src, int dst, double bytes,
                    hf_xfer_mode mode, hf_path_route_fn *route, void *arg, hf_path *out);

/* Seconds of a planned message of `bytes` alone on the platform:
 *   overhead + handshake (rendezvous only) + C(n, last),
 * with n = ceil(bytes / chunk) chunks (1 when bytes = 0), the first n - 1 of `chunk` bytes and
 * the last of the rest. For n - 1 equal chunks of c bytes the recurrence has the closed form
 *   C(n-1, i) = sum_{k<=i} (fixed_k + flow_k(c)) + (n - 2) max_{k<=i} flow_k(c),
 * so equal chunks take sum_i (fixed_i + flow_i(c)) + (n - 1) max_i flow_i(c): the fill, then the
 * slowest stage's flow once per further chunk; the last chunk (u bytes) then leaves stage i at
 * G_i = max(G_{i-1} + fixed_i, C(n-1, i)) + flow_i(u). O(stages). */
double hf_path_seconds(const hf_path *pa, double bytes);

/* Flow part of stage s for a chunk of c bytes: lat + c / bw, or c / cpu_bw without a flow. */
double hf_stage_flow(const hf_stage *s, double c);

/* Number of chunks a message of `bytes` takes on pa (>= 1). */
double hf_path_chunks(const hf_path *pa, double bytes);

/* "local", "host", "copy", "peer", "gdr", "bounce", "direct". */
const char *hf_path_kind_name(hf_path_kind k);

/* Parse "direct", "auto", "gdr" or "bounce". 0, or -1 for anything else. */
int hf_xfer_mode_parse(const char *s, hf_xfer_mode *out);

/* The name hf_xfer_mode_parse reads as m: "direct", "auto", "gdr" or "bounce" ("direct" for a
 * value out of range). */
const char *hf_xfer_mode_name(int m);

/* ---- the SimGrid realisation (move.c): call from inside a SimGrid actor ---- */

/* The SimGrid host of resource r (its MPS device's host for an MPS client). */
sg_host_t hf_path_host(const hf_platform *p, int r);

/* 1 when SimGrid's platform has a route from a to b with at least one link (or a == b), else 0.
 * A user's XML may lack routes, which SimGrid aborts the process on once a flow needs one; ask
 * inside the simulation (route queries crash before it). */
int hf_path_routed(sg_host_t a, sg_host_t b);

/* Carry a message of `bytes` along pa, blocking the calling actor until the last byte arrived:
 * the rendezvous handshake as two empty flows between the nodes, then the stages: with one
 * chunk in turn, inline; with several, one actor per stage passing chunks on (so stages overlap
 * and share links with every other flow), each chunk paying its stage's fixed cost (a sleep)
 * when it arrives and the stage's flow (sg_host_sendto; a sleep for a CPU copy) once the stage
 * is free: C(j, i) of hf_path_seconds. The sender's overhead is not included. */
void hf_path_move(const hf_platform *p, const hf_path *pa, double bytes);

/* hf_path_move after the sender's overhead (a sleep). */
void hf_path_send(const hf_platform *p, const hf_path *pa, double bytes);

#endif
