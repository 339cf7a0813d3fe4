-- multicore.lua: tasks use several cores of one node; SimGrid's energy follows the linear model.
-- Node: 4 cores x 1 Gflop/s, idle 40 W, max 120 W (so 20 W per busy core).
--   A: 4 cores, 8 Gflop: 8e9 / (4 x 1e9) = 2 s             [0, 2]
--   B1: 1 core, 3 Gflop = 3 s; B2: 2 cores, 8 Gflop = 4 s; both fit (1 + 2 <= 4) after A
--                                                          B1 [2, 5], B2 [2, 6]
--   makespan 6 s; core-seconds 4x2 + 1x3 + 2x4 = 19; utilisation 19 / (4 x 6) = 0.7916666...
--   energy: 40 W x 6 s + 20 W x 19 core-s = 240 + 380 = 620 J
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = {
    { name = "n", cores = 4, speed = "1Gf", power = { idle = "40W", max = "120W" } } } } } },
  workflow = { tasks = {
    { name = "A", cpu = { flops = "8Gf" }, cores = 4 },
    { name = "B1", cpu = { flops = "3Gf" }, after = { "A" } },
    { name = "B2", cpu = { flops = "8Gf" }, cores = 2, after = { "A" } },
  } },
  policy = "round_robin",
}
T.near(r:task("A")["end"], 2, "A end")
T.near(r:task("B1")["end"], 5, "B1 end")
T.near(r:task("B2")["end"], 6, "B2 end")
T.near(r.makespan, 6, "makespan")
local n = r:resource("n")
T.near(n.core_seconds, 19, "core-seconds")
T.near(n.utilisation, 19 / 24, "utilisation")
T.near(n.busy_time, 6, "busy time")
T.near(n.energy, 620, "energy")
T.near(r:task("A").energy + r:task("B1").energy + r:task("B2").energy, 380, "dynamic energy")
