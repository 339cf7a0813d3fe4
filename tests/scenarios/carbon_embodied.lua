-- carbon_embodied.lua: embodied emissions, the devices' making amortised over the run and
-- reported apart (docs/models/carbon.md#embodied-emissions):
--   g = kg x 1000 x makespan / (years x 365.25 x 86400)          per physical device
-- Site s (100 gCO2e/kWh): node n, 1313 kg over 4 years (a Dell PowerEdge R740's manufacture,
-- lua/hetflow/init.lua's hetflow.embodied.poweredge_r740), with an H100 split into two MPS
-- clients, 318 kg over 4 years: counted once, not per client. Site t (200 gCO2e/kWh): node m
-- with no embodied figure. One 10 Gflop task on n at 1 Gflop/s: makespan 10 s.
--   4 years = 126,230,400 s
--   n:   1,313,000 g x 10 / 126,230,400 = 0.104016148... g
--   GPU:   318,000 g x 10 / 126,230,400 = 0.025192030... g
--   site s: 0.129208178... g; site t: 0; run: the same 0.129208178... g
-- The operational emissions are unchanged by it (apart).
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local r = hetflow.run {
  platform = { name = "emb", sites = {
    { name = "s", carbon = 100, wan = { bandwidth = "1GBps", latency = "1ms" }, nodes = { { name = "n", cores = 1, speed = "1Gf",
      embodied = hetflow.embodied.poweredge_r740,
      gpus = { { model = "H100-80GB", partition = { mps = { 0.5, 0.5 } },
                 embodied = { kg = 318, years = 4 } } } } } },
    { name = "t", carbon = 200, wan = { bandwidth = "1GBps", latency = "1ms" }, nodes = { { name = "m", cores = 1, speed = "1Gf" } } } } },
  workflow = { tasks = { { name = "c1", cpu = { flops = "10Gf" } } } },
  policy = { decide = function(task, candidates)
    for _, c in ipairs(candidates) do if c.resource == "n" then return c.index end end
  end },
}
T.near(r.makespan, 10, "makespan")
local year4 = 4 * 365.25 * 86400
local n, gpu = 1313000 * 10 / year4, 318000 * 10 / year4
assert(math.abs(n - 0.104016148) < 1e-9 and math.abs(n + gpu - 0.129208178) < 1e-9, "the hand values")
local by = {}
for _, c in ipairs(r.carbon) do by[c.site] = c end
T.near(by.s.embodied, n + gpu, "site s embodied")
T.near(by.t.embodied, 0, "site t embodied")
T.near(r.embodied, n + gpu, "run embodied")
-- operational emissions stay energy x intensity (the node draws nothing, the GPU its catalog
-- idle power): embodied is not in them
assert(r.energy > 0)
T.near(r.emissions, r.energy / 3.6e6 * 100, "operational emissions")
