// pylang/compiler/code_builder.h — the instruction list of one code unit while it is being
// compiled, and the assembler that turns it into a CodeObject.
//
// The compiler emits instructions with symbolic labels and the pseudo instructions of
// opcodes.def (JUMP, SETUP_FINALLY/CLEANUP/WITH, POP_BLOCK). assemble() then, in one flow
// analysis over the control-flow graph, computes the stack depth before every instruction
// (from the opcode table's stack effects) and the handler stack in force at it (SETUP_* push,
// POP_BLOCK pops, as CPython's label_exception_targets does), drops unreachable and pseudo
// instructions, resolves labels to indices, picks JUMP_FORWARD/JUMP_BACKWARD, and builds the
// exception and line tables (code.h). Invariant checks (stack underflow, inconsistent depth at
// a join, a backward conditional jump) are internal-error exceptions, never silent.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "pylang/bytecode/code.h"

namespace pyl::compiler {

// A bug in the compiler or an over-limit input ("code object too large").
class AssemblyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Instruction {
  bytecode::Opcode op;
  std::uint32_t arg = 0;
  int label = -1;  // jump target label for kJumps opcodes
  bytecode::SourceLocation location;
};

class CodeBuilder {
 public:
  int newLabel();
  // Binds `label` to the position of the next emitted instruction.
  void bind(int label);
  void emit(bytecode::Opcode op, std::uint32_t arg, const bytecode::SourceLocation& location);
  void emitJump(bytecode::Opcode op, int label, const bytecode::SourceLocation& location);
  // Replaces the last `count` instructions by one LOAD_CONST of their tuple when they are all
  // LOAD_CONSTs no label points into (CPython's fold_tuple_on_constants); false otherwise.
  bool foldConstantTuple(std::uint32_t count, const bytecode::SourceLocation& location);
  // True if the last emitted instruction never falls through and no label points past it.
  bool endsInTerminal() const;

  // Interned tables (index of the entry, added on first use).
  std::uint32_t addConst(const bytecode::Constant& value);
  std::uint32_t addName(const std::string& name);
  std::uint32_t addVarname(const std::string& name);
  int findVarname(const std::string& name) const;
  std::vector<bytecode::Constant>& consts() { return consts_; }
  std::vector<std::string>& varnames() { return varnames_; }

  // Finishes the code object: fills code, tables, maxStackDepth, consts, names, varnames.
  void assemble(bytecode::CodeObject& out) const;

 private:
  std::vector<Instruction> instructions_;
  std::vector<int> labelPositions_;  // label -> instruction index (-1 until bound)
  std::vector<int> pendingLabels_;   // labels bound since the last emitted instruction
  std::vector<bytecode::Constant> consts_;
  std::map<std::string, std::uint32_t> constIndex_;
  std::vector<std::string> names_;
  std::map<std::string, std::uint32_t> nameIndex_;
  std::vector<std::string> varnames_;
  std::map<std::string, std::uint32_t> varnameIndex_;
};

// The key under which equal constants are merged (type-sensitive, -0.0 distinct from 0.0).
std::string constantKey(const bytecode::Constant& value);

}  // namespace pyl::compiler
