-- collective_task.lua: a collective task malformed in one way per --set case=NAME
-- (tests/hard/collective_task.cmake): each must fail with a message naming the task or field.
local hetflow = require("hetflow")
local case = hetflow.param("case", "none")
local c = { op = "allreduce", size = "1MB", group = { "n-1-gpu0", "n-2-gpu0", "n-3-gpu0" } }
local extra = {}
if case == "nogpu" then c.group = { "n-1-gpu0", "n-2" }
elseif case == "unknown" then c.group = { "n-1-gpu0", "n-9-gpu0" }
elseif case == "one" then c.group = { "n-1-gpu0" }
elseif case == "empty" then c.group = {}
elseif case == "algo" then c.algo = "fast"
elseif case == "dbtree" then c.algo, c.op = "dbtree", "broadcast"
elseif case == "switch" then c.offload = "switch"
elseif case == "twice" then c.group = { "n-1-gpu0", "n-2-gpu0", "n-1-gpu0" }
elseif case == "cost" then extra.cpu = { flops = "1Gf" }
elseif case == "inputs" then extra.inputs = { { name = "x", size = "1MB" } }
elseif case == "nosize" then c.size = nil
elseif case == "rhd3" then c.algo = "rhd"
elseif case == "hier" then c.algo = "hier"
elseif case == "per_node" then c.per_node = 2
elseif case == "group_type" then c.group = 3
elseif case == "fn" then extra.fn = "f"
elseif case == "nicbcast" then c.op, c.offload = "broadcast", "nic"
elseif case == "nichier" then c.algo, c.offload, c.per_node = "hier", "nic", 1
elseif case == "mem" then extra.gpu_memory = "1PB"
elseif case == "gpuempty" then extra.gpu = {}
elseif case == "onegpu" then c.group = "gpus"
end
local task = { name = "ar", collective = c }
for k, v in pairs(extra) do task[k] = v end
local run = {
  platform = { name = "coll3", sites = { { name = "lab", nodes = { {
    name = "n", count = case == "onegpu" and 1 or 3, cores = 1, speed = "1Gf", nic = { bandwidth = "10GBps", latency = "1us" },
    gpus = { { count = 1, speed = "1Tf" } } } } } } },
  workflow = { tasks = { task }, functions = case == "fn" and { { name = "f" } } or nil },
}
if case == "serverless" then
  run.serverless = { mode = "decomposed",
                     endpoints = { { name = "ep", nodes = { "n-1" }, overhead = "0.1s" } } }
end
hetflow.run(run)
