-- a platform with a site's carbon and a node's embodied emissions (tests/hard/carbon.cmake:
-- its SimGrid XML leaves both out, and says so)
return { name = "p", sites = { { name = "a", carbon = 100, nodes = {
  { name = "n", cores = 1, speed = "1Gf", embodied = { kg = 10, years = 4 } } } } } }
