-- sites_wan3.lua: cross-site transfers on 3 sites take the source site's WAN uplink up and the
-- destination site's down, whatever the routing that joins the sites (docs/models/network.md).
-- Each transfer's bottleneck is a different site's uplink, so a route through a wrong uplink
-- changes the times. Site C has a GPU (a Dijkstra-routed site zone); A and B have none.
--   NICs: 1 GB/s, 1 us. WAN uplinks: A 50 MB/s, 10 ms; B 8 MB/s, 30 ms; C 20 MB/s, 5 ms.
--   t1 on a: 1 Gflop at 1 Gf/s = 1 s, writes f (10 MB)
--   f, a -> c: a-nic UP, A-wan UP, C-wan DOWN, c-nic DOWN
--     latency 1e-6 + 0.010 + 0.005 + 1e-6 = 0.015002 s; bottleneck C's 20 MB/s: 10 MB in 0.5 s
--     transfer 0.515002 s; t2 on c starts at 1.515002, ends at 2.515002, writes g (40 MB)
--   g, c -> b: c-nic UP, C-wan UP, B-wan DOWN, b-nic DOWN
--     latency 1e-6 + 0.005 + 0.030 + 1e-6 = 0.035002 s; bottleneck B's 8 MB/s: 40 MB in 5 s
--     transfer 5.035002 s; t3 on b starts at 7.550004, ends at 8.550004 = makespan
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "1GBps", latency = "1us" }
local r = hetflow.run {
  platform = { name = "three-sites", sites = {
    { name = "A", wan = { bandwidth = "50MBps", latency = "10ms" },
      nodes = { { name = "a", speed = "1Gf", nic = nic } } },
    { name = "B", wan = { bandwidth = "8MBps", latency = "30ms" },
      nodes = { { name = "b", speed = "1Gf", nic = nic } } },
    { name = "C", wan = { bandwidth = "20MBps", latency = "5ms" },
      nodes = { { name = "c", speed = "1Gf", nic = nic, gpus = { { model = "A100-40GB" } } } } },
  } },
  workflow = { name = "relay", tasks = {
    { name = "t1", cpu = { flops = "1Gf" }, outputs = { { name = "f", size = "10MB" } } },
    { name = "t2", cpu = { flops = "1Gf" }, inputs = { "f" }, outputs = { { name = "g", size = "40MB" } } },
    { name = "t3", cpu = { flops = "1Gf" }, inputs = { "g" } },
  } },
  policy = T.pin { t1 = "a", t2 = "c", t3 = "b" },
}
local tr = r:transfers()
assert(#tr == 2, "2 transfers expected, got " .. #tr)
assert(tr[1].src == "a" and tr[1].dst == "c" and tr[1].file == "f")
assert(tr[2].src == "c" and tr[2].dst == "b" and tr[2].file == "g")
T.near(tr[1]["end"] - tr[1].start, 0.515002, "f: a -> c")
T.near(tr[2]["end"] - tr[2].start, 5.035002, "g: c -> b")
T.near(r:task("t2").start, 1.515002, "t2 start")
T.near(r:task("t3").start, 7.550004, "t3 start")
T.near(r.makespan, 8.550004, "makespan")
