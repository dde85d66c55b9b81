#!/usr/bin/env python3
"""Symbol tables and code-object facts of every file of CPython 3.11's standard library,
compared between CPython and pylang (compiler_tool). Needs python3 to be CPython 3.11 (exit 77,
skipped, otherwise). Known differences live in one reviewed ledger, stdlib_ledger.txt
("relative/path<TAB>mode<TAB>reason"); a ledger entry that no longer differs is an error too,
so the ledger cannot go stale.

    stdlib_facts.py TOOL LEDGER
"""
import os
import platform
import subprocess
import sys
import sysconfig
import symtable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cpython_facts  # noqa: E402


def cpython_output(mode, source):
    out = []
    try:
        if mode == "symtable":
            cpython_facts.dump_table(symtable.symtable(source.decode("utf-8"), "snippet", "exec"), 0, out)
        else:
            cpython_facts.dump_code(compile(source, "snippet", "exec", dont_inherit=True), out)
    except SyntaxError as exc:
        out = [cpython_facts.error_line(exc)]
    return "\n".join(out) + "\n"


def main():
    if platform.python_implementation() != "CPython" or sys.version_info[:2] != (3, 11):
        print("needs CPython 3.11; skipped")
        return 77
    tool, ledger_path = sys.argv[1], sys.argv[2]
    ledger = {}
    with open(ledger_path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                path, mode, _reason = line.rstrip("\n").split("\t")
                ledger[(path, mode)] = False
    root = sysconfig.get_paths()["stdlib"]
    failures = 0
    checked = 0
    for directory, _dirs, files in os.walk(root):
        if "site-packages" in directory:
            continue
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, root)
            with open(path, "rb") as f:
                source = f.read()
            for mode in ("symtable", "codefacts"):
                try:
                    expected = cpython_output(mode, source)
                except (ValueError, UnicodeDecodeError, RecursionError, MemoryError):
                    continue  # CPython itself cannot process it
                actual = subprocess.run([tool, mode, path], capture_output=True, timeout=120)
                checked += 1
                same = actual.returncode == 0 and actual.stdout.decode("utf-8", "replace") == expected
                key = (relative, mode)
                if key in ledger:
                    ledger[key] = True
                    if same:
                        print(f"STALE ledger entry: {relative} {mode} now matches CPython")
                        failures += 1
                elif not same:
                    print(f"DIFF {relative} {mode}")
                    failures += 1
    for (path, mode), seen in ledger.items():
        if not seen:
            print(f"STALE ledger entry: {path} {mode} was not checked")
            failures += 1
    print(f"{checked} comparisons, {len(ledger)} ledger entries, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
