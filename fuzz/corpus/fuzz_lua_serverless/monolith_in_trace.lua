return { mode = "monolith", registry = "reg", monolith_node = "c", endpoints = { { name = "e", nodes = { "c" } } }, availability = { { time = 5, node = "c", event = "leave" } } }
