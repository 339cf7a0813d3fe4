-- params_ok.lua: a valid scenario asserting that --set n=7 --set name=abc reach hetflow.param.
local hetflow = require("hetflow")
assert(hetflow.param("n", 1) == 7, "n should be 7")
assert(hetflow.param("name", "x") == "abc", "name should be abc")
hetflow.run { platform = "tests/bad/ok_platform.lua", workflow = "tests/bad/ok_workflow.lua" }
