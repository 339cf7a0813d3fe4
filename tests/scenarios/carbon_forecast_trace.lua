-- carbon_forecast_trace.lua: a site's forecast trace (docs/models/carbon.md#forecasts): ahead
-- of now, forecasts read it; up to now, the actual trace. Site a: actual
-- tests/data/carbon/valley.csv (hourly from 0 s: 400, 300, 100, 200, 400 gCO2e/kWh), forecast
-- tests/data/carbon/valley_forecast.csv (400, 300, 200, 100, 400: wrong about the clean hour).
-- One one-core node, 1 Gflop/s, 100 W busy, 0 idle; t1 of 600 Gflop (600 s) ready at 0.
-- case lua: a policy asserting what it reads at 0: forecast(0) = 400 (now: actual),
--   forecast(7500) = 200 (ahead: the forecast; actual 100), forecast(11000) = 100 (actual 200)
-- case deadline ("carbon_deadline:slack=14400,step=1800"): starts 0, 1800, ..., 10800, ...
--   cost the forecast at s + 300: 400, 300, 300, 300, 200, 200, 100 (s = 10800), ... -> held
--   until 10800; it runs at the actual 200: 100 W x 600 s = 1/60 kWh x 200 = 3.3333 g
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local case = hetflow.param("case", "lua")
local seen = {}
local policy = case == "lua" and function(task, cands, now)
  local c = cands[1]
  seen.now, seen.ahead, seen.later = c.forecast(0), c.forecast(7500), c.forecast(11000)
  return 1
end or "carbon_deadline:slack=14400,step=1800"
local r = hetflow.run {
  platform = { name = "one", sites = { { name = "a",
    carbon = { trace = "tests/data/carbon/valley.csv",
               forecast_trace = "tests/data/carbon/valley_forecast.csv" },
    nodes = { { name = "na", cores = 1, speed = "1Gf", power = { idle = "0W", max = "100W" } } } } } },
  workflow = { tasks = { { name = "t1", cpu = { flops = "600Gf" } } } },
  policy = policy,
}
if case == "lua" then
  assert(seen.now == 400 and seen.ahead == 200 and seen.later == 100,
         string.format("%s %s %s", seen.now, seen.ahead, seen.later))
else
  T.near(r:task("t1").start, 10800, "t1 held to the forecast's clean hour")
  T.near(r:task("t1").emissions, 600 * 100 / 3.6e6 * 200, "t1 at the actual intensity")
end
