class C:
    xs = [1, 2]
    ys = [x for x in xs]
