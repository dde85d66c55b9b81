def f(x, w):
    return f'{x!r:>{w}} {x=} {x:.{w}f} {{lit}}'
