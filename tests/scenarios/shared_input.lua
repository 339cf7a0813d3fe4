-- shared_input.lua: two tasks on the same node read the same remote file: it moves once.
-- p (1 Gflop on a) writes f (100 MB); c1 and c2 (1 Gflop each) both run on b (2 cores).
--   both are dispatched at 1 s; c1 fetches f: 0.002 + 100e6 / 1e8 = 1.002 s; c2 waits for
--   that same copy; both start at 2.002 and end at 3.002. One transfer, 100 MB moved.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local nic = { bandwidth = "100MBps", latency = "1ms" }
local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = {
    { name = "a", speed = "1Gf", nic = nic },
    { name = "b", cores = 2, speed = "1Gf", nic = nic } } } } },
  workflow = { tasks = {
    { name = "p", cpu = { flops = "1Gf" }, outputs = { { name = "f", size = "100MB" } } },
    { name = "c1", cpu = { flops = "1Gf" }, inputs = { "f" } },
    { name = "c2", cpu = { flops = "1Gf" }, inputs = { "f" } },
  } },
  policy = T.pin { p = "a", c1 = "b", c2 = "b" },
}
assert(r.ntransfers == 1, "one transfer, got " .. r.ntransfers)
T.near(r.bytes_moved, 100e6, "bytes moved")
T.near(r:task("c1").start, 2.002, "c1 start")
T.near(r:task("c2").start, 2.002, "c2 start")
T.near(r.makespan, 3.002, "makespan")
