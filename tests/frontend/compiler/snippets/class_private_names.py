class _Priv:
    __slots = ()
    def __init__(self, __arg):
        self.__field = __arg
        import __name
    def get(self):
        return self.__field, __name
