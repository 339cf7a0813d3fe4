-- platform.lua: the benchmark's platform, one site of 1000 single-core CPU nodes behind a switch.
return {
    name = "bench-cluster",
    sites = {
        {
            name = "cluster",
            nodes = {
                {
                    name = "node",
                    count = 1000, -- hosts node-1 ... node-1000
                    cores = 1,
                    speed = "1Gf",
                    memory = "16GiB",
                    power = { idle = "95W", max = "190W" },
                    nic = { bandwidth = "1.25GBps", latency = "10us" },
                },
            },
        },
    },
}
