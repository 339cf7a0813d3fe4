-- carbon_mps.lua: with a constant intensity, a site's emissions are its energy x PUE x the
-- intensity, however the energy splits between tasks and idle time (docs/models/carbon.md
-- #emissions): here two MPS clients of one GPU (a client's tasks may be attributed more than
-- its share of the device's energy, the other less; the site's sum must not count more than
-- the site drew). Constant 100 gCO2e/kWh, PUE 1.5: emissions = E / 3.6e6 x 150.
local hetflow = require("hetflow")
local r = hetflow.run {
  platform = { name = "mps", sites = { { name = "s", carbon = 100, pue = 1.5, nodes = { {
    name = "n", cores = 1, speed = "1Gf", power = { idle = "10W", max = "20W" },
    gpus = { { model = "H100-80GB", partition = { mps = { 0.3, 0.7 } } } } } } } } },
  workflow = { tasks = {
    { name = "g1", gpu = { flops = "30Tf" } },
    { name = "g2", gpu = { flops = "10Tf" } },
    { name = "c1", cpu = { flops = "2Gf" } } } },
  policy = { decide = function(task, candidates)
    local want = ({ g1 = "n-gpu0-mps0", g2 = "n-gpu0-mps1", c1 = "n" })[task.name]
    for _, c in ipairs(candidates) do if c.resource == want then return c.index end end
  end },
}
local c = r.carbon[1]
local want = c.energy / 3.6e6 * 1.5 * 100
assert(c.energy > 0 and math.abs(c.emissions - want) <= 1e-9 * want,
       string.format("emissions %.17g, energy x PUE x I %.17g", c.emissions, want))
assert(math.abs(c.energy - r.energy) <= 1e-9 * r.energy, string.format("site %.17g, run %.17g", c.energy, r.energy))
assert(c.intensity == 100)
