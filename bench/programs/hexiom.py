# Hexiom-style puzzle search. A hexagonal board holds numbered tiles; a tile's number must equal
# how many of its six neighbouring cells hold tiles. Given only the multiset of tiles, the
# solver finds every placement that satisfies all numbers, by depth-first search over the cells
# with bound propagation (a tile needs at least as many free-or-filled neighbours as its number
# and no more filled ones). As in Hexiom, a few cells come pre-placed ("locked"). Puzzles are
# generated from random layouts, so each has at least one solution. Measures recursion,
# small-int lists and tight branchy code.
# Self-check: every reported solution satisfies the rules and uses exactly the given tiles; the
# generating layout is among the solutions; solution counts equal reference values.
import random

import harness

META = {
    "name": "hexiom",
    "description": "hexagonal tile puzzle solved by backtracking with bounds",
    "in_geomean": True,
}
# Workload: how many puzzles one iteration solves.
WORKLOADS = {"tiny": 2, "quick": 8, "full": 60}

RADIUS = 3
UNDECIDED = -1
HOLE = 7  # a decided empty cell
LOCKED_CELLS = 3
DIRECTIONS = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)]


def make_board(radius):
    cells = []
    for r in range(-radius + 1, radius):
        for q in range(-radius + 1, radius):
            if abs(q + r) < radius:
                cells.append((q, r))
    index = {}
    for i in range(len(cells)):
        index[cells[i]] = i
    neighbours = []
    for (q, r) in cells:
        around = []
        for (dq, dr) in DIRECTIONS:
            other = index.get((q + dq, r + dr))
            if other is not None:
                around.append(other)
        neighbours.append(around)
    return cells, neighbours


CELLS, NEIGHBOURS = make_board(RADIUS)


class Solver(object):
    def __init__(self, tiles, locked):
        self.counts = [0] * 7
        for tile in tiles:
            self.counts[tile] += 1
        self.holes = len(CELLS) - len(tiles)
        self.assignment = [UNDECIDED] * len(CELLS)
        self.locked = [False] * len(CELLS)
        for cell, value in locked:
            self.assignment[cell] = value
            self.locked[cell] = True
            if value == HOLE:
                self.holes -= 1
            else:
                self.counts[value] -= 1
        self.solutions = []

    def consistent_at(self, cell):
        value = self.assignment[cell]
        if value == UNDECIDED or value == HOLE:
            return True
        filled = 0
        open_cells = 0
        for near in NEIGHBOURS[cell]:
            other = self.assignment[near]
            if other == UNDECIDED:
                open_cells += 1
            elif other != HOLE:
                filled += 1
        return filled <= value <= filled + open_cells

    def consistent_around(self, cell):
        if not self.consistent_at(cell):
            return False
        for near in NEIGHBOURS[cell]:
            if not self.consistent_at(near):
                return False
        return True

    def search(self, position):
        if position == len(CELLS):
            self.solutions.append(self.assignment[:])
            return
        cell = position
        if self.locked[cell]:
            if self.consistent_around(cell):
                self.search(position + 1)
            return
        if self.holes > 0:
            self.assignment[cell] = HOLE
            self.holes -= 1
            if self.consistent_around(cell):
                self.search(position + 1)
            self.holes += 1
        for value in range(7):
            if self.counts[value] > 0:
                self.assignment[cell] = value
                self.counts[value] -= 1
                if self.consistent_around(cell):
                    self.search(position + 1)
                self.counts[value] += 1
        self.assignment[cell] = UNDECIDED


def make_puzzle(rng):
    """Tiles of a random layout filling about 60% of the board, and that layout."""
    layout = []
    for cell in range(len(CELLS)):
        layout.append(0 if rng.random() < 0.6 else HOLE)
    for cell in range(len(CELLS)):
        if layout[cell] != HOLE:
            layout[cell] = len([n for n in NEIGHBOURS[cell] if layout[n] != HOLE])
    tiles = sorted([v for v in layout if v != HOLE])
    locked = []
    while len(locked) < LOCKED_CELLS:
        cell = int(rng.random() * len(CELLS))
        if cell not in [c for (c, _) in locked]:
            locked.append((cell, layout[cell]))
    return tiles, locked, layout


def run(puzzles):
    rng = random.Random(777)
    results = []
    for _ in range(puzzles):
        tiles, locked, layout = make_puzzle(rng)
        solver = Solver(tiles, locked)
        solver.search(0)
        results.append((tiles, layout, solver.solutions))
    return results


def valid(tiles, solution):
    placed = sorted([v for v in solution if v != HOLE])
    if placed != tiles:
        return False
    for cell in range(len(CELLS)):
        value = solution[cell]
        if value != HOLE:
            filled = len([n for n in NEIGHBOURS[cell] if solution[n] != HOLE])
            if filled != value:
                return False
    return True


EXPECTED = {2: 298, 8: 473, 60: 1960}


def check(puzzles, results):
    harness.expect(len(results) == puzzles, "wrong number of puzzles")
    counts = []
    for tiles, layout, solutions in results:
        harness.expect(layout in solutions, "the generating layout was not found")
        for solution in solutions:
            harness.expect(valid(tiles, solution), "invalid solution %r" % (solution,))
        counts.append(len(solutions))
    if puzzles in EXPECTED:
        harness.expect(sum(counts) == EXPECTED[puzzles], "%d solutions in all, expected %d"
                       % (sum(counts), EXPECTED[puzzles]))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
