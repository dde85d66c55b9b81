def f(*a, **k):
    return g(*a, **k)
