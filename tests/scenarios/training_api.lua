-- training_api.lua: hetflow.train and hetflow.training (lua/hetflow/training.lua) from Lua
-- (docs/models/collectives.md#training-step-and-gpu-memory-bandwidth; the step's timeline is
-- checked by hand in tests/unit/test_train.c).
local hetflow = require("hetflow")
local function near(a, b) return math.abs(a - b) <= 1e-12 * math.max(1, math.abs(b)) end

-- A kernel and an AllReduce sharing a GPU (W = 1 TB/s): a bandwidth-bound backward pass of
-- 1e9 B in 2 chunks of 0.5 ms, 2 buckets of 50 MB all-reduced by ring over 4 GPUs at 10 GB/s
-- (7.5 ms each, 7 x 3/4 x 5e7 = 2.625e8 HBM bytes: 3.5e10 B/s). The second chunk runs beside
-- the first bucket's AllReduce: 1e12 - 3.5e10 = 9.65e11 B/s, 5e8 / 9.65e11 = 0.518134715 ms;
-- buckets end at 8 and 15.5 ms, the optimizer's 1e9 B at 16.5 ms.
local r = hetflow.train {
  peak = "1000Tf", hbm = "1TBps", backward_bytes = "1GB", optimizer_bytes = "1GB",
  gradient_bytes = "100MB", bucket = "50MB", ranks = 4, bandwidth = "10GBps", reduce = 0,
}
assert(near(r.step_seconds, 0.0165), r.step_seconds)
assert(near(r.compute_seconds, 0.0015 + 5e8 / 9.65e11), r.compute_seconds)
assert(near(r.free_share, 0.965) and r.buckets == 2 and near(r.comm_hbm_bytes, 5.25e8))
-- the default reducer on gpu offload is a kernel at hbm / 3: each bucket's 3/4 x 5e7 reduced
-- bytes take 3.75e7 / (1e12 / 3) = 0.1125 ms more
local g = hetflow.train {
  peak = "1000Tf", hbm = "1TBps", gradient_bytes = "50MB", bucket = "50MB", ranks = 4,
  bandwidth = "10GBps",
}
assert(near(g.comm_alone_seconds, 0.0075 + 3.75e7 * 3 / 1e12), g.comm_alone_seconds)
-- nic offload: line rate by default, 2n of HBM (the input read, the result written); 50 MB of
-- NIC memory caches all of the 50 MB gradient: n only
local n = hetflow.train {
  peak = "1000Tf", hbm = "1TBps", gradient_bytes = "50MB", bucket = "50MB", ranks = 4,
  bandwidth = "10GBps", offload = "nic",
}
assert(near(n.comm_alone_seconds, 0.0075) and near(n.comm_hbm_bytes, 1e8))
n = hetflow.train {
  peak = "1000Tf", hbm = "1TBps", gradient_bytes = "50MB", bucket = "50MB", ranks = 4,
  bandwidth = "10GBps", offload = "nic", nic_memory = "50MB",
}
assert(near(n.comm_hbm_bytes, 5e7) and n.cached_share == 1)

-- the presets: GPT-3 on 1,024 GPUs, 3.2 M tokens a step: forward 2 x 175e9 x 3.2e6 / 1024 =
-- 1.09375e15 flop per GPU, backward twice that, bf16 gradients 3.5e11 B, Adam 28 B per
-- parameter = 4.9e12 B, 300 flop per HBM byte, the H100's bf16 peak and HBM
local training = dofile("workloads/training.lua")
assert(training == hetflow.training)
local s = training.step { model = "gpt3", bucket = "whole" }
assert(near(s.forward_flops, 1.09375e15) and near(s.backward_flops, 2.1875e15))
assert(near(s.forward_bytes, 1.09375e15 / 300) and near(s.gradient_bytes, 3.5e11))
assert(near(s.optimizer_bytes, 4.9e12) and s.bucket == s.gradient_bytes and s.ranks == 1024)
assert(near(s.peak, 989.5e12) and near(s.hbm, 3350e9) and s.efficiency == 0.52)
-- ResNet-50: 256 images of 2 x 4.09e9 flop, fp32 gradients 4 x 25,557,032 B; split over a
-- replica of 2 GPUs: half each, 512 replicas all-reduce half the gradient
s = training.step { model = "resnet50", model_parallel = 2 }
assert(near(s.forward_flops, 256 * 8.18e9 / 2) and near(s.gradient_bytes, 4 * 25557032 / 2))
assert(s.ranks == 512 and s.bucket == 25 * 1024 * 1024)
-- the GPT-4-class model computes with its 280e9 active parameters over 60 M tokens
s = training.step { model = "gpt4", gpus = 2048 }
assert(near(s.forward_flops, 2 * 280e9 * 60e6 / 2048) and near(s.gradient_bytes, 3.6e12))
-- a model of one's own
s = training.step { model = { kind = "cnn", params = 1e6, forward_per_sample = 1e9, batch = 10,
                              grad_bytes = 4 }, gpus = 8 }
assert(near(s.forward_flops, 1e10) and near(s.gradient_bytes, 4e6) and s.optimizer_bytes == 0)

-- bad input names the field
local function fails(f, t, frag)
  local ok, err = pcall(f, t)
  assert(not ok and tostring(err):find(frag, 1, true), tostring(err))
end
fails(hetflow.train, { peak = 1, hbm = 1, gradient_bytes = 1, bandwidth = 1, ranks = 1 },
      "train.ranks: 1 (a data-parallel group needs 2")
fails(hetflow.train, { peak = 1, hbm = 1, gradient_bytes = 1, bandwidth = 1, ranks = 4,
                       algo = "dbx" }, "train.algo: ring, rhd, tree, hier, dbtree or auto expected, got 'dbx'")
fails(hetflow.train, { peak = 1, hbm = 1, gradient_bytes = 1, ranks = 4 },
      "train.bandwidth: required")
fails(hetflow.train, { peak = 1, hbm = 1, gradient_bytes = 1, ranks = 4, bandwidth = 1,
                       efficiency = 1.5 }, "train.efficiency: 1.5")
fails(hetflow.train, { peak = 1, hbm = 1, gradient_bytes = 1, ranks = 4, bandwidth = 1,
                       effciency = 1 }, "unknown key 'effciency'")
fails(training.step, { model = "gpt5" }, "model 'gpt5': one of resnet50, resnet200")
fails(training.step, { gpu = "B200" }, "gpu 'B200': not in hetflow.gpus")
fails(training.step, { gpus = 1 }, "gpus 1 over model_parallel 1")
fails(training.step, { gpus = 1024, model_parallel = 3 }, "gpus 1024 over model_parallel 3")
fails(training.step, { intensity = 0 }, "intensity: a number > 0 expected")
fails(training.step, { modle = "gpt3" }, "unknown field 'modle'")
fails(training.step, { gradient = -1 }, "gradient: a number > 0 expected")
fails(training.step, { precision = "memory_bandwidth" },
      "precision 'memory_bandwidth': fp64, fp32, fp64_tensor, tf32_tensor or fp16_tensor")
local own = { kind = "transformer", params = 1e9, global_tokens = 1e6, grad_bytes = 2 }
own.active_param = 1e8
fails(training.step, { model = own }, "model (table): unknown field 'active_param'")
own.active_param, own.kind = nil, "rnn"
fails(training.step, { model = own }, "model (table): kind 'cnn' or 'transformer' expected, got rnn")
own.kind, own.active_params = "transformer", 2e9
fails(training.step, { model = own }, "model (table): active_params 2000000000.0 above params")
own.active_params, own.tokens_per_gpu = nil, 1e3
fails(training.step, { model = own }, "needs tokens_per_gpu or global_tokens (one)")
own.tokens_per_gpu, own.params = nil, "1e9"
fails(training.step, { model = own }, "model (table): params: a number > 0 expected, got 1e9")
fails(training.step, { intensity = 1e300 }, "intensity: at most 1e6 flop per byte")
-- hier with model parallelism: a replica's 2 GPUs fill a node first, the data-parallel group
-- has 8 / 2 = 4 GPUs in each node; 128 to a replica leaves none
s = training.step { algo = "hier", model_parallel = 2 }
assert(s.per_node == 4 and s.ranks == 512)
fails(training.step, { algo = "hier", model_parallel = 128 },
      "algo hier with per_node 8 and model_parallel 128")
-- gradient with units is read by hetflow.train
assert(hetflow.train(training.step { gradient = "1GB", bucket = "whole" }).buckets == 1)

-- a scenario runs one simulation
hetflow.run {
  platform = { name = "one", sites = { { name = "s", nodes = { { name = "a", cores = 1, speed = "1Gf" } } } } },
  workflow = { tasks = { { name = "t", cpu = { flops = "1Gf" } } } },
}
