-- wf_task_cores_zero.lua: task cores = 0.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" }, cores = 0 },
} }
