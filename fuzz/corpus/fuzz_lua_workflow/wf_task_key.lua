-- wf_task_key.lua: task key 'inptus' is a misspelling of 'inputs'.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" }, outputs = { { name = "fa", size = "1MB" } } },
  { name = "b", cpu = { flops = "1Gf" }, inptus = { "fa" } },
} }
