-- plat_top_key.lua: top-level key 'site' is a misspelling of 'sites'.
return { name = "p", site = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf" },
} } } }
