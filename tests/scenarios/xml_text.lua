-- xml_text.lua: free text (a model with quotes, '&', '<'; a platform name with "--") reaches
-- the generated SimGrid XML escaped, and extra arguments to hetflow.run are ignored.
local hetflow = require("hetflow")
local r = hetflow.run({
  platform = { name = "lab --> 2", sites = { { name = "s", nodes = {
    { name = "n", speed = "1Gf", model = [[Xeon "Gold" & <co> 'x']] } } } } },
  workflow = { tasks = { { name = "t", cpu = { flops = "2Gf" } } } },
}, nil, { note = "ignored" })
assert(math.abs(r.makespan - 2) < 1e-12, r.makespan)   -- 2 Gflop at 1 Gflop/s
