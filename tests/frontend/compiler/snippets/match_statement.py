def f(p):
    match p:
        case 0 | 1 | 2:
            return 'small'
        case [a, b, *rest] if a > b:
            return rest
        case {'kind': 'pt', 'x': x, **kw}:
            return x, kw
        case Point(x=0, y=yy) | Point(x=yy, y=0):
            return yy
        case str() as s:
            return s
        case None | True:
            return p
        case _:
            return None
