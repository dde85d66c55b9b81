# N-queens with generators: count every placement of n non-attacking queens by a recursive
# generator that yields complete placements (column per row), each level delegating to the next
# with a for loop over a nested generator. Measures generator creation/resumption and sets.
# Self-check: the solution count against the known sequence, and every placement is valid.
import harness

META = {
    "name": "nqueens",
    "description": "n-queens by recursive generators: generator resumption and sets",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 6, "quick": 8, "full": 10}

# Number of solutions of the n-queens problem (OEIS A000170).
KNOWN_COUNTS = {4: 2, 5: 10, 6: 4, 7: 40, 8: 92, 9: 352, 10: 724, 11: 2680}


def placements(n, row, columns, diagonals, antidiagonals):
    if row == n:
        yield ()
        return
    for col in range(n):
        if col in columns or (row - col) in diagonals or (row + col) in antidiagonals:
            continue
        columns.add(col)
        diagonals.add(row - col)
        antidiagonals.add(row + col)
        for rest in placements(n, row + 1, columns, diagonals, antidiagonals):
            yield (col,) + rest
        columns.discard(col)
        diagonals.discard(row - col)
        antidiagonals.discard(row + col)


def is_valid(placement):
    n = len(placement)
    for a in range(n):
        for b in range(a + 1, n):
            if placement[a] == placement[b] or abs(placement[a] - placement[b]) == b - a:
                return False
    return True


def run(n):
    found = []
    # Repeat the search so the default workload lasts long enough to time.
    for _ in range(REPEAT):
        found = list(placements(n, 0, set(), set(), set()))
    return found


REPEAT = 10


def check(n, solutions):
    harness.expect(len(solutions) == KNOWN_COUNTS[n],
                   "%d solutions for n=%d, expected %d" % (len(solutions), n, KNOWN_COUNTS[n]))
    harness.expect(len(set(solutions)) == len(solutions), "duplicate placements")
    for placement in solutions:
        harness.expect(is_valid(placement), "invalid placement %r" % (placement,))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
