def f():
    try:
        g()
    except* ValueError as eg:
        return eg
