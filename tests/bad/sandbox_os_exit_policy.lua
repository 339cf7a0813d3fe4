-- sandbox_os_exit_policy.lua: a Lua policy that calls os.exit(0) (exit status 134 once: exit()
-- inside a SimGrid actor). It is an error naming the task, exit status 1, with or without
-- --sandbox.
local hetflow = require("hetflow")
hetflow.run { platform = { sites = { { name = "s", nodes = { { name = "n", speed = "1Gf" } } } } },
              workflow = { tasks = { { name = "t1", cpu = { flops = "1Gf" } } } },
              policy = function(task, candidates) os.exit(0) end }
