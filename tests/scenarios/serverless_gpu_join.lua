-- serverless_gpu_join.lua: decomposed_hha with a GPU node joining at 5 s
-- (docs/models/serverless.md). Nodes c and g: 1 core at 1 Gflop/s; g has GPU g-gpu0, absent
-- until it joins at 5 s (availability trace). Endpoint "cpu" = {c} with one container, endpoint
-- "gpu" = {g}. No functions declared: no image, no init, no overhead, no WAN latency.
--   x, y (entry tasks, cpu 20 Gflop = 20 s, gpu 2 s): at 0 no GPU is present, so both go to
--     "cpu" with their cpu variant; x starts on c (0 -> 20), y waits in the queue
--   5 s: g joins; y is still queued, so it is redeployed to "gpu" with its gpu variant and
--     starts there at once: 5 -> 7 on g-gpu0 (a redeployment)
--   z (after y, gpu-capable): ready at 7; a GPU is present, so it goes to g-gpu0: 7 -> 9
--   makespan = x's end = 20
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local function both(name, after)
  return { name = name, cpu = { flops = "20Gf" }, gpu = { seconds = 2 }, after = after }
end
local r = hetflow.run {
  platform = { name = "cg", sites = { { name = "s", nodes = {
    { name = "c", speed = "1Gf" },
    { name = "g", speed = "1Gf", gpus = { { model = "test", speed = "1Tf" } } } } } } },
  workflow = { name = "join", tasks = { both("x"), both("y"), both("z", { "y" }) } },
  serverless = { mode = "decomposed_hha",
    endpoints = { { name = "cpu", nodes = { "c" }, max_containers = 1 },
                  { name = "gpu", nodes = { "g" } } },
    availability = { { time = 5, node = "g", event = "join" } } },
}
local x, y, z = r:task("x"), r:task("y"), r:task("z")
assert(x.resource == "c" and x.variant == "cpu", x.resource)
T.near(x["end"], 20, "x end")
assert(y.resource == "g-gpu0" and y.variant == "gpu", y.resource .. " " .. y.variant)
T.near(y.dispatch, 5, "y redeployed when g joins")
T.near(y["end"], 7, "y end")
assert(z.resource == "g-gpu0" and z.variant == "gpu", z.resource)
T.near(z.dispatch, 7, "z start")
T.near(z["end"], 9, "z end")
T.near(r.makespan, 20, "makespan")
assert(r.redeployments == 1, r.redeployments)
for _, v in ipairs(r:invocations()) do
  if v.task == "y" then assert(v.redeployed == 1 and v.endpoint == "gpu") end
  if v.task == "z" then assert(v.redeployed == 0 and v.endpoint == "gpu") end
end
