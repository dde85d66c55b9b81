class A:
    def m(self):
        return super().m()
