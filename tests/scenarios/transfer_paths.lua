-- transfer_paths.lua: a workflow's GPU-to-GPU transfer across nodes takes the run's transfer
-- path (docs/models/network.md#transfer-paths). The platform is tests/unit/test_path.c's: NICs
-- 10 GB/s and 1 us, PCIe 20 GB/s and 2 us, overhead 1 us, copy latency 5 us, chunk 1 MB,
-- rendezvous above 8192 B, GPUDirect on both nodes.
--   p on a-gpu0: 1 Tflop at 1 Tflop/s = 1 s, writes x (4 MB)
--   c on b-gpu0 reads x, then 1 s. Moving x (hand-computed in test_path.c):
--     gdr    1 + 4 (handshake) + 6 + 400 = 411 us
--     bounce 1 + 4 + (57 + 102 + 57) + 3 x 102 = 527 us
--     auto   the faster: gdr, 411 us
--     direct one flow over the route, no software cost: 6 + 400 = 406 us (no path recorded)
-- --set transfer=MODE (default gdr); tests/hard/osu.cmake runs every mode.
local hetflow = require("hetflow")
local mode = hetflow.param("transfer", "gdr")
local function node(name)
  return { name = name, cores = 1, speed = "1Gf",
           nic = { bandwidth = "10GBps", latency = "1us" },
           gpus = { { count = 1, speed = "1Tf",
                      pcie = { bandwidth = "20GBps", latency = "2us" } } },
           transfer = { gpudirect = true, overhead = "1us", copy_latency = "5us",
                        chunk = "1MB", rndv_threshold = 8192 } }
end
local r = hetflow.run {
  platform = { name = "paths", sites = { { name = "lab", nodes = { node("a"), node("b") } } } },
  workflow = { tasks = {
    { name = "p", gpu = { flops = "1Tf" }, outputs = { { name = "x", size = "4MB" } } },
    { name = "c", gpu = { flops = "1Tf" }, inputs = { "x" } } } },
  policy = function(task) return task.name == "p" and "a-gpu0" or "b-gpu0" end,
  transfer = mode,
}
local want = ({ gdr = 411e-6, bounce = 527e-6, auto = 411e-6, direct = 406e-6 })[mode]
local path = ({ gdr = "gdr", bounce = "bounce", auto = "gdr" })[mode]
local c = r:task("c")
assert(r.transfer == mode and r.stage_in == "sequential", "recorded with the results")
assert(r:task("p").resource == "a-gpu0" and c.resource == "b-gpu0")
assert(math.abs(c.start - (1 + want)) <= 1e-12, string.format("%s: c starts at %.17g, expected %.17g", mode, c.start, 1 + want))
local t = r:transfers()
assert(#t == 1 and t[1].src == "a-gpu0" and t[1].dst == "b-gpu0")
assert(t[1].path == path, string.format("%s: path %s, expected %s", mode, tostring(t[1].path), tostring(path)))
assert(math.abs(r.makespan - (2 + want)) <= 1e-12)
