-- inputs_cycle_long.lua: a cycle whose names do not fit in one message (--set case=many: 40
-- tasks of 100-character names; case=huge: two tasks, one named with 5000 characters). The
-- message was cut mid-name; now it holds whole names, a count of those left out, and long names
-- as their first 200 characters and "...".
local hetflow = require("hetflow")
local case = hetflow.param("case", "many")
local tasks = {}
local function name(i) return string.format("t%02d", i) .. string.rep("x", 97) end
if case == "many" then
  for i = 1, 40 do
    tasks[i] = { name = name(i), cpu = { flops = 1 }, after = { name(i % 40 + 1) } }
  end
  -- after = {...} names tasks declared later: declare them all first, then add edges
  local edges = {}
  for i = 1, 40 do
    edges[i] = { name(i % 40 + 1), name(i) }
    tasks[i].after = nil
  end
  return hetflow.run { platform = "tests/bad/ok_platform.lua",
                       workflow = { name = "w", tasks = tasks, edges = edges } }
end
local big = string.rep("B", 5000)
hetflow.run { platform = "tests/bad/ok_platform.lua", workflow = { name = "w", tasks = {
  { name = "a", cpu = { flops = 1 } }, { name = big, cpu = { flops = 1 } } },
  edges = { { "a", big }, { big, "a" } } } }
