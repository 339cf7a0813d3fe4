-- policy_no_decide.lua: a policy table with init but no decide function.
local hetflow = require("hetflow")
hetflow.run {
  platform = "tests/bad/ok_platform.lua",
  workflow = "tests/bad/ok_workflow.lua",
  policy = { init = function() end },
}
