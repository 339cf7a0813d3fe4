-- plat_speed_missing.lua: the node has no speed.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4 },
} } } }
