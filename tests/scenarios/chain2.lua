-- chain2.lua: two tasks on two hosts, the file between them crossing the network.
--   t1 on a: 2 Gflop at 1 Gflop/s                         = 2 s
--   f1 (50 MB) a -> b: route a-nic (UP), b-nic (DOWN)
--     latency 1 ms + 1 ms = 2 ms; bandwidth min(100, 100) MB/s: 50e6 / 1e8 = 0.5 s
--   t2 on b: 3 Gflop at 1 Gflop/s                         = 3 s
--   makespan = 2 + 0.002 + 0.5 + 3 = 5.502 s
-- Energy (linear model, docs/models/energy.md), 1-core hosts, idle 10 W, max 30 W:
--   a: 10 W x 5.502 s + 20 W x 2 s = 95.02 J;  b: 10 x 5.502 + 20 x 3 = 115.02 J
--   total 210.04 J
local hetflow = require("hetflow")

local function node(name)
  return { name = name, cores = 1, speed = "1Gf", power = { idle = "10W", max = "30W" },
           nic = { bandwidth = "100MBps", latency = "1ms" } }
end

local r = hetflow.run {
  platform = { name = "two", sites = { { name = "s", nodes = { node("a"), node("b") } } } },
  workflow = { name = "chain2", tasks = {
    { name = "t1", cpu = { flops = "2Gf" }, outputs = { { name = "f1", size = "50MB" } } },
    { name = "t2", cpu = { flops = "3Gf" }, inputs = { "f1" } },
  } },
  -- place t1 on a and t2 on b, whatever the estimates say
  policy = function(task, cands)
    return task.name == "t1" and "a" or "b"
  end,
}

local function near(x, want, what)
  assert(math.abs(x - want) <= 1e-9 * math.max(1, math.abs(want)),
         string.format("%s = %.17g, expected %.17g", what, x, want))
end
near(r.makespan, 5.502, "makespan")
local t1, t2 = r:task("t1"), r:task("t2")
near(t1["end"], 2, "t1 end")
near(t2.dispatch, 2, "t2 dispatch")
near(t2.start, 2.502, "t2 start")
near(t2["end"], 5.502, "t2 end")
assert(t2.resource == "b" and t1.resource == "a")
near(r.bytes_moved, 50e6, "bytes moved")
near(t2.bytes_in, 50e6, "t2 bytes_in")
near(r:resource("a").energy, 95.02, "energy a")
near(r:resource("b").energy, 115.02, "energy b")
near(r.energy, 210.04, "energy")
near(t1.energy, 40, "t1 dynamic energy")   -- 20 W x 2 s
near(t2.energy, 60, "t2 dynamic energy")   -- 20 W x 3 s

-- direct mode (no serverless mode ran): no invocations, every serverless figure zero
assert(r.mode == "direct", "mode " .. tostring(r.mode))
assert(r.cold_starts == 0 and r.warm_starts == 0 and r.compiles == 0 and r.redeployments == 0)
assert(r.cold_seconds == 0 and r.compile_seconds == 0)
assert(math.type(r.cold_starts) == "integer" and math.type(r.redeployments) == "integer")
local inv = r:invocations()
assert(type(inv) == "table" and #inv == 0, "invocations")
