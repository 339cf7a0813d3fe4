-- inputs_task_memory.lua: a task memory of 2^70 bytes.
return { name = "w", tasks = { { name = "a", cpu = { flops = "1Gf" }, memory = 2^70 } } }
