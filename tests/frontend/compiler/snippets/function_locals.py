def f(a, b):
    c = a + b
    return c + d
