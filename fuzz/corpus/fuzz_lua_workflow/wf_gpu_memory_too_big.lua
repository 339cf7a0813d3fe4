-- wf_gpu_memory_too_big.lua: gpu-only task 'big' needs 80 GB of device memory; quickstart's A100s have 40 GB.
return { name = "w", tasks = {
  { name = "big", gpu = { flops = "1Tf" }, gpu_memory = "80GB" },
} }
