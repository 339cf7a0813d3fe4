-- syntax.lua: a scenario with a Lua syntax error on line 3 (an operator with no left operand).
local hetflow = require("hetflow")
local n = * 2
hetflow.run { platform = "tests/bad/ok_platform.lua", workflow = "tests/bad/ok_workflow.lua" }
