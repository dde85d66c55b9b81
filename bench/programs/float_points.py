# Float/points allocation: build many small Point objects from trigonometric values, normalise
# each (allocating nothing new but writing three float fields), then reduce them to the
# component-wise maximum. Measures object allocation, attribute access and float math.
# Self-check: the maximum point against reference coordinates.
import math

import harness

META = {
    "name": "float_points",
    "description": "allocate, normalise and reduce many small float Point objects",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 10000, "quick": 40000, "full": 500000}


class Point(object):
    def __init__(self, i):
        self.x = x = math.sin(i)
        self.y = math.cos(i) * 3
        self.z = (x * x) / 2

    def normalize(self):
        length = math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
        self.x = self.x / length
        self.y = self.y / length
        self.z = self.z / length

    def maximize(self, other):
        if other.x > self.x:
            self.x = other.x
        if other.y > self.y:
            self.y = other.y
        if other.z > self.z:
            self.z = other.z
        return self


def run(count):
    points = [Point(i) for i in range(count)]
    for p in points:
        p.normalize()
    best = points[0]
    for p in points[1:]:
        best = best.maximize(p)
    return (best.x, best.y, best.z)


EXPECTED = {
    10000: (0.8943870342151542, 1.0, 0.44719064873006503),
    40000: (0.8944237426377609, 1.0, 0.4472116250070344),
    500000: (0.8944271909786426, 1.0, 0.4472135954878018),
}


def check(count, result):
    for axis in range(3):
        harness.expect(0.0 < result[axis] <= 1.0, "coordinate %d out of range: %r" % (axis, result))
    if count in EXPECTED:
        for axis in range(3):
            harness.expect_close(result[axis], EXPECTED[count][axis], "max point", rel=1e-12)


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
