def f(a: A, *, b: B = 2) -> R:
    c: C = 3
    d: D
    return a
