return { mode = "decomposed", registry = "reg", client = "t", endpoints = { { name = "e", nodes = { "c", "d" }, max_containers = 4, concurrency = 2, overhead = "5ms", keep_alive = "10m" } } }
