// pylang/bytecode/dis.h — the disassembler behind `pylang --dis FILE`: a listing in the layout of
// CPython 3.11's `python -m dis` (line column, `>>` on jump targets, offset, opcode name, argument,
// resolved argument in parentheses), every nested code object after its parent, then the
// exception table. Everything it knows about an opcode comes from opcodes.def.
#pragma once

#include <string>

#include "pylang/bytecode/code.h"

namespace pyl::bytecode {

// The listing of `code` alone (no nested code objects).
std::string disassembleOne(const CodeObject& code);
// The listing of `code` followed by "Disassembly of <code object ...>:" sections for every
// code object in its constants, recursively, in constant order.
std::string disassemble(const CodeObject& code);
// What the disassembler prints in parentheses for instruction `index` ("" for nothing).
std::string describeArgument(const CodeObject& code, std::size_t index);

}  // namespace pyl::bytecode
