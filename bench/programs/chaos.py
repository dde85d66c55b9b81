# Chaos game with splines: an iterated function system whose maps are built from cubic
# B-splines. Each map sends a point (u, v) of the unit square to the spline's point at u pushed
# sideways along the curve's normal by v; the chaos game applies a randomly chosen map per step
# and plots the orbit into a pixel grid. Measures small-object float math (a 2-D vector class),
# de Boor spline evaluation and seeded random.random() draws.
# Self-check: the number of plotted points and an order-independent fingerprint of the picture
# against reference values (IEEE arithmetic and Python's Mersenne Twister make it exact).
import random

import harness

META = {
    "name": "chaos",
    "description": "chaos-game fractal through B-spline maps: vector objects and floats",
    "in_geomean": True,
}
# Workload: number of chaos-game steps.
WORKLOADS = {"tiny": 2000, "quick": 5000, "full": 80000}

SIZE = 256
THICKNESS = 0.25


class Vec(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def plus(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def minus(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def scaled(self, factor):
        return Vec(self.x * factor, self.y * factor)

    def length(self):
        return (self.x * self.x + self.y * self.y) ** 0.5

    def lerp(self, other, t):
        return Vec(self.x + (other.x - self.x) * t, self.y + (other.y - self.y) * t)


class Spline(object):
    """Clamped uniform cubic B-spline over [0, 1] through de Boor's algorithm."""

    DEGREE = 3

    def __init__(self, points):
        self.points = [Vec(x, y) for (x, y) in points]
        inner = len(points) - self.DEGREE
        self.knots = ([0.0] * self.DEGREE + [i / inner for i in range(inner + 1)]
                      + [1.0] * self.DEGREE)

    def span(self, t):
        # Index k with knots[k] <= t < knots[k+1], clamped to the last non-empty span.
        last = len(self.points) - 1
        k = self.DEGREE
        while k < last and self.knots[k + 1] <= t:
            k += 1
        return k

    def at(self, t):
        p = self.DEGREE
        k = self.span(t)
        work = [self.points[k - p + j] for j in range(p + 1)]
        for r in range(1, p + 1):
            for j in range(p, r - 1, -1):
                i = k - p + j
                left = self.knots[i]
                denominator = self.knots[i + p - r + 1] - left
                alpha = 0.0 if denominator == 0.0 else (t - left) / denominator
                work[j] = work[j - 1].lerp(work[j], alpha)
        return work[p]


def clamp(value):
    if value < 0.0:
        return 0.0
    if value > 1.0:
        return 1.0
    return value


class SplineMap(object):
    def __init__(self, spline):
        self.spline = spline

    def apply(self, point):
        u = clamp(point.x)
        base = self.spline.at(u)
        ahead = self.spline.at(clamp(u + 1e-3))
        behind = self.spline.at(clamp(u - 1e-3))
        tangent = ahead.minus(behind)
        size = tangent.length()
        if size == 0.0:
            return base
        normal = Vec(-tangent.y / size, tangent.x / size)
        return base.plus(normal.scaled((point.y - 0.5) * THICKNESS))


MAPS = [
    [(0.05, 0.1), (0.2, 0.6), (0.35, 0.95), (0.5, 0.6), (0.6, 0.2)],
    [(0.4, 0.05), (0.55, 0.45), (0.75, 0.55), (0.9, 0.3), (0.95, 0.9)],
    [(0.1, 0.9), (0.3, 0.7), (0.5, 0.8), (0.7, 0.95), (0.9, 0.7), (0.95, 0.5)],
]


def run(steps):
    random.seed(20260)
    maps = [SplineMap(Spline(points)) for points in MAPS]
    grid = [[0] * SIZE for _ in range(SIZE)]
    point = Vec(0.5, 0.5)
    for step in range(steps):
        chosen = maps[int(random.random() * len(maps))]
        point = chosen.apply(point)
        point = Vec(clamp(point.x), clamp(point.y))
        if step >= 20:  # let the orbit reach the attractor before plotting
            column = int(point.x * (SIZE - 1))
            row = int(point.y * (SIZE - 1))
            grid[row][column] += 1
    return grid


def fingerprint(grid):
    total = 0
    lit = 0
    weighted = 0
    for row in range(SIZE):
        line = grid[row]
        for column in range(SIZE):
            count = line[column]
            if count:
                total += count
                lit += 1
                weighted = (weighted + count * (row * SIZE + column + 1)) % 1000000007
    return (total, lit, weighted)


EXPECTED = {
    2000: (1980, 1631, 86735902),
    5000: (4980, 3225, 217278587),
    80000: (79980, 8859, 480910954),
}


def check(steps, grid):
    result = fingerprint(grid)
    harness.expect(result[0] == steps - 20, "plotted %d points, expected %d"
                   % (result[0], steps - 20))
    if steps in EXPECTED:
        harness.expect(result == EXPECTED[steps], "picture fingerprint %r, expected %r"
                       % (result, EXPECTED[steps]))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
