-- wf_two_writers.lua: file 'shared' is written by both task 'w1' and task 'w2'.
return { name = "w", tasks = {
  { name = "w1", cpu = { flops = "1Gf" }, outputs = { { name = "shared", size = "1MB" } } },
  { name = "w2", cpu = { flops = "1Gf" }, outputs = { "shared" } },
} }
