-- two_sites.lua: a workflow whose input lives at one site while the fast nodes are at another,
-- joined by a WAN link. --set wan=100MBps (default) and --set policy=... show when moving the
-- data to the fast nodes pays. Files cross: NIC, site A's WAN uplink, site B's, remote NIC.
local hetflow = require("hetflow")

local n = hetflow.param("n", 8)
local nic = { bandwidth = "12.5GBps", latency = "2us" }
local platform = {
  name = "two-sites",
  sites = {
    { name = "campus", wan = { bandwidth = hetflow.param("wan", "100MBps"), latency = "5ms" },
      nodes = { { name = "small", count = 2, cores = 8, speed = "20Gf", nic = nic,
                  power = { idle = "60W", max = "150W" } } } },
    { name = "center", wan = { bandwidth = "10GBps", latency = "5ms" },
      nodes = { { name = "big", count = 4, cores = 64, speed = "40Gf", nic = nic,
                  power = { idle = "200W", max = "600W" } } } },
  },
}
local tasks = {}
for i = 1, n do
  tasks[i] = { name = "work" .. i, cpu = { flops = "4Tf" }, cores = 8,
               inputs = { { name = "part" .. i, size = "2GB", location = "small-1" } },
               outputs = { { name = "res" .. i, size = "10MB" } } }
end
local inputs = {}
for i = 1, n do inputs[i] = "res" .. i end
tasks[n + 1] = { name = "merge", cpu = { flops = "10Gf" }, inputs = inputs }

hetflow.run {
  platform = platform,
  workflow = { name = "scatter-gather", tasks = tasks },
  policy = hetflow.param("policy", "earliest_finish"),
}
