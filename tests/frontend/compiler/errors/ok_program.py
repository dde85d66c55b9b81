def f():
    for i in range(3):
        try:
            continue
        finally:
            break
    return i
