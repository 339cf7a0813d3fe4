-- sandbox_order.lua: a workflow built with pairs() over a map, the way scenarios often build it:
-- its task order, and so round_robin's placement and the makespan, follow the map's traversal
-- order. tests/hard/sandbox.sh runs it in several processes and requires one answer. Prints the
-- task order, each task's resource and the makespan.
local hetflow = require("hetflow")
local gflop = { alpha = 1, beta = 2, gamma = 3, delta = 4, eps = 5, zeta = 6, eta = 7, theta = 8,
                iota = 9, kappa = 10, lambda = 11, mu = 12 }
local tasks, names = {}, {}
for name, g in pairs(gflop) do
  tasks[#tasks + 1] = { name = name, cpu = { flops = g * 1e9 } }
  names[#names + 1] = name
end
local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = { { name = "fast", speed = "3Gf" },
                                                 { name = "slow", speed = "1Gf" } } } } },
  workflow = { name = "order", tasks = tasks },
  policy = "round_robin" }
local placed = {}
for i, name in ipairs(names) do placed[i] = name .. "@" .. r:task(name).resource end
print("order " .. table.concat(names, " "))
print("placed " .. table.concat(placed, " "))
print(string.format("makespan %.6f", r.makespan))
