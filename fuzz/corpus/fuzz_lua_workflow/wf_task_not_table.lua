-- wf_task_not_table.lua: the second task is a string, not a task table.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" } },
  "b",
} }
