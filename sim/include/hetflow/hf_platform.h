/* hf_platform.h: the platform model (sites, nodes, GPUs, links) and its SimGrid XML generation. */
#ifndef HF_PLATFORM_H
#define HF_PLATFORM_H

#include <stddef.h>
#include <stdio.h>

#include "hf_ctx.h"

/* What kind of place a task can run on. GPUs are resources of their own, attached to a node. */
typedef enum hf_res_kind { HF_RES_CPU = 0, HF_RES_GPU = 1 } hf_res_kind;

typedef struct hf_link_spec {
    double bandwidth; /* bytes/s; 0 means "no such link" */
    double latency;   /* seconds */
} hf_link_spec;

/* How a node moves data between its GPUs and other nodes (docs/models/network.md#transfer-paths):
 * the inputs of the path model (sim/net/path.h). CPU node only; defaults: hf_xfer_defaults. */
typedef struct hf_xfer_spec {
    int gpudirect;         /* 1: the node's NIC reads and writes its GPUs' memory (GPUDirect RDMA) */
    double p2p_read;       /* B/s: PCIe peer-to-peer read limit met when the NIC reads a GPU's
                              memory (root complex or switch); 0: no limit beyond the links */
    double copy_latency;   /* s: fixed cost of one device<->host copy (cudaMemcpy launch to
                              completion) beyond the PCIe link's latency, per chunk */
    double chunk;          /* bytes: pipeline chunk of the host bounce-back path, > 0 */
    double rndv_threshold; /* bytes: larger messages pay a rendezvous handshake round trip */
    double overhead;       /* s: software cost per message at the sender (MPI, UCX) */
    double gdrcopy_limit;  /* bytes: copies of at most this go through a CPU mapping of GPU
                              memory (GDRCopy) instead of the copy engine; 0: never */
    hf_link_spec gdr_write; /* such a copy to the GPU (CPU stores): fixed cost, B/s */
    hf_link_spec gdr_read;  /* such a copy from the GPU (CPU loads): fixed cost, B/s */
    int concurrent; /* stage-in in a run with stage_in = concurrent: at most this many transfers
                       into the node and its GPUs in flight at once, 1..HF_XFER_MAX_CONCURRENT */
} hf_xfer_spec;

/* Bound on hf_xfer_spec.concurrent: each in-flight stage-in is an actor of the node's transfer
 * service, so the bound keeps actors (and their stacks) in check on 10^3-node platforms. */
#define HF_XFER_MAX_CONCURRENT 1024

/* A kernel profile (docs/models/gpu.md#kernel-profiles): what a GPU model's calibration measured
 * for the kernel of that name, applied to every launch of it on that GPU. */
typedef struct hf_kprofile {
    char *name;     /* kernel name ("lj_pair"), matched against hf_kgroup.name */
    double work;    /* factor on the kernel's flop and bytes, > 0 (1: the descriptor is right) */
    double latency; /* s: the launch's latency floor, >= 0 (replaces the kernel's own) */
    double launch;  /* s: launch overhead of this kernel, >= 0; < 0: the GPU's */
} hf_kprofile;

/* One resource: a CPU node (host with cores) or a GPU (its own host, behind a PCIe link). */
typedef struct hf_resource {
    char *name;          /* unique; also the SimGrid host name */
    hf_res_kind kind;    /* CPU node or GPU */
    int site;            /* index into hf_platform.sites */
    int node;            /* for a GPU: index of its CPU node resource; for a CPU node: itself */
    int cores;           /* CPU: cores; GPU: 1 (one SimGrid core = the whole device) */
    double speed;        /* CPU: flop/s per core; GPU: peak flop/s of the device */
    double memory;       /* bytes of main memory (CPU) or device memory (GPU); 0 = unlimited */
    double mem_bw;       /* GPU: device memory bandwidth (bytes/s); CPU: 0 (unmodelled) */
    double p_idle;       /* watts when idle */
    double p_max;        /* watts with every core busy */
    double embodied;     /* g CO2e of making the device (0: not stated; docs/models/carbon.md
                            #embodied-emissions); a GPU's belongs to the physical device, shared
                            by its MIG instances and MPS clients */
    double lifetime;     /* s the embodied emissions are spread over (with embodied > 0) */
    char *model;         /* GPU model name ("H100-80GB") or CPU model; may be NULL */
    hf_link_spec link;   /* CPU: NIC to the site switch; GPU: PCIe link to its node */
    hf_link_spec nvlink; /* CPU node only: GPU-to-GPU link of this node (0 = none) */
    hf_xfer_spec xfer;   /* CPU node only: its transfer-path parameters */
    /* GPU: the kernel-level model (docs/models/gpu.md). A whole GPU has share = bw_share = 1 and
     * peak = speed; a MIG instance is a resource of its own with speed = peak x share and
     * mem_bw = bandwidth x bw_share. */
    double sms;       /* SMs of the physical GPU (0 = unknown: kernel-sequence tasks cannot run) */
    double launch;    /* s: launch overhead of one kernel */
    double bw_sat;    /* share of the SMs whose loads saturate the memory bandwidth, (0, 1];
                         0: not modelled (a share's SMs do not limit its bandwidth) */
    double share;     /* fraction of the physical GPU's SMs this resource has, (0, 1] */
    double bw_share;  /* fraction of its memory bandwidth, (0, 1] */
    double peak;      /* flop/s of the physical GPU */
    double bandwidth; /* bytes/s of the physical GPU's memory */
    char *partition;  /* MIG profile name ("3g.40gb") of an instance, "mps" for an MPS client;
                         NULL for a whole GPU */
    char *host;       /* MPS client: the SimGrid host (the physical GPU, "NODE-gpuK") it shares
                         with the GPU's other clients; NULL: the resource is its own host */
    int gpu_group;    /* MIG instance of a GPU with several layouts: 1 + that GPU's number among
                         such GPUs (its instances run one layout at a time); 0 otherwise */
    int layout;       /* with gpu_group: the instance's layout, 0-based (0 runs first) */
    double reconfig;  /* with gpu_group: s to switch the GPU to another layout */
    char *device;     /* MIG instance: the physical GPU's name ("NODE-gpuK"); its one PCIe link,
                         "<device>-pcie", is shared by all its instances. NULL otherwise */
    hf_kprofile *kprof; /* GPU: kernel profiles of its model (owned; names owned), or NULL */
    int nkprof;         /* entries of kprof */
} hf_resource;

struct hf_ctrace; /* sim/platform/carbon.h */

typedef struct hf_site {
    char *name;              /* unique site name */
    hf_link_spec wan;        /* the site's uplink to the wide-area network */
    struct hf_ctrace *carbon; /* its grid's carbon intensity (docs/models/carbon.md), owned;
                                NULL: not stated (the run reports no emissions for it) */
    double pue;              /* power usage effectiveness, >= 1 (1 when not stated) */
} hf_site;

typedef struct hf_platform {
    char *name;       /* platform name (for results), never NULL */
    hf_site *sites;   /* sites, declaration order */
    size_t nsites;    /* number of sites */
    hf_resource *res; /* CPU nodes and GPUs, declaration order (a node precedes its GPUs) */
    size_t nres;      /* number of resources */
    size_t cap_sites, cap_res; /* allocated capacities */
    char *xml_path;            /* non-NULL when the platform comes from a user's SimGrid XML file */
    struct hf_strmap *index;   /* resource and site names -> resource index, or -2 - site index */
} hf_platform;

/* Allocate an empty platform named name (copied). Returns NULL when out of memory. */
hf_platform *hf_platform_new(const char *name);

/* Free a platform and everything it owns. Accepts NULL. */
void hf_platform_free(hf_platform *p);

/* Append a site (name copied). Returns its index, or -1 with ctx set (duplicate name, OOM). */
int hf_platform_add_site(hf_ctx *ctx, hf_platform *p, const char *name, hf_link_spec wan);

/* Give site (an index) its carbon intensity (trace, taken over: freed with the platform, or
 * at once on failure) and PUE. HF_EINPUT for a PUE below 1 or not finite, or a site that has
 * one already. */
hf_err hf_platform_set_site_carbon(hf_ctx *ctx, hf_platform *p, int site, struct hf_ctrace *trace,
                                   double pue);

/* Append a resource; r->name, r->model, r->partition, r->host, r->device and r->kprof (with its
 * names) are copied, the rest taken by value. Returns its index, or -1 with ctx set (duplicate
 * name, out-of-range values, OOM). */
int hf_platform_add_resource(hf_ctx *ctx, hf_platform *p, const hf_resource *r);

/* Suffix of the SimGrid host from which a GPU's memory is read by its node's NIC, written for
 * the GPUs of nodes with a P2P read limit (docs/models/network.md#transfer-paths): "-sw" ends it,
 * which no user name may, so it never collides. It runs nothing. */
#define HF_GDR_SUFFIX "-gdr-sw"

/* The transfer parameters of a node that declares none (docs/models/network.md#transfer-paths). */
hf_xfer_spec hf_xfer_defaults(void);

/* Index of the resource named name, or -1. O(1) expected. */
int hf_platform_find(const hf_platform *p, const char *name);

/* Number of resources of a kind. */
size_t hf_platform_count(const hf_platform *p, hf_res_kind kind);

/* Write the SimGrid XML (platform version 4.1) for p to out: one zone per site around a site
 * switch (Cluster routing for a site without GPUs, DijkstraCache for one with GPUs), full-duplex
 * NIC and PCIe links, a full mesh of NVLink links between a node's GPUs, and a world zone joining
 * the sites through their WAN uplinks at a hub (Dijkstra routing, 2 routes per site). Host
 * properties carry the power figures for SimGrid's energy plugin. O(sites + resources + NVLink
 * pairs) time and output. Returns HF_OK, HF_EINPUT, HF_ENOMEM or HF_EIO. */
hf_err hf_platform_write_xml(hf_ctx *ctx, const hf_platform *p, FILE *out);

/* Build p from an already loaded SimGrid platform (the engine must be initialised and the
 * XML loaded). Hosts whose property "hetflow.kind" is "gpu" become GPUs attached to the
 * host named by "hetflow.node"; other hosts are CPU nodes. Optional properties:
 * hetflow.memory, hetflow.memory_bandwidth (quantity strings), hetflow.site, hetflow.model;
 * power comes from "wattage_per_state" ("idle:max" or "idle:epsilon:max", first pstate). */
hf_err hf_platform_from_simgrid(hf_ctx *ctx, hf_platform *p);

/* Latency (sum, s) and bandwidth (bottleneck, B/s) of the route from resource src to dst as
 * hf_platform_write_xml lays it out: [src PCIe] [src node NIC] [src site WAN, dst site WAN]
 * [dst node NIC] [dst PCIe], the node parts skipped within a node, and a direct NVLink between
 * two GPUs of a node that has one. src == dst: latency 0, bandwidth INFINITY. O(1).
 * Returns -1 (nothing stored) for a platform loaded from a user's XML: ask SimGrid instead. */
int hf_platform_route(const hf_platform *p, int src, int dst, double *lat, double *bw);

/* Print a one-screen description of p (sites, nodes, GPUs) to out. */
void hf_platform_describe(const hf_platform *p, FILE *out);

#endif
