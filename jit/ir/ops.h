// jit/ir/ops.h — the Opcode enum and per-op facts, generated from jit/ir/ops.def (the one table).
//
// API: `Opcode::int_add`, `opInfo(op).name/arity/result/flags`, `opName(op)`,
// `opcodeFromName("int_add")`, predicates (`isGuard`, `isPure`, …) and the typed-variant helpers
// (`getfieldFor(Type)`, `callFor(Opcode family, Type)`, `sameAsFor(Type)`).
// Neighbours: jit/ir/value.h (Type), jit/ir/trace.h (ops in a trace), jit/ir/op_semantics.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "jit/ir/value.h"

namespace pyl::jit::ir {

inline constexpr int kVariadic = -1;

// Flag bits of ops.def (see the comment at the top of that file).
enum OpFlag : std::uint32_t {
  kNoFlags = 0,
  kPure = 1u << 0,
  kCommutative = 1u << 1,
  kGuard = 1u << 2,
  kDescr = 1u << 3,
  kLoad = 1u << 4,
  kAlloc = 1u << 5,
  kSideEffect = 1u << 6,
  kCanRaise = 1u << 7,
  kOvf = 1u << 8,
  kCall = 1u << 9,
  kFinal = 1u << 10,
  kBoolResult = 1u << 11,
};

enum class Opcode : std::uint16_t {
#define OP(name, arity, result, flags) name,
#include "jit/ir/ops.def"
#undef OP
};

inline constexpr int kOpcodeCount = 0
#define OP(name, arity, result, flags) +1
#include "jit/ir/ops.def"
#undef OP
    ;

struct OpInfo {
  std::string_view name;
  int arity;  // kVariadic for variable argument counts
  Type result;
  std::uint32_t flags;
};

// "new_" is printed "new" (see ops.def); no other name ends in '_'.
constexpr std::string_view opTableName(std::string_view spelled) {
  return spelled.ends_with('_') ? spelled.substr(0, spelled.size() - 1) : spelled;
}

inline constexpr OpInfo kOpInfo[kOpcodeCount] = {
#define OP(name, arity, result, flags) {opTableName(#name), arity, Type::result, flags},
#include "jit/ir/ops.def"
#undef OP
};

constexpr const OpInfo& opInfo(Opcode op) {
  return kOpInfo[static_cast<int>(op)];
}
constexpr std::string_view opName(Opcode op) {
  return opInfo(op).name;
}
constexpr bool hasFlag(Opcode op, std::uint32_t flag) {
  return (opInfo(op).flags & flag) != 0;
}
constexpr bool isGuard(Opcode op) {
  return hasFlag(op, kGuard);
}
constexpr bool isPure(Opcode op) {
  return hasFlag(op, kPure);
}
constexpr bool isOvf(Opcode op) {
  return hasFlag(op, kOvf);
}
constexpr bool isCall(Opcode op) {
  return hasFlag(op, kCall);
}
constexpr bool isFinal(Opcode op) {
  return hasFlag(op, kFinal);
}
// Comparisons and truth tests: the result is 0 or 1.
constexpr bool hasBoolResult(Opcode op) {
  return hasFlag(op, kBoolResult);
}
constexpr bool needsDescr(Opcode op) {
  return hasFlag(op, kDescr);
}
constexpr Type resultType(Opcode op) {
  return opInfo(op).result;
}

// Linear search over the table; the parser is the only caller.
std::optional<Opcode> opcodeFromName(std::string_view name);

// The typed variants of families whose names end in _i/_r/_f/_n.
enum class CallFamily : std::uint8_t {
  kCall,
  kCallPure,
  kCallMayForce,
  kCallAssembler,
  kCallLoopInvariant
};
Opcode callFor(CallFamily family, Type result);
std::optional<CallFamily> callFamilyOf(Opcode op);
Opcode getfieldGcFor(Type type);      // getfield_gc_i/r/f
Opcode getarrayitemGcFor(Type type);  // getarrayitem_gc_i/r/f
Opcode sameAsFor(Type type);          // same_as_i/r/f
Opcode escapeFor(Type type);          // escape_i/r/f/n

// True for the ops that end in an exception check (calls that can raise per their descr decide
// for themselves; this is the table's conservative answer).
constexpr bool isCallPure(Opcode op) {
  return op == Opcode::call_pure_i || op == Opcode::call_pure_r || op == Opcode::call_pure_f ||
         op == Opcode::call_pure_n;
}
constexpr bool isEscape(Opcode op) {
  return op == Opcode::escape_i || op == Opcode::escape_r || op == Opcode::escape_f ||
         op == Opcode::escape_n;
}
constexpr bool isAlloc(Opcode op) {
  return hasFlag(op, kAlloc);
}
constexpr bool isLoad(Opcode op) {
  return hasFlag(op, kLoad);
}
constexpr bool isGetfieldGc(Opcode op) {
  return op == Opcode::getfield_gc_i || op == Opcode::getfield_gc_r || op == Opcode::getfield_gc_f;
}
constexpr bool isGetarrayitemGc(Opcode op) {
  return op == Opcode::getarrayitem_gc_i || op == Opcode::getarrayitem_gc_r ||
         op == Opcode::getarrayitem_gc_f;
}
constexpr bool isSameAs(Opcode op) {
  return op == Opcode::same_as_i || op == Opcode::same_as_r || op == Opcode::same_as_f;
}

}  // namespace pyl::jit::ir
