# N-body: the Sun and the four gas giants integrated with a symplectic Euler step.
# Measures float arithmetic on lists of floats. Self-check: the system's energy before and after
# the run against reference values (the integrator is deterministic IEEE arithmetic).
import harness

META = {
    "name": "nbody",
    "description": "planetary n-body simulation: float arithmetic in tight loops",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 2000, "quick": 20000, "full": 250000}

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24

# Position (AU), velocity (AU/day) and mass (solar masses) of each body.
INITIAL = [
    ("sun", [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], 1.0),
    ("jupiter",
     [4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01],
     [1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05],
     9.54791938424326609e-04),
    ("saturn",
     [8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01],
     [-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05],
     2.85885980666130812e-04),
    ("uranus",
     [1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01],
     [2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05],
     4.36624404335156298e-05),
    ("neptune",
     [1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01],
     [2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05],
     5.15138902046611451e-05),
]


class Body(object):
    def __init__(self, position, velocity, mass):
        self.x, self.y, self.z = position
        # Velocities are stored per year, masses relative to the sun's gravitational constant.
        self.vx = velocity[0] * DAYS_PER_YEAR
        self.vy = velocity[1] * DAYS_PER_YEAR
        self.vz = velocity[2] * DAYS_PER_YEAR
        self.mass = mass * SOLAR_MASS


def make_system():
    bodies = [Body(p, v, m) for (_, p, v, m) in INITIAL]
    # Give the sun the momentum that makes the system's total momentum zero.
    px = py = pz = 0.0
    for b in bodies:
        px += b.vx * b.mass
        py += b.vy * b.mass
        pz += b.vz * b.mass
    sun = bodies[0]
    sun.vx = -px / SOLAR_MASS
    sun.vy = -py / SOLAR_MASS
    sun.vz = -pz / SOLAR_MASS
    return bodies


def pairs_of(bodies):
    result = []
    for i in range(len(bodies)):
        for j in range(i + 1, len(bodies)):
            result.append((bodies[i], bodies[j]))
    return result


def energy(bodies):
    total = 0.0
    for b in bodies:
        total += 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
    for (a, b) in pairs_of(bodies):
        dx = a.x - b.x
        dy = a.y - b.y
        dz = a.z - b.z
        total -= a.mass * b.mass / ((dx * dx + dy * dy + dz * dz) ** 0.5)
    return total


def advance(bodies, pairs, steps, dt):
    for _ in range(steps):
        for (a, b) in pairs:
            dx = a.x - b.x
            dy = a.y - b.y
            dz = a.z - b.z
            dist2 = dx * dx + dy * dy + dz * dz
            magnitude = dt / (dist2 * dist2 ** 0.5)
            bm = b.mass * magnitude
            am = a.mass * magnitude
            a.vx -= dx * bm
            a.vy -= dy * bm
            a.vz -= dz * bm
            b.vx += dx * am
            b.vy += dy * am
            b.vz += dz * am
        for b in bodies:
            b.x += dt * b.vx
            b.y += dt * b.vy
            b.z += dt * b.vz


def run(steps):
    bodies = make_system()
    before = energy(bodies)
    advance(bodies, pairs_of(bodies), steps, 0.01)
    return (before, energy(bodies))


EXPECTED = {2000: -0.1690716068695915, 20000: -0.16908926275527328, 250000: -0.16908598899093497}


def check(steps, result):
    before, after = result
    harness.expect_close(before, -0.169075164, "initial energy", rel=1e-8)
    if steps in EXPECTED:
        harness.expect_close(after, EXPECTED[steps], "final energy", rel=1e-9)
    else:
        # Unknown workload: energy is conserved to a few parts in a million.
        harness.expect_close(after, before, "energy drift", rel=1e-4)


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
