/* image.c: container image pulls (download at the registry's serving rate over the network, then
 * unpack), the equation and its playing in the simulation (docs/models/serverless.md#image-pulls).
 */
#include <math.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>

#include "exec/image.h"

double hf_image_ready_seconds(const hf_pull_model *m, double size, int remote, double lat,
                              double path_bw)
{
    if (!(size > 0)) return 0;
    double unpack = size / m->unpack_rate;
    if (!remote) return unpack;
    double bw = fmin(m->registry_bandwidth, path_bw);
    if (m->streamed) return lat + size / fmin(bw, m->unpack_rate);
    return lat + size / bw + unpack;
}

/* Sleep until simulated time t (no-op when it has passed). */
static void sleep_until(double t)
{
    double now = simgrid_get_clock();
    if (t > now) sg_actor_sleep_for(t - now);
}

double hf_image_pull(const hf_pull_model *m, sg_host_t registry, sg_host_t node, double size)
{
    if (!(size > 0)) return 0;
    double t0 = simgrid_get_clock(), lat = 0;
    if (registry != node) {
        lat = sg_host_get_route_latency(registry, node);
        /* SimGrid 3.32's C API has no per-transfer rate cap (and host-to-host comms ignore
         * s4u's set_rate), so the registry's serving rate is enforced on the pull's end: the
         * bytes cross the network as a real transfer, contending for links, and the pull is
         * not over before the registry could have served them */
        sg_host_sendto(registry, node, size);

        sleep_until(t0 + lat + size / m->registry_bandwidth);
    }
    if (m->streamed)
        sleep_until(t0 + lat + size / m->unpack_rate);
    else
        sg_actor_sleep_for(size / m->unpack_rate);
    return simgrid_get_clock() - t0;
}
