#!/usr/bin/env python3
"""Command-line contract of a toy: bad arguments print ONE line on stderr and exit 2; a program
that does not compile exits 1 with a one-line "FILE:..." message.
Usage: cli_test.py TOY GOOD_PROGRAM BAD_PROGRAM_TEXT"""
import os
import subprocess
import sys
import tempfile


def run(args):
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def main():
    toy, good, bad_text = sys.argv[1:4]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "bad.src")
        with open(bad, "w") as f:
            f.write(bad_text)
        cases = [
            ([], 2), (["--jit"], 2), (["--jit", "threshold=x", good], 2), (["--jit", "nope=1", good], 2),
            (["--jit", "threshold=0", good], 2), (["--bogus", good], 2), ([good, good], 2),
            ([os.path.join(tmp, "missing.src")], 2), ([bad], 1), (["--jit", "off", bad], 1),
        ]
        for args, status in cases:
            r = run([toy] + args)
            lines = r.stderr.splitlines()
            if r.returncode != status or len(lines) != 1 or r.stdout:
                failures.append("%s: status %d (want %d), stderr %r, stdout %r" % (args, r.returncode, status, r.stderr, r.stdout))
        r = run([toy, "--jit", "off", good])
        if r.returncode != 0:
            failures.append("good program failed: %r" % r.stderr)
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
