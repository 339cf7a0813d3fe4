-- plat_site_key.lua: site key 'wna' is a misspelling of 'wan'.
return { name = "p", sites = { { name = "s", wna = { bandwidth = "1GBps" }, nodes = {
  { name = "n", cores = 4, speed = "1Gf" },
} } } }
