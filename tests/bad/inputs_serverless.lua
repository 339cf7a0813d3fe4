-- inputs_serverless.lua: serverless quantities outside hetflow's ranges (docs/units.md#ranges),
-- one per case (--set case=NAME). Numbers skip the unit parser, so each is given as a Lua number.
local hetflow = require("hetflow")
local case = hetflow.param("case", "none")
local platform = { name = "p", sites = { { name = "s", nodes = {
  { name = "reg", speed = "1Gf" },
  { name = "g", speed = "1Gf", gpus = { { model = "test", speed = "1Tf", memory = "16GB" } } },
} } } }
local functions = { { name = "f", image = "img", image_size = "1GB", init = "1s" } }
local tasks = { { name = "x", fn = "f", gpu = { seconds = 1 } } }
local serverless = { mode = "decomposed_hha", registry = "reg",
  endpoints = { { name = "gpu", nodes = { "g" } } } }
local mutate = {
  -- found by fuzz_lua_serverless (fuzz/regressions/fuzz_lua_serverless/)
  event_time_huge = function()
    serverless.availability = { { time = 1e13, node = "g", event = "leave" } }
  end,
  event_time_subnormal = function()
    serverless.availability = { { time = 1e-320, node = "g", event = "leave" } }
  end,
  keep_alive = function() serverless.endpoints[1].keep_alive = 1e300 end,
  image_size = function() functions[1].image_size = 2^64 end,
  registry_bandwidth = function() serverless.registry_bandwidth = 1e-300 end,
}
assert(mutate[case], "unknown case " .. case)()
hetflow.run {
  platform = platform,
  workflow = { name = "w", functions = functions, tasks = tasks },
  serverless = serverless,
}
