-- adv_keys.lua: a task list with 20 named keys besides its entry: the message names the first
-- of them in hetflow's key order (bytewise: k1 < k10 < ... < k19 < k2 < ... < k9), 'k1', in
-- every process. It named the first in hash order, which changes with each process's seed.
local t = { { name = "t1", cpu = { flops = "1Gf" } } }
for i = 1, 20 do t["k" .. i] = i end
hetflow.run{platform = { sites = { { name = "s", nodes = { { name = "a", speed = "1Gf" } } } } },
            workflow = { tasks = t }}
