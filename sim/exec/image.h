/* image.h: container image pulls as registries serve them: the download, limited by the
 * registry's per-pull serving rate and by the network path it shares with other traffic, then
 * the unpack (decompress + extract) at the node's unpack rate
 * (docs/models/serverless.md#image-pulls). The executor calls hf_image_pull where an invocation
 * pulls an image and hf_image_ready_seconds where a policy estimates one. */
#ifndef HF_EXEC_IMAGE_H
#define HF_EXEC_IMAGE_H

#include <simgrid/host.h>

#include "hetflow/hf_serverless.h"

/* Seconds from the start of a pull until an image of size bytes is unpacked on a node, pure:
 *   remote, sequential: lat + size / min(b_reg, path_bw) + size / u
 *   remote, streamed:   lat + size / min(b_reg, path_bw, u)
 *   local (remote = 0, the registry is the node): size / u
 * with b_reg = m->registry_bandwidth, u = m->unpack_rate, lat and path_bw (> 0) the latency and
 * bottleneck bandwidth of the idle route registry -> node. 0 when size <= 0. O(1). */
double hf_image_ready_seconds(const hf_pull_model *m, double size, int remote, double lat,
                              double path_bw);

/* Play one pull in the simulation from the calling actor (a worker of node): a SimGrid transfer
 * of size bytes registry -> node (skipped when they are the same host) that shares links with
 * all other traffic and ends no earlier than lat + size / b_reg after the start (lat: the
 * route's latency from SimGrid), then the unpack: size / u after the download (sequential), or
 * until lat + size / u after the start (streamed). On an idle route this takes exactly
 * hf_image_ready_seconds. Returns the seconds spent; 0 when size <= 0. */
double hf_image_pull(const hf_pull_model *m, sg_host_t registry, sg_host_t node, double size);

#endif
