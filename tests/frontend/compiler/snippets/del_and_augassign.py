def f(d):
    x = 1
    x += 2
    del x
    d[0] += 1
    d.a -= 1
