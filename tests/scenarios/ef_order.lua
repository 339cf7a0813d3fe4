-- ef_order.lua: the heft.lua case under earliest_finish, which decides tasks readied together in
-- workflow order (t3 before t2):
--   t1 on B [0, 1]; t3: A ends 1 + 4 = 5, B ends 1 + 2 = 3 -> B [1, 3];
--   t2: A ends 1 + 8 = 9, B ends 3 + 4 = 7 -> B [3, 7]; t4 at 7: A ends 9, B ends 8 -> B.
--   Makespan 8 s (HEFT: 6 s).
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local r = hetflow.run { platform = T.two_speeds(), workflow = T.fork_join(),
                        policy = "earliest_finish" }
assert(r:task("t3").resource == "B" and r:task("t2").resource == "B")
T.near(r:task("t2").start, 3, "t2 start")
T.near(r.makespan, 8, "makespan")
