def f(a, b):
    return '%s-%r' % (a, b), '%5s|%-3a' % (a, b), '%d' % (a,), '%%s%s' % (b,)
