// pylang/bytecode/code.h — the code object: what the compiler produces for one module, class
// body, function, lambda or comprehension, and what the interpreter (a later issue) executes.
// Field names follow CPython's co_* attributes so tests compare them with CPython directly.
//
// Invariants: instruction words are encoded as opcodes.h says; every jump target and exception
// table entry points inside `code`; `locations` has one entry per instruction; every
// kDeref argument indexes cellvars ++ freevars; maxStackDepth bounds the value stack on every
// path, including exception handlers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pylang/bytecode/constant.h"
#include "pylang/bytecode/opcodes.h"

namespace pyl::bytecode {

// co_flags bits, CPython's values.
enum CodeFlag : std::uint32_t {
  CO_OPTIMIZED = 0x0001,
  CO_NEWLOCALS = 0x0002,
  CO_VARARGS = 0x0004,
  CO_VARKEYWORDS = 0x0008,
  CO_NESTED = 0x0010,
  CO_GENERATOR = 0x0020,
  CO_NOFREE = 0x0040,  // not set by 3.11 either; kept for the numbering
  CO_COROUTINE = 0x0080,
  CO_ITERABLE_COROUTINE = 0x0100,
  CO_ASYNC_GENERATOR = 0x0200,
  CO_FUTURE_ANNOTATIONS = 0x1000000,
};

// Source span of one instruction; line 0 means "no line" (compiler-generated cleanup code).
struct SourceLocation {
  int line = 0;
  int endLine = 0;
  int col = 0;  // UTF-8 byte offset, 0-based, like CPython's col_offset
  int endCol = 0;
  bool operator==(const SourceLocation&) const = default;
};

// DESIGN(exception-table): exceptions use CPython 3.11's zero-cost table rather than a block
// stack. An entry covers instructions [start, end); when one of them raises, the interpreter
// pops the value stack down to `depth`, pushes the raising instruction's index if `lasti`,
// pushes the exception, and jumps to `target`. Entries do not overlap (the compiler emits the
// innermost handler for each instruction), are sorted by start, and adjacent instructions with
// the same handler share one entry. No entry means the exception leaves the frame.
struct ExceptionTableEntry {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::uint32_t target = 0;
  std::uint32_t depth = 0;
  bool lasti = false;
};

// DESIGN(line-table): locations are stored run-length encoded: a run starts at `start` and
// lasts until the next run; lookups binary-search. Tracebacks need (line, endLine, col,
// endCol) of the failing instruction, the PYLANGLOG trace log needs line starts.
struct LocationRun {
  std::uint32_t start = 0;
  SourceLocation location;
};

struct CodeObject {
  std::string name;      // co_name
  std::string qualname;  // co_qualname
  std::string filename;  // co_filename
  int firstLine = 1;     // co_firstlineno
  int argCount = 0;      // co_argcount (positional, including positional-only)
  int posOnlyArgCount = 0;
  int kwOnlyArgCount = 0;
  std::uint32_t flags = 0;
  int maxStackDepth = 0;  // co_stacksize
  std::vector<std::uint32_t> code;
  std::vector<Constant> consts;
  std::vector<std::string> names;     // co_names: globals, attributes, imports
  std::vector<std::string> varnames;  // co_varnames: arguments first, then locals
  std::vector<std::string> cellvars;  // co_cellvars: locals captured by inner scopes
  std::vector<std::string> freevars;  // co_freevars: captured from enclosing scopes
  // For each cellvar that is also an argument, the argument's index (else -1): MAKE_CELL
  // initialises such a cell from the argument.
  std::vector<int> cell2arg;
  std::vector<ExceptionTableEntry> exceptionTable;
  std::vector<LocationRun> locations;

  std::size_t size() const { return code.size(); }
  Opcode opcodeAt(std::size_t index) const { return decodeOpcode(code[index]); }
  std::uint32_t argAt(std::size_t index) const { return decodeArg(code[index]); }
  // Location of instruction `index` (a zero location if there is none).
  SourceLocation locationAt(std::size_t index) const;
  // The handler covering instruction `index`, if any.
  std::optional<ExceptionTableEntry> handlerAt(std::size_t index) const;
  // Name of deref slot `index` (cellvars ++ freevars).
  const std::string& derefName(std::size_t index) const;
  // Code objects among the constants, in order (what `dis` lists after this one).
  std::vector<std::shared_ptr<const CodeObject>> nestedCode() const;
};

}  // namespace pyl::bytecode
