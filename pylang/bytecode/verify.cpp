// pylang/bytecode/verify.cpp — the bytecode verifier (see verify.h). It re-derives the stack
// depth of every instruction from the opcode table alone, independently of the assembler.
#include "pylang/bytecode/verify.h"

#include <vector>

namespace pyl::bytecode {

namespace {

std::string at(std::size_t index, const std::string& what) {
  return "instruction " + std::to_string(index) + ": " + what;
}

std::string checkTables(const CodeObject& code) {
  for (std::size_t k = 0; k < code.exceptionTable.size(); ++k) {
    const auto& e = code.exceptionTable[k];
    if (e.start >= e.end || e.end > code.size() || e.target >= code.size()) {
      return "exception table entry " + std::to_string(k) + " out of range";
    }
    if (k > 0 && code.exceptionTable[k - 1].end > e.start) {
      return "exception table entries " + std::to_string(k - 1) + " and " + std::to_string(k) +
             " overlap";
    }
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    Opcode op = code.opcodeAt(i);
    if (static_cast<int>(op) >= kOpcodeCount) return at(i, "unknown opcode");
    if (hasFlag(op, kPseudo))
      return at(i, "pseudo instruction " + std::string(opcodeInfo(op).name));
    std::size_t arg = code.argAt(i);
    std::size_t limit = 0;
    switch (opcodeInfo(op).arg) {
      case ArgKind::kConst:
        limit = code.consts.size();
        break;
      case ArgKind::kName:
        limit = code.names.size();
        break;
      case ArgKind::kLocal:
        limit = code.varnames.size();
        break;
      case ArgKind::kDeref:
        limit = code.cellvars.size() + code.freevars.size();
        break;
      case ArgKind::kJump:
        limit = code.size();
        break;
      default:
        continue;
    }
    if (arg >= limit) return at(i, std::string(opcodeInfo(op).name) + " argument out of range");
    if (hasFlag(op, kJumps)) {
      bool backward = op == Opcode::JUMP_BACKWARD || op == Opcode::JUMP_BACKWARD_NO_INTERRUPT;
      if (backward ? arg > i : arg <= i) return at(i, "jump in the wrong direction");
    }
  }
  return "";
}

}  // namespace

std::string verifyCode(const CodeObject& code) {
  if (std::string problem = checkTables(code); !problem.empty()) return problem;
  if (code.size() == 0) return "empty code";
  std::vector<int> depth(code.size(), -1);
  std::vector<std::size_t> work;
  std::string problem;
  auto reach = [&](std::size_t target, int d) {
    if (depth[target] == -1) {
      depth[target] = d;
      work.push_back(target);
    } else if (depth[target] != d && problem.empty()) {
      problem =
          at(target, "stack depth " + std::to_string(depth[target]) + " vs " + std::to_string(d));
    }
  };
  reach(0, 0);
  while (!work.empty() && problem.empty()) {
    std::size_t i = work.back();
    work.pop_back();
    Opcode op = code.opcodeAt(i);
    int arg = static_cast<int>(code.argAt(i));
    int d = depth[i];
    if (d < stackPops(op, arg)) return at(i, "stack underflow");
    if (d > code.maxStackDepth) return at(i, "stack deeper than co_stacksize");
    if (auto handler = code.handlerAt(i)) {
      if (static_cast<int>(handler->depth) > d) return at(i, "handler depth above the stack");
      reach(handler->target, static_cast<int>(handler->depth) + (handler->lasti ? 2 : 1));
    }
    if (hasFlag(op, kJumps)) reach(code.argAt(i), d + stackEffect(op, arg, true));
    if (!hasFlag(op, kTerminal)) {
      if (i + 1 >= code.size()) return at(i, "control falls off the end");
      reach(i + 1, d + stackEffect(op, arg, false));
    }
  }
  if (!problem.empty()) return problem;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (depth[i] == -1) return at(i, "unreachable");
    if (depth[i] > code.maxStackDepth) return at(i, "stack deeper than co_stacksize");
  }
  return "";
}

std::string verifyCodeTree(const CodeObject& code) {
  if (std::string problem = verifyCode(code); !problem.empty())
    return code.qualname + ": " + problem;
  for (const auto& nested : code.nestedCode()) {
    if (std::string problem = verifyCodeTree(*nested); !problem.empty()) return problem;
  }
  return "";
}

}  // namespace pyl::bytecode
