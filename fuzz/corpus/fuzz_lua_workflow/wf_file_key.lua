-- wf_file_key.lua: file key 'sise' is a misspelling of 'size'.
return { name = "w",
  files = { { name = "in", sise = "1MB" } },
  tasks = { { name = "a", cpu = { flops = "1Gf" }, inputs = { "in" } } },
}
