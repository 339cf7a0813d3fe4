-- wfformat_single_host.lua: a WfFormat instance on one 1-core host as fast as the machine it was
-- recorded on (1000 MHz -> 1e9 flop/s at one flop per cycle, docs/formats.md) runs its tasks one
-- after another: makespan = sum of runtimes = 1 + 2 + 3 + 4 + 5 + 6 = 21 s (all files stay on
-- the host: no transfer). On two such hosts with HEFT the three parallel tasks overlap:
-- see tests/scenarios/heft.lua for schedules worked by hand.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local wf = hetflow.workflow.load("tests/data/wfformat/uniform-1.5.json")
assert(wf.ntasks == 6 and wf.depth == 4, "6 tasks, depth 4")
local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = { { name = "h", speed = "1Gf" } } } } },
  workflow = wf,
  policy = "heft",
}
T.near(r.makespan, 21, "makespan = sum of runtimes")
assert(r.ntransfers == 0)
T.near(r:task("report")["end"] - r:task("report").start, 6, "report runs its recorded 6 s")
