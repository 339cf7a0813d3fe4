-- xml_platform.lua: the gpu_copy.lua timeline on a hand-written SimGrid XML platform
-- (tests/data/gpu_node.xml): the same figures must come out.
--   g on h-gpu: copy 1 GB over PCIe (10 GB/s, 1 us) = 0.100001 s, then max(2, 1) = 2 s
--   c on h: copy 2 GB back = 0.200001 s, then 1 s            -> makespan 3.300002 s
-- GPU energy: 50 W x 3.300002 s + 250 W x 2 s = 665.0001 J
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local plat = hetflow.platform("tests/data/gpu_node.xml")
local r = hetflow.run {
  platform = plat,
  workflow = {
    stage_at = "h",
    files = { { name = "in", size = "1GB" } },
    tasks = {
      { name = "g", gpu = { flops = "2Tf", bytes = "100GB" }, gpu_memory = "8GB",
        inputs = { "in" }, outputs = { { name = "out", size = "2GB" } } },
      { name = "c", cpu = { flops = "1Gf" }, inputs = { "out" } },
    } },
}
assert(r:task("g").resource == "h-gpu", r:task("g").resource)
assert(r:resource("h-gpu").kind == "gpu" and r:resource("h").cores == 2)
T.near(r:task("g").start, 0.100001, "g start")
T.near(r.makespan, 3.300002, "makespan")
T.near(r:resource("h-gpu").energy, 665.0001, "gpu energy")
