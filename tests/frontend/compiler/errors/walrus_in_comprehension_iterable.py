[y for y in (z := [1, 2])]
