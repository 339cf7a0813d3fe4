-- plat_memory_negative.lua: node memory is negative.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", memory = -1024 },
} } } }
