-- policy_unknown.lua: hetflow.run names a policy that does not exist ('fastest').
local hetflow = require("hetflow")
hetflow.run { platform = "tests/bad/ok_platform.lua", workflow = "tests/bad/ok_workflow.lua",
              policy = "fastest" }
