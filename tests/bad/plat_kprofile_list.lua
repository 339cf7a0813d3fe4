-- plat_kprofile_list.lua: kernel profiles given as a list instead of keyed by kernel name.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", gpus = { { model = "H100-80GB",
    kernels = { { work = 2 } } } } },
} } } }
