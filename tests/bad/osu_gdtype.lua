-- osu_gdtype.lua: gpudirect must be a boolean
return { name = "gdtype", sites = { { name = "lab", nodes = {
  { name = "a", cores = 1, speed = "1Gf", transfer = { gpudirect = "yes" } } } } } }
