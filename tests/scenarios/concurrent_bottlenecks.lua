-- concurrent_bottlenecks.lua: two transfers leave one node at the same time towards nodes with
-- different NICs; each is held to its own bottleneck (max-min sharing, docs/models/network.md).
-- p (1 Gflop on src, NIC 1 GB/s, 1 ms) writes f1 and f2 (100 MB each); c1 on w1 (NIC 100 MB/s,
-- 1 ms) reads f1, c2 on w2 (NIC 25 MB/s, 1 ms) reads f2. Both are dispatched at 1 s:
--   f1: 0.002 + 100e6 / min(1e9, 100e6) = 1.002 s -> c1 runs 2.002 .. 3.002
--   f2: 0.002 + 100e6 / min(1e9, 25e6)   = 4.002 s -> c2 runs 5.002 .. 6.002
-- (src's NIC carries 125 MB/s of its 1 GB/s). With SimGrid's network/TCP-gamma:0, f2 took
-- 0.113 s instead (900 MB/s through a 25 MB/s NIC): sim/engine/engine.c.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local function nic(bw) return { bandwidth = bw, latency = "1ms" } end
local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = {
    { name = "src", speed = "1Gf", nic = nic("1GBps") },
    { name = "w1", speed = "1Gf", nic = nic("100MBps") },
    { name = "w2", speed = "1Gf", nic = nic("25MBps") } } } } },
  workflow = { tasks = {
    { name = "p", cpu = { flops = "1Gf" },
      outputs = { { name = "f1", size = "100MB" }, { name = "f2", size = "100MB" } } },
    { name = "c1", cpu = { flops = "1Gf" }, inputs = { "f1" } },
    { name = "c2", cpu = { flops = "1Gf" }, inputs = { "f2" } },
  } },
  policy = T.pin { p = "src", c1 = "w1", c2 = "w2" },
}
T.near(r:task("c1").start, 2.002, "c1 start")
T.near(r:task("c2").start, 5.002, "c2 start")
T.near(r.makespan, 6.002, "makespan")
