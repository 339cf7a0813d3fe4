-- list_scheduler.lua: HEFT written as a Lua policy with the DAG view, on the quickstart
-- ensemble. Tasks readied together go in decreasing upward rank (priority); each goes to the
-- candidate with the earliest estimated finish, preferring critical-path tasks on GPUs.
-- Compare with the built-in: --set builtin=heft
local hetflow = require("hetflow")

local function earliest(cands, filter)
  local best
  for _, c in ipairs(cands) do
    if (not filter or filter(c)) and (not best or c.est_finish < best.est_finish) then best = c end
  end
  return best
end

local lua_heft = {
  name = "lua_heft",
  priority = function(task) return task.rank end,
  decide = function(task, cands)
    if task.critical and task.gpu then
      return earliest(cands, function(c) return c.variant == "gpu" end) or earliest(cands)
    end
    return earliest(cands)
  end,
}

local builtin = hetflow.param("builtin", "")
local r = hetflow.run {
  platform = "platforms/quickstart.lua",
  workflow = "workloads/quickstart.lua",
  policy = builtin ~= "" and builtin or lua_heft,
}
print(string.format("makespan %.3f s", r.makespan))
