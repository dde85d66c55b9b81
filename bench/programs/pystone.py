# Dhrystone-style synthetic benchmark (after Weicker's Dhrystone 1.1 as ported to Python as
# "pystone"): a main loop calling a fixed mix of small procedures that assign records, compare
# strings and characters, index one- and two-dimensional arrays and update module globals.
# Measures global-variable traffic, record attribute access and short calls.
# Self-check: the final global state equals the values Dhrystone defines (e.g. the 2-D array
# cell [8][7] ends at loops + 10).
import harness

META = {
    "name": "pystone",
    "description": "Dhrystone-style synthetic mix: globals, records, arrays, calls",
    "in_geomean": True,
}
# Workload: main-loop passes.
WORKLOADS = {"tiny": 5000, "quick": 30000, "full": 400000}

IDENT_1, IDENT_2, IDENT_3, IDENT_4, IDENT_5 = range(1, 6)


class Record(object):
    def __init__(self, link=None, discriminant=0, kind=0, number=0, text=""):
        self.link = link
        self.discriminant = discriminant
        self.kind = kind
        self.number = number
        self.text = text

    def clone(self):
        return Record(self.link, self.discriminant, self.kind, self.number, self.text)


class State(object):
    """The benchmark's globals, kept in one object so each run starts fresh."""

    def __init__(self):
        self.int_glob = 0
        self.bool_glob = False
        self.char1_glob = "\0"
        self.char2_glob = "\0"
        self.array1 = [0] * 51
        self.array2 = [[0] * 51 for _ in range(51)]
        self.record_glob = None
        self.record_glob_next = None


S = State()


def proc1(record):
    following = record.link
    following_copy = S.record_glob.clone()
    record.link = following_copy
    following = following_copy
    record.number = 5
    following.number = record.number
    following.link = record.link
    following.link = proc3(following.link)
    if following.discriminant == IDENT_1:
        following.number = 6
        following.kind = proc6(record.kind)
        following.link = S.record_glob.link
        following.number = proc7(following.number, 10)
    else:
        record = following.clone()
    following.link = None
    return record


def proc2(value):
    local = value + 10
    kind = 0
    while True:
        if S.char1_glob == "A":
            local -= 1
            value = local - S.int_glob
            kind = IDENT_1
        if kind == IDENT_1:
            return value


def proc3(link):
    if S.record_glob is not None:
        link = S.record_glob.link
    else:
        S.int_glob = 100
    S.record_glob.number = proc7(10, S.int_glob)
    return link


def proc4():
    flag = S.char1_glob == "A"
    S.bool_glob = flag or S.bool_glob
    S.char2_glob = "B"


def proc5():
    S.char1_glob = "A"
    S.bool_glob = False


def proc6(kind):
    result = kind
    if not func3(kind):
        result = IDENT_4
    if kind == IDENT_1:
        result = IDENT_1
    elif kind == IDENT_2:
        result = IDENT_1 if S.int_glob > 100 else IDENT_4
    elif kind == IDENT_3:
        result = IDENT_2
    elif kind == IDENT_5:
        result = IDENT_3
    return result


def proc7(a, b):
    return b + a + 2


def proc8(array1, array2, a, b):
    base = a + 5
    array1[base] = b
    array1[base + 1] = array1[base]
    array1[base + 30] = base
    for index in range(base, base + 2):
        array2[base][index] = base
    array2[base][base - 1] += 1
    array2[base + 20][base] = array1[base]
    S.int_glob = 5


def func1(c1, c2):
    if c1 != c2:
        return IDENT_1
    return IDENT_2


def func2(text1, text2):
    index = 1
    char = "\0"
    while index <= 1:
        if func1(text1[index], text2[index + 1]) == IDENT_1:
            char = "A"
            index += 1
    if "W" <= char <= "Z":
        index = 7
    if char == "X":
        return True
    if text1 > text2:
        S.int_glob = index + 7
        return True
    return False


def func3(kind):
    return kind == IDENT_3


def main_loop(loops):
    global S
    S = State()
    S.record_glob_next = Record()
    S.record_glob = Record(S.record_glob_next, IDENT_1, IDENT_3, 40,
                           "DHRYSTONE PROGRAM, SOME STRING")
    text1 = "DHRYSTONE PROGRAM, 1'ST STRING"
    S.array2[8][7] = 10
    int1 = int2 = int3 = 0
    kind = 0
    for _ in range(loops):
        proc5()
        proc4()
        int1 = 2
        int2 = 3
        text2 = "DHRYSTONE PROGRAM, 2'ND STRING"
        kind = IDENT_2
        S.bool_glob = not func2(text1, text2)
        while int1 < int2:
            int3 = 5 * int1 - int2
            int3 = proc7(int1, int2)
            int1 += 1
        proc8(S.array1, S.array2, int1, int3)
        S.record_glob = proc1(S.record_glob)
        char = "A"
        while char <= S.char2_glob:
            if kind == func1(char, "C"):
                kind = proc6(IDENT_1)
            char = chr(ord(char) + 1)
        int2 = int2 * int1
        int1 = int2 // int3
        int2 = 7 * (int2 - int3) - int1
        int1 = proc2(int1)
    return (S.int_glob, S.bool_glob, S.char1_glob, S.char2_glob, S.array1[8],
            S.array2[8][7], int1, int2, int3, kind, S.record_glob.discriminant,
            S.record_glob.kind, S.record_glob.number, S.record_glob.text)


def run(loops):
    return main_loop(loops)


def check(loops, result):
    expected = (5, True, "A", "B", 7, loops + 10, 5, 13, 7, IDENT_2, IDENT_1, IDENT_3, 17,
                "DHRYSTONE PROGRAM, SOME STRING")
    harness.expect(result == expected, "final state %r, expected %r" % (result, expected))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
