-- osu_rndv.lua: a negative rendezvous threshold (refused)
return { name = "rndv", sites = { { name = "lab", nodes = {
  { name = "a", cores = 1, speed = "1Gf", transfer = { rndv_threshold = -1 } },
  { name = "b", cores = 1, speed = "1Gf" } } } } }
