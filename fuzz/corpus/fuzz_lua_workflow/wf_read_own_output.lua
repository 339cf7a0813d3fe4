-- wf_read_own_output.lua: task 'a' reads the file it writes.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" }, inputs = { "loop" }, outputs = { { name = "loop", size = "1MB" } } },
} }
