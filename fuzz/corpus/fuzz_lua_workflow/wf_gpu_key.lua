-- wf_gpu_key.lua: gpu cost key 'byte' is a misspelling of 'bytes'.
return { name = "w", tasks = {
  { name = "a", cpu = { flops = "1Gf" }, gpu = { flops = "1Tf", byte = "1GB" } },
} }
