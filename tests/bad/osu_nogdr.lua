-- osu_nogdr.lua: node b has no GPUDirect RDMA (tests/hard/osu.cmake: --mode gdr is refused)
return { name = "nogdr", sites = { { name = "lab", nodes = {
  { name = "a", cores = 1, speed = "1Gf", gpus = { { count = 1, speed = "1Tf" } },
    transfer = { gpudirect = true } },
  { name = "b", cores = 1, speed = "1Gf", gpus = { { count = 1, speed = "1Tf" } } } } } } }
