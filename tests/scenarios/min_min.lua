-- min_min.lua: min-min commits first the ready task with the smallest best finish. On the
-- heft.lua case at t = 1: t3's best finish is 3 (B), t2's is 5 (B): t3 first, on B [1, 3];
-- then t2: A ends 9, B ends 3 + 4 = 7 -> B [3, 7]; t4 on B [7, 8]. Makespan 8 s.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local r = hetflow.run { platform = T.two_speeds(), workflow = T.fork_join(), policy = "min_min" }
assert(r:task("t3").resource == "B" and r:task("t2").resource == "B")
T.near(r.makespan, 8, "makespan")
