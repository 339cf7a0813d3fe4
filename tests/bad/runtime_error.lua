-- runtime_error.lua: a scenario that calls a nil value on line 4 (a runtime error).
local hetflow = require("hetflow")
local helpers = {}
helpers.missing_function()
hetflow.run { platform = "tests/bad/ok_platform.lua", workflow = "tests/bad/ok_workflow.lua" }
