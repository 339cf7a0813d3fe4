-- plat_kprofile_key.lua: a kernel profile key misspelt.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "H100-80GB",
    kernels = { lj_pair = { work = 2, latnecy = "40us" } } } } },
} } } }
