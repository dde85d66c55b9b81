# A simple ray tracer: spheres and a checkered floor lit by two point lights, with Lambert
# diffuse shading, Phong highlights, hard shadows and recursive mirror reflections, rendered at
# a square resolution. Measures float-heavy method calls on small immutable vector objects.
# Self-check: an exact fingerprint of the 8-bit image against reference values (only +, -, *,
# / and square roots are used, all correctly rounded IEEE operations on every implementation).
import harness

META = {
    "name": "raytrace",
    "description": "recursive ray tracer: float math on small vector objects",
    "in_geomean": True,
}
# Workload: image width and height in pixels.
WORKLOADS = {"tiny": 24, "quick": 64, "full": 220}

MAX_DEPTH = 3
EPSILON = 1e-6


class V3(object):
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def plus(self, o):
        return V3(self.x + o.x, self.y + o.y, self.z + o.z)

    def minus(self, o):
        return V3(self.x - o.x, self.y - o.y, self.z - o.z)

    def times(self, k):
        return V3(self.x * k, self.y * k, self.z * k)

    def mul(self, o):
        return V3(self.x * o.x, self.y * o.y, self.z * o.z)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def cross(self, o):
        return V3(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z,
                  self.x * o.y - self.y * o.x)

    def norm(self):
        return self.dot(self) ** 0.5

    def unit(self):
        n = self.norm()
        return V3(self.x / n, self.y / n, self.z / n)

    def reflect(self, normal):
        return self.minus(normal.times(2.0 * self.dot(normal)))


BLACK = V3(0.0, 0.0, 0.0)


class Ray(object):
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction

    def at(self, distance):
        return self.origin.plus(self.direction.times(distance))


class Material(object):
    def __init__(self, color, diffuse, specular, shininess, mirror):
        self.color = color
        self.diffuse = diffuse
        self.specular = specular
        self.shininess = shininess
        self.mirror = mirror

    def color_at(self, point):
        return self.color


class Checker(Material):
    def color_at(self, point):
        if (int(point.x + 1000.0) + int(point.z + 1000.0)) % 2 == 0:
            return self.color
        return V3(0.1, 0.1, 0.1)


class Sphere(object):
    def __init__(self, center, radius, material):
        self.center = center
        self.radius = radius
        self.material = material

    def intersect(self, ray):
        """Distance along `ray` to the nearest hit in front of its origin, or None."""
        to_center = self.center.minus(ray.origin)
        along = to_center.dot(ray.direction)
        if along < 0.0:
            return None
        gap2 = to_center.dot(to_center) - along * along
        r2 = self.radius * self.radius
        if gap2 > r2:
            return None
        half = (r2 - gap2) ** 0.5
        near = along - half
        if near > EPSILON:
            return near
        far = along + half
        return far if far > EPSILON else None

    def normal_at(self, point):
        return point.minus(self.center).unit()


class Floor(object):
    def __init__(self, height, material):
        self.height = height
        self.material = material

    def intersect(self, ray):
        if ray.direction.y == 0.0:
            return None
        distance = (self.height - ray.origin.y) / ray.direction.y
        return distance if distance > EPSILON else None

    def normal_at(self, point):
        return V3(0.0, 1.0, 0.0)


def power(base, exponent):
    # Integer power by repeated multiplication: exact same rounding on every implementation.
    result = 1.0
    for _ in range(exponent):
        result *= base
    return result


class Scene(object):
    def __init__(self):
        self.objects = [
            Sphere(V3(0.0, 1.0, 5.0), 1.0, Material(V3(0.9, 0.2, 0.2), 0.7, 0.5, 16, 0.2)),
            Sphere(V3(-2.2, 0.7, 6.0), 0.7, Material(V3(0.2, 0.9, 0.3), 0.8, 0.3, 8, 0.0)),
            Sphere(V3(2.0, 1.3, 7.0), 1.3, Material(V3(0.3, 0.4, 0.95), 0.5, 0.8, 32, 0.5)),
            Sphere(V3(0.8, 0.35, 3.2), 0.35, Material(V3(0.95, 0.9, 0.3), 0.9, 0.2, 4, 0.1)),
            Floor(0.0, Checker(V3(0.9, 0.9, 0.9), 0.8, 0.1, 8, 0.3)),
        ]
        self.lights = [(V3(-4.0, 6.0, 1.0), V3(0.8, 0.8, 0.8)),
                       (V3(5.0, 4.0, 2.0), V3(0.4, 0.35, 0.3))]
        self.ambient = 0.1

    def nearest(self, ray):
        best = None
        best_distance = 1e30
        for thing in self.objects:
            distance = thing.intersect(ray)
            if distance is not None and distance < best_distance:
                best = thing
                best_distance = distance
        return best, best_distance

    def shadowed(self, point, light_position):
        offset = light_position.minus(point)
        distance = offset.norm()
        ray = Ray(point, offset.times(1.0 / distance))
        for thing in self.objects:
            hit = thing.intersect(ray)
            if hit is not None and hit < distance:
                return True
        return False

    def trace(self, ray, depth):
        thing, distance = self.nearest(ray)
        if thing is None:
            # Sky: a vertical gradient.
            t = 0.5 * (ray.direction.y + 1.0)
            return V3(0.6, 0.7, 1.0).times(t).plus(V3(1.0, 1.0, 1.0).times(0.3 * (1.0 - t)))
        point = ray.at(distance)
        normal = thing.normal_at(point)
        material = thing.material
        base = material.color_at(point)
        color = base.times(self.ambient)
        for light_position, light_color in self.lights:
            to_light = light_position.minus(point).unit()
            lambert = normal.dot(to_light)
            if lambert <= 0.0 or self.shadowed(point, light_position):
                continue
            color = color.plus(base.mul(light_color).times(lambert * material.diffuse))
            highlight = to_light.reflect(normal).dot(ray.direction)
            if highlight > 0.0:
                spec = material.specular * power(highlight, material.shininess)
                color = color.plus(light_color.times(spec))
        if material.mirror > 0.0 and depth < MAX_DEPTH:
            bounced = Ray(point, ray.direction.reflect(normal))
            color = color.plus(self.trace(bounced, depth + 1).times(material.mirror))
        return color


def to_byte(channel):
    if channel <= 0.0:
        return 0
    if channel >= 1.0:
        return 255
    return int(channel * 255.0)


def render(size):
    scene = Scene()
    eye = V3(0.0, 1.5, -1.0)
    forward = V3(0.0, -0.1, 1.0).unit()
    right = V3(0.0, 1.0, 0.0).cross(forward).unit()
    up = forward.cross(right)
    pixels = []
    for row in range(size):
        y = 1.0 - 2.0 * (row + 0.5) / size
        for column in range(size):
            x = 2.0 * (column + 0.5) / size - 1.0
            direction = forward.plus(right.times(x * 0.8)).plus(up.times(y * 0.8)).unit()
            color = scene.trace(Ray(eye, direction), 0)
            pixels.append((to_byte(color.x), to_byte(color.y), to_byte(color.z)))
    return pixels


def run(size):
    return render(size)


def fingerprint(pixels):
    total = 0
    mixed = 0
    for index in range(len(pixels)):
        r, g, b = pixels[index]
        total += r + g + b
        mixed = (mixed * 131 + r * 65536 + g * 256 + b) % 2147483647
    return (len(pixels), total, mixed)


EXPECTED = {
    24: (576, 240907, 1711921483),
    64: (4096, 1707099, 1639738488),
    220: (48400, 20160016, 369590786),
}


def check(size, pixels):
    result = fingerprint(pixels)
    harness.expect(result[0] == size * size, "wrong pixel count")
    if size in EXPECTED:
        harness.expect(result == EXPECTED[size], "image fingerprint %r, expected %r"
                       % (result, EXPECTED[size]))
    else:
        harness.expect(result[1] > 0, "image is black")


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
