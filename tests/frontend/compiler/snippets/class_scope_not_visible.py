def f():
    class C:
        x = 1
        def m(self):
            return x
    return C
