-- concurrent_waits.lua: two files in flight to one node at once, each with a second reader
-- waiting for that copy (a review found this crashing when each wait made its own condition).
-- p1, p2 on a (2 cores) [0, 1]; at 1, c1a c1b c2a c2b start on b (4 cores): c1a fetches f1,
-- c2a fetches f2, c1b and c2b wait for those copies. The two 100 MB transfers share a's NIC
-- (UP) and b's NIC (DOWN), 100 MB/s each: 50 MB/s per flow -> 0.002 + 1e8 / 5e7 = 2.002 s,
-- both arrive at 3.002; the four tasks compute 1 s: makespan 4.002 s, 2 transfers, 200 MB.
local hetflow = require("hetflow")
local T = dofile("tests/scenario_common.lua")
local nic = { bandwidth = "100MBps", latency = "1ms" }
local r = hetflow.run {
  platform = { sites = { { name = "s", nodes = {
    { name = "a", cores = 2, speed = "1Gf", nic = nic },
    { name = "b", cores = 4, speed = "1Gf", nic = nic } } } } },
  workflow = { tasks = {
    { name = "p1", cpu = { flops = "1Gf" }, outputs = { { name = "f1", size = "100MB" } } },
    { name = "p2", cpu = { flops = "1Gf" }, outputs = { { name = "f2", size = "100MB" } } },
    { name = "c1a", cpu = { flops = "1Gf" }, inputs = { "f1" } },
    { name = "c1b", cpu = { flops = "1Gf" }, inputs = { "f1" } },
    { name = "c2a", cpu = { flops = "1Gf" }, inputs = { "f2" } },
    { name = "c2b", cpu = { flops = "1Gf" }, inputs = { "f2" } },
  } },
  policy = T.pin { p1 = "a", p2 = "a", c1a = "b", c1b = "b", c2a = "b", c2b = "b" },
}
assert(r.ntransfers == 2, r.ntransfers)
T.near(r.bytes_moved, 200e6, "bytes moved")
for _, name in ipairs { "c1a", "c1b", "c2a", "c2b" } do
  T.near(r:task(name).start, 3.002, name .. " start")
end
T.near(r.makespan, 4.002, "makespan")
