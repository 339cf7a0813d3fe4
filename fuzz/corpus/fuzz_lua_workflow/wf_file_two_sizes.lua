-- wf_file_two_sizes.lua: file 'f' is declared with two different sizes.
return { name = "w",
  files = { { name = "f", size = "1MB" } },
  tasks = {
    { name = "a", cpu = { flops = "1Gf" }, outputs = { { name = "f", size = "2MB" } } },
  },
}
