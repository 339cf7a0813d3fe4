-- platform.lua: two 1-core nodes, g with a GPU that joins at 1 s (trace.txt); for inputs.lua.
return { name = "meta", sites = { { name = "s", nodes = {
  { name = "c", speed = "1Gf" },
  { name = "g", speed = "1Gf", gpus = { { model = "test", speed = "1Tf" } } } } } } }
