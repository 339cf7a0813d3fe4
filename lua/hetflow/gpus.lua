-- gpus.lua: the GPU catalog, hetflow.gpus[model] (docs/models/gpu.md). Users add their own
-- models to the same table (hetflow.gpus["MyGPU"] = { ... }) with the same fields.
--
-- Fields: sms (streaming multiprocessors), fp64 / fp32 (vector peak, flop/s), fp64_tensor,
-- tf32_tensor, fp16_tensor (dense tensor-core peaks, flop/s), memory (bytes of HBM),
-- memory_bandwidth (bytes/s), power = { idle, max } (W), mig = { compute_slices,
-- memory_slices, profiles }: each profile is a MIG GPU-instance profile with the compute
-- slices (of compute_slices) and memory slices (of memory_slices) it takes, its memory size and
-- the most instances of it a GPU holds. An instance's share of the SMs is compute /
-- compute_slices (the guide's "fraction of SMs"; exact SM counts per profile vary by product
-- and are not listed here), its share of memory bandwidth memory_slices / 8.
--
-- Sources (public, checked 2026-11):
--  [A100]  NVIDIA A100 Tensor Core GPU datasheet (SXM4 columns): FP64 9.7 TF, FP64 Tensor
--          19.5 TF, FP32 19.5 TF, TF32 Tensor 156 TF, FP16 Tensor 312 TF (dense), 40 GB HBM2
--          at 1,555 GB/s or 80 GB HBM2e at 2,039 GB/s, max TDP 400 W.
--          NVIDIA A100 Tensor Core Architecture whitepaper: 108 SMs enabled.
--  [H100]  NVIDIA H100 Tensor Core GPU datasheet (SXM5 column): FP64 34 TF, FP64 Tensor 67 TF,
--          FP32 67 TF, TF32 Tensor 494.5 TF and FP16 Tensor 989.5 TF dense (the datasheet
--          prints the 2x sparsity figures, 989 and 1,979), 80 GB HBM3 at 3.35 TB/s, max TDP
--          700 W. NVIDIA H100 whitepaper: 132 SMs on the SXM5 part.
--  [H200]  NVIDIA H200 Tensor Core GPU datasheet (SXM column): the H100 SXM5's compute figures,
--          141 GB HBM3e at 4.8 TB/s, max TDP up to 700 W; same GH100 die with 132 SMs.
--  [MIG]   NVIDIA Multi-Instance GPU User Guide, "Supported MIG Profiles": 7 compute slices and
--          8 memory slices on A100, H100 and H200; per-profile SMs, memory and instance counts.
--  idle:   the datasheets give no idle power. The figures below are ASSUMPTIONS (about a
--          sixth to a tenth of the TDP, the order of what nvidia-smi shows on idle SXM boards),
--          not measurements: set power.idle from your own readings.
local M = ...

local GB = 1e9
local TB = 1e12

local function profiles(list)
  local t = {}
  for _, p in ipairs(list) do
    t[p[1]] = { compute = p[2], memory_slices = p[3], memory = p[4] * GB, max_instances = p[5] }
  end
  return t
end

-- The compute of each die, shared by its memory variants; a model = die + memory + profiles.
local ga100 = { sms = 108, fp64 = 9.7 * TB, fp32 = 19.5 * TB, fp64_tensor = 19.5 * TB,     -- [A100]
                tf32_tensor = 156 * TB, fp16_tensor = 312 * TB, power = { idle = 50, max = 400 } }
local gh100 = { sms = 132, fp64 = 34 * TB, fp32 = 67 * TB, fp64_tensor = 67 * TB,          -- [H100]
                tf32_tensor = 494.5 * TB, fp16_tensor = 989.5 * TB, power = { idle = 70, max = 700 } }
-- (the idle powers are assumptions: see the head of this file)

local function model(die, memory_gb, bandwidth_gbps, mig_profiles)
  local m = { memory = memory_gb * GB, memory_bandwidth = bandwidth_gbps * GB,
              power = { idle = die.power.idle, max = die.power.max },
              mig = { compute_slices = 7, memory_slices = 8, profiles = profiles(mig_profiles) } }
  for k, v in pairs(die) do
    if m[k] == nil then m[k] = v end
  end
  return m
end

-- MIG profiles [MIG]: name, compute slices, memory slices, GB, most instances
M.gpus = {
  ["A100-40GB"] = model(ga100, 40, 1555, {
    { "1g.5gb", 1, 1, 5, 7 }, { "1g.10gb", 1, 2, 10, 4 }, { "2g.10gb", 2, 2, 10, 3 },
    { "3g.20gb", 3, 4, 20, 2 }, { "4g.20gb", 4, 4, 20, 1 }, { "7g.40gb", 7, 8, 40, 1 } }),
  ["A100-80GB"] = model(ga100, 80, 2039, {
    { "1g.10gb", 1, 1, 10, 7 }, { "1g.20gb", 1, 2, 20, 4 }, { "2g.20gb", 2, 2, 20, 3 },
    { "3g.40gb", 3, 4, 40, 2 }, { "4g.40gb", 4, 4, 40, 1 }, { "7g.80gb", 7, 8, 80, 1 } }),
  ["H100-80GB"] = model(gh100, 80, 3350, {
    { "1g.10gb", 1, 1, 10, 7 }, { "1g.20gb", 1, 2, 20, 4 }, { "2g.20gb", 2, 2, 20, 3 },
    { "3g.40gb", 3, 4, 40, 2 }, { "4g.40gb", 4, 4, 40, 1 }, { "7g.80gb", 7, 8, 80, 1 } }),
  ["H200-141GB"] = model(gh100, 141, 4800, {                                         -- [H200]
    { "1g.18gb", 1, 1, 18, 7 }, { "1g.35gb", 1, 2, 35, 4 }, { "2g.35gb", 2, 2, 35, 3 },
    { "3g.71gb", 3, 4, 71, 2 }, { "4g.71gb", 4, 4, 71, 1 }, { "7g.141gb", 7, 8, 141, 1 } }),
}
M.gpus["H100-80GB SXM"] = M.gpus["H100-80GB"]
