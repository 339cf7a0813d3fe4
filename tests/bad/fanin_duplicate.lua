-- fanin_duplicate.lua: a reduce task reading 5000 files, one of them listed twice.
local hetflow = require("hetflow")
local b = hetflow.workflow_builder { name = "fanin" }
local inputs = {}
for i = 1, 5000 do
  b:task { name = "p" .. i, cpu = { flops = 1e9 }, outputs = { { name = "f" .. i, size = 1 } } }
  inputs[i] = "f" .. i
end
inputs[#inputs + 1] = "f4321"
b:task { name = "reduce", cpu = { flops = 1e9 }, inputs = inputs }
