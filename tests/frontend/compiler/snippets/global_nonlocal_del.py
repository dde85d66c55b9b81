x = 0
def f():
    global x
    y = 1
    def g():
        nonlocal y
        del y
    x += 1
    del x
    return g
