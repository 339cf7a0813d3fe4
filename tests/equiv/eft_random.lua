-- eft_random.lua: a seeded random workflow on a mixed two-site platform, run by a built-in
-- earliest-finish policy or by the same rule written in Lua (tests/eft_equiv.sh compares the
-- task tables). The built-ins find the earliest-finish candidate through per-class indexes
-- (sim/exec/eft.h); the Lua policy scans every candidate's estimate. Identical schedules show
-- that the index changes the cost of a decision, not the decision.
--   --set policy=heft|earliest_finish   --set impl=builtin|lua
-- The platform has what the class argument must get right: identical nodes on two sites (same
-- class attributes, different routes), nodes of one site differing in one attribute only
-- (cores, speed, NIC), GPUs differing only in their node's NIC or in what the kernel model
-- reads (SMs, launch overhead, the physical GPU's peak), kernel-sequence tasks, GPU nodes whose GPUs see each other over NVLink, multi-core tasks,
-- tasks with CPU and GPU variants, shared inputs (many copies) and inputs staged on the
-- second site.
local hetflow = require("hetflow")
local policy = hetflow.param("policy", "heft")
local impl = hetflow.param("impl", "builtin")
local ntasks = tonumber(hetflow.param("tasks", "600"))
local width = 150

local nic = { bandwidth = "1.25GBps", latency = "10us" }
local gpus = { { model = "X", count = 2, speed = "10Tf", memory = "40GB",
                 memory_bandwidth = "1TBps", pcie = { bandwidth = "25GBps", latency = "1us" } } }
local platform = { name = "mixed", sites = {
  { name = "A", wan = { bandwidth = "1GBps", latency = "5ms" }, nodes = {
    { name = "a", count = 6, cores = 4, speed = "2Gf", nic = nic },
    { name = "b", count = 3, cores = 8, speed = "2Gf", nic = nic },
    { name = "c", count = 2, cores = 4, speed = "3Gf", nic = nic },
    { name = "d", count = 2, cores = 4, speed = "2Gf", nic = { bandwidth = "10GBps", latency = "10us" } },
    { name = "k", count = 2, cores = 8, speed = "2Gf", gpus = gpus,
      nic = { bandwidth = "500MBps", latency = "1ms" }, nvlink = { bandwidth = "300GBps", latency = "1us" } },
    -- MIG instances of the catalog A100 and a GPU with the same speed, memory and bandwidth
    -- but fewer SMs and a longer launch: alike for flop costs, not for kernel sequences
    { name = "m", count = 1, cores = 4, speed = "2Gf", nic = nic,
      gpus = { { model = "A100-40GB", partition = { mig = { "3g.20gb", "3g.20gb" } } } } },
    { name = "q", count = 2, cores = 4, speed = "2Gf", nic = nic,
      gpus = { { model = "Q", speed = 9.7e12 * 3 / 7, memory = "20GB", memory_bandwidth = 1555e9 / 2,
                 sms = 20, launch_overhead = "20us" } } },
    -- MPS clients and a GPU switching MIG layouts (a case where two free times one ulp apart
    -- round to the same estimates: the scan's lowest-index rule must hold there too)
    { name = "mp", count = 2, cores = 4, speed = "2Gf", nic = nic,
      gpus = { { model = "A100-40GB", count = 2, partition = { mps = { 0.5, 0.25, 0.25 } } } } },
    { name = "ml", count = 1, cores = 4, speed = "2Gf", nic = nic,
      gpus = { { model = "A100-40GB", partition = { mig = { { "3g.20gb", "3g.20gb" }, { "7g.40gb" } },
                                                    reconfiguration = "50ms" } } } },
    { name = "g", count = 3, cores = 8, speed = "2Gf", nic = nic, gpus = gpus,
      nvlink = { bandwidth = "300GBps", latency = "1us" } },
  } },
  { name = "B", wan = { bandwidth = "500MBps", latency = "10ms" }, nodes = {
    { name = "e", count = 5, cores = 4, speed = "2Gf", nic = nic },
    { name = "h", count = 1, cores = 8, speed = "2Gf", nic = nic, gpus = gpus },
  } },
} }

-- the workflow: task i reads up to 3 outputs of the previous layer, sometimes a shared input
local rng = 12345
local function rand(n) -- deterministic LCG, independent of --seed: 1..n
  rng = (rng * 1103515245 + 12345) % 2147483648
  return rng % n + 1
end
local tasks, files = {}, {
  { name = "shared", size = "50MB", location = "e-1" },
  { name = "remote", size = "200MB", location = "h-1" },
}
for i = 1, ntasks do
  local t = { name = "t" .. i, cpu = { flops = (rand(20) * 1e9) }, cores = rand(4) == 1 and 4 or 1,
              inputs = {}, outputs = { { name = "f" .. i, size = rand(100) * 2e7 } } }
  if rand(3) == 1 then t.gpu = { flops = rand(50) * 1e11, bytes = rand(10) * 1e9 } end
  if not t.gpu and rand(4) == 1 then -- kernel launches: 40-400 launches of a mid-size kernel
    t.gpu = { kernels = { { count = 40 * rand(10), flops = rand(20) * 1e9, bytes = rand(10) * 1e8,
                            blocks = 8 * rand(30) } } }
  end
  if rand(5) == 1 then table.insert(t.inputs, "shared") end
  if rand(40) == 1 then table.insert(t.inputs, "remote") end
  local seen = {}
  local layer = (i - 1) // width -- layers of width tasks, more than the platform's cores
  for _ = 1, (layer > 0 and rand(3) or 0) do
    local p = (layer - 1) * width + rand(width)
    if not seen[p] then seen[p] = true; table.insert(t.inputs, "f" .. p) end
  end
  tasks[i] = t
end

-- the earliest-finish rule over the candidate list (hf_policy_earliest): smallest est_finish,
-- then est_start, then candidate order
local function earliest(task, cands)
  local best
  for _, c in ipairs(cands) do
    if not best or c.est_finish < best.est_finish or
       (c.est_finish == best.est_finish and c.est_start < best.est_start) then best = c end
  end
  return best
end
local lua_policy = { name = policy, decide = earliest }
if policy == "heft" then lua_policy.priority = function(task) return task.rank end end

local r = hetflow.run {
  platform = platform,
  workflow = { name = "random", files = files, tasks = tasks },
  policy = impl == "lua" and lua_policy or policy,
}
print(string.format("%s/%s makespan %.9f s", policy, impl, r.makespan))
