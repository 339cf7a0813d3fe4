-- serverless.lua: one bad serverless input per case (--set case=NAME), each breaking one field of
-- a valid set-up; tests/bad/cases.cmake checks the message and exit status 1.
local hetflow = require("hetflow")
local case = hetflow.param("case", "none")

local platform = { name = "p", sites = { { name = "s", nodes = {
  { name = "reg", speed = "1Gf" },
  { name = "c", speed = "1Gf" },
  { name = "g", speed = "1Gf", gpus = { { model = "test", speed = "1Tf", memory = "16GB" } } },
} } } }
local functions = { { name = "f", image = "img", image_size = "1GB", init = "1s" } }
local tasks = {
  { name = "x", fn = "f", cpu = { flops = "1Gf" }, gpu = { seconds = 1 } },
}
local serverless = { mode = "decomposed_hha", registry = "reg",
  endpoints = { { name = "cpu", nodes = { "c" } }, { name = "gpu", nodes = { "g" } } } }

local mutate = {
  mode = function() serverless.mode = "decomposd" end,
  variant_key = function() tasks[1].fpga = { seconds = 1 } end,
  variant_nowhere = function() tasks[1].gpu_memory = "1TB" end,
  decomposed_no_cpu = function() tasks[1].cpu = nil; serverless.mode = "decomposed" end,
  monolith_no_cpu = function() tasks[1].cpu = nil; serverless.mode = "monolith" end,
  trace_unsorted = function() serverless.availability = "tests/bad/trace_unsorted.txt" end,
  trace_negative = function() serverless.availability = "tests/bad/trace_negative.txt" end,
  trace_node = function() serverless.availability = "tests/bad/trace_node.txt" end,
  trace_event = function() serverless.availability = "tests/bad/trace_event.txt" end,
  trace_missing = function() serverless.availability = "tests/bad/no_such_trace.txt" end,
  events_unsorted = function()
    serverless.availability = { { time = 10, node = "g", event = "join" },
                                { time = 5, node = "g", event = "leave" } }
  end,
  zero_workers = function() serverless.endpoints[1].nodes = {} end,
  zero_containers = function() serverless.endpoints[1].max_containers = 0 end,
  endpoint_node = function() serverless.endpoints[1].nodes = { "zz" } end,
  endpoint_twice = function() serverless.endpoints[2].nodes = { "g", "c" } end,
  no_endpoints = function() serverless.endpoints = nil end,
  fn_unknown = function() tasks[1].fn = "nope" end,
  fn_compile = function() functions[1].compile = { gpu = "-3s" } end,
  image_sizes = function()
    functions[2] = { name = "f2", image = "img", image_size = "2GB" }
  end,
  no_registry = function() serverless.registry = nil end,
  client = function() serverless.client = "mars" end,
  registry_bw_zero = function() serverless.registry_bandwidth = 0 end,
  registry_bw_typo = function() serverless.registry_bandwith = "100MBps" end,
  unpack_rate_negative = function() serverless.unpack_rate = "-5MBps" end,
  unpack_rate_unit = function() serverless.unpack_rate = "88MB" end,
  unpack_rate_type = function() serverless.unpack_rate = { 88e6 } end,
  unpack_rate_inf = function() serverless.unpack_rate = math.huge end,
  unpack_mode = function() serverless.unpack = "parallel" end,
  -- b needs a GPU when a ends (10 s), but the GPU node left at 5 s and never joins again
  stranded = function()
    tasks[1] = { name = "a", cpu = { flops = "10Gf" } }
    tasks[2] = { name = "b", gpu = { seconds = 1 }, after = { "a" } }
    serverless.availability = { { time = 5, node = "g", event = "leave" } }
  end,
  -- the same, b held by its release time (20 s) until long after the trace has ended
  stranded_release = function()
    tasks[1] = { name = "a", cpu = { flops = "1Gf" } }
    tasks[2] = { name = "b", gpu = { seconds = 1 }, release = "20s" }
    serverless.availability = { { time = 5, node = "g", event = "leave" } }
  end,
}
assert(mutate[case], "unknown case " .. case)()

hetflow.run {
  platform = platform,
  workflow = { name = "w", functions = functions, tasks = tasks },
  serverless = serverless,
}
