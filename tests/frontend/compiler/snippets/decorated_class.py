def deco(c):
    return c
@deco
class K(dict, metaclass=type):
    '''doc'''
    a: int = 1
    @staticmethod
    def s(): return __class__
    def m(self): return super().keys()
