def f():
    class B:
        def g(self):
            def h():
                return super()
            return h
    return B
