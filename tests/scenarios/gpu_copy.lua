-- gpu_copy.lua: a GPU task pays its host->GPU and GPU->host copies over PCIe.
-- Node n: 1 core at 1 Gflop/s. GPU n-gpu0: 1 Tflop/s, 100 GB/s HBM, PCIe 10 GB/s, 1 us.
--   g: input "in" (1 GB) staged on n -> copied n -> n-gpu0: 1e-6 + 1e9 / 1e10 = 0.100001 s
--      roofline: max(2e12 / 1e12, 100e9 / 1e11) = max(2, 1) = 2 s  -> ends at 2.100001
--   c (CPU, on n): reads "out" (2 GB) n-gpu0 -> n: 1e-6 + 2e9 / 1e10 = 0.200001 s
--      starts 2.300002, 1 Gflop at 1 Gflop/s = 1 s                 -> ends at 3.300002
-- Energy: GPU idle 50 W, max 300 W, busy 2 s: 50 x 3.300002 + 250 x 2 = 665.0001 J
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = {
    { name = "n", speed = "1Gf", gpus = {
      { model = "test", speed = "1Tf", memory = "16GB", memory_bandwidth = "100GBps",
        power = { idle = "50W", max = "300W" },
        pcie = { bandwidth = "10GBps", latency = "1us" } } } } } } } },
  workflow = {
    files = { { name = "in", size = "1GB", location = "n" } },
    tasks = {
      { name = "g", gpu = { flops = "2Tf", bytes = "100GB" }, inputs = { "in" },
        outputs = { { name = "out", size = "2GB" } } },
      { name = "c", cpu = { flops = "1Gf" }, inputs = { "out" } },
    } },
  policy = "earliest_finish",
}
local g, c = r:task("g"), r:task("c")
assert(g.resource == "n-gpu0" and g.variant == "gpu", g.resource)
assert(c.resource == "n")
T.near(g.start, 0.100001, "g start")
T.near(g["end"], 2.100001, "g end")
T.near(c.start, 2.300002, "c start")
T.near(r.makespan, 3.300002, "makespan")
T.near(r.bytes_moved, 3e9, "bytes moved")
T.near(r:resource("n-gpu0").energy, 665.0001, "gpu energy")
T.near(g.energy, 500, "g dynamic energy")  -- 250 W x 2 s
