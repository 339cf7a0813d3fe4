-- policy_raises.lua: a Lua policy that raises an error when asked to place task 'b'.
local hetflow = require("hetflow")
hetflow.run {
  platform = "tests/bad/ok_platform.lua",
  workflow = "tests/bad/ok_workflow.lua",
  policy = function(task, cands)
    if task.name == "b" then error("no room for " .. task.name) end
    return 1
  end,
}
