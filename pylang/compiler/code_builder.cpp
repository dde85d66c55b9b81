// pylang/compiler/code_builder.cpp — emission helpers and the assembler (see code_builder.h).
#include "pylang/compiler/code_builder.h"

#include <atomic>
#include <cmath>
#include <cstring>

namespace pyl::compiler {

using bytecode::Opcode;
using bytecode::OpcodeFlag;

std::string constantKey(const bytecode::Constant& value) {
  using bytecode::ConstantKind;
  std::string key(1, static_cast<char>('A' + static_cast<int>(value.kind())));
  switch (value.kind()) {
    case ConstantKind::kFloat:
    case ConstantKind::kComplex: {
      double parts[2] = {value.floatValue(), value.imagValue()};
      key.append(reinterpret_cast<const char*>(parts), sizeof parts);
      // NaN is not equal to itself: like CPython, every NaN constant is its own entry.
      if (std::isnan(parts[0]) || std::isnan(parts[1])) {
        static std::atomic<std::uint64_t> nanSerial{0};
        key += "#" + std::to_string(++nanSerial);
      }
      return key;
    }
    case ConstantKind::kTuple:
    case ConstantKind::kFrozenSet:
      key += "(";
      for (const auto& item : value.items()) {
        std::string inner = constantKey(item);
        key += std::to_string(inner.size()) + ":" + inner;
      }
      return key + ")";
    case ConstantKind::kCode: {
      // Structurally equal code objects (e.g. a lambda in a `finally` body, which is compiled
      // twice) are one constant, as CPython's code equality makes them.
      const bytecode::CodeObject& code = *value.codeValue();
      auto addList = [&key](const std::vector<std::string>& names) {
        for (const auto& n : names) key += std::to_string(n.size()) + ":" + n;
        key += ";";
      };
      key += code.name + ";" + code.qualname + ";" + std::to_string(code.firstLine) + ";" +
             std::to_string(code.flags) + ";" + std::to_string(code.argCount) + "," +
             std::to_string(code.posOnlyArgCount) + "," + std::to_string(code.kwOnlyArgCount) + ";";
      key.append(reinterpret_cast<const char*>(code.code.data()),
                 code.code.size() * sizeof(std::uint32_t));
      key += ";";
      for (const auto& c : code.consts) {
        std::string inner = constantKey(c);
        key += std::to_string(inner.size()) + ":" + inner;
      }
      addList(code.names);
      addList(code.varnames);
      addList(code.cellvars);
      addList(code.freevars);
      for (const auto& run : code.locations) {
        key += std::to_string(run.start) + "@" + std::to_string(run.location.line) + "," +
               std::to_string(run.location.col) + "," + std::to_string(run.location.endLine) + "," +
               std::to_string(run.location.endCol) + ";";
      }
      for (const auto& e : code.exceptionTable) {
        key += std::to_string(e.start) + "-" + std::to_string(e.end) + ">" +
               std::to_string(e.target) + "/" + std::to_string(e.depth) + (e.lasti ? "l;" : ";");
      }
      return key;
    }
    case ConstantKind::kStr:
    case ConstantKind::kBytes:
      return key + value.text();
    default:
      return key + value.repr();
  }
}

int CodeBuilder::newLabel() {
  labelPositions_.push_back(-1);
  return static_cast<int>(labelPositions_.size()) - 1;
}

void CodeBuilder::bind(int label) {
  labelPositions_[label] = static_cast<int>(instructions_.size());
  pendingLabels_.push_back(label);
}

void CodeBuilder::emit(Opcode op, std::uint32_t arg, const bytecode::SourceLocation& location) {
  instructions_.push_back({op, arg, -1, location});
  pendingLabels_.clear();
}

void CodeBuilder::emitJump(Opcode op, int label, const bytecode::SourceLocation& location) {
  instructions_.push_back({op, 0, label, location});
  pendingLabels_.clear();
}

bool CodeBuilder::foldConstantTuple(std::uint32_t count, const bytecode::SourceLocation& location) {
  if (count > instructions_.size()) return false;
  std::size_t first = instructions_.size() - count;
  for (std::size_t i = first; i < instructions_.size(); ++i) {
    if (instructions_[i].op != Opcode::LOAD_CONST) return false;
  }
  for (int position : labelPositions_) {
    if (position > static_cast<int>(first) && position <= static_cast<int>(instructions_.size()))
      return false;
  }
  std::vector<bytecode::Constant> items;
  for (std::size_t i = first; i < instructions_.size(); ++i)
    items.push_back(consts_[instructions_[i].arg]);
  instructions_.resize(first);
  emit(Opcode::LOAD_CONST, addConst(bytecode::Constant::tuple(std::move(items))), location);
  return true;
}

bool CodeBuilder::endsInTerminal() const {
  return !instructions_.empty() && pendingLabels_.empty() &&
         bytecode::hasFlag(instructions_.back().op, bytecode::kTerminal) &&
         !bytecode::hasFlag(instructions_.back().op, bytecode::kPseudo);
}

std::uint32_t CodeBuilder::addConst(const bytecode::Constant& value) {
  std::string key = constantKey(value);
  auto [it, inserted] = constIndex_.emplace(key, static_cast<std::uint32_t>(consts_.size()));
  if (inserted) consts_.push_back(value);
  return it->second;
}

std::uint32_t CodeBuilder::addName(const std::string& name) {
  auto [it, inserted] = nameIndex_.emplace(name, static_cast<std::uint32_t>(names_.size()));
  if (inserted) names_.push_back(name);
  return it->second;
}

std::uint32_t CodeBuilder::addVarname(const std::string& name) {
  auto [it, inserted] = varnameIndex_.emplace(name, static_cast<std::uint32_t>(varnames_.size()));
  if (inserted) varnames_.push_back(name);
  return it->second;
}

int CodeBuilder::findVarname(const std::string& name) const {
  auto it = varnameIndex_.find(name);
  return it == varnameIndex_.end() ? -1 : static_cast<int>(it->second);
}

namespace {

// An immutable stack of SETUP_* instruction indices shared between flow paths.
struct HandlerNode {
  int setup;
  std::shared_ptr<const HandlerNode> parent;
};
using HandlerStack = std::shared_ptr<const HandlerNode>;

struct FlowState {
  std::vector<int> depth;              // stack depth before each instruction, -1: unreachable
  std::vector<HandlerStack> handlers;  // handler stack in force at each instruction
  std::vector<int> setupDepth;         // depth at each SETUP_* instruction
  std::vector<int> predecessors;       // control-flow edges into each instruction
  std::vector<int> firstPredecessor;   // the instruction of the first such edge (-1: entry)
  int maxDepth = 0;
};

bool isSetup(Opcode op) {
  return op == Opcode::SETUP_FINALLY || op == Opcode::SETUP_CLEANUP || op == Opcode::SETUP_WITH;
}

[[noreturn]] void internalError(const std::string& what, std::size_t index) {
  throw AssemblyError("internal compiler error: " + what + " at instruction " +
                      std::to_string(index));
}

FlowState analyzeFlow(const std::vector<Instruction>& code, const std::vector<int>& labels) {
  FlowState state;
  state.depth.assign(code.size(), -1);
  state.handlers.assign(code.size(), nullptr);
  state.setupDepth.assign(code.size(), -1);
  state.predecessors.assign(code.size(), 0);
  state.firstPredecessor.assign(code.size(), -1);
  struct Work {
    std::size_t index;
    int depth;
    HandlerStack handlers;
  };
  std::vector<Work> work;
  auto countEdge = [&](std::size_t from, std::size_t to) {
    if (state.predecessors[to]++ == 0) state.firstPredecessor[to] = static_cast<int>(from);
  };
  // Follows the edge from instruction `from` (-1: the entry) to `index`.
  auto reach = [&](std::size_t index, int depth, const HandlerStack& handlers, int from) {
    if (index >= code.size()) internalError("control falls off the end", index);
    if (from >= 0) countEdge(static_cast<std::size_t>(from), index);
    if (state.depth[index] == -1) {
      state.depth[index] = depth;
      state.handlers[index] = handlers;
      work.push_back({index, depth, handlers});
    } else if (state.depth[index] != depth) {
      internalError("inconsistent stack depth " + std::to_string(state.depth[index]) + " vs " +
                        std::to_string(depth),
                    index);
    }
  };
  if (!code.empty()) reach(0, 0, nullptr, -1);
  while (!work.empty()) {
    Work item = work.back();
    work.pop_back();
    std::size_t i = item.index;
    int depth = item.depth;
    HandlerStack handlers = item.handlers;
    for (;;) {
      const Instruction& ins = code[i];
      int arg = static_cast<int>(ins.arg);
      if (depth < bytecode::stackPops(ins.op, arg)) internalError("stack underflow", i);
      // An instruction that can raise reaches its handler; a handler no instruction can reach
      // (e.g. the cleanup of an empty `except` body) is dead code and dropped.
      // (JUMP becomes a real jump; JUMP_BACKWARD may raise from a signal check.)
      bool realInstruction = !bytecode::hasFlag(ins.op, bytecode::kPseudo) ||
                             ins.op == Opcode::JUMP || ins.op == Opcode::JUMP_NO_INTERRUPT;
      if (handlers && realInstruction) {
        const Instruction& setup = code[handlers->setup];
        int handlerDepth =
            state.setupDepth[handlers->setup] + (setup.op == Opcode::SETUP_FINALLY ? 1 : 2);
        state.maxDepth = std::max(state.maxDepth, handlerDepth);
        reach(static_cast<std::size_t>(labels.at(setup.label)), handlerDepth, handlers->parent,
              static_cast<int>(i));
      }
      if (isSetup(ins.op)) {
        if (labels.at(ins.label) < 0) internalError("unbound label", i);
        // SETUP_WITH protects the body below the __enter__ result (DESIGN(exception-table)).
        state.setupDepth[i] = ins.op == Opcode::SETUP_WITH ? depth - 1 : depth;
      } else if (bytecode::hasFlag(ins.op, bytecode::kJumps)) {
        int target = labels.at(ins.label);
        if (target < 0) internalError("unbound label", i);
        int jumpDepth = depth + bytecode::stackEffect(ins.op, arg, true);
        state.maxDepth = std::max(state.maxDepth, jumpDepth);
        reach(static_cast<std::size_t>(target), jumpDepth, handlers, static_cast<int>(i));
      }
      if (isSetup(ins.op)) {
        handlers = std::make_shared<const HandlerNode>(HandlerNode{static_cast<int>(i), handlers});
      } else if (ins.op == Opcode::POP_BLOCK) {
        if (!handlers) internalError("POP_BLOCK without a handler", i);
        handlers = handlers->parent;
      }
      if (bytecode::hasFlag(ins.op, bytecode::kTerminal)) break;
      depth += bytecode::stackEffect(ins.op, arg, false);
      state.maxDepth = std::max(state.maxDepth, depth);
      ++i;
      if (i >= code.size()) internalError("control falls off the end", i);
      countEdge(i - 1, i);
      if (state.depth[i] != -1) {
        if (state.depth[i] != depth) internalError("inconsistent stack depth at join", i);
        break;
      }
      state.depth[i] = depth;
      state.handlers[i] = handlers;
    }
  }
  return state;
}

}  // namespace

void CodeBuilder::assemble(bytecode::CodeObject& out) const {
  FlowState flow = analyzeFlow(instructions_, labelPositions_);
  // Keep reachable real instructions; map every old index to the next kept one.
  std::vector<std::uint32_t> newIndex(instructions_.size() + 1, 0);
  std::uint32_t next = 0;
  for (std::size_t i = 0; i < instructions_.size(); ++i) {
    newIndex[i] = next;
    if (flow.depth[i] >= 0 && !bytecode::hasFlag(instructions_[i].op, bytecode::kPseudo)) ++next;
    if (flow.depth[i] >= 0 &&
        (instructions_[i].op == Opcode::JUMP || instructions_[i].op == Opcode::JUMP_NO_INTERRUPT)) {
      ++next;
    }
  }
  newIndex[instructions_.size()] = next;
  auto labelIndex = [&](int label) { return newIndex[labelPositions_.at(label)]; };

  // DESIGN(line-table): compiler-generated instructions (cleanups, implicit returns) have no
  // location of their own; like CPython's propagate_line_numbers they take the location of the
  // instruction before them in the same straight-line run, or of their only predecessor.
  std::vector<bytecode::SourceLocation> locations(instructions_.size());
  std::vector<bool> labelled(instructions_.size() + 1, false);
  for (int position : labelPositions_) {
    if (position >= 0) labelled[static_cast<std::size_t>(position)] = true;
  }
  for (std::size_t i = 0; i < instructions_.size(); ++i) {
    locations[i] = instructions_[i].location;
    if (flow.depth[i] < 0 || locations[i].line > 0) continue;
    bool fallsInto = i > 0 && !labelled[i] && flow.depth[i - 1] >= 0 &&
                     !bytecode::hasFlag(instructions_[i - 1].op, bytecode::kTerminal);
    if (fallsInto) {
      locations[i] = locations[i - 1];
    } else if (flow.predecessors[i] == 1 && flow.firstPredecessor[i] >= 0 &&
               static_cast<std::size_t>(flow.firstPredecessor[i]) < i) {
      locations[i] = locations[static_cast<std::size_t>(flow.firstPredecessor[i])];
    }
  }

  out.code.clear();
  out.exceptionTable.clear();
  out.locations.clear();
  for (std::size_t i = 0; i < instructions_.size(); ++i) {
    const Instruction& ins = instructions_[i];
    if (flow.depth[i] < 0) continue;
    Opcode op = ins.op;
    bool isJump = op == Opcode::JUMP || op == Opcode::JUMP_NO_INTERRUPT;
    if (bytecode::hasFlag(op, bytecode::kPseudo) && !isJump) continue;
    std::uint32_t here = static_cast<std::uint32_t>(out.code.size());
    std::uint32_t arg = ins.arg;
    if (bytecode::hasFlag(op, bytecode::kJumps)) {
      arg = labelIndex(ins.label);
      if (op == Opcode::JUMP) {
        op = arg > here ? Opcode::JUMP_FORWARD : Opcode::JUMP_BACKWARD;
      } else if (op == Opcode::JUMP_NO_INTERRUPT) {
        op = arg > here ? Opcode::JUMP_FORWARD : Opcode::JUMP_BACKWARD_NO_INTERRUPT;
      } else if (arg <= here) {
        internalError("backward conditional jump", i);
      }
    }
    if (arg > bytecode::kMaxArg) throw AssemblyError("code object too large");
    out.code.push_back(bytecode::encodeInstruction(op, arg));
    // Exception table: the innermost handler in force at this instruction.
    if (const HandlerStack& handlers = flow.handlers[i]) {
      const Instruction& setup = instructions_[handlers->setup];
      bytecode::ExceptionTableEntry entry;
      entry.start = here;
      entry.end = here + 1;
      entry.target = labelIndex(setup.label);
      if (flow.setupDepth[handlers->setup] < 0) internalError("handler depth unknown", i);
      entry.depth = static_cast<std::uint32_t>(flow.setupDepth[handlers->setup]);
      entry.lasti = setup.op != Opcode::SETUP_FINALLY;
      auto& table = out.exceptionTable;
      if (!table.empty() && table.back().end == here && table.back().target == entry.target &&
          table.back().depth == entry.depth && table.back().lasti == entry.lasti) {
        table.back().end = here + 1;
      } else {
        table.push_back(entry);
      }
    }
    if (out.locations.empty() || !(out.locations.back().location == locations[i])) {
      out.locations.push_back({here, locations[i]});
    }
  }
  out.maxStackDepth = flow.maxDepth;
  // Trailing constants no remaining instruction uses (e.g. the None of an unreachable implicit
  // return, or the test of `while 1`) are dropped, keeping at least the first (a function's
  // docstring slot), as CPython 3.11's trim_unused_consts does.
  std::size_t keep = consts_.empty() ? 0 : 1;
  for (std::uint32_t word : out.code) {
    if (bytecode::opcodeInfo(bytecode::decodeOpcode(word)).arg == bytecode::ArgKind::kConst) {
      keep = std::max<std::size_t>(keep, bytecode::decodeArg(word) + 1);
    }
  }
  out.consts.assign(consts_.begin(), consts_.begin() + static_cast<std::ptrdiff_t>(keep));
  out.names = names_;
  out.varnames = varnames_;
}

}  // namespace pyl::compiler
