-- compile_once.lua: a function's gpu variant is compiled once per node type (principle 2):
-- node n has GPUs n-gpu0 and n-gpu1 of model "A" and n-gpu2 of model "B"; function k compiles
-- its gpu variant in 3 s; tasks run 1 s each on any GPU, in a chain, pinned:
--   t1 on n-gpu0 (A, first use): compile 3 + run 1            -> 0 .. 4
--   t2 on n-gpu1 (A, compiled):  run 1                         -> 4 .. 5
--   t3 on n-gpu2 (B, first use): compile 3 + run 1             -> 5 .. 9
--   t4 cpu variant on n (compile.cpu not given: none)          -> 9 .. 10 (1 Gflop at 1 Gflop/s)
-- compiles = 2, compile seconds = 6 (direct mode: no containers)
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local r = hetflow.run {
  platform = { name = "ab", sites = { { name = "s", nodes = {
    { name = "n", speed = "1Gf", gpus = { { model = "A", speed = "1Tf" },
      { model = "A", speed = "1Tf" }, { model = "B", speed = "1Tf" } } } } } } },
  workflow = { name = "compile",
    functions = { { name = "k", compile = { gpu = "3s" } } },
    tasks = {
      { name = "t1", fn = "k", gpu = { seconds = 1 } },
      { name = "t2", fn = "k", gpu = { seconds = 1 }, after = { "t1" } },
      { name = "t3", fn = "k", gpu = { seconds = 1 }, after = { "t2" } },
      { name = "t4", fn = "k", cpu = { flops = "1Gf" }, after = { "t3" } },
    } },
  policy = T.pin { t1 = "n-gpu0", t2 = "n-gpu1", t3 = "n-gpu2", t4 = "n" },
}
T.near(r:task("t1")["end"], 4, "t1 end (compile 3 + run 1)")
T.near(r:task("t2").dispatch, 4, "t2 dispatch")
T.near(r:task("t2")["end"], 5, "t2 end (compiled for A)")
T.near(r:task("t3")["end"], 9, "t3 end (compile for B)")
T.near(r:task("t4")["end"], 10, "t4 end")
assert(r.compiles == 2, r.compiles)
T.near(r.compile_seconds, 6, "compile seconds")
