-- stagein_mode.lua: run.stage_in neither "sequential" nor "concurrent" (tests/hard/stagein.cmake);
-- --set case=word|number|caps.
local hetflow = require("hetflow")
local value = ({ word = "parallel", number = 5, caps = "Concurrent" })[hetflow.param("case", "")]
assert(value ~= nil, "--set case=word|number|caps")
hetflow.run {
  platform = { name = "one", sites = { { name = "lab", nodes = {
    { name = "a", cores = 1, speed = "1Gf" } } } } },
  workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } },
  stage_in = value,
}
