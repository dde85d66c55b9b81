# Fannkuch-redux: for every permutation of 1..n, count the prefix reversals ("pancake flips")
# until 1 is in front; report the maximum flips and a signed checksum over the permutations in
# the order a counting-based generator produces them. Measures list slicing and integer loops.
# Self-check: both numbers against the well-known values for n.
import harness

META = {
    "name": "fannkuch",
    "description": "pancake flips over all permutations: list slicing and int loops",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 7, "quick": 8, "full": 9}

# (checksum, max flips) for each n, the values every fannkuch-redux implementation agrees on.
KNOWN = {7: (228, 16), 8: (1616, 22), 9: (8629, 30), 10: (73196, 38)}


def fannkuch(n):
    perm1 = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    sign = 1
    remaining = n
    while True:
        # Rebuild the rotation counters below `remaining`.
        while remaining != 1:
            count[remaining - 1] = remaining
            remaining -= 1
        perm = perm1[:]
        flips = 0
        first = perm[0]
        while first != 0:
            perm[:first + 1] = perm[first::-1]
            flips += 1
            first = perm[0]
        if flips > max_flips:
            max_flips = flips
        checksum += sign * flips
        sign = -sign
        # Next permutation: rotate the first r+1 elements left until a counter is not exhausted.
        while True:
            if remaining == n:
                return checksum, max_flips
            head = perm1[0]
            for i in range(remaining):
                perm1[i] = perm1[i + 1]
            perm1[remaining] = head
            count[remaining] -= 1
            if count[remaining] > 0:
                break
            remaining += 1


def run(n):
    return fannkuch(n)


def check(n, result):
    harness.expect(n in KNOWN, "no reference value for n=%d" % n)
    harness.expect(result == KNOWN[n], "fannkuch(%d) = %r, expected %r" % (n, result, KNOWN[n]))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
