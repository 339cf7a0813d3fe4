-- common.lua: helpers shared by the scenario tests (loaded with dofile, not a test itself).
local M = {}

--- near(x, want, what): x equals want to 1e-9 relative (absolute below 1).
function M.near(x, want, what)
  if math.abs(x - want) > 1e-9 * math.max(1, math.abs(want)) then
    error(string.format("%s = %.17g, expected %.17g", what, x, want), 2)
  end
end

--- pin(map): a Lua policy placing each task on map[task.name].
function M.pin(map)
  return function(task, cands)
    return assert(map[task.name], "no placement for " .. task.name)
  end
end

--- Two one-core hosts, A at 1 Gflop/s and B at 2 Gflop/s, NICs of bandwidth bw (default
-- 100 MB/s) and no latency: the platform of the DAG-policy tests.
function M.two_speeds(bw)
  local nic = { bandwidth = bw or "100MBps", latency = 0 }
  return { name = "two-speeds", sites = { { name = "s", nodes = {
    { name = "A", speed = "1Gf", nic = nic }, { name = "B", speed = "2Gf", nic = nic } } } } }
end

--- Fork-join t1 -> {t3, t2} -> t4 without data, t3 declared before t2 (so workflow order puts
-- the small branch first): t1 2 Gflop, t3 4 Gflop, t2 8 Gflop, t4 2 Gflop.
function M.fork_join()
  return { name = "fork-join", tasks = {
    { name = "t1", cpu = { flops = "2Gf" } },
    { name = "t3", cpu = { flops = "4Gf" }, after = { "t1" } },
    { name = "t2", cpu = { flops = "8Gf" }, after = { "t1" } },
    { name = "t4", cpu = { flops = "2Gf" }, after = { "t2", "t3" } },
  } }
end

return M
