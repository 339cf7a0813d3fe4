-- Calibrated GPU model written by `hetflow calibrate` (hetflow 0.1.0) from
-- validate/data/h200-20261204-mps.h5: NVIDIA H200, 132 SMs, driver 13000, runtime 13000, measured 2026-12-04T18:34:40Z on vm.
-- Regenerate it with validate/run.sh rather than editing it; docs/validation.md explains
-- every figure. Use the GPU in a platform of your own with
--   dofile("THIS FILE")  -- registers the catalog entry below
--   gpus = { { model = "H200-141GB-calibrated" } }
local entry = {
  sms = 132,
  fp64 = 3.30206593e+13,  -- fitted, +-2.7 % (1 sigma)
  fp32 = 6.7e+13,  -- not fitted (taken from the start values)
  fp64_tensor = 6.7e+13,  -- not fitted (taken from the start values)
  tf32_tensor = 4.945e+14,  -- not fitted (taken from the start values)
  fp16_tensor = 9.895e+14,  -- not fitted (taken from the start values)
  memory_bandwidth = 4.08659442e+12,  -- fitted, +-3.5 % (1 sigma)
  launch_overhead = 4.73396039e-06,  -- fitted, +-2.9 % (1 sigma)
  bw_saturation = 0.528859161,  -- fitted, +-5.6 % (1 sigma)
  memory = 150109880320,
  -- kernel profiles (docs/models/gpu.md#kernel-profiles), each fitted on the kernel
  -- measured alone at every other share: work factor on its flop and bytes, latency
  -- floor (s), launch overhead (s); +- 1 sigma
  kernels = {
    ["lj_neighbor"] = { work = 21.1301805, latency = 0.000258398378, launch = 4.73834301e-06 },  -- 5 experiments, rms 7.5 %; 1 sigma: undetermined, undetermined, undetermined
    ["lj_pair"] = { work = 5.48379254, latency = 3.61994082e-05, launch = 4.73076698e-06 },  -- 5 experiments, rms 2.1 %; 1 sigma: undetermined, undetermined, undetermined
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
    source = "validate/data/h200-20261204-mps.h5",
    device = "NVIDIA H200",
    date = "2026-12-04T18:34:40Z",
    origin = "measured",
    mechanism = "mps",
    base = "H200-141GB",
    rates = { fp64 = 3.30206593e+13, fp32 = 6.7e+13, fp64_tensor = 6.7e+13, tf32_tensor = 4.945e+14, fp16_tensor = 9.895e+14, },
    fit = { kernel_experiments = 15, copy_experiments = 0, rms = 0.0519425, mape = 0.0390679, iterations = 8 },
    training = {
      "tiny@0.20",
      "stream_triad@0.20",
      "compute_fp64@0.20",
      "lj_neighbor@0.20",
      "lj_pair@0.20",
      "tiny@0.40",
      "stream_triad@0.40",
      "compute_fp64@0.40",
      "lj_neighbor@0.40",
      "lj_pair@0.40",
      "tiny@0.60",
      "stream_triad@0.60",
      "compute_fp64@0.60",
      "lj_neighbor@0.60",
      "lj_pair@0.60",
      "tiny@0.80",
      "stream_triad@0.80",
      "compute_fp64@0.80",
      "lj_neighbor@0.80",
      "lj_pair@0.80",
      "tiny@1.00",
      "stream_triad@1.00",
      "compute_fp64@1.00",
      "lj_neighbor@1.00",
      "lj_pair@1.00",
    },
  },
  sites = { { name = "lab", nodes = {
    -- the host is a carrier for the GPU: its CPU was not measured
    { name = "node", cores = 1, speed = "1Gf", gpus = { { model = "H200-141GB-calibrated" } } },
  } } },
}
