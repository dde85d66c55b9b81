def f(p):
    match p:
        case [x, *rest]:
            return x, rest
        case {'k': v, **others}:
            return v, others
        case Point(x=px) as pt:
            return px, pt
        case _:
            return None
