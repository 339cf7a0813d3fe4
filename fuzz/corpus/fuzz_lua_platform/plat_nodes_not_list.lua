-- plat_nodes_not_list.lua: nodes is a single node table, not a list of nodes.
return { name = "p", sites = { { name = "s",
  nodes = { name = "n", cores = 4, speed = "1Gf" },
} } }
