-- policy_bad_name.lua: a Lua policy that returns a resource name no candidate has.
local hetflow = require("hetflow")
hetflow.run {
  platform = "tests/bad/ok_platform.lua",
  workflow = "tests/bad/ok_workflow.lua",
  policy = function(task, cands) return "nosuchhost" end,
}
