return { mode = "decomposed\0x", client = "s\0", registry = "reg\0x", endpoints = { { name = "e\0", nodes = { "c\0x" } } } }
