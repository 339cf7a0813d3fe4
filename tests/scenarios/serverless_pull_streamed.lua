-- serverless_pull_streamed.lua: unpack overlapping the download (containerd's pipeline,
-- docs/models/serverless.md#image-pulls): a pull takes lat + S / min(b_reg, path, u).
-- Registry reg (NIC 1 GB/s, 1 ms) serves at 400 MB/s; nodes unpack at 50 MB/s. Two independent
-- tasks of one function (100 MB image, no init, 1 Gflop = 1 s) pulled at time 0 to two nodes:
--   a on w1 (NIC 100 MB/s, 1 ms): 0.002 + 100e6 / min(400e6, 100e6, 50e6) = 2.002 s (the
--       unpack is the bottleneck; sequential would be 0.002 + 1 + 2 = 3.002 s); a ends 3.002
--   b on w2 (NIC 25 MB/s, 1 ms):  0.002 + 100e6 / min(400e6, 25e6, 50e6)  = 4.002 s (the
--       download is: the unpack keeps up); b ends 5.002
-- The two transfers share reg's NIC (1 GB/s) without saturating it.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")

local function nic(bw) return { bandwidth = bw, latency = "1ms" } end
local r = hetflow.run {
  platform = { name = "three", sites = { { name = "s", nodes = {
    { name = "reg", speed = "1Gf", nic = nic("1GBps") },
    { name = "w1", speed = "1Gf", nic = nic("100MBps") },
    { name = "w2", speed = "1Gf", nic = nic("25MBps") } } } } },
  workflow = { name = "streamed",
    functions = { { name = "f", image = "img", image_size = "100MB" } },
    tasks = { { name = "a", fn = "f", cpu = { flops = "1Gf" } },
              { name = "b", fn = "f", cpu = { flops = "1Gf" } } } },
  policy = function(task, cands)
    local want = task.name == "a" and "e1" or "e2"
    for _, c in ipairs(cands) do if c.endpoint == want then return c.index end end
    error("no candidate at " .. want)
  end,
  serverless = { mode = "decomposed", registry = "reg", registry_bandwidth = "400MBps",
    unpack_rate = "50MBps", unpack = "streamed",
    endpoints = { { name = "e1", nodes = { "w1" } }, { name = "e2", nodes = { "w2" } } } },
}
local a, b = r:task("a"), r:task("b")
assert(a.resource == "w1" and b.resource == "w2", a.resource .. " " .. b.resource)
local pull = {}
for _, v in ipairs(r:invocations()) do pull[v.task] = v.pull end
T.near(pull.a, 2.002, "a: unpack-limited pull")
T.near(pull.b, 4.002, "b: download-limited pull")
T.near(a["end"], 3.002, "a end")
T.near(b["end"], 5.002, "b end")
T.near(r.makespan, 5.002, "makespan")
