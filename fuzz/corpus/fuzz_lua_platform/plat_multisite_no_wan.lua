-- plat_multisite_no_wan.lua: two sites, and site 'b' has no wan link.
return { name = "p", sites = {
  { name = "a", wan = { bandwidth = "1GBps", latency = "10ms" }, nodes = { { name = "na", speed = "1Gf" } } },
  { name = "b", nodes = { { name = "nb", speed = "1Gf" } } },
} }
