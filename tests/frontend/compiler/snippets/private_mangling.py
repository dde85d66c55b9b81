class C:
    __x = 1
    def m(self):
        self.__y = 2
        __z = 3
        return __z
