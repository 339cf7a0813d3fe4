-- locality.lua: data_locality runs a task where most of its input bytes already are, even when
-- another node would finish it sooner. A (1 Gflop/s) holds big (1 GB), B (2 Gflop/s) holds
-- small (1 MB); NICs 10 GB/s, no latency. Task x (10 Gflop) reads both:
--   on A: fetch small 1e6 / 1e10 = 1e-4 s, compute 10 s -> 10.0001 s   (local_bytes 1e9)
--   on B: fetch big 1e9 / 1e10 = 0.1 s, compute 5 s  -> 5.1 s          (local_bytes 1e6)
-- data_locality picks A: makespan 10.0001 s (earliest_finish would pick B: 5.1 s).
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local r = hetflow.run {
  platform = T.two_speeds("10GBps"),
  workflow = { files = { { name = "big", size = "1GB", location = "A" },
                         { name = "small", size = "1MB", location = "B" } },
               tasks = { { name = "x", cpu = { flops = "10Gf" }, inputs = { "big", "small" } } } },
  policy = "data_locality",
}
assert(r:task("x").resource == "A", r:task("x").resource)
T.near(r.makespan, 10.0001, "makespan")
