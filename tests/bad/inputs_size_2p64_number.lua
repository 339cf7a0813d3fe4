-- inputs_size_2p64_number.lua: the same as a Lua number, 2^64 bytes (never a unit string).
return {
  name = "w",
  tasks = {
    { name = "a", cpu = { flops = "1Gf" }, outputs = { { name = "fa", size = 2^64 } } },
    { name = "b", cpu = { flops = "1Gf" }, inputs = { "fa" } },
  },
}
