-- quickstart.lua: a small lab: two CPU nodes and one node with two A100 GPUs, on one switch.
-- Figures are vendor peak numbers, rounded; replace them with your own measurements.
return {
  name = "quickstart",
  sites = {
    {
      name = "lab",
      nodes = {
        -- Dual-socket CPU nodes. 40 Gflop/s per core is a FP64 peak of the order of a 2.8 GHz
        -- core with two AVX2 FMA units (2.8e9 x 16 = 44.8 Gflop/s), rounded down.
        { name = "cpu", count = 2, cores = 32, speed = "40Gf", memory = "256GiB",
          power = { idle = "100W", max = "350W" },
          nic = { bandwidth = "12.5GBps", latency = "2us" } },      -- 100 Gb/s Ethernet/IB
        -- A GPU node: the host has 32 cores; each A100-40GB (SXM) has a 9.7 Tflop/s FP64 peak
        -- (non-tensor), 1555 GB/s of HBM2 bandwidth and a 400 W TDP (NVIDIA A100 datasheet).
        { name = "gpu", cores = 32, speed = "40Gf", memory = "512GiB",
          power = { idle = "120W", max = "400W" },
          nic = { bandwidth = "25GBps", latency = "2us" },          -- 200 Gb/s
          gpus = {
            { model = "A100-40GB", count = 2, speed = "9.7Tf", memory = "40GB",
              memory_bandwidth = "1555GBps", power = { idle = "50W", max = "400W" },
              pcie = { bandwidth = "25GBps", latency = "1us" } },  -- PCIe 4.0 x16, achievable
          },
          nvlink = { bandwidth = "300GBps", latency = "1us" } },    -- NVLink 3, one direction
      },
    },
  },
}
