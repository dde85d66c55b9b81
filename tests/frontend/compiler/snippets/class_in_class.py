class Outer:
    class Inner:
        def m(self):
            return Outer, Inner
