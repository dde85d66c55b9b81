async def co(x):
    await x
    async for i in x:
        pass
    async with x as y:
        return y
