-- wf_flops_negative.lua: task cpu.flops is negative.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = -1e9 } },
} }
