class C(Base, metaclass=Meta, **kw):
    attr = 1
