-- plat_kprofile_work.lua: a kernel profile whose work factor is zero.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "H100-80GB",
    kernels = { lj_pair = { work = 0, latency = "40us" } } } } },
} } } }
