-- inputs_seconds_ref.lua: each value in range (1e12 s, 1e24 flop/s), but the flop amount the run
-- would simulate, seconds x reference_speed = 1e36 flop, is not (at most 1e30).
return { name = "w", tasks = { { name = "a", cpu = { seconds = 1e12, reference_speed = "1Yf" } } } }
