-- wan.lua: a file crossing sites takes the NIC, both WAN uplinks and the remote NIC.
--   route a -> b: a-nic UP (1 GB/s, 1 us), A-wan UP (10 MB/s, 10 ms),
--                 B-wan DOWN (100 MB/s, 20 ms), b-nic DOWN (1 GB/s, 1 us)
--   latency 1e-6 + 0.01 + 0.02 + 1e-6 = 0.030002 s; 10 MB at min bandwidth 10 MB/s = 1 s
--   t1 (1 s on a) + 1.030002 + t2 (1 s on b) = 3.030002 s
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "1GBps", latency = "1us" }
local r = hetflow.run {
  platform = { sites = {
    { name = "A", wan = { bandwidth = "10MBps", latency = "10ms" },
      nodes = { { name = "a", speed = "1Gf", nic = nic } } },
    { name = "B", wan = { bandwidth = "100MBps", latency = "20ms" },
      nodes = { { name = "b", speed = "1Gf", nic = nic } } },
  } },
  workflow = { tasks = {
    { name = "t1", cpu = { flops = "1Gf" }, outputs = { { name = "f", size = "10MB" } } },
    { name = "t2", cpu = { flops = "1Gf" }, inputs = { "f" } },
  } },
  policy = T.pin { t1 = "a", t2 = "b" },
}
T.near(r:task("t2").start, 2.030002, "t2 start")
T.near(r.makespan, 3.030002, "makespan")
local tr = r:transfers()
assert(#tr == 1 and tr[1].src == "a" and tr[1].dst == "b" and tr[1].file == "f")
T.near(tr[1]["end"] - tr[1].start, 1.030002, "transfer time")
