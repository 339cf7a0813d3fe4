-- ok_platform.lua: a valid one-site platform (two CPU nodes, no GPU) that the bad workflows use.
return {
  name = "okp",
  sites = { { name = "s", nodes = {
    { name = "n", count = 2, cores = 4, speed = "1Gf", memory = "16GiB" },
  } } },
}
