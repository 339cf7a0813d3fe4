-- serverless_pull_shared.lua: concurrent pulls share the network: two nodes pull the same 100 MB
-- image from reg at time 0 (docs/models/serverless.md#image-pulls). reg's NIC: 100 MB/s, 1 ms;
-- w1 and w2: 1 GB/s, 1 ms. The registry serves one pull at 60 MB/s at most; nodes unpack at
-- 100 MB/s after the download. One task per node (1 Gflop = 1 s), no init.
--   alone, a pull would take 0.002 + 100e6 / min(60e6, 100e6) + 100e6 / 100e6 = 2.6686667 s,
--   which is what the policy estimates for the first task (idle route);
--   together, the two transfers share reg's NIC (50 MB/s each): the download takes
--   0.002 + 100e6 / 50e6 = 2.002 s (> the 0.002 + 1.6667 s the registry needs), then the unpack
--   1 s: pull 3.002 s each; both tasks end at 4.002 s.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local function nic(bw) return { bandwidth = bw, latency = "1ms" } end
local first_startup
local r = hetflow.run {
  platform = { name = "three", sites = { { name = "s", nodes = {
    { name = "reg", speed = "1Gf", nic = nic("100MBps") },
    { name = "w1", speed = "1Gf", nic = nic("1GBps") },
    { name = "w2", speed = "1Gf", nic = nic("1GBps") } } } } },
  workflow = { name = "shared",
    functions = { { name = "f", image = "img", image_size = "100MB" } },
    tasks = { { name = "a", fn = "f", cpu = { flops = "1Gf" } },
              { name = "b", fn = "f", cpu = { flops = "1Gf" } } } },
  policy = function(task, cands)
    local want = task.name == "a" and "e1" or "e2"
    for _, c in ipairs(cands) do
      if c.endpoint == want then
        first_startup = first_startup or c.startup
        return c.index
      end
    end
    error("no candidate at " .. want)
  end,
  serverless = { mode = "decomposed", registry = "reg", registry_bandwidth = "60MBps",
    unpack_rate = "100MBps",
    endpoints = { { name = "e1", nodes = { "w1" } }, { name = "e2", nodes = { "w2" } } } },
}
T.near(first_startup, 0.002 + 100e6 / 60e6 + 1, "idle-route estimate")
for _, v in ipairs(r:invocations()) do
  assert(v.cold)
  T.near(v.pull, 3.002, v.task .. ": pull on a shared NIC")
end
T.near(r:task("a")["end"], 4.002, "a end")
T.near(r:task("b")["end"], 4.002, "b end")
T.near(r.makespan, 4.002, "makespan")
