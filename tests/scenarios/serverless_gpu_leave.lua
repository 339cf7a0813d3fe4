-- serverless_gpu_leave.lua: decomposed_hha with the GPU node leaving at 5 s
-- (docs/models/serverless.md: drain semantics). Nodes c and g (1 core at 1 Gflop/s); g has one
-- GPU and is present from 0 until it leaves at 5 s. Endpoints "cpu" = {c}, "gpu" = {g}.
--   x, y (entry tasks, gpu 10 s, cpu 20 Gflop = 20 s): a GPU is present, so both go to "gpu"
--     with their gpu variant; x starts on g-gpu0 (0 -> 10), y queues behind it
--   5 s: g leaves; x keeps running to its end at 10 (drain); y, still queued, can no longer run
--     at "gpu": it is placed again, and with no GPU present it runs its cpu variant on c:
--     5 -> 25 (one redeployment)
--   makespan 25
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local function both(name) return { name = name, cpu = { flops = "20Gf" }, gpu = { seconds = 10 } } end
local seen_endpoints = {}
local r = hetflow.run {
  platform = { name = "cg", sites = { { name = "s", nodes = {
    { name = "c", speed = "1Gf" },
    { name = "g", speed = "1Gf", gpus = { { model = "test", speed = "1Tf" } } } } } } },
  workflow = { name = "leave", tasks = { both("x"), both("y") } },
  -- a Lua policy: candidates stand for endpoints; take the earliest estimated finish
  policy = function(task, cands)
    local best = cands[1]
    for _, c in ipairs(cands) do
      assert(c.endpoint and c.startup >= 0, "candidate without endpoint or startup")
      seen_endpoints[c.endpoint] = true
      if c.est_finish < best.est_finish then best = c end
    end
    return best.index
  end,
  serverless = { mode = "decomposed_hha",
    endpoints = { { name = "cpu", nodes = { "c" } }, { name = "gpu", nodes = { "g" } } },
    availability = { { time = 5, node = "g", event = "leave" } } },
}
local x, y = r:task("x"), r:task("y")
assert(x.resource == "g-gpu0" and x.variant == "gpu", x.resource)
T.near(x["end"], 10, "x drains to its end")
assert(y.resource == "c" and y.variant == "cpu", y.resource .. " " .. y.variant)
T.near(y.dispatch, 5, "y placed again when g leaves")
T.near(y["end"], 25, "y end")
T.near(r.makespan, 25, "makespan")
assert(r.redeployments == 1, r.redeployments)
assert(seen_endpoints.gpu and seen_endpoints.cpu, "the policy saw both endpoints")
