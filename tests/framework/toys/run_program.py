#!/usr/bin/env python3
"""Runs a toy interpreter on a program and compares stdout (and the exit status) with the
program's expected output: PROGRAM.out next to PROGRAM (first line '# exit N' optional).
Usage: run_program.py TOY MODE PROGRAM   (MODE: off, default, or a --jit parameter string)."""
import subprocess
import sys


def main():
    toy, mode, program = sys.argv[1:4]
    args = [toy]
    if mode != "default":
        args += ["--jit", mode]
    args.append(program)
    expected_path = program.rsplit(".", 1)[0] + ".out"
    with open(expected_path) as f:
        expected = f.read()
    status = 0
    if expected.startswith("# exit "):
        first, _, expected = expected.partition("\n")
        status = int(first.split()[2])
    run = subprocess.run(args, capture_output=True, text=True, timeout=300)
    ok = True
    if run.stdout != expected:
        print("stdout differs from", expected_path)
        print("--- expected\n" + expected + "--- got\n" + run.stdout)
        ok = False
    if run.returncode != status:
        print("exit status %d, expected %d" % (run.returncode, status))
        ok = False
    if not ok:
        print("stderr:\n" + run.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
