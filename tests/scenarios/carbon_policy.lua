-- carbon_policy.lua: placing by the grid's intensity now (docs/policies.md#carbon-aware-placement).
-- Site a reads tests/data/carbon/step.csv: 100 gCO2e/kWh until 01:00 (3600 s), 300 after; site
-- b is a constant 200. One node each, 1 Gflop/s.
--   t1, ready at 0: a (100 < 200); t2, released at 4000 s: b (300 > 200); t3, a node with no
--   carbon stated is offered too (site c), and is chosen last: at 0, a.
-- --set policy=lua: a Lua policy that picks the lowest `carbon` of its candidates, asserting the
-- values it sees (nil for site c) and its forecasts an hour ahead (c.forecast(now + 3600)).
local hetflow = require("hetflow")
local which = hetflow.param("policy", "carbon_min")
local seen = {}
local lua_policy = { decide = function(task, candidates, now)
  local best
  for _, c in ipairs(candidates) do
    seen[task.name .. "@" .. c.site] = c.carbon or "none"
    seen[task.name .. "@" .. c.site .. "+1h"] = c.forecast and c.forecast(now + 3600) or "none"
    if c.carbon and (not best or c.carbon < best.carbon) then best = c end
  end
  return best.index
end }
local function node(name) return { name = name, cores = 1, speed = "1Gf" } end
local r = hetflow.run {
  platform = { name = "three", sites = {
    { name = "a", wan = { bandwidth = "1GBps", latency = "1ms" },
      carbon = { trace = "tests/data/carbon/step.csv" }, nodes = { node("na") } },
    { name = "b", wan = { bandwidth = "1GBps", latency = "1ms" }, carbon = 200, nodes = { node("nb") } },
    { name = "c", wan = { bandwidth = "1GBps", latency = "1ms" }, nodes = { node("nc") } } } },
  workflow = { tasks = {
    { name = "t1", cpu = { flops = "10Gf" } },
    { name = "t2", cpu = { flops = "10Gf" }, release = "4000s" },
    { name = "t3", cpu = { flops = "10Gf" } } } },
  policy = which == "lua" and lua_policy or which,
}
assert(r:task("t1").resource == "na", r:task("t1").resource)
assert(r:task("t2").resource == "nb", r:task("t2").resource)
assert(r:task("t3").resource == "na", r:task("t3").resource)
if which == "lua" then
  assert(seen["t1@a"] == 100 and seen["t1@b"] == 200 and seen["t1@c"] == "none")
  assert(seen["t2@a"] == 300 and seen["t2@b"] == 200)
  -- forecasts (no forecast_error: the trace itself): from 0, site a an hour ahead reads 300
  assert(seen["t1@a+1h"] == 300 and seen["t1@b+1h"] == 200 and seen["t1@c+1h"] == "none")
end
