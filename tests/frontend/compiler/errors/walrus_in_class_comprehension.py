class C:
    [j := k for k in range(3)]
