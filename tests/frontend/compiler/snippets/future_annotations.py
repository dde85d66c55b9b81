from __future__ import annotations
def f(a: int) -> X:
    y: Z = 1
    return y
