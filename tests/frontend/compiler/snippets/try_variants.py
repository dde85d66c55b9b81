def f():
    try:
        a()
    except (KeyError, IndexError) as e:
        return e
    except ValueError:
        pass
    else:
        b()
    finally:
        c()
    try:
        d()
    except* OSError as eg:
        g(eg)
