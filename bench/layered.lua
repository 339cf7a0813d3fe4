-- layered.lua: the benchmark's hetflow side: load the generator's .dag file (the same file the
-- raw-SimGrid floor reads; format in docs/formats.md#text-dag) and run it on bench/platform.lua.
-- --set dag=FILE (required), --set policy=NAME (default round_robin), --set stage_in=MODE
-- (optional: hetflow.run's stage_in, e.g. concurrent for the files workload, whose inputs are
-- moved at once; not given, the key is left out and the run is the default workload's).
local hetflow = require("hetflow")

local dag = hetflow.param("dag", "")
assert(dag ~= "", "--set dag=FILE is required")
hetflow.run {
  platform = "bench/platform.lua",
  workflow = hetflow.workflow.load(dag),
  policy = hetflow.param("policy", "round_robin"),
  stage_in = hetflow.param("stage_in", nil), -- nil when not given: the key is then absent
}
