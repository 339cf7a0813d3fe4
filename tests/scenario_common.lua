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

return M
