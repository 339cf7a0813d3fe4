return { mode = "direct" }
