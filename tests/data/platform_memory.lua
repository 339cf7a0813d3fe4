-- platform_memory.lua: memory in each unit `hetflow platform` must show as given
-- (tests/cli.cmake): 1.5GiB = 1610612736 B is "1.5 GiB", 64GB "64 GB", 1000000001 B is neither a
-- whole number of kB nor of KiB, so it is rounded and followed by its byte count.
return { name = "mem", sites = { { name = "s", nodes = {
  { name = "bin", speed = "1Gf", memory = "1.5GiB" },
  { name = "dec", speed = "1Gf", memory = "64GB" },
  { name = "odd", speed = "1Gf", memory = 1000000001 },
} } } }
