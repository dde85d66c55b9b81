def f():
    import json
    from os import path as p
    return json, p
