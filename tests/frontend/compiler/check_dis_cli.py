#!/usr/bin/env python3
"""`pylang --dis FILE` end to end: the listing has every code object, and LOOKUP_METHOD /
CALL_METHOD appear exactly when the binary was translated with --objspace-opcodes-CALL_METHOD
(as its --info reports). A SyntaxError is printed CPython-style with exit status 1.

    check_dis_cli.py PYLANG
"""
import os
import subprocess
import sys
import tempfile

PROGRAM = "class A:\n    def m(self, x):\n        return self.helper(x).strip()\n\nprint(A().m(2))\n"


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def main():
    pylang = sys.argv[1]
    info = run(pylang, "--info").stdout
    with_call_method = any("objspace-opcodes-CALL_METHOD" in line and line.rstrip().endswith("true")
                           for line in info.splitlines())
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "prog.py")
        with open(path, "w") as f:
            f.write(PROGRAM)
        result = run(pylang, "--dis", path)
        if result.returncode != 0:
            failures.append(f"--dis failed: {result.stderr}")
        listing = result.stdout
        for title in ("Disassembly of <code object A,", "Disassembly of <code object m,"):
            if title not in listing:
                failures.append(f"missing section {title!r}")
        has_lookup = "LOOKUP_METHOD" in listing and "CALL_METHOD" in listing
        if has_lookup != with_call_method:
            failures.append(f"LOOKUP_METHOD present={has_lookup}, option={with_call_method}")
        if not with_call_method and "LOAD_ATTR" not in listing:
            failures.append("plain attribute calls should use LOAD_ATTR")
        bad = os.path.join(tmp, "bad.py")
        with open(bad, "w") as f:
            f.write("def f():\n    pass\nreturn 1\n")
        result = run(pylang, "--dis", bad)
        expected = "    return 1\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n"
        if result.returncode != 1 or not result.stderr.endswith(expected):
            failures.append(f"SyntaxError output: {result.returncode} {result.stderr!r}")
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
