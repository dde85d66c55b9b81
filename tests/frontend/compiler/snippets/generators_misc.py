def g(xs):
    total = yield
    yield from (x * 2 for x in xs)
    return total
async def ag(xs):
    async for x in xs:
        yield x
    await xs
