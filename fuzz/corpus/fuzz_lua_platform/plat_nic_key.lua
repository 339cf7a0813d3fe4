-- plat_nic_key.lua: nic key 'bandwith' is a misspelling of 'bandwidth'.
return { name = "p", sites = { { name = "s", nodes = {
  { name = "n", cores = 4, speed = "1Gf", nic = { bandwith = "10GBps" } },
} } } }
