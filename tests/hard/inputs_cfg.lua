-- inputs_cfg.lua: tests/scenarios/chain2.lua's two tasks under a Lua policy that uses the C stack
-- (table.sort with a Lua comparator, nested pcall), run by tests/hard/inputs.sh at the ends of
-- every --cfg range hetflow accepts: each must end, with the hand-computed makespan
--   t1 2 Gf at 1 Gf/s = 2 s; f1 50 MB over 100 MB/s + 2 x 1 ms = 0.502 s; t2 3 s: 5.502 s
-- (when --set check=1: the CM02 model; LV08 and the factors change the transfer time).
local hetflow = require("hetflow")
local check = hetflow.param("check", "1") == "1"

local function node(name)
  return { name = name, cores = 1, speed = "1Gf", nic = { bandwidth = "100MBps", latency = "1ms" } }
end

local function deep(n) -- C frames: each pcall is a C call
  if n == 0 then return 0 end
  local ok, v = pcall(deep, n - 1)
  assert(ok, v)
  return v + 1
end

local r = hetflow.run {
  platform = { name = "two", sites = { { name = "s", nodes = { node("a"), node("b") } } } },
  workflow = { name = "chain2", tasks = {
    { name = "t1", cpu = { flops = "2Gf" }, outputs = { { name = "f1", size = "50MB" } } },
    { name = "t2", cpu = { flops = "3Gf" }, inputs = { "f1" } },
  } },
  policy = function(task, cands)
    local xs = {}
    for i = 1, 2000 do xs[i] = (i * 7919) % 2003 end
    table.sort(xs, function(a, b) return a > b end)
    assert(deep(150) == 150)
    return task.name == "t1" and "a" or "b"
  end,
}
if check then
  assert(math.abs(r.makespan - 5.502) <= 1e-6, "makespan " .. r.makespan .. ", expected 5.502")
end
