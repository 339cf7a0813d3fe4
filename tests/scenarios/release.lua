-- release.lua: release times (docs/scenarios.md): a task becomes ready no earlier than its
-- release, whatever its parents. One node, 2 cores at 1 Gflop/s; every task 1 Gflop (1 s).
--   a: entry, release 2 s              -> ready 2, runs [2, 3]
--   b: entry, no release               -> [0, 1]
--   c: after b, release 0.5 s (passed) -> ready when b ends: [1, 2]
--   d: after b, release 5 s            -> held until 5: [5, 6]; the node idles in between
--   e..g: entries released together at 4 s on 2 cores: two run [4, 5], the third [5, 6]
--     beside d: makespan 6 s
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = { { name = "n", cores = 2, speed = "1Gf" } } } } },
  workflow = { tasks = {
    { name = "a", cpu = { flops = "1Gf" }, release = "2s" },
    { name = "b", cpu = { flops = "1Gf" } },
    { name = "c", cpu = { flops = "1Gf" }, after = { "b" }, release = "500ms" },
    { name = "d", cpu = { flops = "1Gf" }, after = { "b" }, release = "5s" },
    { name = "e", cpu = { flops = "1Gf" }, release = 4 },
    { name = "f", cpu = { flops = "1Gf" }, release = 4 },
    { name = "g", cpu = { flops = "1Gf" }, release = 4 },
  } },
  policy = "round_robin",
}
T.near(r:task("a").ready, 2, "a ready at its release")
T.near(r:task("a").start, 2, "a start")
T.near(r:task("b")["end"], 1, "b end")
T.near(r:task("c").start, 1, "c starts when b ends (its release has passed)")
T.near(r:task("d").ready, 5, "d ready at its release, after b")
T.near(r:task("d").start, 5, "d start")
T.near(r:task("e").start, 4, "e at 4")
T.near(r:task("f").start, 4, "f at 4")
T.near(r:task("g").start, 5, "g waits for a core")
T.near(r.makespan, 6, "makespan")
