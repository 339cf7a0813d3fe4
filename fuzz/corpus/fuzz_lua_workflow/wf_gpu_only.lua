-- wf_gpu_only.lua: task 'train' has only a gpu cost (run on a platform without GPUs).
return { name = "w", tasks = {
  { name = "prep", cpu = { flops = "1Gf" } },
  { name = "train", gpu = { flops = "1Tf" }, after = { "prep" } },
} }
