-- wf_file_cycle.lua: tasks 'p' and 'q' each read the file the other writes.
return { name = "w", tasks = {
  { name = "p", cpu = { flops = "1Gf" }, inputs = { "fq" }, outputs = { { name = "fp", size = "1MB" } } },
  { name = "q", cpu = { flops = "1Gf" }, inputs = { "fp" }, outputs = { { name = "fq", size = "1MB" } } },
} }
