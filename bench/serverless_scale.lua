-- serverless_scale.lua: the serverless executor at scale (docs/performance.md): n independent
-- 10 s tasks of 50 functions (1 s init) in mode decomposed on two endpoints of 50 nodes x 8
-- cores each (800 slots, default pools of 400 containers), round_robin between endpoints.
--   /usr/bin/time -f "%e s %M KB" build/hetflow run bench/serverless_scale.lua --set n=100000 -q
-- Prints makespan, cold starts, warm starts. Expected shape: 800 cold starts (one per slot),
-- nearly all the rest warm (warm-first dispatch); makespan 1 s + ceil(n / 800) x 10 s, plus 1 s
-- for a later wave that has a cold start (n = 1000: 22 s; 10^4: 131 s; 10^5: 1251 s).
local hetflow = require("hetflow")
local n = hetflow.param("n", 10000)
local nodes = {}
for i = 1, 100 do nodes[i] = { name = "n" .. i, cores = 8, speed = "1Gf" } end
local fns = {}
for i = 1, 50 do fns[i] = { name = "f" .. i, init = "1s" } end
local tasks = {}
for i = 1, n do tasks[i] = { name = "t" .. i, fn = "f" .. (i % 50 + 1), cpu = { flops = "10Gf" } } end
local r = hetflow.run {
  platform = { name = "p", sites = { { name = "s", nodes = nodes } } },
  workflow = { name = "w", functions = fns, tasks = tasks },
  policy = "round_robin",
  serverless = { mode = "decomposed", endpoints = { { name = "a", nodes = (function() local t = {} for i = 1, 50 do t[i] = "n" .. i end return t end)() },
                                                    { name = "b", nodes = (function() local t = {} for i = 51, 100 do t[i - 50] = "n" .. i end return t end)() } } },
}
print(r.makespan, r.cold_starts, r.warm_starts)
