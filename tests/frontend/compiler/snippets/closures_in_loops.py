def f(n):
    fs = []
    for i in range(n):
        def g(j=i):
            return i + j
        fs.append(g)
    return fs, [lambda: i for i in range(n)]
