# A counting loop whose body a tracing JIT can reduce to nothing but the loop counter (and, with
# induction-variable folding, to nothing at all): a deliberately deletable workload. It shows
# interpreter dispatch cost, but it is kept OUT of the geometric mean (META in_geomean False)
# because a JIT that removes the work would otherwise inflate the suite's speed-up.
# Self-check: the closed-form sum.
import harness

META = {
    "name": "int_loop",
    "description": "integer counting loop a JIT can delete entirely (not in the geomean)",
    "in_geomean": False,
}
WORKLOADS = {"tiny": 100000, "quick": 1000000, "full": 10000000}


def run(n):
    total = 0
    i = 0
    while i < n:
        total += i & 7
        i += 1
    return total


def check(n, total):
    # Each block of 8 consecutive i contributes 0+1+...+7 = 28.
    full_blocks, rest = divmod(n, 8)
    expected = 28 * full_blocks + rest * (rest - 1) // 2
    harness.expect(total == expected, "sum %d, expected %d" % (total, expected))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
