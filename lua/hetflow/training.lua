-- training.lua: data-parallel training steps for hetflow.train (docs/models/collectives.md
-- #training-step-and-gpu-memory-bandwidth; results/fig7/). Embedded in the binary as
-- hetflow.training (workloads/training.lua returns it); `hetflow train` runs it from the shell.
--
--   local training = require("hetflow").training           -- or dofile("workloads/training.lua")
--   local spec = training.step { model = "gpt3", gpus = 1024 }      -- a table for hetflow.train
--   local r = hetflow.train(spec)                                   -- r.free_share, r.step_seconds
--
-- One step on each GPU of a data-parallel group: the forward pass (2 flop per parameter per
-- token for a transformer, the published forward cost per image for a CNN), the backward pass
-- (twice the forward: together the "6 N" of Kaplan et al. 2020), the gradients all-reduced in
-- buckets that overlap the backward pass, then the optimizer step.
--
-- Fields of training.step (defaults in brackets):
--   model          a preset name (below) or a table of the same fields                 [gpt3]
--   gpus           GPUs of the job; gpus / model_parallel replicas all-reduce          [1024]
--   per_node       GPUs per node (hier; DGX/HGX H100: 8); a replica's model_parallel GPUs
--                  fill a node first, so a data-parallel group has per_node / model_parallel
--                  GPUs in each node                                                        [8]
--   gpu            a catalog GPU (hetflow.gpus)                                  [H100-80GB]
--   precision      the catalog rate the kernels run at                          [fp16_tensor]
--   efficiency     share of that peak reached (model flops utilisation)                 [0.52]
--   intensity      flop per HBM byte of the step's kernels                               [300]
--   model_parallel GPUs one model replica is split over (tensor x pipeline); each GPU
--                  all-reduces params / model_parallel gradients                           [1]
--   bucket         bytes per gradient bucket, or "whole" (one AllReduce after the backward
--                  pass)                                                             [25 MiB]
--   offload, algo  as hetflow.collective (algo auto: the fastest per bucket)     [gpu, ring]
--   chunk          dbtree: bytes per pipelined chunk                                [512 KiB]
--   bandwidth, alpha              each GPU's network link (its own NIC)   [400Gbps, 5us]
--   bandwidth_intra, alpha_intra  NVLink between the GPUs of a node (hier) [370GBps, 1us]
--   reduce         the reducer's rate (default: GPU offload hbm / 3, NIC and switch line rate)
--   levels         switch levels to the aggregation root (switch offload)                  [2]
--   nic_memory     bytes of NIC memory caching gradients, or "full" (all of them)           [0]
--   gradient       bytes each GPU all-reduces per step, instead of the model's
--                  params / model_parallel x bytes per gradient (what-if sizes)
--
-- Sources (ASSUMPTION where none; results/fig7/README.md moves each over its range):
--   parameters: ResNet-50 25,557,032 (torchvision resnet50 IMAGENET1K_V1, num_params);
--     ResNet-200 64.67 M (timm resnet200, 224 px, benchmark CSV); BERT-Large 340 M (Devlin et
--     al., NAACL 2019); GPT-3 175.0 B (Brown et al., NeurIPS 2020, Table 2.1); GPT-4-class
--     1.8 T, about 280 B active per token (ASSUMPTION: OpenAI's GPT-4 report gives no size;
--     these are the figures SemiAnalysis reported in July 2023, unverified).
--   forward cost: ResNet-50 4.09 G multiply-adds per 224 px image (torchvision's "GFLOPS",
--     timm 4.11 GMACs), ResNet-200 15.07 GMACs (timm): 2 flop per multiply-add; transformers
--     2 flop per (active) parameter per token, backward twice that (Kaplan et al., "Scaling
--     Laws for Neural Language Models", 2020: C = 6 N B S).
--   batch: GPT-3 3.2 M tokens per step (Brown et al. Table 2.1); GPT-4-class 60 M tokens
--     (ASSUMPTION, the same unverified report); per-GPU batches of the others: ResNet 256
--     images, BERT 64 sequences of 128 tokens (ASSUMPTION: common per-GPU sizes; BERT's
--     phase 1 runs 128-token sequences, Devlin et al. A.2).
--   gradients: 4 bytes (fp32) for the CNNs, 2 (bf16) for the transformers (ASSUMPTION: mixed
--     precision keeps CNN weights and gradients in fp32, LLM training all-reduces bf16).
--   optimizer HBM bytes per parameter: SGD with momentum in fp32 reads gradient, weight and
--     momentum and writes weight and momentum, 5 x 4 = 20; mixed-precision Adam reads the
--     bf16 gradient and the fp32 master weight, momentum and variance (2 + 12) and writes
--     those and the bf16 weight (12 + 2): 28 (the 16 bytes of state per parameter of ZeRO,
--     Rajbhandari et al., SC 2020, each read and written).
--   efficiency 0.52: Megatron-LM's per-GPU throughput, 52 % of peak (Narayanan et al., SC 2021).
--   intensity 300 flop/B: ASSUMPTION (large-batch training is dominated by GEMMs, whose
--     intensity is in the thousands, with element-wise kernels far lower; 300 keeps the step
--     compute-bound on an H100 at 52 % of its 989.5 Tflop/s, ridge 154 flop/B; range 100-1000)
--   network: 400 Gb/s per GPU, one ConnectX-7 each as on DGX H100 (NVIDIA: NDR 400 Gb/s);
--     NVLink4 370 GB/s, NCCL's effective rate of the 450 GB/s line rate (NCCL maintainer,
--     nccl-tests issue 212); alpha 5 us per network step and 1 us per NVLink step
--     (ASSUMPTION, ranges 1-10 us and 0.5-3 us).
--   bucket 25 MiB: PyTorch DistributedDataParallel's bucket_cap_mb default.
--   nic_memory: BlueField-3 B3140H 16 GB on-board DDR (NVIDIA's device description); a
--     ConnectX-7's memory is not published (0: nothing cached).
local hetflow = ...
local M = {}
hetflow.training = M

M.models = {
  resnet50 = { kind = "cnn", params = 25557032, forward_per_sample = 2 * 4.09e9, batch = 256,
               grad_bytes = 4, optimizer_bytes = 20 },
  resnet200 = { kind = "cnn", params = 64.67e6, forward_per_sample = 2 * 15.07e9, batch = 256,
                grad_bytes = 4, optimizer_bytes = 20 },
  bert_large = { kind = "transformer", params = 340e6, tokens_per_gpu = 64 * 128,
                 grad_bytes = 2, optimizer_bytes = 28 },
  gpt3 = { kind = "transformer", params = 175e9, global_tokens = 3.2e6, grad_bytes = 2,
           optimizer_bytes = 28 },
  gpt4 = { kind = "transformer", params = 1.8e12, active_params = 280e9, global_tokens = 60e6,
           grad_bytes = 2, optimizer_bytes = 28 },
}
M.order = { "resnet50", "resnet200", "bert_large", "gpt3", "gpt4" }

local defaults = {
  model = "gpt3", gpus = 1024, per_node = 8, gpu = "H100-80GB", precision = "fp16_tensor",
  efficiency = 0.52, intensity = 300, model_parallel = 1, bucket = 25 * 1024 * 1024,
  offload = "gpu", algo = "ring", bandwidth = "400Gbps", alpha = "5us",
  bandwidth_intra = "370GBps", alpha_intra = "1us", levels = 2, nic_memory = 0,
}
local known = {}
for k in pairs(defaults) do known[k] = true end
known.reduce = true
known.chunk = true
known.gradient = true

local function fail(msg) error("training.step: " .. msg, 0) end

local function positive(t, k)
  local v = t[k]
  if type(v) ~= "number" or not (v > 0) or v == math.huge then
    fail(string.format("%s: a number > 0 expected, got %s", k, tostring(v)))
  end
  return v
end

local function whole(t, k)
  local v = positive(t, k)
  if v ~= math.floor(v) or v > 2 ^ 24 then
    fail(string.format("%s: a whole number from 1 to 16777216 expected, got %s", k, tostring(v)))
  end
  return math.tointeger(v)
end

local model_keys = { kind = true, params = true, active_params = true, forward_per_sample = true,
                     batch = true, tokens_per_gpu = true, global_tokens = true, grad_bytes = true,
                     optimizer_bytes = true }
local rates = { fp64 = true, fp32 = true, fp64_tensor = true, tf32_tensor = true,
                fp16_tensor = true }

--- Field k of model m (named name) as a finite number > 0 (>= 0 with zero_ok), or nil when
--- absent and not required.
local function model_num(m, name, k, required, zero_ok)
  local v = m[k]
  if v == nil and not required then return nil end
  if math.type(v) == nil or v ~= v or v == math.huge or v < 0 or (v == 0 and not zero_ok) then
    fail(string.format("model %s: %s: a number %s expected, got %s", name, k,
                       zero_ok and ">= 0" or "> 0", tostring(v)))
  end
  return v
end

--- Check model m's fields (named name in messages).
local function check_model(m, name)
  for k in pairs(m) do
    if not model_keys[k] then fail(string.format("model %s: unknown field '%s'", name, tostring(k))) end
  end
  if m.kind ~= "cnn" and m.kind ~= "transformer" then
    fail(string.format("model %s: kind 'cnn' or 'transformer' expected, got %s", name,
                       tostring(m.kind)))
  end
  model_num(m, name, "params", true)
  model_num(m, name, "grad_bytes", true)
  model_num(m, name, "optimizer_bytes", false, true)
  local active = model_num(m, name, "active_params", false)
  if active and active > m.params then
    fail(string.format("model %s: active_params %s above params %s", name, tostring(active),
                       tostring(m.params)))
  end
  if m.kind == "cnn" then
    model_num(m, name, "forward_per_sample", true)
    model_num(m, name, "batch", true)
  else
    local a, b = model_num(m, name, "tokens_per_gpu", false), model_num(m, name, "global_tokens", false)
    if (a == nil) == (b == nil) then
      fail(string.format("model %s: a transformer needs tokens_per_gpu or global_tokens (one)", name))
    end
  end
end

--- The per-GPU compute of one step of model m on g GPUs, mp to a replica: forward flops,
--- backward flops. A CNN's batch and tokens_per_gpu are a replica's, split over its mp GPUs;
--- global_tokens is the whole step's, split over all g.
local function compute(m, g, mp)
  local active = m.active_params or m.params
  local fwd
  if m.kind == "cnn" then
    fwd = m.forward_per_sample * m.batch / mp
  elseif m.tokens_per_gpu then
    fwd = 2 * active * m.tokens_per_gpu / mp
  else
    fwd = 2 * active * m.global_tokens / g
  end
  return fwd, 2 * fwd
end

--- A table for hetflow.train from the fields above (an error naming the field on bad input).
function M.step(o)
  o = o or {}
  if type(o) ~= "table" then fail("a table expected") end
  for k in pairs(o) do
    if not known[k] then fail(string.format("unknown field '%s'", tostring(k))) end
  end
  local t = {}
  for k, v in pairs(defaults) do t[k] = v end
  for k, v in pairs(o) do t[k] = v end
  local m, name = t.model, t.model
  if type(m) == "string" then
    m = M.models[m]
    if not m then
      fail(string.format("model '%s': one of %s, or a table", name, table.concat(M.order, ", ")))
    end
  elseif type(m) ~= "table" then
    fail("model: a preset name or a table expected")
  else
    name = "(table)"
  end
  local gpu = hetflow.gpus[t.gpu]
  if type(gpu) ~= "table" then fail(string.format("gpu '%s': not in hetflow.gpus", tostring(t.gpu))) end
  local peak = rates[t.precision] and gpu[t.precision]
  if type(peak) ~= "number" then
    fail(string.format("precision '%s': fp64, fp32, fp64_tensor, tf32_tensor or fp16_tensor "
                       .. "(a rate %s has) expected", tostring(t.precision), t.gpu))
  end
  check_model(m, name)
  local gpus, mp = whole(t, "gpus"), whole(t, "model_parallel")
  if positive(t, "intensity") > 1e6 then
    fail(string.format("intensity: at most 1e6 flop per byte expected, got %s", tostring(t.intensity)))
  end
  if gpus % mp ~= 0 or gpus // mp < 2 then
    fail(string.format("gpus %s over model_parallel %s: a whole number of 2 or more "
                       .. "data-parallel replicas expected", tostring(gpus), tostring(mp)))
  end
  -- hier: a data-parallel group has per_node / model_parallel GPUs in each node (a replica's
  -- GPUs fill the node first, as tensor parallelism inside a node does)
  local dp_per_node = t.per_node
  if t.algo == "hier" then
    local g = whole(t, "per_node")
    if g % mp ~= 0 or g // mp < 2 then
      fail(string.format("algo hier with per_node %d and model_parallel %d: per_node must be a "
                         .. "multiple of model_parallel with 2 or more data-parallel GPUs per "
                         .. "node (use ring)", g, mp))
    end
    dp_per_node = math.tointeger(g // mp)
  end
  local fwd, bwd = compute(m, gpus, mp)
  local params = m.params / mp
  local grad = params * m.grad_bytes
  if t.gradient ~= nil then
    -- a number, or a quantity string hetflow.train reads ("1GB": checked as gradient_bytes)
    grad = type(t.gradient) == "string" and t.gradient or positive(t, "gradient")
  end
  local bucket = t.bucket == "whole" and grad or t.bucket
  local nic_memory = t.nic_memory == "full" and grad or t.nic_memory
  return {
    peak = peak, hbm = gpu.memory_bandwidth, efficiency = t.efficiency,
    forward_flops = fwd, forward_bytes = fwd / t.intensity,
    backward_flops = bwd, backward_bytes = bwd / t.intensity,
    optimizer_bytes = params * (m.optimizer_bytes or 0),
    gradient_bytes = grad, bucket = bucket, ranks = math.tointeger(gpus // mp),
    algo = t.algo, offload = t.offload, alpha = t.alpha, bandwidth = t.bandwidth,
    reduce = t.reduce, levels = t.levels, nic_memory = nic_memory, chunk = t.chunk,
    per_node = t.algo == "hier" and dp_per_node or nil,
    alpha_intra = t.algo == "hier" and t.alpha_intra or nil,
    bandwidth_intra = t.algo == "hier" and t.bandwidth_intra or nil,
  }
end

