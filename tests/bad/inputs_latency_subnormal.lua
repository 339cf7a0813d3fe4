-- inputs_latency_subnormal.lua: a NIC latency of 1e-310 s (subnormal).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", count = 2, cores = 4, speed = "1Gf", nic = { bandwidth = "1GBps", latency = 1e-310 } } } } } }
