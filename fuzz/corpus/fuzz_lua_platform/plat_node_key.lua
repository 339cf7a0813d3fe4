-- plat_node_key.lua: node key 'cors' is a misspelling of 'cores'.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cors = 4, speed = "1Gf" },
} } } }
