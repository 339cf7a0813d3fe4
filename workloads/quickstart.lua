-- quickstart.lua: an ensemble study of N members (default 4; --set members=N) mixing CPU and
-- GPU work, where the placement policy matters (lua/examples/quickstart.lua compares them).
--
--   ingest ──> features_i ──┐
--          └─> simulate_i ──┴─> analyze_i ──> report          (i = 1 .. N)
--
-- Times on the quickstart lab (platforms/quickstart.lua: 40 Gflop/s cores, A100s of 9.7 Tflop/s
-- and 1555 GB/s), with nothing else running:
--   ingest      8 cores   1 s                   reads raw.dat (2 GB, on cpu-1), writes input_i (1 GB)
--   features_i  8 cores   3 s  or a GPU 2 s     memory-bound: the GPU helps a little
--   simulate_i  8 cores  60.6 s or a GPU 2 s    compute-bound: the GPU is 30 times faster
--   analyze_i   8 cores   1 s                   reads traj_i (4 GB) and feat_i (100 MB)
--   report      1 core    1 s                   reads every stats_i (10 MB)
-- features_i is declared before simulate_i, as a pipeline is usually written. A policy that
-- places the tasks readied together in that order gives the GPUs to the features tasks first;
-- one that looks at the critical path (heft) gives them to the simulations.
local members = 4
if hetflow then members = hetflow.param("members", members) end
if math.type(members) ~= "integer" or members < 1 then
  error(string.format("--set members=%s: positive integer expected", tostring(members)))
end

local tasks = {
  { name = "ingest", cores = 8, cpu = { flops = "320Gf" }, inputs = { "raw.dat" }, outputs = {} },
}
local stats = {}
for i = 1, members do
  table.insert(tasks[1].outputs, { name = "input" .. i, size = "1GB" })
  table.insert(tasks, { name = "features" .. i, cores = 8,
    cpu = { flops = "960Gf" },                        -- 960e9 / (8 x 40e9)  = 3 s
    gpu = { flops = "970Gf", bytes = "3.11TB" },      -- max(0.1 s, 3.11e12 / 1.555e12) = 2 s
    inputs = { "input" .. i }, outputs = { { name = "feat" .. i, size = "100MB" } } })
  table.insert(tasks, { name = "simulate" .. i, cores = 8, gpu_memory = "16GB",
    cpu = { flops = "19.4Tf" },                       -- 19.4e12 / (8 x 40e9) = 60.625 s
    gpu = { flops = "19.4Tf", bytes = "311GB" },      -- max(19.4e12 / 9.7e12, 0.2 s) = 2 s
    inputs = { "input" .. i }, outputs = { { name = "traj" .. i, size = "4GB" } } })
  table.insert(tasks, { name = "analyze" .. i, cores = 8, cpu = { flops = "320Gf" },
    inputs = { "traj" .. i, "feat" .. i }, outputs = { { name = "stats" .. i, size = "10MB" } } })
  stats[i] = "stats" .. i
end
table.insert(tasks, { name = "report", cpu = { seconds = 1 }, inputs = stats,
  outputs = { { name = "report.pdf", size = "20MB" } } })

return {
  name = "quickstart",
  reference_speed = "40Gf",   -- cpu.seconds are measured on one 40 Gflop/s core
  stage_at = "cpu-1",         -- raw.dat starts on the first CPU node
  files = { { name = "raw.dat", size = "2GB" } },
  tasks = tasks,
}
