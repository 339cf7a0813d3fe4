return { mode = "decomposed", registry = "reg", endpoints = { { name = "a", nodes = { "c" } }, { name = "a", nodes = { "g", "c" } } } }
