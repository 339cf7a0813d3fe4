-- plat_dup_site.lua: two sites are both named 's'.
return { name = "p", sites = {
  { name = "s", wan = { bandwidth = "1GBps" }, nodes = { { name = "n1", speed = "1Gf" } } },
  { name = "s", wan = { bandwidth = "1GBps" }, nodes = { { name = "n2", speed = "1Gf" } } },
} }
