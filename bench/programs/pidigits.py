# Pi digits with big integers: Gibbons' unbounded spigot, streaming decimal digits of pi from
# a linear fractional transformation (q r; 0 t) composed with one term of the series per step.
# Measures arbitrary-precision multiply, add and floor division on growing integers.
# Self-check: the digits against pi computed independently with Machin's formula in fixed point.
import harness

META = {
    "name": "pidigits",
    "description": "streaming spigot for digits of pi: big-integer arithmetic",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 300, "quick": 1200, "full": 5000}


def pi_digits(count):
    digits = []
    q, r, t = 1, 0, 1
    k = 1
    while len(digits) < count:
        # Compose with the next series term (k, 4k+2; 0, 2k+1).
        q, r, t = q * k, (2 * q + r) * (2 * k + 1), t * (2 * k + 1)
        k += 1
        if q > r:
            continue
        # The digit is safe when floor((3q+r)/t) == floor((4q+r)/t).
        digit, rem = divmod(3 * q + r, t)
        if rem + q >= t:
            continue
        digits.append(digit)
        # Emit it: multiply the transformation by (10, -10*digit; 0, 1).
        q, r = 10 * q, 10 * (r - digit * t)
    return digits


def run(count):
    return pi_digits(count)


def arctan_inverse(x, one):
    """arctan(1/x) scaled by `one`, by the alternating series."""
    total = term = one // x
    x2 = x * x
    n = 1
    sign = -1
    while term:
        term //= x2
        n += 2
        total += sign * (term // n)
        sign = -sign
    return total


def machin_pi(count):
    """The first `count` digits of pi as one integer (31415...), via Machin's formula."""
    guard = 10
    one = 10 ** (count - 1 + guard)
    pi = 4 * (4 * arctan_inverse(5, one) - arctan_inverse(239, one))
    return pi // 10 ** guard


_reference = {}


def check(count, digits):
    harness.expect(len(digits) == count, "%d digits, expected %d" % (len(digits), count))
    harness.expect(digits[:5] == [3, 1, 4, 1, 5], "pi does not start with 3.1415")
    if count not in _reference:
        _reference[count] = machin_pi(count)
    # Compare as one integer: no str() of a huge int (CPython limits its length).
    value = 0
    for digit in digits:
        harness.expect(0 <= digit <= 9, "not a digit: %r" % (digit,))
        value = value * 10 + digit
    harness.expect(value == _reference[count], "digits differ from Machin's formula")


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
