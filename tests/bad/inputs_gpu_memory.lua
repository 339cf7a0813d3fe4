-- inputs_gpu_memory.lua: a GPU with 2^64 bytes of memory.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", count = 1, cores = 4, speed = "1Gf",
    gpus = { { model = "X", speed = "1Tf", memory = 2^64 } } } } } } }
