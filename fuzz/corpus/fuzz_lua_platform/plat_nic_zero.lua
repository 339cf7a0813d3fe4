-- plat_nic_zero.lua: nic bandwidth is "0GBps" (must be positive).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", nic = { bandwidth = "0GBps", latency = "1us" } },
} } } }
