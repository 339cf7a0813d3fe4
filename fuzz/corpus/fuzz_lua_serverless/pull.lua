return { mode = "decomposed", registry = "reg", registry_bandwidth = "100MBps", unpack_rate = 88e6, unpack = "streamed", endpoints = { { name = "e", nodes = { "c" } } } }
