def f():
    return [(yield i) for i in x]
