-- run_key.lua: hetflow.run's table has a misspelt key 'platfrom' (for 'platform').
local hetflow = require("hetflow")
hetflow.run { platfrom = "tests/bad/ok_platform.lua", workflow = "tests/bad/ok_workflow.lua" }
