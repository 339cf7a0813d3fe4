-- plat_dup_node.lua: two nodes are both named 'n'.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf" },
  { name = "n", cores = 8, speed = "2Gf" },
} } } }
