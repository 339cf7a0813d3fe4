-- carbon_deadline.lua: shifting work in time to a cleaner hour within its slack
-- (docs/policies.md#shifting-work-in-time). Site a reads tests/data/carbon/valley.csv (hourly
-- from 0 s: 400, 300, 100, 200, 400 gCO2e/kWh); site b is a constant 250. One one-core node
-- each at 1 Gflop/s, 100 W busy, 0 idle. Tasks of 600 Gflop (600 s): t1 ready at 0, t2
-- released at 3000 s. The cost of a start s on a candidate is the forecast (here the trace:
-- no forecast_error) at the middle of the run, s + 300.
-- case default, "carbon_deadline:slack=7200,step=1800":
--   t1 at 0: a's starts 0, 1800, 3600, 5400, 7200 cost 400, 300, 300, 300, 100 (at 7500 s,
--     02:05); b costs 250 at any start -> a, held until 7200; placed again then (not deferred
--     twice): a 100 now against b 250 -> a, runs [7200, 7800]
--   t2 at 3000: starts 3000, 4800, 6600, 8400, 10200 (the latest, 3000 + 7200) cost 400, 300,
--     300, 100, 100 -> a at 8400 (the earlier of equal costs); runs [8400, 9000]
--   deferrals 2, held 7200 + 5400 = 12600 s; t1's emissions: 100 W x 600 s = 60 kJ =
--     1/60 kWh x 100 g/kWh = 1.6667 g; t2's the same
-- case noslack (slack 0): now only: a 400 against b 250 at 0 and at 3000 -> both on b at once
--   (t1 [0, 600], t2 [3000, 3600]), no deferral
-- case deadline8000 (t1 only, "carbon_deadline:deadline=8000,step=1800"): the latest start is
--   8000 - rank_up(t1) = 8000 - 600 = 7400: starts 0, 1800, 3600, 5400, 7200, 7400 -> a at 7200
-- case deadline7000 (t1 only, deadline 7000): latest 6400: a's best 300 (at 1800) loses to b's
--   250 now -> b at 0
-- case step0: "carbon_deadline:step=0" is refused when the run starts
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local case = hetflow.param("case", "default")
local policies = {
  default = "carbon_deadline:slack=7200,step=1800", noslack = "carbon_deadline:step=1800",
  deadline8000 = "carbon_deadline:deadline=8000,step=1800",
  deadline7000 = "carbon_deadline:deadline=7000,step=1800", step0 = "carbon_deadline:step=0" }
assert(policies[case], "no case " .. case)
local function node(name)
  return { name = name, cores = 1, speed = "1Gf", power = { idle = "0W", max = "100W" } }
end
local tasks = { { name = "t1", cpu = { flops = "600Gf" } } }
if not case:find("^deadline") then
  tasks[2] = { name = "t2", cpu = { flops = "600Gf" }, release = "3000s" }
end
local r = hetflow.run {
  platform = { name = "two", sites = {
    { name = "a", wan = { bandwidth = "1GBps", latency = "1ms" },
      carbon = { trace = "tests/data/carbon/valley.csv" }, nodes = { node("na") } },
    { name = "b", wan = { bandwidth = "1GBps", latency = "1ms" }, carbon = 250, nodes = { node("nb") } } } },
  workflow = { tasks = tasks },
  policy = policies[case],
}
local t1, t2 = r:task("t1"), r:task("t2")
if case == "default" then
  assert(t1.resource == "na" and t2.resource == "na", t1.resource .. " " .. t2.resource)
  T.near(t1.ready, 0, "t1 ready (kept through its deferral)")
  T.near(t1.start, 7200, "t1 start")
  T.near(t2.ready, 3000, "t2 ready")
  T.near(t2.start, 8400, "t2 start")
  assert(r.deferrals == 2, r.deferrals)
  T.near(r.deferred_seconds, 12600, "deferred seconds")
  T.near(t1.emissions, 60000 / 3.6e6 * 100, "t1 emissions")
  T.near(t2.emissions, 60000 / 3.6e6 * 100, "t2 emissions")
  assert(r.policy == "carbon_deadline:slack=7200,deadline=0,step=1800", r.policy)
elseif case == "noslack" then
  assert(t1.resource == "nb" and t2.resource == "nb")
  T.near(t1.start, 0, "t1 start")
  T.near(t2.start, 3000, "t2 start")
  assert(r.deferrals == 0)
elseif case == "deadline8000" then
  assert(t1.resource == "na")
  T.near(t1.start, 7200, "t1 start")
  assert(r.deferrals == 1)
elseif case == "deadline7000" then
  assert(t1.resource == "nb")
  T.near(t1.start, 0, "t1 start")
end
