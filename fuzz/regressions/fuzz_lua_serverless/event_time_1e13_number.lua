return { mode = "decomposed_hha", registry = "reg", endpoints = { { name = "gpu", nodes = { "g" }, } }, availability = { { time = 1e13, node = "g", event = "leave" } } }
