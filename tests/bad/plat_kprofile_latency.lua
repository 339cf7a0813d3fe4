-- plat_kprofile_latency.lua: a kernel profile's latency is negative.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "H100-80GB",
    kernels = { lj_pair = { latency = "-40us" } } } } },
} } } }
