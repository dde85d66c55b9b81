def gen(n):
    for i in range(n):
        yield i
    yield from range(n)
