-- wf_kernel_bytes_nan.lua: a GPU kernel group with { bytes = 0/0, blocks = 4 }.
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { count = 10, flops = 1e9, blocks = 8 }, { bytes = 0/0, blocks = 4 } } } },
} }
