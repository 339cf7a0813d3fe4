-- carbon_pileup.lua: ten 600 s tasks on one core, all held by carbon_deadline for the last and
-- cleanest hour of tests/data/carbon/descent.csv (10800 to 14400 s); queued there, they run to
-- 16800 s, past the trace: the run fails, and its error says that tasks were held
-- (tests/hard/carbon.cmake)
local hetflow = require("hetflow")
local tasks = {}
for i = 1, 10 do tasks[i] = { name = "t" .. i, cpu = { flops = "600Gf" } } end
hetflow.run {
  platform = { name = "one", sites = { { name = "a",
    carbon = { trace = "tests/data/carbon/descent.csv" },
    nodes = { { name = "na", cores = 1, speed = "1Gf", power = { idle = "0W", max = "100W" } } } } } },
  workflow = { tasks = tasks },
  policy = "carbon_deadline:slack=20000,step=1800",
}
