-- platform.lua: Figure 6's testbed as hetflow models it: two nodes, each with one A100 on PCIe
-- 4.0 x16 and one 200 Gb/s HDR InfiniBand NIC (ConnectX-6) behind the same PCIe switch, one IB
-- switch between them; OpenMPI + UCX moving GPU buffers. Every figure is sourced or labelled an
-- ASSUMPTION in results/fig6/README.md (table "Inputs"); --set NAME=VALUE overrides the
-- uncertain ones (sensitivity.sh moves them over their published ranges).
local hetflow = require("hetflow")
local P = function(name, default) return hetflow.param(name, default) end

local function node(name)
  return {
    name = name, cores = 64, speed = "40Gf", memory = "512GiB",
    nic = { bandwidth = P("nic_bw", "25GBps"), latency = P("nic_lat", "0.3us") },
    gpus = {
      { model = "A100-40GB", count = 1,
        pcie = { bandwidth = P("pcie_bw", "24.9GBps"), latency = P("pcie_lat", "1us") } },
    },
    transfer = {
      gpudirect = true,
      p2p_read = P("p2p_read", nil),
      copy_latency = P("copy_latency", "5us"),
      chunk = P("chunk", "512KiB"),
      rndv_threshold = P("rndv_threshold", "8KiB"),
      overhead = P("overhead", "0.5us"),
      gdrcopy = { limit = P("gdrcopy_limit", "8KiB"),
                  write = { bandwidth = "6.9GBps", latency = "0.4us" },
                  read = { bandwidth = "0.25GBps", latency = "1.4us" } },
    },
  }
end

return {
  name = "fig6",
  sites = { { name = "ib", nodes = { node("n1"), node("n2") } } },
}
