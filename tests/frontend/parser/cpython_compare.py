#!/usr/bin/env python3
"""Compares pylang's front end with CPython 3.11 on the case files of tests/frontend/.

  cpython_compare.py CHECKER CASES...             live comparison (exit 1 on a difference)
  cpython_compare.py --write-expected CHECKER CASES...   (re)write CASES' .expected files
CHECKER is the frontend_check binary; for each case CPython's result is ast.dump(ast.parse(src))
or "ERR Type|message|line|offset" for a SyntaxError, the format frontend_check prints.
Exits 77 (skipped) when this Python is not 3.11: other versions print other trees.
"""
import ast
import re
import subprocess
import sys


def read_cases(path):
    """Splits a case file exactly as frontend_check does: every line keeps its '\n'."""
    cases = []
    with open(path, "rb") as f:
        text = f.read()
    parts = text.split(b"\n")
    for i, line in enumerate(parts):
        if i == len(parts) - 1 and not line:
            break
        if line.startswith(b"#### "):
            cases.append([line[5:].decode("utf-8"), b""])
        elif cases:
            cases[-1][1] += line + (b"\n" if i < len(parts) - 1 else b"")
    return cases


def cpython_result(source):
    # A str is parsed the way CPython parses files (offsets in characters); sources with a
    # coding declaration or a BOM must stay bytes for the declaration to count.
    head = b"\n".join(source.split(b"\n")[:2])
    declared = source.startswith(b"\xef\xbb\xbf") or re.search(rb"^[ \t\f]*#.*coding[:=]", head, re.M)
    try:
        text = source if declared else source.decode("utf-8")
        return ast.dump(ast.parse(text, "<case>"))
    except SyntaxError as e:
        return "ERR %s|%s|%s|%s" % (type(e).__name__, e.msg, e.lineno, e.offset)
    except UnicodeDecodeError as e:
        return "ERR UnicodeDecodeError"
    except (RecursionError, MemoryError) as e:
        return "ERR %s" % type(e).__name__


def main():
    args = sys.argv[1:]
    write = args and args[0] == "--write-expected"
    if write:
        args = args[1:]
    if sys.version_info[:2] != (3, 11):
        print("SKIP: python3 is %d.%d, the reference is 3.11" % sys.version_info[:2])
        return 77
    checker, files = args[0], args[1:]
    failures = total = 0
    for path in files:
        cases = read_cases(path)
        expected = [(name, cpython_result(src)) for name, src in cases]
        if write:
            with open(path.rsplit(".", 1)[0] + ".expected", "w", encoding="utf-8") as f:
                for name, res in expected:
                    f.write("%s\t%s\n" % (name, res))
            continue
        out = subprocess.run([checker, "dump", path], capture_output=True, text=True,
                             encoding="utf-8", errors="surrogateescape")
        got = dict(line.split("\t", 1) for line in out.stdout.split("\n") if "\t" in line)
        for name, res in expected:
            total += 1
            if got.get(name) != res:
                failures += 1
                print("MISMATCH %s:%s\n  cpython: %s\n  pylang:  %s" % (path, name, res, got.get(name)))
    if not write:
        print("%d cases compared with CPython %s, %d differ" % (total, sys.version.split()[0], failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
