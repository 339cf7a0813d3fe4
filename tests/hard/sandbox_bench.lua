-- sandbox_bench.lua: the cost of the ordered pairs (docs/reliability.md): a workflow of
-- --set n=10000 tasks built from a map with pairs(), each task's fields copied with pairs(), and
-- a Lua policy that walks its candidates with pairs() (and, with --set walk_every=K, the whole
-- map of n tasks every K decisions: the worst case, a full traversal of a large table each time).
--   hetflow run tests/hard/sandbox_bench.lua -q -o /tmp/b.h5 --force [--set walk_every=100]
local hetflow = require("hetflow")
local n = hetflow.param("n", 10000)
local walk_every = hetflow.param("walk_every", 0)
local spec = {}
for i = 1, n do spec["task" .. i] = { cpu = { flops = (i % 7 + 1) * 1e9 }, cores = 1 } end
local tasks = {}
for name, s in pairs(spec) do
  local t = { name = name }
  for k, v in pairs(s) do t[k] = v end
  tasks[#tasks + 1] = t
end
local decisions = 0
local function decide(task, candidates)
  decisions = decisions + 1
  if walk_every > 0 and decisions % walk_every == 0 then for _ in pairs(spec) do end end
  local best
  for _, c in pairs(candidates) do
    if not best or c.est_finish < best.est_finish then best = c end
  end
  return best
end
local nodes = {}
for i = 1, 16 do nodes[i] = { name = "n" .. i, cores = 4, speed = "2Gf" } end
local r = hetflow.run { platform = { sites = { { name = "s", nodes = nodes } } },
                        workflow = { name = "bench", tasks = tasks }, policy = decide }
print(string.format("makespan %.3f s, %d decisions", r.makespan, decisions))
