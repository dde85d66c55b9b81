#!/usr/bin/env python3
"""Writes stdlib_exclusions.txt: the .py files of the installed CPython 3.11 standard library that
CPython itself refuses (py2-syntax test data, deliberately broken test inputs, unknown encodings,
misplaced __future__ imports), each with the refusing stage and CPython's reason. frontend_check's stdlib test skips them but requires that
pylang rejects them too. Run with the python3.11 whose stdlib the test checks.
"""
import ast
import os
import sys
import sysconfig
import warnings


def main():
    root = sysconfig.get_paths()["stdlib"]
    rows = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "dist-packages"))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(directory, name)
            with open(path, "rb") as f:
                source = f.read()
            stage = "parse"
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    tree = ast.parse(source, path)
                    stage = "compile"
                    compile(tree, path, "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as e:
                reason = "%s: %s" % (type(e).__name__, getattr(e, "msg", None) or e)
                rows.append("%s\t%s\t%s" % (os.path.relpath(path, root), stage,
                                            reason.replace("\n", " ")))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stdlib_exclusions.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Files of the CPython %s standard library that CPython refuses, with the stage that\n"
                "# refuses them (parse: ast.parse fails; compile: the tree does not compile) and its\n"
                "# reason (written by make_stdlib_exclusions.py). pylang must reject the parse-stage\n"
                "# ones when parsing, parse the compile-stage ones, and parse every other file.\n"
                % sys.version.split()[0])
        for row in sorted(rows):
            f.write(row + "\n")
    print("%d exclusions written to %s" % (len(rows), out))


if __name__ == "__main__":
    main()
