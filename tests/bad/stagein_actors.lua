-- stagein_actors.lua: concurrent stage-in that could need more actors than SimGrid holds
-- (tests/hard/stagein.cmake): 30 one-core nodes with transfer.concurrent = 1024 and a task
-- reading 1,100 initial inputs: up to 30 x (min(1024, 1 x 1100) - 1) = 30,690 fetchers and 1
-- worker, over the 30,000 bound (sim/exec/transfer.h, HF_XFER_MAX_ACTORS). Refused before
-- the simulation; with --set limit=1000 (30 x 999 = 29,970 + 1) it runs.
local hetflow = require("hetflow")
local files, inputs = {}, {}
for i = 1, 1100 do
  files[i] = { name = "in" .. i, size = "1kB" }
  inputs[i] = "in" .. i
end
local r = hetflow.run {
  platform = { name = "wide", sites = { { name = "lab", nodes = { {
    name = "n", count = 30, cores = 1, speed = "1Gf",
    transfer = { concurrent = tonumber(hetflow.param("limit", "1024")) } } } } } },
  workflow = { files = files, stage_at = "n-1",
               tasks = { { name = "t", cpu = { flops = "1Gf" }, inputs = inputs } } },
  policy = function() return "n-2" end,
  stage_in = "concurrent",
}
assert(#r:transfers() == 1100)
