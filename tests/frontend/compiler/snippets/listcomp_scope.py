def f(xs):
    return [x * y for x in xs if x]
