-- plat_gpu_speed_zero.lua: a GPU has speed "0Tf" (must be positive).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "X", speed = "0Tf" } } },
} } } }
