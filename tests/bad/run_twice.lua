-- run_twice.lua: a scenario that calls hetflow.run twice (one scenario is one simulation).
local hetflow = require("hetflow")
local spec = { platform = "tests/bad/ok_platform.lua", workflow = "tests/bad/ok_workflow.lua" }
hetflow.run(spec)
hetflow.run(spec)
