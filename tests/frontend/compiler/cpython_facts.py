#!/usr/bin/env python3
"""Prints, from CPython itself, the facts compiler_tool prints from pylang (same format).

    cpython_facts.py symtable|codefacts|error FILE

symtable: CPython's `symtable` module (raw flags and scope of every name, per block);
codefacts: co_varnames/co_cellvars/co_freevars/argument counts/flag bits/constants of every
code object; error: "OK" or the SyntaxError raised while compiling. Must run on CPython 3.11.
"""
import sys
import symtable

FLAG_BITS = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x80 | 0x200


def dump_table(table, indent, out):
    pad = " " * indent
    out.append(f"{pad}{table.get_type()} {table.get_name()} {table.get_lineno()}")
    for sym in sorted(table.get_symbols(), key=lambda s: s.get_name()):
        flags = sym._Symbol__flags
        out.append(f"{pad}  {sym.get_name()} {flags & ((1 << 11) - 1)} {(flags >> 11) & 7}")
    for child in table.get_children():
        dump_table(child, indent + 2, out)


def const_repr(value):
    """repr(), except that frozenset elements are sorted (their order depends on hashing)."""
    if isinstance(value, frozenset):
        return "frozenset({" + ", ".join(sorted(const_repr(v) for v in value)) + "})" if value else "frozenset()"
    if type(value) is tuple:
        items = [const_repr(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    return repr(value)


def dump_code(code, out):
    out.append(f"code {code.co_qualname} line {code.co_firstlineno}")
    out.append(f"  varnames {list(code.co_varnames)!r}")
    out.append(f"  cellvars {list(code.co_cellvars)!r}")
    out.append(f"  freevars {list(code.co_freevars)!r}")
    out.append(f"  args {code.co_argcount} {code.co_posonlyargcount} {code.co_kwonlyargcount}")
    out.append(f"  flags {code.co_flags & FLAG_BITS}")
    consts = sorted(const_repr(c) for c in code.co_consts if not hasattr(c, "co_code"))
    out.append("  consts" + "".join(" " + c for c in consts))
    for c in code.co_consts:
        if hasattr(c, "co_code"):
            dump_code(c, out)


def error_line(exc):
    return f"{type(exc).__name__}: {exc.msg} ({exc.lineno}, {exc.offset})"


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        source = f.read()
    out = []
    try:
        if mode == "symtable":
            dump_table(symtable.symtable(source.decode("utf-8"), "snippet", "exec"), 0, out)
        else:
            code = compile(source, "snippet", "exec", dont_inherit=True)
            if mode == "error":
                out.append("OK")
            else:
                dump_code(code, out)
    except SyntaxError as exc:
        out = [error_line(exc)]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
