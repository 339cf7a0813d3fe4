return { mode = "decomposed", endpoints = { { name = "e", nodes = { "c", "zz" }, max_containers = 0 } } }
