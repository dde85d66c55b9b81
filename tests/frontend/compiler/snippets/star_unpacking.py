def f(a, *b, **c):
    x, *y, z = a
    [p, q] = b
    return [*a, *b], {*a, 1}, {**c, 'k': 1}, (*a,), g(*a, *b, k=1, **c)
