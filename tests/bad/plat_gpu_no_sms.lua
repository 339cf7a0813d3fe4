-- plat_gpu_no_sms.lua: a GPU outside the catalog without sms: kernel tasks cannot run on it.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", speed = "1Gf", gpus = { { model = "MyGPU", speed = "1Tf", memory_bandwidth = "1TBps" } } },
} } } }
