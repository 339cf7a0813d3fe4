-- plat_kprofile_nul.lua: a kernel profile keyed by a name with a NUL byte.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "H100-80GB",
    kernels = { ["lj_pair\0old"] = { work = 2, latency = "40us" } } } } },
} } } }
