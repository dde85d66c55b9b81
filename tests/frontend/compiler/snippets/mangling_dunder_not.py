class _C:
    __init__ = 1
    __a = 2
    def f(self, __b):
        return __b
