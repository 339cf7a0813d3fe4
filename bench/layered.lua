-- layered.lua: the benchmark's hetflow side: read the generator's .dag file (the same file the
-- raw-SimGrid floor reads) and stream it into a workflow builder, then run it on
-- bench/platform.lua. --set dag=FILE (required), --set policy=NAME (default round_robin).
-- Format of FILE: first line N; then per task "flops nparents [p1 [p2 ...]]", 0-based parents;
-- task i writes file f<i> of 1 MB read by its children.
local hetflow = require("hetflow")

local dag = hetflow.param("dag", "")
assert(dag ~= "", "--set dag=FILE is required")
local lines = io.lines(dag)
local n = math.tointeger(tonumber(lines()))
local b = hetflow.workflow_builder { name = "layered-" .. n }
local tonumber, insert = tonumber, table.insert
for i = 0, n - 1 do
  local line = lines()
  local flops, rest = line:match("^(%S+)%s+%d+%s*(.*)$")
  local inputs = {}
  for p in rest:gmatch("%d+") do insert(inputs, "f" .. p) end
  b:task { name = "t" .. i, cpu = { flops = tonumber(flops) }, inputs = inputs,
           outputs = { { name = "f" .. i, size = 1e6 } } }
end
hetflow.run {
  platform = "bench/platform.lua",
  workflow = b:build(),
  policy = hetflow.param("policy", "round_robin"),
}
