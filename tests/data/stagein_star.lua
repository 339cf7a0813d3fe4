-- stagein_star.lua: 50 single-core 1 Gf nodes behind one switch, NICs 1.25 GB/s and 10 us (the
-- bench platform, smaller), each node's transfer.concurrent from --set limit=N (default 4).
-- tests/hard/stagein.cmake: concurrent stage-in with limit 1 equals sequential stage-in.
local hetflow = require("hetflow")
return { name = "stagein-star", sites = { { name = "cluster", nodes = { {
  name = "node", count = 50, cores = 1, speed = "1Gf",
  nic = { bandwidth = "1.25GBps", latency = "10us" },
  transfer = { concurrent = tonumber(hetflow.param("limit", "4")) } } } } } }
