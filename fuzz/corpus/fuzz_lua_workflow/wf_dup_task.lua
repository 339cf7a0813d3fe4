-- wf_dup_task.lua: two tasks are named 'a'.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" } },
  { name = "a", cpu = { flops = "2Gf" } },
} }
