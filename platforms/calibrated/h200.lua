-- Calibrated GPU model written by `hetflow calibrate` (hetflow 0.1.0) from
-- validate/data/h200-20261204.h5: NVIDIA H200, 132 SMs, driver 13000, runtime 13000, measured 2026-12-04T18:31:48Z on vm.
-- Regenerate it with validate/run.sh rather than editing it; docs/validation.md explains
-- every figure. Use the GPU in a platform of your own with
--   dofile("THIS FILE")  -- registers the catalog entry below
--   gpus = { { model = "H200-141GB-calibrated" } }
local entry = {
  sms = 132,
  fp64 = 3.30178988e+13,  -- fitted, +-3.2 % (1 sigma)
  fp32 = 6.7e+13,  -- not fitted (taken from the start values)
  fp64_tensor = 6.54004021e+13,  -- fitted, +-3.2 % (1 sigma)
  tf32_tensor = 4.945e+14,  -- not fitted (taken from the start values)
  fp16_tensor = 9.895e+14,  -- not fitted (taken from the start values)
  memory_bandwidth = 4.07175954e+12,  -- fitted, +-4.2 % (1 sigma)
  launch_overhead = 3.61885036e-06,  -- fitted, +-3.5 % (1 sigma)
  bw_saturation = 0.542882939,  -- fitted, +-6.5 % (1 sigma)
  memory = 150109880320,
  pcie = { bandwidth = 5.49232589e+10, latency = 1.01777007e-05 },  -- pinned copies, fitted
  -- kernel profiles (docs/models/gpu.md#kernel-profiles), each fitted on the kernel
  -- measured alone at every other share: work factor on its flop and bytes, latency
  -- floor (s), launch overhead (s); +- 1 sigma
  kernels = {
    ["lj_neighbor"] = { work = 20.8510472, latency = 0.000262126348, launch = 3.61209184e-06 },  -- 5 experiments, rms 8.2 %; 1 sigma: undetermined, undetermined, undetermined
    ["lj_initial_integrate"] = { work = 0.202576776, latency = 1e-09, launch = 3.22122058e-06 },  -- 5 experiments, rms 4.5 %; 1 sigma: 65 %, undetermined, 6.1 %
    ["lj_pair"] = { work = 5.16163447, latency = 3.80994484e-05, launch = 3.61597128e-06 },  -- 5 experiments, rms 2.8 %; 1 sigma: undetermined, undetermined, undetermined
    ["lj_final_integrate"] = { work = 0.168745131, latency = 1e-09, launch = 2.65770358e-06 },  -- 5 experiments, rms 3.8 %; 1 sigma: 87 %, undetermined, 5 %
  },
}
-- power and MIG profiles from the catalog's "H200-141GB" (not measured here)
local base = hetflow.gpus["H200-141GB"]
if base then
  for k, v in pairs(base) do
    if entry[k] == nil then entry[k] = v end
  end
end
hetflow.gpus["H200-141GB-calibrated"] = entry

return {
  name = "calibrated H200-141GB-calibrated",
  -- read by `hetflow compare`; ignored by simulations
  calibration = {
    source = "validate/data/h200-20261204.h5",
    device = "NVIDIA H200",
    date = "2026-12-04T18:31:48Z",
    origin = "measured",
    mechanism = "green_context",
    base = "H200-141GB",
    rates = { fp64 = 3.30178988e+13, fp32 = 6.7e+13, fp64_tensor = 6.54004021e+13, tf32_tensor = 4.945e+14, fp16_tensor = 9.895e+14, },
    pageable = { bandwidth = 1.07441298e+10, latency = 9.05147629e-06 },
    fit = { kernel_experiments = 20, copy_experiments = 24, rms = 0.0616839, mape = 0.0533115, iterations = 9 },
    training = {
      "tiny@0.20",
      "stream_triad@0.20",
      "compute_fp64@0.20",
      "dgemm@0.20",
      "lj_neighbor@0.20",
      "lj_initial_integrate@0.20",
      "lj_pair@0.20",
      "lj_final_integrate@0.20",
      "tiny@0.40",
      "stream_triad@0.40",
      "compute_fp64@0.40",
      "dgemm@0.40",
      "lj_neighbor@0.40",
      "lj_initial_integrate@0.40",
      "lj_pair@0.40",
      "lj_final_integrate@0.40",
      "tiny@0.60",
      "stream_triad@0.60",
      "compute_fp64@0.60",
      "dgemm@0.60",
      "lj_neighbor@0.60",
      "lj_initial_integrate@0.60",
      "lj_pair@0.60",
      "lj_final_integrate@0.60",
      "tiny@0.80",
      "stream_triad@0.80",
      "compute_fp64@0.80",
      "dgemm@0.80",
      "lj_neighbor@0.80",
      "lj_initial_integrate@0.80",
      "lj_pair@0.80",
      "lj_final_integrate@0.80",
      "tiny@1.00",
      "stream_triad@1.00",
      "compute_fp64@1.00",
      "dgemm@1.00",
      "lj_neighbor@1.00",
      "lj_initial_integrate@1.00",
      "lj_pair@1.00",
      "lj_final_integrate@1.00",
      "h2d-pinned-1024",
      "h2d-pinned-16384",
      "h2d-pinned-262144",
      "h2d-pinned-4194304",
      "h2d-pinned-67108864",
      "h2d-pinned-1073741824",
      "h2d-pageable-1024",
      "h2d-pageable-16384",
      "h2d-pageable-262144",
      "h2d-pageable-4194304",
      "h2d-pageable-67108864",
      "h2d-pageable-1073741824",
      "d2h-pinned-1024",
      "d2h-pinned-16384",
      "d2h-pinned-262144",
      "d2h-pinned-4194304",
      "d2h-pinned-67108864",
      "d2h-pinned-1073741824",
      "d2h-pageable-1024",
      "d2h-pageable-16384",
      "d2h-pageable-262144",
      "d2h-pageable-4194304",
      "d2h-pageable-67108864",
      "d2h-pageable-1073741824",
    },
  },
  sites = { { name = "lab", nodes = {
    -- the host is a carrier for the GPU: its CPU was not measured
    { name = "node", cores = 1, speed = "1Gf", gpus = { { model = "H200-141GB-calibrated" } } },
  } } },
}
