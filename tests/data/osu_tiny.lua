-- osu_tiny.lua: the platform of tests/unit/test_path.c for `hetflow osu` (tests/hard/osu.cmake):
-- nodes a and b, NIC 10 GB/s and 1 us, one GPU each behind PCIe at 20 GB/s and 2 us; overhead
-- 1 us, copy latency 5 us, chunk 1 MB, rendezvous above 8192 B. --set p2p=5GBps gives node a a
-- P2P read limit, --set p2pb=5GBps node b.
local hetflow = require("hetflow")
local function node(name, p2p)
  return { name = name, cores = 1, speed = "1Gf",
           nic = { bandwidth = "10GBps", latency = "1us" },
           gpus = { { count = 1, speed = "1Tf", pcie = { bandwidth = "20GBps", latency = "2us" } } },
           transfer = { gpudirect = true, overhead = "1us", copy_latency = "5us", chunk = "1MB",
                        rndv_threshold = 8192, p2p_read = p2p } }
end
return { name = "osu_tiny",
         sites = { { name = "lab", nodes = { node("a", hetflow.param("p2p", nil)), node("b", hetflow.param("p2pb", nil)) } } } }
