def f():
    if (n := 10) > 5:
        return n
