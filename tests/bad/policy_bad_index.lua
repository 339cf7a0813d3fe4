-- policy_bad_index.lua: a Lua policy that returns candidate index 99 (there are only 2).
local hetflow = require("hetflow")
hetflow.run {
  platform = "tests/bad/ok_platform.lua",
  workflow = "tests/bad/ok_workflow.lua",
  policy = function(task, cands) return 99 end,
}
