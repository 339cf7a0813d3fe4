-- wf_kernel_latency_negative.lua: a kernel group's latency floor below zero.
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { count = 10, flops = 1e9, blocks = 8 }, { flops = 1e9, blocks = 8, latency = -1 } } } },
} }
