def f(a, *args, **kwargs):
    def g():
        return a, args, kwargs
    return g
