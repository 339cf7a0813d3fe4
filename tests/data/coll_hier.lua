-- coll_hier.lua: 2 nodes of 4 GPUs (tests/hard/coll.cmake, hierarchical collectives): NVLink
-- between every two GPUs of a node (100 GB/s, 1 us, a link per pair, full duplex), PCIe
-- 20 GB/s and 2 us, one NIC per node (10 GB/s, 1 us) that the node's 4 GPUs share.
return { name = "coll_hier", sites = { { name = "lab", nodes = { {
  name = "n", count = 2, cores = 1, speed = "1Gf",
  nic = { bandwidth = "10GBps", latency = "1us" },
  nvlink = { bandwidth = "100GBps", latency = "1us" },
  gpus = { { count = 4, speed = "1Tf", pcie = { bandwidth = "20GBps", latency = "2us" } } } } } } } }
