def f():
    y = 1
    class C:
        global z
        z = y
        w = y
    return C
