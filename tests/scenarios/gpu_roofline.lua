-- gpu_roofline.lua: a memory-bound GPU task takes bytes / bandwidth, not flops / peak.
-- GPU: 1 Tflop/s, 100 GB/s. Task: 1 Tflop, 300 GB: max(1e12/1e12, 300e9/1e11) = max(1, 3) = 3 s.
-- A second task given as seconds (0.5 s, no reference speed) runs 0.5 s on any GPU: total 3.5 s.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = {
    { name = "n", speed = "1Gf", gpus = { { speed = "1Tf", memory_bandwidth = "100GBps" } } } } } } },
  workflow = { tasks = {
    { name = "mem", gpu = { flops = "1Tf", bytes = "300GB" } },
    { name = "timed", gpu = { seconds = 0.5 }, after = { "mem" } },
  } },
}
T.near(r:task("mem")["end"], 3, "memory-bound task")
T.near(r.makespan, 3.5, "makespan")
