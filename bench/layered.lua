-- layered.lua: the benchmark's hetflow side: load the generator's .dag file (the same file the
-- raw-SimGrid floor reads; format in docs/formats.md#text-dag) and run it on bench/platform.lua.
-- --set dag=FILE (required), --set policy=NAME (default round_robin).
local hetflow = require("hetflow")

local dag = hetflow.param("dag", "")
assert(dag ~= "", "--set dag=FILE is required")
hetflow.run {
  platform = "bench/platform.lua",
  workflow = hetflow.workflow.load(dag),
  policy = hetflow.param("policy", "round_robin"),
}
