-- sandbox_policy_mem.lua: a Lua policy on 3,000 nodes: the candidates table hetflow builds in C
-- for each decision does not fit in --sandbox-memory 1.3MB (tests/bad/cases_sandbox.cmake). It
-- ran out of memory outside any protected call, inside a SimGrid actor: the error unwound across
-- actor contexts and the process aborted (exit 134); now it is the policy's error, exit 1.
local hetflow = require("hetflow")
local tasks = {}
for i = 1, 40 do tasks[i] = { name = "t" .. i, cpu = { flops = "1Gf" } } end
hetflow.run {
  platform = { name = "wide", sites = { { name = "s", nodes = { { name = "n", count = 3000, cores = 1, speed = "1Gf" } } } } },
  workflow = { tasks = tasks },
  policy = { decide = function(task, cands) return 1 end },
}
