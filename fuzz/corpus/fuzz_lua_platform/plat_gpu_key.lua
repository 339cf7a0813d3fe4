-- plat_gpu_key.lua: gpu key 'memroy' is a misspelling of 'memory'.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "X", speed = "1Tf", memroy = "16GB" } } },
} } } }
