-- plat_gpu_count_zero.lua: a GPU entry has count = 0.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "X", count = 0, speed = "1Tf" } } },
} } } }
