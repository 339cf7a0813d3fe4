-- carbon.lua: the cost of carbon accounting (docs/performance.md, "Carbon"): bench's layered DAG
-- on 100 sites of 10 single-core nodes (1,000 hosts, as bench/platform.lua), each site with
-- the same year of 5-minute carbon intensity (--set trace=FILE, from bench/carbon.sh), a
-- constant 300 gCO2e/kWh (--set trace=const: the accounting without the traces' loading) or
-- none (--set trace= empty). --set dag=FILE (required), --set policy=NAME (default round_robin).
local hetflow = require("hetflow")
local dag = hetflow.param("dag", "")
assert(dag ~= "", "--set dag=FILE is required")
local trace = hetflow.param("trace", "")
local sites = {}
for s = 1, 100 do
  sites[s] = {
    name = "site" .. s, wan = { bandwidth = "1GBps", latency = "5ms" },
    carbon = trace == "const" and 300 or trace ~= "" and { trace = trace } or nil,
    pue = trace ~= "" and 1.1 or nil,
    nodes = { { name = "n" .. s, count = 10, cores = 1, speed = "1Gf", memory = "16GiB",
                power = { idle = "95W", max = "190W" },
                nic = { bandwidth = "1.25GBps", latency = "10us" } } },
  }
end
local r = hetflow.run {
  platform = { name = "carbon-bench", sites = sites },
  workflow = hetflow.workflow.load(dag),
  policy = hetflow.param("policy", "round_robin"),
}
print(string.format("makespan %.6f s, emissions %.6g g", r.makespan, r.emissions))
