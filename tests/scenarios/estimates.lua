-- estimates.lua: what a Lua policy sees: candidates with estimated start and finish times.
-- Platform: a and b, 1 core at 1 Gflop/s, NIC 100 MB/s, 1 ms (as chain2.lua).
--   t1 (2 Gflop): both idle, no inputs: est_start 0, est_finish 2 on a and on b.
--   t2 (3 Gflop, reads f1 = 50 MB from a), decided at t = 2 after t1 ran on a:
--     on a: est_start = max(2, a's cores free at 2) + 0 = 2, est_finish = 5
--     on b: est_start = 2 + (0.002 + 50e6 / 1e8) = 2.502,      est_finish = 5.502
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local function node(name)
  return { name = name, speed = "1Gf", nic = { bandwidth = "100MBps", latency = "1ms" } }
end
local seen = {}
local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = { node("a"), node("b") } } } },
  workflow = { tasks = {
    { name = "t1", cpu = { flops = "2Gf" }, outputs = { { name = "f1", size = "50MB" } } },
    { name = "t2", cpu = { flops = "3Gf" }, inputs = { "f1" } },
  } },
  policy = {
    init = function() seen.init = true end,
    decide = function(task, cands)
      assert(#cands == 2 and cands[1].resource == "a" and cands[2].resource == "b")
      assert(cands[1].variant == "cpu" and cands[1].index == 1 and cands[2].cores == 1)
      if task.name == "t1" then
        T.near(cands[1].est_start, 0, "t1 on a start")
        T.near(cands[2].est_finish, 2, "t1 on b finish")
        return cands[1]
      end
      assert(task.inputs[1].name == "f1" and task.inputs[1].size == 50e6)
      T.near(cands[1].est_start, 2, "t2 on a start")
      T.near(cands[1].est_finish, 5, "t2 on a finish")
      T.near(cands[2].est_start, 2.502, "t2 on b start")
      T.near(cands[2].est_finish, 5.502, "t2 on b finish")
      seen.t2 = true
      return 2
    end,
    finish = function() seen.finish = true end,
  },
}
assert(seen.init and seen.t2 and seen.finish, "init, decide and finish were all called")
T.near(r.makespan, 5.502, "makespan")
