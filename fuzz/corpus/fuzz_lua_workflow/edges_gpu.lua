-- explicit edges, GPU variants in seconds and flops, stage_at and a staged input
return {
  name = "mix", reference_speed = "1Gf", stage_at = "n-1",
  files = { { name = "in", size = "1GiB", location = "n-2" } },
  tasks = {
    { name = "a", cpu = { seconds = "2s" }, gpu = { seconds = 0.5 }, cores = 2, memory = "1GB",
      inputs = { "in" }, outputs = { { name = "x", size = 1e6 } } },
    { name = "b", gpu = { flops = "2Tf", bytes = "10GB", reference_speed = "1Tf" },
      gpu_memory = "4GB", inputs = { "x" } },
    { name = "c", cpu = { flops = 1e9, reference_speed = 2e9 }, after = { "a" } },
  },
  edges = { { "b", "c" } },
}
