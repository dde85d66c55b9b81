import os

@dec
async def f(a, /, *b, c=1, **d) -> int:
    """doc"""
    async with x as (y, z):
        return [i async for i in g() if await i]

match p:
    case Point(x=0) | [1, *_] as q if q:
        print(f"{q!r:>{w}}")
