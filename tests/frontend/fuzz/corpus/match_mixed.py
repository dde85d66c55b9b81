match x:
    case [1, *r] | {"k": Point(x=0)} as q if q:
        pass
