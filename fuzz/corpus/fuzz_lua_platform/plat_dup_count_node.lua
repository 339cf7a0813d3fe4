-- plat_dup_count_node.lua: node 'n-2' collides with the second node of the group 'n' (count = 2).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", count = 2, cores = 4, speed = "1Gf" },
  { name = "n-2", cores = 8, speed = "2Gf" },
} } } }
