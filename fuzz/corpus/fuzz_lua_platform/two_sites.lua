-- two sites joined by WAN uplinks, a shared NIC table, one GPU node with NVLink
local nic = { bandwidth = "12.5GBps", latency = "2us" }
return {
  name = "two-sites",
  sites = {
    { name = "a", wan = { bandwidth = "100MBps", latency = "5ms" },
      nodes = { { name = "small", count = 2, cores = 8, speed = 2e10, nic = nic, model = "x86",
                  power = { idle = "60W", max = "150W" } } } },
    { name = "b", wan = { bandwidth = "10GBps", latency = "5ms" },
      nodes = { { name = "g", cores = 16, speed = "1Tf", memory = "64GiB", nic = nic,
                  gpus = { { model = "H100", count = 4, speed = "60Tf", memory = "80GB",
                             memory_bandwidth = "3TBps", pcie = { bandwidth = "64GBps" } } },
                  nvlink = { bandwidth = "450GBps", latency = "1us" } } } },
  },
}
