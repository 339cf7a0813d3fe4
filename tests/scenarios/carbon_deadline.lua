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
-- case hugeslack ("slack=1e12,step=1800", site a alone): the latest start is the last that
--   keeps the run within a's trace (0 to 18000 s): 18000 - 600 = 17400; the same choices as
--   default (t1 at 7200, t2 at 8400), in finite time
-- case toomany ("slack=200000,step=1"; b's constant given a forecast_error, so that its starts
--   are weighed: a constant forecast as itself is weighed now only): b covers every start, and
--   200000 starts 1 s apart are more than the 10^5 allowed -> an error naming the task
-- case margin ("slack=7200,step=1800,margin=0.8"): a later start must cost under 0.2 x now's.
--   t1: on a now costs 400, and no later start is under 80; on b now 250, none under 50 ->
--   both now: b (250 < 400) at 0; t2 likewise on b at 3000; no deferral
-- case coverage ("slack=20000,step=1800", site a alone reading tests/data/carbon/descent.csv:
--   400, 300, 200, 100 hourly, covering 0 to 14400 s; t1 alone, of 6000 s): the latest start is
--   14400 - 6000 = 8400; starts 0, 1800, ..., 7200, 8400 cost (middle s + 3000) 400, 300, 300,
--   200, 200, 100 -> 8400, the run [8400, 14400] just within the trace (a start at 9000, whose
--   middle is in the clean hour too, would run past the trace's end and fail the run)
-- case serverless (as default, t1 alone, decomposed mode, one endpoint per site, the client on
--   site a: no latency to ea, 2 ms to eb): t1 held until 7200 as in default, then submitted: its
--   invocation's submit is 7200, not 0 (the client submits when the hold ends), and it starts
--   at 7200 on na
-- case taskslack ("carbon_deadline:step=1800", no slack of its own): t1 states slack = "2h",
--   t2 none: t1 is held until 7200 on a as in default; t2 places now, on b at 3000
-- case step0: "carbon_deadline:step=0" is refused when the run starts
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local case = hetflow.param("case", "default")
local policies = {
  default = "carbon_deadline:slack=7200,step=1800", noslack = "carbon_deadline:step=1800",
  deadline8000 = "carbon_deadline:deadline=8000,step=1800",
  deadline7000 = "carbon_deadline:deadline=7000,step=1800", step0 = "carbon_deadline:step=0",
  hugeslack = "carbon_deadline:slack=1e12,step=1800", toomany = "carbon_deadline:slack=200000,step=1",
  margin = "carbon_deadline:slack=7200,step=1800,margin=0.8",
  coverage = "carbon_deadline:slack=20000,step=1800",
  serverless = "carbon_deadline:slack=7200,step=1800", taskslack = "carbon_deadline:step=1800" }
assert(policies[case], "no case " .. case)
local function node(name)
  return { name = name, cores = 1, speed = "1Gf", power = { idle = "0W", max = "100W" } }
end
local tasks = { { name = "t1", cpu = { flops = "600Gf" } } }
if case == "coverage" then
  tasks[1].cpu.flops = "6000Gf"
elseif not case:find("^deadline") and case ~= "serverless" then
  tasks[2] = { name = "t2", cpu = { flops = "600Gf" }, release = "3000s" }
end
local sites = {
  { name = "a", wan = { bandwidth = "1GBps", latency = "1ms" },
    carbon = { trace = "tests/data/carbon/valley.csv" }, nodes = { node("na") } },
  { name = "b", wan = { bandwidth = "1GBps", latency = "1ms" }, carbon = 250, nodes = { node("nb") } } }
if case == "taskslack" then tasks[1].slack = "2h" end
if case == "hugeslack" or case == "coverage" then sites[2] = nil end
if case == "toomany" then sites[2].carbon = { intensity = 250, forecast_error = 0.1 } end
if case == "coverage" then sites[1].carbon.trace = "tests/data/carbon/descent.csv" end
local r = hetflow.run {
  platform = { name = "two", sites = sites },
  workflow = { tasks = tasks },
  policy = policies[case],
  serverless = case == "serverless" and { mode = "decomposed", client = "a", endpoints = {
    { name = "ea", nodes = { "na" } }, { name = "eb", nodes = { "nb" } } } } or nil,
}
local t1, t2 = r:task("t1"), r:task("t2")
if case == "default" or case == "hugeslack" then
  assert(t1.resource == "na" and t2.resource == "na", t1.resource .. " " .. t2.resource)
  T.near(t1.ready, 0, "t1 ready (kept through its deferral)")
  T.near(t1.start, 7200, "t1 start")
  T.near(t2.ready, 3000, "t2 ready")
  T.near(t2.start, 8400, "t2 start")
  assert(r.deferrals == 2, r.deferrals)
  T.near(r.deferred_seconds, 12600, "deferred seconds")
  T.near(t1.emissions, 60000 / 3.6e6 * 100, "t1 emissions")
  T.near(t2.emissions, 60000 / 3.6e6 * 100, "t2 emissions")
  if case == "default" then
    assert(r.policy == "carbon_deadline:slack=7200,deadline=0,step=1800,margin=0", r.policy)
  end
elseif case == "noslack" or case == "margin" then
  assert(t1.resource == "nb" and t2.resource == "nb")
  T.near(t1.start, 0, "t1 start")
  T.near(t2.start, 3000, "t2 start")
  assert(r.deferrals == 0)
elseif case == "taskslack" then
  assert(t1.resource == "na" and t2.resource == "nb", t1.resource .. " " .. t2.resource)
  T.near(t1.start, 7200, "t1 held by its own slack")
  T.near(t2.start, 3000, "t2 not held")
  assert(r.deferrals == 1)
elseif case == "serverless" then
  assert(t1.resource == "na")
  T.near(t1.start, 7200, "t1 start")
  local inv = r:invocations()
  assert(#inv == 1)
  T.near(inv[1].submit, 7200, "submitted when the hold ended")
  T.near(inv[1].start, 7200, "invocation start")
  assert(r.deferrals == 1)
elseif case == "coverage" then
  assert(t1.resource == "na")
  T.near(t1.start, 8400, "t1 start")
  T.near(t1["end"], 14400, "t1 end")
elseif case == "deadline8000" then
  assert(t1.resource == "na")
  T.near(t1.start, 7200, "t1 start")
  assert(r.deferrals == 1)
elseif case == "deadline7000" then
  assert(t1.resource == "nb")
  T.near(t1.start, 0, "t1 start")
end
