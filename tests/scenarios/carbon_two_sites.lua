-- carbon_two_sites.lua: operational emissions on two sites (docs/models/carbon.md#emissions),
-- worked by hand. Each site has one node of one core at 1 Gflop/s drawing 0 W idle and 100 W
-- busy, so a task's energy is 100 W x its seconds and no energy is idle.
--   site a: tests/data/carbon/step.csv, 100 gCO2e/kWh from 00:00 UTC, 300 from 01:00 (hourly,
--     so the trace covers 2 h); PUE 1.5. Task a1: 3600 Gf released at 1800 s: 1800 .. 5400 s,
--     across the step: 3.6e5 J = 0.1 kWh at a mean (100 x 1800 + 300 x 1800) / 3600 = 200
--     gCO2e/kWh: 0.1 x 200 x 1.5 = 30 g. The site's mean over the run [0, 5400]:
--     (100 x 3600 + 300 x 1800) / 5400 = 166.667.
--   site b: a constant 50 gCO2e/kWh, PUE 1.1. Task b1: 1000 Gf from 0 s: 1e5 J =
--     0.0277778 kWh x 50 x 1.1 = 1.52778 g.
--   run: 31.52778 g. With --set start="2023-06-01 01:00:00" site a's trace is read from its
--     second sample: a1 then spans [1800, 5400] of trace time 01:00 + ..., all at 300, and the
--     trace covers only 3600 s of the run: an error naming the site.
local hetflow = require("hetflow")
local start = hetflow.param("start", nil)
local function node(name)
  return { name = name, cores = 1, speed = "1Gf", power = { idle = "0W", max = "100W" } }
end
local r = hetflow.run {
  platform = { name = "two", sites = {
    { name = "a", wan = { bandwidth = "1GBps", latency = "10ms" }, pue = 1.5,
      carbon = { trace = "tests/data/carbon/step.csv", start = start }, nodes = { node("na") } },
    { name = "b", wan = { bandwidth = "1GBps", latency = "10ms" }, pue = 1.1, carbon = 50,
      nodes = { node("nb") } } } },
  workflow = { tasks = {
    { name = "a1", cpu = { flops = "3600Gf" }, release = "1800s" },
    { name = "b1", cpu = { flops = "1000Gf" } } } },
  policy = { decide = function(task, candidates)
    local want = task.name == "a1" and "na" or "nb"
    for _, c in ipairs(candidates) do if c.resource == want then return c.index end end
  end },
}
local function near(x, y) return math.abs(x - y) <= 1e-9 * math.max(1, math.abs(y)) end
assert(near(r.makespan, 5400), r.makespan)
local c = r.carbon
assert(#c == 2 and c[1].site == "a" and c[2].site == "b")
assert(near(c[1].emissions, 30) and near(c[1].energy, 3.6e5) and c[1].pue == 1.5, c[1].emissions)
assert(near(c[1].intensity, 900000 / 5400), c[1].intensity)
assert(near(c[2].emissions, 1e5 / 3.6e6 * 50 * 1.1) and near(c[2].intensity, 50), c[2].emissions)
assert(near(r.emissions, 30 + 1e5 / 3.6e6 * 55), r.emissions)
-- per task: a1's 30 g, b1's 1.52778 g (no idle energy: the sites' sums)
assert(near(r:task("a1").emissions, 30) and near(r:task("b1").emissions, 1e5 / 3.6e6 * 55))
