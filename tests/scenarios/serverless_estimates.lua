-- serverless_estimates.lua: a policy's estimates see each endpoint's queue
-- (docs/models/serverless.md#placement-estimates). Client and endpoints on one site (no WAN
-- latency), no overhead, no images. Endpoint ea: node na, 1 core; eb: node nb, 2 cores; all at
-- 1 Gflop/s. Four 10 Gflop tasks ready at 0, earliest_finish, decided in order, each placement
-- booking the endpoint's earliest free core until its estimated finish:
--   t1: ea free 0 -> F 10; eb free 0 -> F 10: tie, platform order            -> ea (ea: 10)
--   t2: ea 20; eb 10                                                          -> eb (eb: 10, 0)
--   t3: ea 20; eb 10 (its second core)                                        -> eb (eb: 10, 10)
--   t4: ea 20; eb 20: tie                                                     -> ea (ea: 20)
-- ea runs t1 [0, 10] and t4 [10, 20]; eb runs t2 and t3 at once [0, 10]. Makespan 20 s (with
-- every endpoint looking idle, all four would go to ea: 40 s).
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local tasks = {}
for i = 1, 4 do tasks[i] = { name = "t" .. i, cpu = { flops = "10Gf" } } end
local r = hetflow.run {
  platform = { name = "one", sites = { { name = "s", nodes = {
    { name = "na", cores = 1, speed = "1Gf" }, { name = "nb", cores = 2, speed = "1Gf" } } } } },
  workflow = { tasks = tasks },
  policy = "earliest_finish",
  serverless = { mode = "decomposed",
    endpoints = { { name = "ea", nodes = { "na" } }, { name = "eb", nodes = { "nb" } } } },
}
local want = { t1 = "na", t2 = "nb", t3 = "nb", t4 = "na" }
for name, res in pairs(want) do
  assert(r:task(name).resource == res, name .. " on " .. r:task(name).resource)
end
T.near(r:task("t4").start, 10, "t4 starts when t1 ends")
T.near(r.makespan, 20, "makespan")
