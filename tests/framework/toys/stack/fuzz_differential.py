#!/usr/bin/env python3
"""Differential test of the stack toy's JIT: generates random (but deterministic, by seed)
programs mixing arithmetic, overflow, division, branches, attribute reads/writes, objects
allocated in the loop, calls that raise, recursion (function traces calling themselves through
call_assembler, exceptions raised deep inside, now and then the RecursionError limit), type
changes and caught exceptions, runs each with --jit off and with several JIT settings (reference
backend, and LLVM compiling synchronously), and requires identical output and exit status.
Usage: fuzz_differential.py TOY FIRST_SEED LAST_SEED"""
import os
import random
import subprocess
import sys
import tempfile

def gen(seed):
    r = random.Random(seed)
    L = []
    lab = [0]
    def new():
        lab[0] += 1; return "L%d" % lab[0]
    def stmt(depth):
        k = r.randrange(11)
        v = r.choice("abc")
        w = r.choice("abc")
        if k == 0:
            op = r.choice(["add","sub","mul","add","add"])
            L.extend(["  load %s" % v, "  load %s" % w, "  " + op, "  store %s" % v])
        elif k == 1:
            op = r.choice(["mod","div"])
            L.extend(["  load %s" % v, "  push %d" % r.randrange(1, 50), "  " + op, "  store %s" % w])
        elif k == 2 and depth < 2:
            e = new(); d = new()
            L.extend(["  load %s" % v, "  push %d" % r.randrange(-100, 1000), "  lt", "  jumpifnot %s" % e])
            stmt(depth+1)
            L.extend(["  jump %s" % d, "%s:" % e])
            stmt(depth+1)
            L.append("%s:" % d)
        elif k == 3:
            L.extend(["  load o", "  load %s" % v, "  setattr %s" % r.choice(["x","y"])])
        elif k == 4:
            L.extend(["  load o", "  getattr %s" % r.choice(["x","y"]), "  store %s" % v])
        elif k == 5:
            L.extend(["  load %s" % v, "  load %s" % w, "  call f", "  store %s" % v])
        elif k == 6:
            e = new()
            L.extend(["  load i", "  push %d" % r.randrange(0, 600), "  eq", "  jumpifnot %s" % e, "  pushnone", "  store %s" % v, "%s:" % e])
        elif k == 7:
            L.extend(["  load %s" % v, "  push %d" % r.randrange(0, 5), "  add", "  store %s" % v])
        elif k == 9:
            # Recursion: g(n, a) recurses n deep (a may be None after a type change).
            L.extend(["  push %d" % r.randrange(0, 40), "  load %s" % v, "  call g", "  store %s" % w])
        elif k == 10:
            # Once per run: recursion past the VM's depth limit (RecursionError, caught below).
            e = new()
            L.extend(["  load i", "  push %d" % r.randrange(0, 600), "  eq", "  jumpifnot %s" % e,
                      "  push 3100", "  push 1", "  call g", "  store %s" % v, "%s:" % e])
        else:
            e = new()
            L.extend(["  load i", "  push %d" % r.randrange(1, 7), "  mod", "  push 0", "  eq", "  jumpifnot %s" % e, "  newobj", "  store o", "  load o", "  load i", "  setattr %s" % r.choice("xy"), "  load o", "  push 1", "  setattr %s" % r.choice("yx"), "%s:" % e])
    L.extend(["func main", "  push %d" % r.randrange(10), "  store a", "  push %d" % r.randrange(10), "  store b", "  push %d" % r.randrange(10), "  store c",
              "  newobj", "  store o", "  load o", "  push 0", "  setattr x", "  load o", "  push 0", "  setattr y",
              "  push 0", "  store i", "loop:", "  load i", "  push %d" % r.randrange(50, 2500), "  lt", "  jumpifnot done", "  try handler"])
    for _ in range(r.randrange(2, 8)):
        stmt(0)
    L.extend(["  endtry", "  jump next", "handler:", "  store err", "  load err", "  print",
              "  push 1", "  store a", "  push 2", "  store b", "  push 3", "  store c",
              "next:", "  load i", "  push 1", "  add", "  store i", "  jump loop",
              "done:", "  load a", "  print", "  load b", "  print", "  load c", "  print", "  load o", "  getattr x", "  print", "  pushnone", "  ret", "end", "",
              "func f p q", "  load p", "  push %d" % r.randrange(2, 97), "  mod", "  push 0", "  eq", "  jumpifnot ok", "  load q", "  raise", "ok:",
              "  load p", "  load q", "  %s" % r.choice(["add","sub","mul"]), "  push 1000003", "  mod", "  ret", "end",
              "func g n a", "  load n", "  push 1", "  lt", "  jumpifnot more", "  load a", "  ret", "more:",
              "  load a", "  push %d" % r.randrange(3, 400), "  mod", "  push 0", "  eq", "  jumpifnot go",
              "  load n", "  raise", "go:",
              "  load n", "  push 1", "  sub", "  load a", "  load n", "  %s" % r.choice(["add", "mul"]),
              "  push 1000003", "  mod", "  call g", "  push 1", "  add", "  ret", "end"])
    return "\n".join(L) + "\n"

MODES = ["threshold=1,backend=reference",
         "threshold=1,trace_eagerness=1,function_threshold=1,backend=reference",
         "threshold=5,trace_eagerness=2,function_threshold=3,backend=reference",
         "threshold=3,trace_eagerness=2,function_threshold=2,compile_async=0"]


def run(toy, mode, path):
    r = subprocess.run([toy, "--jit", mode, path], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def main():
    toy, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, last + 1):
            path = os.path.join(tmp, "fuzz%d.stk" % seed)
            with open(path, "w") as f:
                f.write(gen(seed))
            expected = run(toy, "off", path)
            for mode in MODES:
                got = run(toy, mode, path)
                if got != expected:
                    failures += 1
                    print("seed %d, --jit %s: got %r, expected %r" % (seed, mode, got[:2], expected[:2]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
