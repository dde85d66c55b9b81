def deco(f):
    return f
@deco
def g(a=default, *, b=kwdefault):
    return a
