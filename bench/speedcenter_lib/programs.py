# Suite discovery: every bench/programs/*.py except the harness is a program; its META dict is
# read statically (ast.literal_eval), so listing the suite never runs benchmark code.
# Neighbours: bench/programs/harness.py defines what a program looks like; runner.py runs them.
import ast
import os

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS_DIR = os.path.join(BENCH_DIR, "programs")
NOT_PROGRAMS = ("harness.py",)


class Program(object):
    def __init__(self, name, path, description, in_geomean):
        self.name = name
        self.path = path
        self.description = description
        self.in_geomean = in_geomean


def read_meta(path):
    """The literal META = {...} assignment of a program file."""
    with open(path) as source:
        tree = ast.parse(source.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id == "META":
                return ast.literal_eval(node.value)
    raise ValueError("%s has no META dict" % path)


def discover(directory=PROGRAMS_DIR):
    """All programs, sorted by name."""
    programs = []
    for filename in sorted(os.listdir(directory)):
        if not filename.endswith(".py") or filename in NOT_PROGRAMS or filename.startswith("_"):
            continue
        path = os.path.join(directory, filename)
        meta = read_meta(path)
        programs.append(Program(meta["name"], path, meta.get("description", ""),
                                bool(meta.get("in_geomean", True))))
    return programs


def select(programs, names):
    """Programs named in `names` (a list), in suite order; ValueError names unknown ones."""
    if not names:
        return programs
    known = dict((p.name, p) for p in programs)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError("unknown program(s): %s (known: %s)"
                         % (", ".join(unknown), ", ".join(sorted(known))))
    wanted = set(names)
    return [p for p in programs if p.name in wanted]
