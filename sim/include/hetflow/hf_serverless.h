/* hf_serverless.h: running a workflow as functions on serverless endpoints (principles 2 and 4):
 * execution modes, endpoints with container pools, and node availability over time
 * (docs/models/serverless.md). */
#ifndef HF_SERVERLESS_H
#define HF_SERVERLESS_H

#include <stddef.h>

#include "hf_ctx.h"
#include "hf_platform.h"
#include "hf_workflow.h"

/* How a workflow is executed. */
typedef enum hf_mode {
    HF_MODE_DIRECT = 0,     /* tasks placed on resources by the policy (no containers) */
    HF_MODE_MONOLITH,       /* the whole workflow as one job on one node: topological order, one
                               container start, CPU variants */
    HF_MODE_DECOMPOSED,     /* every task a function on the endpoints, CPU variants wherever it
                               lands (heterogeneity-oblivious) */
    HF_MODE_DECOMPOSED_HHA, /* every task a function; tasks with a GPU variant go to GPUs while
                               any is present, and queued ones move to a GPU node that joins */
} hf_mode;

/* Name of a mode as written in scenarios ("monolith", ...; "direct" for HF_MODE_DIRECT). */
const char *hf_mode_name(hf_mode m);

/* The mode named name, or -1 (the caller names the field and lists the modes). */
int hf_mode_parse(const char *name);

/* A function endpoint (as Globus Compute has them): the nodes it runs workers on (their GPUs
 * belong to it too), a pool of at most max_containers live containers (busy or warm), a queue of
 * invocations, and a per-invocation overhead. */
typedef struct hf_endpoint {
    char *name; /* unique endpoint name (owned) */
    int *nodes; /* CPU node resource indices (owned), platform order, >= 1 */
    int nnodes;
    int max_containers; /* >= 1 */
    int concurrency;    /* invocations one container serves at once, >= 1 */
    double overhead;    /* s per invocation at the endpoint (queueing in the service,
                           serialisation), >= 0 */
    double keep_alive;  /* s an idle container stays warm after its last invocation, >= 0 */
} hf_endpoint;

/* A node joining or leaving (an availability trace line). */
typedef struct hf_avail_event {
    double time; /* s, >= 0, non-decreasing along the trace */
    int node;    /* CPU node resource index (its GPUs follow it) */
    int join;    /* 1 join, 0 leave */
} hf_avail_event;

/* How a container image reaches a node (docs/models/serverless.md#image-pulls): the registry
 * serves one pull at registry_bandwidth at most (the network path may be slower; concurrent pulls
 * also share the registry node's NIC), then the node unpacks it (decompress + extract into the
 * container filesystem) at unpack_rate, after the download (Docker Engine, Apptainer) or
 * overlapping it (containerd). Sizes and rates count compressed bytes, as registries store them.
 * Defaults are published measurements (HF_REGISTRY_BANDWIDTH_DEFAULT, HF_UNPACK_RATE_DEFAULT). */
typedef struct hf_pull_model {
    double registry_bandwidth; /* B/s one pull is served at, at most; finite, > 0 */
    double unpack_rate;        /* B/s of compressed image a node unpacks; finite, > 0 */
    int streamed;              /* 1: unpack overlaps the download; 0: it follows it */
} hf_pull_model;

/* 2.7 GiB (the largest gzip layer of docker.io/tensorflow/tensorflow:2.21.0-gpu) fetched from
 * Docker Hub to an EC2 VM over one TCP connection in ~15 s: 2.90e9 B / 15 s = 193 MB/s
 * (github.com/containerd/containerd/issues/13559); ~1.5 GB images downloaded in ~8 s, 188 MB/s
 * (github.com/moby/moby/issues/21814). */
#define HF_REGISTRY_BANDWIDTH_DEFAULT 193e6
/* The same 2.7 GiB layer inflated by Go's gzip (containerd's and Docker's default) in 35 s on a
 * Xeon 8488C and 33 s on an NVIDIA Grace: 2.90e9 B / 33 s = 88 MB/s of compressed input; tar
 * decoding and writing overlap it (containerd/containerd#13559). */
#define HF_UNPACK_RATE_DEFAULT 88e6

/* The serverless deployment of one run. */
typedef struct hf_serverless {
    hf_mode mode;
    int client_site;    /* site the client submits from (index into sites) */
    int registry;       /* resource images are pulled from; -1 = none (only when no function
                           has an image size) */
    int monolith_node;  /* monolith: the node the job runs on */
    hf_pull_model pull; /* image pulls from the registry (defaults: the HF_*_DEFAULT rates,
                           unpack after the download) */
    hf_endpoint *eps;   /* owned */
    size_t neps;
    hf_avail_event *events; /* owned, sorted by time */
    size_t nevents;
    size_t cap_eps_, cap_events_; /* allocated capacities */
} hf_serverless;

/* Allocate an empty configuration (mode direct, no endpoints, registry and monolith_node -1,
 * the default pull model). NULL when out of memory. */
hf_serverless *hf_serverless_new(void);

/* Free a configuration and what it owns. Accepts NULL. */
void hf_serverless_free(hf_serverless *s);

/* Append an endpoint (name and nodes copied). Returns its index or -1 with ctx set: duplicate
 * name, no node, a node given twice or already in another endpoint, a resource that is not a
 * CPU node, max_containers or concurrency < 1, negative or non-finite times. */
int hf_serverless_add_endpoint(hf_ctx *ctx, hf_serverless *s, const hf_platform *p,
                               const hf_endpoint *ep);

/* Read an availability trace: one event per line, "TIME NODE join|leave", TIME a number of
 * seconds or a time string ("90s", "2min"); blank lines and lines starting with '#' are skipped.
 * Times must be >= 0 and non-decreasing; NODE a CPU node of p. Appends to s->events. Errors
 * name path:line. HF_EIO (unreadable), HF_EINPUT, HF_ENOMEM. */
hf_err hf_serverless_load_trace(hf_ctx *ctx, hf_serverless *s, const hf_platform *p,
                                const char *path);

/* Append one event; origin and line (>= 1) name it in messages ("scenario.lua: availability[3]"
 * style origins pass line 0 and name the entry themselves). Fails when time is negative, not
 * finite, or before the previous event's. */
hf_err hf_serverless_add_event(hf_ctx *ctx, hf_serverless *s, const hf_avail_event *e,
                               const char *origin, int line);

/* Check s against platform p and workflow wf before a run: a mode other than direct needs at
 * least one endpoint; the monolith node must be a CPU node of an endpoint able to run every task
 * on its CPU variant and must not appear in the trace; in the decomposed modes every variant a
 * task declares must be runnable by some endpoint device (else an error naming task and
 * variant), and decomposed, which runs cpu variants, needs every task to have one; a registry
 * is required when some function has an image size; the pull model's rates must be finite and
 * > 0 ("serverless.unpack_rate: ..."). Fills defaults (monolith node = first endpoint's first
 * node). Errors name the task and variant or the field. */
hf_err hf_serverless_check(hf_ctx *ctx, hf_serverless *s, const hf_platform *p,
                           const hf_workflow *wf);

/* Invocation latency model (docs/models/serverless.md), pure:
 *   warm: 2 L + o + compile + run
 *   cold: 2 L + o + pull + init + compile + run,  pull = download + unpack of the image when it
 *         is not cached on the node (hf_image_ready_seconds, sim/exec/image.h), else 0
 * where L is the one-way WAN latency client -> endpoint site. Returns the seconds. */
double hf_invoke_latency(int cold, double wan_latency, double overhead, double pull, double init,
                         double compile, double run);

#endif
