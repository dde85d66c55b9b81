f = lambda a, *b, c=1, **d: a + c + e
