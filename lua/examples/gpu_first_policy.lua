-- gpu_first_policy.lua: a placement policy written in Lua, on the quickstart ensemble.
-- Tasks with a GPU variant go to the GPU with the earliest estimated finish; the others to the
-- CPU node with the earliest estimated finish. Compare with: --set compare=earliest_finish
local hetflow = require("hetflow")

local function earliest(cands, variant)
  local best
  for _, c in ipairs(cands) do
    if c.variant == variant and (not best or c.est_finish < best.est_finish) then best = c end
  end
  return best
end

local gpu_first = {
  name = "gpu_first",
  decide = function(task, cands, now)
    return (task.gpu and earliest(cands, "gpu")) or earliest(cands, "cpu") or cands[1]
  end,
}

local compare = hetflow.param("compare", "")
local r = hetflow.run {
  platform = "platforms/quickstart.lua",
  workflow = "workloads/quickstart.lua",
  policy = compare ~= "" and compare or gpu_first,
}
for _, name in ipairs { "features1", "simulate1", "simulate2" } do
  local t = r:task(name)
  print(string.format("%-10s on %-9s %-3s %8.3f -> %8.3f s", name, t.resource, t.variant,
                      t.start, t["end"]))
end
