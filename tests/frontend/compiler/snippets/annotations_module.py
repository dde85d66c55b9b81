x: int = 1
y: list[str]
class C:
    z: float
