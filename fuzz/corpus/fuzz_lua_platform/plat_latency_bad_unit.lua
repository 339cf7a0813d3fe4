-- plat_latency_bad_unit.lua: nic latency "3 parsecs" is not a time.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", nic = { bandwidth = "10GBps", latency = "3 parsecs" } },
} } } }
