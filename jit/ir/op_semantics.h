// jit/ir/op_semantics.h — the concrete meaning of every IR op, written once (DESIGN.md §4).
//
// The constant folder (jit/opt/rewrite.cpp), the reference backend (jit/backend/) and the tests
// all evaluate ops here, so a fold can never disagree with execution. Values travel as 64-bit
// words: ints as two's complement, floats as IEEE bits (std::bit_cast), refs as addresses.
//
//   EvalResult r = evalPure(Opcode::int_add_ovf, {a, b});   // pure ops (kPure in ops.def)
//   if (r.status == EvalStatus::kOverflow) ...             // *_ovf: bits hold the wrapped value
//   std::optional<bool> ok = evalGuard(Opcode::guard_class, {obj, cls}, lastOverflowed);
//   loadField(obj, fieldDescr) / storeField / loadArrayItem / storeArrayItem / arrayLength
//   allocateObject(sizeDescr) / allocateArray(arrayDescr, length)   (zeroed GC memory)
//
// kUndefined marks inputs ops.def calls undefined (division by zero, INT64_MIN // -1, shift
// counts outside [0, 63], NaN/out-of-range float->int): folders must not fold them and a
// backend may report them as an internal error.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

#include "jit/ir/descr.h"
#include "jit/ir/ops.h"

namespace pyl::jit::ir {

enum class EvalStatus : std::uint8_t {
  kOk,         // bits hold the result
  kOverflow,   // an *_ovf op overflowed; bits hold the wrapped result
  kUndefined,  // the inputs are outside the op's defined domain
  kNotPure,    // not a pure op: evaluate it with the memory/guard helpers or the runtime
};

struct EvalResult {
  EvalStatus status = EvalStatus::kOk;
  std::uint64_t bits = 0;
};

inline std::uint64_t intBits(std::int64_t v) {
  return static_cast<std::uint64_t>(v);
}
inline std::int64_t bitsInt(std::uint64_t b) {
  return static_cast<std::int64_t>(b);
}
inline std::uint64_t floatBits(double v) {
  return std::bit_cast<std::uint64_t>(v);
}
inline double bitsFloat(std::uint64_t b) {
  return std::bit_cast<double>(b);
}

// Evaluates a kPure op on argument words (args.size() must equal the op's arity).
EvalResult evalPure(Opcode op, std::span<const std::uint64_t> args);
inline EvalResult evalPure(Opcode op, std::initializer_list<std::uint64_t> args) {
  return evalPure(op, std::span<const std::uint64_t>(args.begin(), args.size()));
}

// Python-semantics helpers, exposed for the tests and for interpreters that want the same rules.
// Preconditions: b != 0 and not (a == INT64_MIN and b == -1).
std::int64_t pythonFloorDiv(std::int64_t a, std::int64_t b);
std::int64_t pythonMod(std::int64_t a, std::int64_t b);

// The class identity in the object's class word (DESIGN(class-word) in ops.def).
inline std::uint64_t classOf(std::uint64_t object) {
  std::uint64_t word;
  std::memcpy(&word, reinterpret_cast<const void*>(object), sizeof word);
  return word;
}

// Whether a guard passes, for the guards decidable from their argument words alone plus the
// overflow flag of the preceding *_ovf op. nullopt for guards on runtime state (exceptions,
// invalidation, forcing): the backend checks those itself.
std::optional<bool> evalGuard(Opcode op, std::span<const std::uint64_t> args, bool lastOverflowed);
inline std::optional<bool> evalGuard(Opcode op, std::initializer_list<std::uint64_t> args,
                                     bool lastOverflowed = false) {
  return evalGuard(op, std::span<const std::uint64_t>(args.begin(), args.size()), lastOverflowed);
}

// Heap access with the descriptor's size, signedness and offsets.
std::uint64_t loadField(std::uint64_t object, const FieldDescr& field);
void storeField(std::uint64_t object, const FieldDescr& field, std::uint64_t value);
std::uint64_t arrayLength(std::uint64_t array, const ArrayDescr& descr);
std::uint64_t loadArrayItem(std::uint64_t array, std::int64_t index, const ArrayDescr& descr);
void storeArrayItem(std::uint64_t array, std::int64_t index, const ArrayDescr& descr,
                    std::uint64_t value);
// Zeroed, GC-scanned memory; new_with_vtable also writes the class word.
std::uint64_t allocateObject(const SizeDescr& size, bool withVtable);
// A fresh box of value class `size` holding `value` (DESIGN(unboxed-entry) in jit/ir/descr.h).
std::uint64_t boxValue(const SizeDescr& size, std::uint64_t value);
std::uint64_t allocateArray(const ArrayDescr& descr, std::int64_t length);

}  // namespace pyl::jit::ir
