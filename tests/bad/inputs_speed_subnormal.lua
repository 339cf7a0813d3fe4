-- inputs_speed_subnormal.lua: a subnormal speed; SimGrid's parser aborts on it (exit 134).
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", count = 2, cores = 4, speed = "1e-320f", memory = "16GiB" } } } } }
