return { mode = "monolith", registry = "reg", monolith_node = "d", endpoints = { { name = "e", nodes = { "d" } } } }
