-- osu_key.lua: a misspelt transfer key (refused, naming it)
return { name = "key", sites = { { name = "lab", nodes = {
  { name = "a", cores = 1, speed = "1Gf", transfer = { chunks = "1MB" } } } } } }
