-- wf_file_no_size.lua: a declared file has no size.
return { name = "w",
  files = { { name = "in" } },
  tasks = { { name = "a", cpu = { flops = "1Gf" }, inputs = { "in" } } },
}
