-- coll8.lua: 8 nodes of one GPU each behind one switch (tests/hard/coll.cmake): NICs 10 GB/s and
-- 1 us, PCIe 20 GB/s and 2 us, so GPU to GPU across nodes is 6 us and 10 GB/s, and a ring's
-- messages (each NIC sending one and receiving one at a time, full duplex) never share a link.
-- --set nodes=N (default 8), --set hbm=BANDWIDTH (the GPUs' memory bandwidth, default none).
local hetflow = require("hetflow")
return { name = "coll8", sites = { { name = "lab", nodes = { {
  name = "n", count = tonumber(hetflow.param("nodes", "8")), cores = 1, speed = "1Gf",
  nic = { bandwidth = "10GBps", latency = "1us" },
  gpus = { { count = 1, speed = "1Tf", memory_bandwidth = hetflow.param("hbm", nil),
             pcie = { bandwidth = "20GBps", latency = "2us" } } } } } } } }
