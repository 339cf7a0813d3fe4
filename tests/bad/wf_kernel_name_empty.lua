-- wf_kernel_name_empty.lua: a kernel group named "".
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { count = 10, flops = 1e9, blocks = 8, name = "" } } } },
} }
