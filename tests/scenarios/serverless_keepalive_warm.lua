-- serverless_keepalive_warm.lua: b arrives at 3 + 3.999 = 6.999 s, just before f's container is
-- reclaimed at 7 s: warm, no init, so b ends at 6.999 + 1 = 7.999 s.
-- (Worked out in tests/scenarios/lib/keepalive.lua.)
local T = dofile("tests/scenario_common.lua")
local r = dofile("tests/scenarios/lib/keepalive.lua")(3.999)
local b = r:task("b")
T.near(b.dispatch, 6.999, "b arrives")
T.near(b["end"], 7.999, "b end (warm: run 1)")
local inv = r:invocations()
assert(inv[3].task == "b" and not inv[3].cold, "b must start warm")
assert(r.cold_starts == 2 and r.warm_starts == 1)
