def f(cm):
    with cm as (a, b), cm as c:
        return a + b + c
