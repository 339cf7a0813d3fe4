-- sites.lua: platform generation and routing at many sites (docs/performance.md, "Multi-site
-- platforms"). `sites` sites (default 250) of `nodes` single-core 1 Gf nodes each (default 100),
-- every site behind its own WAN uplink; two tasks: t1 on the first node of the first site writes
-- 10 MB that t2 reads on the last node of the last site, so the run takes one cross-site route.
--   /usr/bin/time -f "%e s %M KB" build/hetflow run bench/sites.lua --set sites=1000 -q
-- --set xml=PATH also writes the SimGrid XML that the run loads (its size: the table's "XML");
-- with --set only=xml, the scenario stops there (the generation's time without SimGrid's load).
-- Prints the makespan, which does not depend on the number of sites:
--   t1 1 s; route n1-1 -> nS-N: NIC UP (1.25 GB/s, 10 us), WAN of site 1 UP (1 GB/s, 5 ms),
--   WAN of site S DOWN (100 MB/s, 20 ms), NIC DOWN (1.25 GB/s, 10 us): 0.02502 s + 10 MB at
--   100 MB/s = 0.12502 s; t2 1 s: makespan 2.12502 s.
local hetflow = require("hetflow")
local nsites = hetflow.param("sites", 250)
local nnodes = hetflow.param("nodes", 100)
local nic = { bandwidth = "1.25GBps", latency = "10us" }
local sites = {}
for s = 1, nsites do
  sites[s] = {
    name = "site" .. s,
    wan = s == nsites and { bandwidth = "100MBps", latency = "20ms" }
        or { bandwidth = "1GBps", latency = "5ms" },
    nodes = { { name = "n" .. s, count = nnodes, cores = 1, speed = "1Gf", nic = nic } },
  }
end
local platform = hetflow.platform { name = "sites", sites = sites }
local xml = hetflow.param("xml", "")
if xml ~= "" then platform:write_xml(xml) end
if hetflow.param("only", "") == "xml" then os.exit(0) end -- time the generation alone
local first, last = "n1-1", "n" .. nsites .. "-" .. nnodes
local r = hetflow.run {
  platform = platform,
  workflow = { name = "two", tasks = {
    { name = "t1", cpu = { flops = "1Gf" }, outputs = { { name = "f", size = "10MB" } } },
    { name = "t2", cpu = { flops = "1Gf" }, inputs = { "f" } },
  } },
  policy = function(task) return task.name == "t1" and first or last end,
}
print(string.format("sites %d x %d nodes: makespan %.17g s", nsites, nnodes, r.makespan))
