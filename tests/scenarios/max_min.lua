-- max_min.lua: max-min commits first the ready task with the largest best finish. On the
-- heft.lua case at t = 1: t2 (best 5 on B) before t3 (best 3): t2 on B [1, 5]; then t3:
-- A ends 5, B ends 7 -> A [1, 5]; t4 at 5 on B [5, 6]. Makespan 6 s.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local r = hetflow.run { platform = T.two_speeds(), workflow = T.fork_join(), policy = "max_min" }
assert(r:task("t2").resource == "B" and r:task("t3").resource == "A")
T.near(r.makespan, 6, "makespan")
