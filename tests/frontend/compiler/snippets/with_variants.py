async def f(a, b):
    with a as x, b:
        pass
    async with a as (y, z):
        return y
