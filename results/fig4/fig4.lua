-- fig4.lua: the paper's Figure 4 (principle 4): the GROMACS lysozyme workflow
-- (workloads/gromacs_lysozyme.lua) run three ways on a site with CPU nodes and a GPU node that
-- joins after a delay (docs/models/serverless.md):
--   monolith        the workflow as one job on one CPU node, one container start
--   decomposed      every step a function on the endpoints, cpu variants (heterogeneity-oblivious)
--   decomposed_hha  mdrun goes to the GPU node while it is present; queued mdrun invocations are
--                   redeployed there when it joins
-- Prints one CSV row: mode,cold_s,gpu_at_s,replicas,makespan_s,cold_starts,warm_starts,
-- cold_seconds,redeployments,gpu_tasks. results/fig4/run.sh sweeps it.
--   hetflow run results/fig4/fig4.lua --set mode=decomposed_hha [--set gpu_at=60]
--       [--set cold=-1 (default: image pulls + init from the workload; a value >= 0 makes every
--        cold start exactly that many seconds of init, images preloaded)] [--set replicas=1]
-- Uncertain inputs, for results/fig4/sensitivity.sh (0 or "": the workload's or the model's
-- default; docs/models/serverless.md#image-pulls):
--       [--set image_gb=1.5] [--set init_s=2] [--set gpu_ns_per_day=600]
--       [--set registry_bw=193e6 (B/s)] [--set unpack_rate=88e6 (B/s)]
--       [--set unpack=sequential|streamed]
local hetflow = require("hetflow")
local gromacs = dofile("workloads/gromacs_lysozyme.lua")
local mode = hetflow.param("mode", "decomposed_hha")
local gpu_at = hetflow.param("gpu_at", 60)
local cold = hetflow.param("cold", -1)
local replicas = hetflow.param("replicas", 1)
local image_gb = hetflow.param("image_gb", 0)
local init_s = hetflow.param("init_s", -1)
local gpu_ns_per_day = hetflow.param("gpu_ns_per_day", 0)
local registry_bw = hetflow.param("registry_bw", 0)
local unpack_rate = hetflow.param("unpack_rate", 0)
local unpack = hetflow.param("unpack", "")

local wf = gromacs.workflow {
  replicas = replicas,
  image_size = image_gb > 0 and image_gb * 1e9 or nil,
  init_s = init_s >= 0 and init_s or nil,
  gpu_ns_per_day = gpu_ns_per_day > 0 and gpu_ns_per_day or nil,
}
if cold >= 0 then -- the sweep: a cold start is `cold` seconds, whatever the function
  for _, f in ipairs(wf.functions) do
    f.image_size, f.init = 0, cold
  end
end

-- The site: two 32-core CPU nodes and one GPU node (32 cores, one H100-80GB from the catalog),
-- 25 GB/s NICs; a registry at the site (10 GB/s NIC: its aggregate capacity; one pull is served
-- at the pull model's registry_bandwidth); the client at an office across a WAN (one-way latency
-- 15 ms + 15 ms: Fort Collins to a California data centre is about 30 ms). Core speed as the
-- workload's reference speed, so its CPU timings apply unchanged.
local core = gromacs.defaults.reference_speed
local nic = { bandwidth = "25GBps", latency = "5us" }
local function node(name, gpus)
  return { name = name, cores = 32, speed = core, nic = nic, gpus = gpus,
           power = { idle = "150W", max = "450W" } }
end
local platform = { name = "fig4", sites = {
  { name = "office", wan = { bandwidth = "1GBps", latency = "15ms" },
    nodes = { { name = "laptop", cores = 4, speed = core, nic = nic } } },
  { name = "hpc", wan = { bandwidth = "10GBps", latency = "15ms" }, nodes = {
    { name = "registry", cores = 4, speed = core, nic = { bandwidth = "10GBps", latency = "5us" } },
    node("cpu1"), node("cpu2"), node("gpu1", { { model = "H100-80GB" } }) } } } }

local r = hetflow.run {
  platform = platform,
  workflow = wf,
  policy = "earliest_finish",
  serverless = {
    mode = mode, client = "office", registry = "registry", monolith_node = "cpu1",
    registry_bandwidth = registry_bw > 0 and registry_bw or nil,
    unpack_rate = unpack_rate > 0 and unpack_rate or nil,
    unpack = unpack ~= "" and unpack or nil,
    endpoints = {
      { name = "cpu", nodes = { "cpu1", "cpu2" }, overhead = "100ms" },
      { name = "gpu", nodes = { "gpu1" }, overhead = "100ms" } },
    availability = { { time = gpu_at, node = "gpu1", event = "join" } },
  },
}
local gpu_tasks = 0
for _, v in ipairs(r:invocations()) do
  if v.resource:find("gpu1%-gpu") then gpu_tasks = gpu_tasks + 1 end
end
print(string.format("%s,%g,%g,%d,%.6f,%d,%d,%.6f,%d,%d", mode, cold, gpu_at, replicas, r.makespan,
                    r.cold_starts, r.warm_starts, r.cold_seconds, r.redeployments, gpu_tasks))
