// jit/ir/ops.cpp — lookups over the op table (jit/ir/ops.def) that are not constexpr-friendly:
// name -> opcode for the parser and the typed-variant tables (_i/_r/_f/_n families).
#include "jit/ir/ops.h"

#include <cstdlib>

namespace pyl::jit::ir {

std::optional<Opcode> opcodeFromName(std::string_view name) {
  for (int i = 0; i < kOpcodeCount; ++i) {
    if (kOpInfo[i].name == name) return static_cast<Opcode>(i);
  }
  return std::nullopt;
}

namespace {

// Picks the member of a four-op family (…_i, …_r, …_f, …_n) for a result type.
Opcode pick(Type type, Opcode i, Opcode r, Opcode f, Opcode n) {
  switch (type) {
    case Type::Int:
      return i;
    case Type::Ref:
      return r;
    case Type::Float:
      return f;
    case Type::Void:
      return n;
  }
  std::abort();
}

}  // namespace

Opcode callFor(CallFamily family, Type result) {
  switch (family) {
    case CallFamily::kCall:
      return pick(result, Opcode::call_i, Opcode::call_r, Opcode::call_f, Opcode::call_n);
    case CallFamily::kCallPure:
      return pick(result, Opcode::call_pure_i, Opcode::call_pure_r, Opcode::call_pure_f,
                  Opcode::call_pure_n);
    case CallFamily::kCallMayForce:
      return pick(result, Opcode::call_may_force_i, Opcode::call_may_force_r,
                  Opcode::call_may_force_f, Opcode::call_may_force_n);
    case CallFamily::kCallAssembler:
      return pick(result, Opcode::call_assembler_i, Opcode::call_assembler_r,
                  Opcode::call_assembler_f, Opcode::call_assembler_n);
    case CallFamily::kCallLoopInvariant:
      return pick(result, Opcode::call_loopinvariant_i, Opcode::call_loopinvariant_r,
                  Opcode::call_loopinvariant_f, Opcode::call_loopinvariant_n);
  }
  std::abort();
}

std::optional<CallFamily> callFamilyOf(Opcode op) {
  for (CallFamily family : {CallFamily::kCall, CallFamily::kCallPure, CallFamily::kCallMayForce,
                            CallFamily::kCallAssembler, CallFamily::kCallLoopInvariant}) {
    for (Type type : {Type::Int, Type::Ref, Type::Float, Type::Void}) {
      if (callFor(family, type) == op) return family;
    }
  }
  return std::nullopt;
}

Opcode getfieldGcFor(Type type) {
  return pick(type, Opcode::getfield_gc_i, Opcode::getfield_gc_r, Opcode::getfield_gc_f,
              Opcode::getfield_gc_i);
}

Opcode getarrayitemGcFor(Type type) {
  return pick(type, Opcode::getarrayitem_gc_i, Opcode::getarrayitem_gc_r, Opcode::getarrayitem_gc_f,
              Opcode::getarrayitem_gc_i);
}

Opcode sameAsFor(Type type) {
  return pick(type, Opcode::same_as_i, Opcode::same_as_r, Opcode::same_as_f, Opcode::same_as_i);
}

Opcode escapeFor(Type type) {
  return pick(type, Opcode::escape_i, Opcode::escape_r, Opcode::escape_f, Opcode::escape_n);
}

}  // namespace pyl::jit::ir
