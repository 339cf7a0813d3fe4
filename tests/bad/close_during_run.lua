-- close_during_run.lua: a policy closes the workflow the run is using: refused, not freed.
local hetflow = require("hetflow")
local wf = hetflow.workflow { tasks = { { name = "t1", cpu = { flops = 1e9 } } } }
hetflow.run {
  platform = { sites = { { name = "s", nodes = { { name = "n", speed = "1Gf" } } } } },
  workflow = wf,
  policy = function(task, cands) getmetatable(wf).__close(wf); return 1 end,
}
