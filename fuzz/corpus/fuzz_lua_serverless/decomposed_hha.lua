return { mode = "decomposed_hha", registry = "reg", endpoints = { { name = "cpu", nodes = { "c" } }, { name = "gpu", nodes = { "g" } } } }
