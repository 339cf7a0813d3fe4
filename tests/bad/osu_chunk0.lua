-- osu_chunk0.lua: a pipeline chunk of 0 bytes (refused)
return { name = "chunk0", sites = { { name = "lab", nodes = {
  { name = "a", cores = 1, speed = "1Gf", transfer = { chunk = 0 } },
  { name = "b", cores = 1, speed = "1Gf" } } } } }
