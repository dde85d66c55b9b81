// jit/ir/value.h — IR types and the Value handle that ops use to name their operands.
//
// DESIGN(value-representation): a Value is 32 bits: a 3-bit kind and a 29-bit index. Input
// arguments and op results index the trace's inputArgs()/ops(); constants index its constant
// pool (typed int64 / double / GC ref bits); virtual references (only inside snapshots) index
// the snapshot's virtual-object list. Values are plain data: equality is identity of the SSA
// value, so maps keyed by Value need no interning. Passes produce a new Trace and map old values
// to new ones (jit/opt/pass_util.h), so indices never need patching.
#pragma once

#include <cstdint>
#include <functional>

namespace pyl::jit::ir {

// The IR type of a value: PyPy's i / r (printed p, "pointer") / f, plus Void for ops without one.
enum class Type : std::uint8_t { Void, Int, Ref, Float };

constexpr char typePrefix(Type type) {
  return type == Type::Int ? 'i' : type == Type::Ref ? 'p' : type == Type::Float ? 'f' : 'v';
}

enum class ValueKind : std::uint8_t { kNone, kInputArg, kOp, kConst, kVirtual };

class Value {
 public:
  constexpr Value() = default;
  static constexpr Value inputArg(std::uint32_t index) {
    return Value(ValueKind::kInputArg, index);
  }
  static constexpr Value op(std::uint32_t index) { return Value(ValueKind::kOp, index); }
  static constexpr Value constant(std::uint32_t index) { return Value(ValueKind::kConst, index); }
  static constexpr Value virtualRef(std::uint32_t index) {
    return Value(ValueKind::kVirtual, index);
  }

  constexpr ValueKind kind() const { return static_cast<ValueKind>(raw_ >> kIndexBits); }
  constexpr std::uint32_t index() const { return raw_ & kIndexMask; }
  constexpr bool isNone() const { return kind() == ValueKind::kNone; }
  constexpr bool isInputArg() const { return kind() == ValueKind::kInputArg; }
  constexpr bool isOp() const { return kind() == ValueKind::kOp; }
  constexpr bool isConst() const { return kind() == ValueKind::kConst; }
  constexpr bool isVirtual() const { return kind() == ValueKind::kVirtual; }
  constexpr std::uint32_t raw() const { return raw_; }

  friend constexpr bool operator==(Value a, Value b) { return a.raw_ == b.raw_; }
  friend constexpr bool operator<(Value a, Value b) { return a.raw_ < b.raw_; }

 private:
  static constexpr unsigned kIndexBits = 29;
  static constexpr std::uint32_t kIndexMask = (1u << kIndexBits) - 1;
  constexpr Value(ValueKind kind, std::uint32_t index)
      : raw_((static_cast<std::uint32_t>(kind) << kIndexBits) | (index & kIndexMask)) {}
  std::uint32_t raw_ = 0;
};

}  // namespace pyl::jit::ir

template <>
struct std::hash<pyl::jit::ir::Value> {
  std::size_t operator()(pyl::jit::ir::Value v) const noexcept {
    return std::hash<std::uint32_t>()(v.raw());
  }
};
