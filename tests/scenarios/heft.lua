-- heft.lua: HEFT orders tasks readied together by upward rank, then places by earliest finish.
-- Platform A (1 Gflop/s), B (2 Gflop/s); fork-join t1 -> {t3, t2} -> t4, no data.
-- Mean costs over A and B: t1 (2+1)/2 = 1.5, t3 (4+2)/2 = 3, t2 (8+4)/2 = 6, t4 1.5 s.
-- Upward ranks: t4 1.5; t2 6 + 1.5 = 7.5; t3 3 + 1.5 = 4.5; t1 1.5 + 7.5 = 9 = critical path.
-- Schedule: t1 on B [0, 1] (A would end at 2). At 1, t2 (rank 7.5) before t3 (4.5):
--   t2: A ends 1 + 8 = 9, B ends 1 + 4 = 5 -> B [1, 5];  t3: A ends 5, B ends 5 + 2 = 7 -> A [1, 5]
--   t4 at 5: A ends 7, B ends 6 -> B [5, 6].  Makespan 6 s (earliest_finish alone: 8 s).
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local r = hetflow.run { platform = T.two_speeds(), workflow = T.fork_join(), policy = "heft" }
assert(r:task("t1").resource == "B" and r:task("t2").resource == "B")
assert(r:task("t3").resource == "A" and r:task("t4").resource == "B")
T.near(r:task("t3")["end"], 5, "t3 end")
T.near(r.makespan, 6, "makespan")
