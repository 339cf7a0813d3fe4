-- run_missing_workflow.lua: hetflow.run is given a platform but no workflow.
local hetflow = require("hetflow")
hetflow.run { platform = "tests/bad/ok_platform.lua" }
