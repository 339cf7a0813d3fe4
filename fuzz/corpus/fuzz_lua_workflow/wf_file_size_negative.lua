-- wf_file_size_negative.lua: a declared file has a negative size.
return { name = "w",
  files = { { name = "in", size = -5 } },
  tasks = { { name = "a", cpu = { flops = "1Gf" }, inputs = { "in" } } },
}
