-- wf_kernel_name_type.lua: a kernel group's name is a number.
return { name = "w", tasks = {
  { name = "k", gpu = { kernels = { { count = 10, flops = 1e9, blocks = 8, name = 7 } } } },
} }
