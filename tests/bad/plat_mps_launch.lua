-- plat_mps_launch.lua: a negative MPS launch overhead.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "H100-80GB", mps_launch_overhead = "-1us",
    partition = { mps = { 0.5 } } } } },
} } } }
