-- wf_kernel_no_sms.lua: a kernel task, run on a GPU declared without SM count (see cases.cmake).
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { flops = 1e9, blocks = 8 } } } },
} }
