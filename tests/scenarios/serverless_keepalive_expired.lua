-- serverless_keepalive_expired.lua: b arrives at exactly idle + keep-alive = 3 + 4 = 7 s, the
-- instant f's container is reclaimed: a cold start (init 2 s), so b ends at 7 + 2 + 1 = 10 s.
-- (Worked out in tests/scenarios/lib/keepalive.lua.)
local T = dofile("tests/scenario_common.lua")
local r = dofile("tests/scenarios/lib/keepalive.lua")(4)
local b = r:task("b")
T.near(b.dispatch, 7, "b arrives")
T.near(b["end"], 10, "b end (cold: init 2 + run 1)")
local inv = r:invocations()
assert(inv[3].task == "b" and inv[3].cold, "b must start cold")
assert(r.cold_starts == 3 and r.warm_starts == 0)
