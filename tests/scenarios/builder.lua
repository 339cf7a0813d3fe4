-- builder.lua: a workflow streamed through hetflow.workflow_builder gives the same DAG and
-- timeline as the table form. One node, 2 cores at 1 Gflop/s, no transfers (same node):
--   a (2 Gflop, 1 core) [0, 2]; b and c (after a, reading "x"): b 1 Gflop [2, 3], c 3 Gflop [2, 5]
--   d (after b and c via files yb, yc): 1 Gflop [5, 6]  -> makespan 6 s, 4 edges, depth 3
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local b = hetflow.workflow_builder { name = "streamed" }
b:task { name = "a", cpu = { flops = "2Gf" }, outputs = { { name = "x", size = "1MB" } } }
b:task { name = "b", cpu = { flops = "1Gf" }, inputs = { "x" }, outputs = { { name = "yb", size = 0 } } }
b:file { name = "yc", size = 0 }
b:task { name = "c", cpu = { flops = "3Gf" }, inputs = { "x" }, outputs = { "yc" } }
b:task { name = "d", cpu = { flops = "1Gf" }, inputs = { "yb", "yc" } }
b:edge("a", "d")                      -- an explicit edge beside the file edges
-- forward references are refused: the file must exist before a task names it
local ok, err = pcall(b.task, b, { name = "e", cpu = { flops = 1 }, inputs = { "later" } })
assert(not ok and err:find("task 'e': inputs%[1%] 'later' is not a declared file"), err)
local ok2, err2 = pcall(b.task, b, { name = "f", cpu = { flops = -1 } })
assert(not ok2 and err2:find("task #5.cpu.flops: must not be negative, got %-1"), err2)
local wf = b:build()
assert(wf.ntasks == 4, wf.ntasks)
assert(wf.nedges == 5, wf.nedges)     -- a-b, a-c, b-d, c-d, and the explicit a-d
assert(wf.depth == 3, wf.depth)
assert(not pcall(b.task, b, { name = "late", cpu = { flops = 1 } }), "builder closed after build")

local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = { { name = "n", cores = 2, speed = "1Gf" } } } } },
  workflow = wf,
}
T.near(r:task("c")["end"], 5, "c end")
T.near(r.makespan, 6, "makespan")
assert(r.ntransfers == 0)
