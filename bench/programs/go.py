# Monte-Carlo Go player: a 7x7 board with captures, suicide and simple-ko rules, random playouts
# that do not fill their own eyes, area scoring, and a UCT tree search (UCB1 selection, one node
# expanded per playout) choosing Black's first moves. Measures list-heavy board code, flood
# fills, object trees and seeded random.random() draws.
# Self-check: tree statistics are consistent (visits add up, every move legal) and, for the
# default workloads, the chosen moves and win counts equal reference values.
import math
import random

import harness

META = {
    "name": "go",
    "description": "Monte-Carlo tree search Go player on 7x7: board logic and trees",
    "in_geomean": True,
}
# Workload: playouts per searched move.
WORKLOADS = {"tiny": 10, "quick": 60, "full": 250}

SIZE = 7
EMPTY, BLACK, WHITE = 0, 1, 2
PASS = -1
MOVES_SEARCHED = 2
PLAYOUT_LIMIT = SIZE * SIZE * 3


def build_neighbours():
    table = []
    for point in range(SIZE * SIZE):
        row, column = divmod(point, SIZE)
        around = []
        if row > 0:
            around.append(point - SIZE)
        if row < SIZE - 1:
            around.append(point + SIZE)
        if column > 0:
            around.append(point - 1)
        if column < SIZE - 1:
            around.append(point + 1)
        table.append(around)
    return table


NEIGHBOURS = build_neighbours()


def opponent(color):
    return BLACK + WHITE - color


class Board(object):
    def __init__(self):
        self.stones = [EMPTY] * (SIZE * SIZE)
        self.to_move = BLACK
        self.ko = None
        self.passes = 0
        self.history = 0

    def copy(self):
        other = Board()
        other.stones = self.stones[:]
        other.to_move = self.to_move
        other.ko = self.ko
        other.passes = self.passes
        other.history = self.history
        return other

    def group_and_liberties(self, start):
        """The group containing `start` and whether it has at least one liberty."""
        color = self.stones[start]
        group = [start]
        seen = set(group)
        free = False
        index = 0
        while index < len(group):
            point = group[index]
            index += 1
            for near in NEIGHBOURS[point]:
                stone = self.stones[near]
                if stone == EMPTY:
                    free = True
                elif stone == color and near not in seen:
                    seen.add(near)
                    group.append(near)
        return group, free

    def is_eye(self, point, color):
        for near in NEIGHBOURS[point]:
            if self.stones[near] != color:
                return False
        return True

    def play(self, point):
        """Play `point` (or PASS) for the side to move; False (board unchanged) if illegal."""
        color = self.to_move
        if point == PASS:
            self.passes += 1
            self.ko = None
            self.to_move = opponent(color)
            self.history += 1
            return True
        if self.stones[point] != EMPTY or point == self.ko:
            return False
        self.stones[point] = color
        enemy = opponent(color)
        captured = []
        for near in NEIGHBOURS[point]:
            if self.stones[near] == enemy:
                group, free = self.group_and_liberties(near)
                if not free:
                    for stone in group:
                        self.stones[stone] = EMPTY
                    captured.extend(group)
        group, free = self.group_and_liberties(point)
        if not free:
            self.stones[point] = EMPTY  # suicide: nothing was captured, so nothing to restore
            return False
        # Simple ko: a single stone capturing a single stone may not be recaptured at once.
        if len(captured) == 1 and len(group) == 1:
            self.ko = captured[0]
        else:
            self.ko = None
        self.passes = 0
        self.to_move = enemy
        self.history += 1
        return True

    def legal(self, point):
        trial = self.copy()
        return trial.play(point)

    def random_move(self, rng):
        """A random legal move that does not fill one of the mover's own eyes, else PASS."""
        empties = [p for p in range(SIZE * SIZE) if self.stones[p] == EMPTY]
        color = self.to_move
        while empties:
            index = int(rng.random() * len(empties))
            point = empties[index]
            empties[index] = empties[-1]
            empties.pop()
            if self.is_eye(point, color):
                continue
            if self.play(point):
                return point
        self.play(PASS)
        return PASS

    def score(self):
        """Area score: Black's points minus White's (stones plus surrounded empty regions)."""
        black = white = 0
        seen = set()
        for point in range(SIZE * SIZE):
            stone = self.stones[point]
            if stone == BLACK:
                black += 1
            elif stone == WHITE:
                white += 1
            elif point not in seen:
                region = [point]
                seen.add(point)
                borders = set()
                index = 0
                while index < len(region):
                    here = region[index]
                    index += 1
                    for near in NEIGHBOURS[here]:
                        if self.stones[near] == EMPTY:
                            if near not in seen:
                                seen.add(near)
                                region.append(near)
                        else:
                            borders.add(self.stones[near])
                if borders == {BLACK}:
                    black += len(region)
                elif borders == {WHITE}:
                    white += len(region)
        return black - white


KOMI = 6.5


def playout(board, rng):
    """Play randomly to the end; return the winner."""
    while board.passes < 2 and board.history < PLAYOUT_LIMIT:
        board.random_move(rng)
    return BLACK if board.score() - KOMI > 0 else WHITE


class Node(object):
    def __init__(self, move, mover):
        self.move = move
        self.mover = mover  # the colour that played `move`
        self.wins = 0
        self.visits = 0
        self.children = []
        self.untried = None

    def select(self):
        log_total = math.log(self.visits)
        best = None
        best_value = -1.0
        for child in self.children:
            value = (child.wins / child.visits
                     + 1.4 * math.sqrt(log_total / child.visits))
            if value > best_value:
                best = child
                best_value = value
        return best


def candidate_moves(board):
    # Empty points; legality is tested only when a move is expanded (most never are).
    return [p for p in range(SIZE * SIZE) if board.stones[p] == EMPTY]


def search(board, playouts, rng):
    root = Node(None, opponent(board.to_move))
    root.untried = candidate_moves(board)
    for _ in range(playouts):
        node = root
        position = board.copy()
        path = [node]
        # Selection: descend through fully expanded nodes.
        while not node.untried and node.children:
            node = node.select()
            position.play(node.move)
            path.append(node)
        # Expansion: one untried move, picked at random.
        move = PASS
        while node.untried and move == PASS:
            index = int(rng.random() * len(node.untried))
            candidate = node.untried.pop(index)
            if position.legal(candidate):
                move = candidate
        if move != PASS:
            mover = position.to_move
            position.play(move)
            child = Node(move, mover)
            child.untried = candidate_moves(position)
            node.children.append(child)
            node = child
            path.append(node)
        winner = playout(position, rng)
        for visited in path:
            visited.visits += 1
            if visited.mover == winner:
                visited.wins += 1
    best = None
    for child in root.children:
        if best is None or child.visits > best.visits:
            best = child
    return root, best


def run(playouts):
    rng = random.Random(4242)
    board = Board()
    decisions = []
    for _ in range(MOVES_SEARCHED):
        root, best = search(board, playouts, rng)
        decisions.append((best.move, best.visits, best.wins, root.visits,
                          sum([c.visits for c in root.children])))
        harness.expect(board.play(best.move), "search chose an illegal move %r" % best.move)
    return decisions


EXPECTED = {
    10: [(42, 1, 1, 10, 10), (26, 1, 1, 10, 10)],
    60: [(42, 2, 2, 60, 60), (47, 2, 2, 60, 60)],
    250: [(11, 9, 7, 250, 250), (26, 9, 9, 250, 250)],
}


def check(playouts, decisions):
    for move, visits, wins, root_visits, child_visits in decisions:
        harness.expect(0 <= move < SIZE * SIZE, "bad move %r" % move)
        harness.expect(root_visits == playouts and child_visits == playouts,
                       "visits do not add up: %d/%d for %d playouts"
                       % (root_visits, child_visits, playouts))
        harness.expect(0 <= wins <= visits, "more wins than visits")
    if playouts in EXPECTED:
        harness.expect(decisions == EXPECTED[playouts], "decisions %r, expected %r"
                       % (decisions, EXPECTED[playouts]))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
