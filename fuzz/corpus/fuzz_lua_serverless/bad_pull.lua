return { mode = "decomposed", registry = "reg", registry_bandwidth = 0, unpack_rate = "-5MBps", unpack = "parallel", endpoints = { { name = "e", nodes = { "c" } } } }
