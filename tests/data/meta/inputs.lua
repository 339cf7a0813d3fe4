-- inputs.lua: a scenario that reads a file in each way hetflow records (tests/metadata.cmake,
-- metadata.inputs_sha256): itself (scenario), a platform file, a workflow file, an availability
-- trace, a Lua chunk through dofile and another through require, a data file through io.open
-- and io.lines (the same content twice: one record). A file it writes (--set out=DIR) is not an
-- input. Run from the repository root.
local hetflow = require("hetflow")
local helper = dofile("tests/data/meta/helper.lua")
package.path = "tests/data/meta/?.lua;" .. package.path
local mod = require("meta_mod")
local f = assert(io.open("tests/data/meta/params.txt"))
local n = tonumber(f:read("l"))
f:close()
for line in io.lines("tests/data/meta/params.txt") do assert(tonumber(line) == n) end
local out = hetflow.param("out", "")
if out ~= "" then
  local w = assert(io.open(out .. "/written-by-scenario.txt", "w"))
  w:write("not an input\n")
  w:close()
end
local r = hetflow.run {
  platform = "tests/data/meta/platform.lua",
  workflow = "tests/data/meta/workflow.lua",
  policy = helper.policy,
  serverless = { mode = "decomposed_hha",
    endpoints = { { name = "cpu", nodes = { "c" } }, { name = "gpu", nodes = { "g" } } },
    availability = "tests/data/meta/trace.txt" },
}
assert(r.completed and n == mod.n)
