-- quickstart.lua: the default scenario (make run): the quickstart pipeline on the quickstart
-- lab, placed by earliest estimated finish time. Try: --set policy=round_robin
local hetflow = require("hetflow")

local policy = hetflow.param("policy", "earliest_finish")
hetflow.run {
  platform = "platforms/quickstart.lua",
  workflow = "workloads/quickstart.lua",
  policy = policy,
}
