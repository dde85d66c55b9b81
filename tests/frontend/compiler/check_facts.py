#!/usr/bin/env python3
"""One data-driven compiler test: compiler_tool's output for FILE must equal the committed
expectation (produced by CPython 3.11 through cpython_facts.py), and, when the python3 running
this script is a CPython 3.11, CPython's live output too.

    check_facts.py TOOL MODE FILE EXPECTED        (MODE: symtable, codefacts, error)
    check_facts.py --regenerate MODE FILE EXPECTED   (rewrite EXPECTED from CPython)
"""
import difflib
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def cpython(mode, path):
    return subprocess.run([sys.executable, os.path.join(HERE, "cpython_facts.py"), mode, path],
                          check=True, capture_output=True, text=True).stdout


def compare(label, expected, actual):
    if expected == actual:
        return True
    sys.stdout.write(f"--- {label} differs:\n")
    sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                               "expected", "pylang"))
    return False


def main():
    if sys.argv[1] == "--regenerate":
        mode, path, expected_path = sys.argv[2:5]
        with open(expected_path, "w") as f:
            f.write(cpython(mode, path))
        return 0
    tool, mode, path, expected_path = sys.argv[1:5]
    actual = subprocess.run([tool, mode, path], capture_output=True, text=True, timeout=60)
    if actual.returncode != 0:
        print(f"compiler_tool failed ({actual.returncode}): {actual.stderr}")
        return 1
    with open(expected_path) as f:
        expected = f.read()
    ok = compare("committed expectation " + expected_path, expected, actual.stdout)
    is_cpython311 = (platform.python_implementation() == "CPython"
                     and sys.version_info[:2] == (3, 11))
    if is_cpython311:
        ok = compare("live CPython " + platform.python_version(), cpython(mode, path), actual.stdout) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
