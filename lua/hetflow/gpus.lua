-- gpus.lua: the GPU catalog, hetflow.gpus[model] (docs/models/gpu.md). Users add their own
-- models to the same table (hetflow.gpus["MyGPU"] = { ... }) with the same fields.
--
-- Fields: sms (streaming multiprocessors), fp64 / fp32 (vector peak, flop/s), fp64_tensor,
-- tf32_tensor, fp16_tensor (dense tensor-core peaks, flop/s), memory (bytes of HBM),
-- memory_bandwidth (bytes/s), power = { idle, max } (W), pcie = { rate (theoretical bytes/s
-- per direction), efficiency (the achievable share of it), latency (s) }: the GPU's link
-- bandwidth is rate x efficiency; launch_overhead and mps_launch_overhead (s per kernel
-- launched back to back, without and with MPS), bw_saturation (the share of the SMs whose loads
-- saturate the memory bandwidth), mig = { compute_slices, memory_slices, profiles }: each
-- profile is a MIG GPU-instance profile with the compute slices (of compute_slices) and memory
-- slices (of memory_slices) it takes, its memory size, the most instances of it a GPU holds and
-- its SMs as `nvidia-smi mig -lgip` lists them. An instance's flop rate is the GPU's per-SM rate
-- times its SMs (sms / the GPU's sms), its share of memory bandwidth memory_slices / 8.
--
-- Sources (public, checked 2026-11/12):
--  [A100]  NVIDIA A100 Tensor Core GPU datasheet (SXM4 columns): FP64 9.7 TF, FP64 Tensor
--          19.5 TF, FP32 19.5 TF, TF32 Tensor 156 TF, FP16 Tensor 312 TF (dense), 40 GB HBM2
--          at 1,555 GB/s or 80 GB HBM2e at 2,039 GB/s, max TDP 400 W, PCIe Gen4 x16.
--          NVIDIA A100 Tensor Core Architecture whitepaper: 108 SMs enabled.
--  [H100]  NVIDIA H100 Tensor Core GPU datasheet (SXM5 column): FP64 34 TF, FP64 Tensor 67 TF,
--          FP32 67 TF, TF32 Tensor 494.5 TF and FP16 Tensor 989.5 TF dense (the datasheet
--          prints the 2x sparsity figures, 989 and 1,979), 80 GB HBM3 at 3.35 TB/s, max TDP
--          700 W, PCIe Gen5 x16. NVIDIA H100 whitepaper: 132 SMs on the SXM5 part.
--  [H200]  NVIDIA H200 Tensor Core GPU datasheet (SXM column): the H100 SXM5's compute figures,
--          141 GB HBM3e at 4.8 TB/s, max TDP up to 700 W, PCIe Gen5 x16; same GH100 die with
--          132 SMs (132 read by our harness on a real H200: validate/data/h200-20261204.h5).
--  [MIG]   NVIDIA Multi-Instance GPU User Guide, "Supported MIG Profiles": 7 compute slices and
--          8 memory slices on A100, H100 and H200; profiles, memory and instance counts.
--  [lgip]  SMs per MIG profile, from `nvidia-smi mig -lgip` listings. H200: our own listing on a
--          real H200 (driver 580.159.04; validate/data/h200-20261204-node.txt): 1g.18gb 16,
--          1g.35gb 26, 2g.35gb 32, 3g.71gb 60, 4g.71gb 64, 7g.141gb 132; the same counts in the
--          listing of NVIDIA/mig-parted issue #120. H100-80GB: a public listing of an "NVIDIA
--          H100 80GB HBM3": 1g.10gb 16, 1g.20gb 26, 2g.20gb 32, 3g.40gb 60, 4g.40gb 64,
--          7g.80gb 132 (the GH100 geometry of the H100 NVL listing in NVIDIA/gpu-operator PR
--          #900 too). A100: 1g 14, 2g 28, 3g 42, 4g 56, 7g 98 of 108 SMs (public A100-SXM4
--          listings): MIG mode gives up 10 SMs, so even 7g is slower than the whole GPU.
--  [PCIe]  PCI-SIG base specifications: Gen4 16 GT/s and Gen5 32 GT/s per lane, 128b/130b
--          encoding: x16 = 31.5 and 63.0 GB/s per direction. Achievable share: Gen5 0.87, our
--          H200's pinned copies (54.9 GB/s fitted over 1 KiB..1 GiB, validate/data/
--          h200-20261204.h5); Gen4 0.79: the 25 GB/s peak measured for an A100's Gen4 x16 link in
--          the BaM paper (Qureshi et al., ASPLOS 2023; its authors confirm it is measured,
--          ZaidQureshi/bam issue #54). Latency 10 us: the fitted latency
--          of our H200's pinned cudaMemcpy (10.2 us), assumed for the A100 too.
--  [launch] back-to-back kernel launches in one stream: 3.6 us per launch without MPS, 4.7 us as
--          an MPS client, fitted on our H200 (validate/data/h200-20261204.h5, -mps.h5; +-3 %).
--          The H100 has the same die and driver: ASSUMED equal. A100: ASSUMED equal (no
--          measurement here; results/fig5 shows how the figure moves over 2-6 us).
--  [bwsat] bw_saturation 0.54: the share of the SMs whose loads saturate HBM, fitted on our H200
--          (0.543 +-6.5 % with green-context SM partitions, 0.529 +-5.6 % with MPS clients).
--          H100: ASSUMED equal (same die). A100: ASSUMED equal (not measured here).
--  idle:   the datasheets give no idle power. The figures below are ASSUMPTIONS (about a
--          sixth to a tenth of the TDP, the order of what nvidia-smi shows on idle SXM boards),
--          not measurements: set power.idle from your own readings. (Our H200 read 81 W idle at
--          P0 in nvidia-smi: validate/data/h200-20261204-node.txt.)
local M = ...

local GB = 1e9
local TB = 1e12

local function profiles(list)
  local t = {}
  for _, p in ipairs(list) do
    t[p[1]] = { compute = p[2], memory_slices = p[3], memory = p[4] * GB, max_instances = p[5],
                sms = p[6] }
  end
  return t
end

-- The compute of each die, shared by its memory variants; a model = die + memory + profiles.
local ga100 = { sms = 108, fp64 = 9.7 * TB, fp32 = 19.5 * TB, fp64_tensor = 19.5 * TB,     -- [A100]
                tf32_tensor = 156 * TB, fp16_tensor = 312 * TB, power = { idle = 50, max = 400 },
                pcie = { rate = 31.5 * GB, efficiency = 0.79, latency = 10e-6 },          -- [PCIe]
                launch_overhead = 3.6e-6, mps_launch_overhead = 4.7e-6,                   -- [launch]
                bw_saturation = 0.54 }                                                    -- [bwsat]
local gh100 = { sms = 132, fp64 = 34 * TB, fp32 = 67 * TB, fp64_tensor = 67 * TB,          -- [H100]
                tf32_tensor = 494.5 * TB, fp16_tensor = 989.5 * TB, power = { idle = 70, max = 700 },
                pcie = { rate = 63.0 * GB, efficiency = 0.87, latency = 10e-6 },          -- [PCIe]
                launch_overhead = 3.6e-6, mps_launch_overhead = 4.7e-6,                   -- [launch]
                bw_saturation = 0.54 }                                                    -- [bwsat]
-- (the idle powers are assumptions: see the head of this file)

local function model(die, memory_gb, bandwidth_gbps, mig_profiles)
  local m = { memory = memory_gb * GB, memory_bandwidth = bandwidth_gbps * GB,
              power = { idle = die.power.idle, max = die.power.max },
              pcie = { rate = die.pcie.rate, efficiency = die.pcie.efficiency,
                       latency = die.pcie.latency },
              mig = { compute_slices = 7, memory_slices = 8, profiles = profiles(mig_profiles) } }
  for k, v in pairs(die) do
    if m[k] == nil then m[k] = v end
  end
  return m
end

-- MIG profiles [MIG]: name, compute slices, memory slices, GB, most instances, SMs [lgip]
M.gpus = {
  ["A100-40GB"] = model(ga100, 40, 1555, {
    { "1g.5gb", 1, 1, 5, 7, 14 }, { "1g.10gb", 1, 2, 10, 4, 14 }, { "2g.10gb", 2, 2, 10, 3, 28 },
    { "3g.20gb", 3, 4, 20, 2, 42 }, { "4g.20gb", 4, 4, 20, 1, 56 }, { "7g.40gb", 7, 8, 40, 1, 98 } }),
  ["A100-80GB"] = model(ga100, 80, 2039, {
    { "1g.10gb", 1, 1, 10, 7, 14 }, { "1g.20gb", 1, 2, 20, 4, 14 }, { "2g.20gb", 2, 2, 20, 3, 28 },
    { "3g.40gb", 3, 4, 40, 2, 42 }, { "4g.40gb", 4, 4, 40, 1, 56 }, { "7g.80gb", 7, 8, 80, 1, 98 } }),
  ["H100-80GB"] = model(gh100, 80, 3350, {
    { "1g.10gb", 1, 1, 10, 7, 16 }, { "1g.20gb", 1, 2, 20, 4, 26 }, { "2g.20gb", 2, 2, 20, 3, 32 },
    { "3g.40gb", 3, 4, 40, 2, 60 }, { "4g.40gb", 4, 4, 40, 1, 64 }, { "7g.80gb", 7, 8, 80, 1, 132 } }),
  ["H200-141GB"] = model(gh100, 141, 4800, {                                         -- [H200]
    { "1g.18gb", 1, 1, 18, 7, 16 }, { "1g.35gb", 1, 2, 35, 4, 26 }, { "2g.35gb", 2, 2, 35, 3, 32 },
    { "3g.71gb", 3, 4, 71, 2, 60 }, { "4g.71gb", 4, 4, 71, 1, 64 }, { "7g.141gb", 7, 8, 141, 1, 132 } }),
}
M.gpus["H100-80GB SXM"] = M.gpus["H100-80GB"]
