-- no_run.lua: a scenario that builds a platform but never calls hetflow.run.
local hetflow = require("hetflow")
local p = hetflow.platform("tests/bad/ok_platform.lua")
assert(p.nodes == 2)
