#!/usr/bin/env python3
"""Front-end benchmark: pylang vs CPython on every .py file of the CPython 3.11 standard library.

  bench/frontend/run.py BENCH_BINARY [--repeat N] [--out FILE]

BENCH_BINARY is pylang_frontend_bench from the build tree. Both sides read all files first and
time only the work in process CPU seconds (the machine may be shared), best of N runs, in one
process each:
  parse:           pylang parse()                  vs CPython ast.parse() (PyCF_ONLY_AST)
  parse + compile: pylang parse() + compileModule() vs CPython compile(source, path, "exec")
CPython's ast.parse also builds Python objects for every node, which pylang does not; the parse +
compile line compares like with like. Files CPython refuses are left out of both sides.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
import ast


def stdlib_files():
    root = sysconfig.get_paths()["stdlib"]
    files = []
    for directory, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "dist-packages"))
        files += [os.path.join(directory, n) for n in sorted(names) if n.endswith(".py")]
    return root, files


def cpython_time(sources, flags, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for path, text in sources:
            compile(text, path, "exec", flags=flags, dont_inherit=True)
        best = min(best, time.process_time() - start)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bench")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out")
    args = parser.parse_args()
    root, files = stdlib_files()
    sources = []
    warnings.simplefilter("ignore")
    for path in files:
        with open(path, "rb") as f:
            text = f.read()
        try:
            compile(text, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            continue
        sources.append((path, text))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(path for path, _ in sources) + "\n")
    try:
        def pylang(*extra):
            out = subprocess.run([args.bench, "--repeat", str(args.repeat), *extra, listing.name],
                                 check=True, capture_output=True, text=True).stdout
            return json.loads(out)
        p_parse = pylang()
        p_compile = pylang("--compile")
    finally:
        os.unlink(listing.name)
    c_parse = cpython_time(sources, ast.PyCF_ONLY_AST, args.repeat)
    c_compile = cpython_time(sources, 0, args.repeat)
    megabytes = sum(len(t) for _, t in sources) / 1e6
    lines = [
        "Front-end benchmark: %d files (%.1f MB) of the CPython %s standard library (%s)"
        % (len(sources), megabytes, sys.version.split()[0], root),
        "machine: %s, %s; process CPU time, best of %d runs, one process per side" % (platform.node(), platform.processor() or platform.machine(), args.repeat),
        "%-16s %10s %10s %8s" % ("", "pylang s", "CPython s", "ratio"),
        "%-16s %10.3f %10.3f %7.2fx" % ("parse", p_parse["seconds"], c_parse, c_parse / p_parse["seconds"]),
        "%-16s %10.3f %10.3f %7.2fx" % ("parse+compile", p_compile["seconds"], c_compile,
                                          c_compile / p_compile["seconds"]),
        "(ratio = CPython time / pylang time; > 1 means pylang is faster; pylang errors: %d / %d)"
        % (p_parse["errors"], p_compile["errors"]),
    ]
    print("\n".join(lines))
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
