def f():
    def g():
        return len(h)
    return g
