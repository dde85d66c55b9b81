def f(a, b, c):
    if a < b <= c != 0:
        return a is not b
    return a < b < c
