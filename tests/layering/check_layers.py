#!/usr/bin/env python3
"""Checks the layering rules of DESIGN.md §2 and §6 on every C++ source in the repository:

- Boehm GC's headers are included only by gc/*.cpp (and microbenchmarks that compare with it).
- LLVM's headers are included only under jit/backend/llvm/.
- framework/ and jit/ never include pylang/ or strategies/; gc/ includes no other layer.
- Project includes are written from the repository root ("jit/ir/ir.h"), never with "../".

Prints one line per violation and exits 1 if there is any; prints a count and exits 0 otherwise.
"""
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)
SOURCES = (".h", ".hpp", ".cpp", ".cc", ".def", ".inc")
SKIP_DIRS = {".git", "node_modules"}


def rules(path: str, quote: str, header: str) -> list[str]:
    problems = []
    top = path.split("/", 1)[0]
    if quote == "<" and (header == "gc.h" or header.startswith("gc/")):
        if not (path.startswith("gc/") and path.endswith(".cpp")) and \
                not path.startswith("bench/micro/"):
            problems.append(f"includes Boehm GC header <{header}> outside gc/*.cpp")
    if quote == "<" and (header.startswith("llvm/") or header.startswith("llvm-c/")):
        if not path.startswith("jit/backend/llvm/"):
            problems.append(f"includes LLVM header <{header}> outside jit/backend/llvm/")
    if quote == '"':
        if header.startswith("../") or "/../" in header:
            problems.append(f'relative include "{header}": write includes from the repo root')
        target = header.split("/", 1)[0]
        if top in ("framework", "jit") and target in ("pylang", "strategies"):
            problems.append(f'{top}/ includes "{header}": the framework must not know pylang')
        if top == "gc" and target in ("framework", "jit", "strategies", "pylang"):
            problems.append(f'gc/ includes "{header}": gc is the bottom layer')
    return problems


def self_check() -> list[str]:
    """The rules must flag what they are meant to flag, or this test proves nothing."""
    must_flag = [("jit/opt/x.cpp", '"', "pylang/objspace/int.h"),
                 ("framework/cx.h", '"', "strategies/list.h"),
                 ("pylang/x.cpp", "<", "gc/gc.h"), ("gc/heap.h", "<", "gc.h"),
                 ("jit/backend/reference/r.cpp", "<", "llvm/IR/Module.h"),
                 ("pylang/x.cpp", '"', "../gc/heap.h")]
    must_pass = [("gc/heap.cpp", "<", "gc/gc.h"), ("jit/backend/llvm/b.cpp", "<", "llvm/IR/IRBuilder.h"),
                 ("pylang/x.cpp", '"', "jit/ir/ir.h"), ("jit/opt/x.cpp", '"', "gc/heap.h")]
    failures = [f"rule missed {case}" for case in must_flag if not rules(*case)]
    failures += [f"rule wrongly flagged {case}" for case in must_pass if rules(*case)]
    return failures


def main() -> int:
    broken = self_check()
    if broken:
        print("\n".join(broken))
        return 1
    checked = 0
    violations = []
    for file in sorted(REPO.rglob("*")):
        if not file.is_file() or file.suffix not in SOURCES:
            continue
        relative = file.relative_to(REPO).as_posix()
        if relative.split("/", 1)[0] in SKIP_DIRS or relative.startswith("build"):
            continue
        if any(part in SKIP_DIRS for part in file.parts):
            continue
        checked += 1
        text = file.read_text(encoding="utf-8", errors="replace")
        for match in INCLUDE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            for problem in rules(relative, match.group(1), match.group(2)):
                violations.append(f"{relative}:{line}: {problem}")
    for violation in violations:
        print(violation)
    print(f"checked {checked} files: {len(violations)} layering violation(s)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
