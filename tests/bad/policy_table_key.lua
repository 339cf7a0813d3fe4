-- policy_table_key.lua: a policy table with a misspelt key 'decid' (for 'decide').
local hetflow = require("hetflow")
hetflow.run {
  platform = "tests/bad/ok_platform.lua",
  workflow = "tests/bad/ok_workflow.lua",
  policy = { decid = function(task, cands) return 1 end },
}
