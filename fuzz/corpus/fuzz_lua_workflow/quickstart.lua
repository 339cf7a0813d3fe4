-- quickstart.lua: a 19-task simulation-and-learning pipeline mixing CPU and GPU work.
--   ingest -> 4 x preprocess -> 4 x simulate (GPU, or CPU variant) -> 4 x analyze (CPU)
--                                           \-> 4 x train (GPU only) -> aggregate -> visualize
-- Costs are illustrative, chosen so that every kind of resource matters: the simulate step has
-- both variants (20 Tflop: ~2 s on an A100, ~2 min on 4 CPU cores) and the policy picks one.
local shards = 4
local tasks = {
  { name = "ingest", cpu = { flops = "80Gf" }, cores = 4, memory = "16GiB",
    inputs = { "raw.dat" }, outputs = {} },
}
for i = 1, shards do
  table.insert(tasks[1].outputs, { name = "shard" .. i, size = "500MB" })
end
for i = 1, shards do
  table.insert(tasks, { name = "preprocess" .. i, cpu = { flops = "400Gf" }, cores = 8,
    inputs = { "shard" .. i }, outputs = { { name = "clean" .. i, size = "400MB" } } })
  table.insert(tasks, { name = "simulate" .. i,
    gpu = { flops = "20Tf", bytes = "500GB" }, gpu_memory = "16GB",
    cpu = { flops = "20Tf" }, cores = 4,
    inputs = { "clean" .. i }, outputs = { { name = "traj" .. i, size = "1GB" } } })
  table.insert(tasks, { name = "analyze" .. i, cpu = { flops = "200Gf" }, cores = 2,
    inputs = { "traj" .. i }, outputs = { { name = "stats" .. i, size = "10MB" } } })
  table.insert(tasks, { name = "train" .. i, gpu = { flops = "30Tf", bytes = "2TB" },
    gpu_memory = "30GB", inputs = { "traj" .. i }, outputs = { { name = "model" .. i, size = "100MB" } } })
end
local final_inputs = {}
for i = 1, shards do
  table.insert(final_inputs, "stats" .. i)
  table.insert(final_inputs, "model" .. i)
end
table.insert(tasks, { name = "aggregate", cpu = { flops = "40Gf" }, inputs = final_inputs,
  outputs = { { name = "report", size = "50MB" } } })
table.insert(tasks, { name = "visualize", cpu = { seconds = 5 }, inputs = { "report" },
  outputs = { { name = "figures", size = "20MB" } } })

return {
  name = "quickstart",
  reference_speed = "40Gf",   -- cpu.seconds are measured on one 40 Gflop/s core
  stage_at = "cpu-1",         -- raw.dat starts on the first CPU node
  files = { { name = "raw.dat", size = "2GB" } },
  tasks = tasks,
}
