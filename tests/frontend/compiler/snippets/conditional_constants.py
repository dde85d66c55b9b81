def f(x):
    if 0:
        return 'never'
    while 1:
        if x: break
    return __debug__
