-- wf_output_size_negative.lua: a file declared inline in task outputs has a negative size.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" }, outputs = { { name = "out", size = "-1MB" } } },
} }
