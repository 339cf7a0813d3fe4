-- inputs_names.lua: names with a NUL byte, one per case (--set case=NAME). C reads "a\0x" as "a",
-- so each of these would silently name another task, file, node or profile; all must be refused.
local hetflow = require("hetflow")
local case = hetflow.param("case", "none")
local p = { name = "p", sites = { { name = "s", nodes = {
  { name = "n", count = 2, cores = 4, speed = "1Gf" },
  { name = "c", speed = "1Gf" },
  { name = "g", speed = "1Gf", gpus = { { model = "test", speed = "1Tf", memory = "16GB" } } },
} } } }
local w = { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" }, outputs = { { name = "fa", size = "1MB" } } },
  { name = "b", cpu = { flops = "1Gf" }, inputs = { "fa" } },
} }
local serverless, policy
local mutate = {
  input = function() w.tasks[2].inputs = { "fa\0zz" } end,
  after = function() w.tasks[2].after = { "a\0zz" } end,
  edge = function() w.edges = { { "a", "b\0q" } } end,
  endpoint_node = function()
    w.functions = { { name = "f" } }
    w.tasks[1].fn, w.tasks[2].fn = "f", "f"
    serverless = { mode = "direct", endpoints = { { name = "cpu", nodes = { "c\0x" } } } }
  end,
  trace_path = function()
    w.functions = { { name = "f" } }
    w.tasks[1].fn, w.tasks[2].fn = "f", "f"
    serverless = { mode = "direct", endpoints = { { name = "cpu", nodes = { "c" } } },
                   availability = "tests/bad/trace_event.txt\0.ok" }
  end,
  policy = function() policy = "round_robin\0x" end,
  policy_pick = function() policy = function(task, cands) return cands[1].resource .. "\0x" end end,
}
assert(mutate[case], "unknown case " .. case)()
hetflow.run { platform = p, workflow = w, serverless = serverless, policy = policy }
