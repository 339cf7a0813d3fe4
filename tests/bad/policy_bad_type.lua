-- policy_bad_type.lua: a Lua policy that returns nothing (nil) instead of a choice.
local hetflow = require("hetflow")
hetflow.run {
  platform = "tests/bad/ok_platform.lua",
  workflow = "tests/bad/ok_workflow.lua",
  policy = function(task, cands) end,
}
