-- inputs_size_19EB.lua: a 1.9e19-byte output file (over 2^64 B: SimGrid's byte counts would wrap
-- and the file would move in 2 s). Must be refused with the field's path.
return {
  name = "w",
  tasks = {
    { name = "a", cpu = { flops = "1Gf" }, outputs = { { name = "fa", size = "19EB" } } },
    { name = "b", cpu = { flops = "1Gf" }, inputs = { "fa" } },
  },
}
