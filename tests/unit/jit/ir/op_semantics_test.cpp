// Tests of jit/ir/op_semantics.h: every pure op's value, the overflow and undefined edge cases
// (INT64_MIN // -1, division by zero, shift counts), Python division semantics, guards and the
// heap helpers on real GC memory.
#include "jit/ir/op_semantics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <string_view>

namespace pyl::jit::ir {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::int64_t evalInt(Opcode op, std::int64_t a, std::int64_t b) {
  EvalResult r = evalPure(op, {intBits(a), intBits(b)});
  EXPECT_EQ(r.status, EvalStatus::kOk) << opName(op);
  return bitsInt(r.bits);
}

EvalStatus statusOf(Opcode op, std::int64_t a, std::int64_t b) {
  return evalPure(op, {intBits(a), intBits(b)}).status;
}

TEST(OpSemantics, IntArithmeticWraps) {
  EXPECT_EQ(evalInt(Opcode::int_add, 2, 3), 5);
  EXPECT_EQ(evalInt(Opcode::int_add, kMax, 1), kMin);
  EXPECT_EQ(evalInt(Opcode::int_sub, kMin, 1), kMax);
  EXPECT_EQ(evalInt(Opcode::int_mul, kMin, -1), kMin);
  EXPECT_EQ(bitsInt(evalPure(Opcode::int_neg, {intBits(kMin)}).bits), kMin);
  EXPECT_EQ(bitsInt(evalPure(Opcode::int_invert, {intBits(0)}).bits), -1);
}

TEST(OpSemantics, PythonFloorDivisionAndModulo) {
  EXPECT_EQ(evalInt(Opcode::int_floordiv, 7, 2), 3);
  EXPECT_EQ(evalInt(Opcode::int_floordiv, -7, 2), -4);
  EXPECT_EQ(evalInt(Opcode::int_floordiv, 7, -2), -4);
  EXPECT_EQ(evalInt(Opcode::int_floordiv, -7, -2), 3);
  EXPECT_EQ(evalInt(Opcode::int_floordiv, -8, 2), -4);
  EXPECT_EQ(evalInt(Opcode::int_mod, -7, 2), 1);
  EXPECT_EQ(evalInt(Opcode::int_mod, 7, -2), -1);
  EXPECT_EQ(evalInt(Opcode::int_mod, -7, -2), -1);
  EXPECT_EQ(evalInt(Opcode::int_mod, 6, 3), 0);
  EXPECT_EQ(evalInt(Opcode::int_floordiv, kMin, 1), kMin);
  EXPECT_EQ(evalInt(Opcode::int_floordiv, kMin, 2), kMin / 2);
}

TEST(OpSemantics, UndefinedDivisionIsReportedNotComputed) {
  EXPECT_EQ(statusOf(Opcode::int_floordiv, 1, 0), EvalStatus::kUndefined);
  EXPECT_EQ(statusOf(Opcode::int_mod, 1, 0), EvalStatus::kUndefined);
  EXPECT_EQ(statusOf(Opcode::int_floordiv, kMin, -1), EvalStatus::kUndefined);
  EXPECT_EQ(statusOf(Opcode::int_mod, kMin, -1), EvalStatus::kUndefined);
  EXPECT_EQ(statusOf(Opcode::int_floordiv, kMin + 1, -1), EvalStatus::kOk);
}

TEST(OpSemantics, Shifts) {
  EXPECT_EQ(evalInt(Opcode::int_lshift, 1, 63), kMin);
  EXPECT_EQ(evalInt(Opcode::int_lshift, 3, 0), 3);
  EXPECT_EQ(evalInt(Opcode::int_rshift, -16, 2), -4);
  EXPECT_EQ(evalInt(Opcode::int_rshift, kMin, 63), -1);
  EXPECT_EQ(evalInt(Opcode::uint_rshift, -1, 60), 15);
  EXPECT_EQ(evalInt(Opcode::uint_rshift, kMin, 63), 1);
  EXPECT_EQ(statusOf(Opcode::int_lshift, 1, 64), EvalStatus::kUndefined);
  EXPECT_EQ(statusOf(Opcode::int_rshift, 1, -1), EvalStatus::kUndefined);
  EXPECT_EQ(statusOf(Opcode::uint_rshift, 1, 100), EvalStatus::kUndefined);
}

TEST(OpSemantics, OverflowChecks) {
  EXPECT_EQ(statusOf(Opcode::int_add_ovf, kMax, 1), EvalStatus::kOverflow);
  EXPECT_EQ(statusOf(Opcode::int_add_ovf, kMax, 0), EvalStatus::kOk);
  EXPECT_EQ(statusOf(Opcode::int_add_ovf, kMin, -1), EvalStatus::kOverflow);
  EXPECT_EQ(statusOf(Opcode::int_sub_ovf, kMin, 1), EvalStatus::kOverflow);
  EXPECT_EQ(statusOf(Opcode::int_sub_ovf, 0, kMin), EvalStatus::kOverflow);
  EXPECT_EQ(statusOf(Opcode::int_sub_ovf, -1, kMin), EvalStatus::kOk);
  EXPECT_EQ(statusOf(Opcode::int_mul_ovf, kMin, -1), EvalStatus::kOverflow);
  EXPECT_EQ(statusOf(Opcode::int_mul_ovf, std::int64_t{1} << 32, std::int64_t{1} << 30),
            EvalStatus::kOk);
  EXPECT_EQ(statusOf(Opcode::int_mul_ovf, std::int64_t{1} << 32, std::int64_t{1} << 31),
            EvalStatus::kOverflow);
  EXPECT_EQ(statusOf(Opcode::int_mul_ovf, -(std::int64_t{1} << 32), std::int64_t{1} << 31),
            EvalStatus::kOk);
  EvalResult wrapped = evalPure(Opcode::int_add_ovf, {intBits(kMax), intBits(1)});
  EXPECT_EQ(bitsInt(wrapped.bits), kMin);
}

TEST(OpSemantics, Comparisons) {
  EXPECT_EQ(evalInt(Opcode::int_lt, -1, 0), 1);
  EXPECT_EQ(evalInt(Opcode::uint_lt, -1, 0), 0);
  EXPECT_EQ(evalInt(Opcode::uint_gt, -1, 0), 1);
  EXPECT_EQ(evalInt(Opcode::int_ge, 5, 5), 1);
  EXPECT_EQ(evalInt(Opcode::int_ne, 5, 5), 0);
  EXPECT_EQ(bitsInt(evalPure(Opcode::int_is_true, {intBits(-3)}).bits), 1);
  EXPECT_EQ(bitsInt(evalPure(Opcode::int_is_zero, {intBits(0)}).bits), 1);
}

TEST(OpSemantics, Floats) {
  auto f = [](Opcode op, double a, double b) {
    return bitsFloat(evalPure(op, {floatBits(a), floatBits(b)}).bits);
  };
  EXPECT_EQ(f(Opcode::float_add, 1.5, 2.25), 3.75);
  EXPECT_EQ(f(Opcode::float_truediv, 1.0, 4.0), 0.25);
  EXPECT_TRUE(std::isinf(f(Opcode::float_truediv, 1.0, 0.0)));
  double nan = std::nan("");
  EXPECT_EQ(evalPure(Opcode::float_eq, {floatBits(nan), floatBits(nan)}).bits, 0u);
  EXPECT_EQ(evalPure(Opcode::float_ne, {floatBits(nan), floatBits(nan)}).bits, 1u);
  EXPECT_EQ(bitsFloat(evalPure(Opcode::float_abs, {floatBits(-2.0)}).bits), 2.0);
  EXPECT_EQ(bitsInt(evalPure(Opcode::cast_float_to_int, {floatBits(-2.75)}).bits), -2);
  EXPECT_EQ(evalPure(Opcode::cast_float_to_int, {floatBits(nan)}).status, EvalStatus::kUndefined);
  EXPECT_EQ(evalPure(Opcode::cast_float_to_int, {floatBits(9.3e18)}).status,
            EvalStatus::kUndefined);
  EXPECT_EQ(bitsFloat(evalPure(Opcode::cast_int_to_float, {intBits(-3)}).bits), -3.0);
}

TEST(OpSemantics, NonPureOpsAreNotEvaluated) {
  EXPECT_EQ(evalPure(Opcode::getfield_gc_i, {0}).status, EvalStatus::kNotPure);
  EXPECT_EQ(evalPure(Opcode::guard_true, {1}).status, EvalStatus::kNotPure);
}

struct Node {
  std::uint64_t classWord;
  std::int64_t value;
  std::int32_t narrow;
  std::uint8_t byte;
};

TEST(OpSemantics, GuardsAndHeapHelpers) {
  DescrPool pool;
  SizeDescr& size = pool.addSize("nodesize");
  size.size = sizeof(Node);
  size.vtable = 0x1230;
  FieldDescr& value = pool.addField("value");
  value.offset = offsetof(Node, value);
  FieldDescr& narrow = pool.addField("narrow");
  narrow.offset = offsetof(Node, narrow);
  narrow.size = 4;
  FieldDescr& byte = pool.addField("byte");
  byte.offset = offsetof(Node, byte);
  byte.size = 1;
  byte.isSigned = false;

  std::uint64_t node = allocateObject(size, true);
  EXPECT_EQ(classOf(node), 0x1230u);
  EXPECT_EQ(loadField(node, value), 0u);
  storeField(node, value, intBits(-42));
  storeField(node, narrow, intBits(-5));
  storeField(node, byte, intBits(-1));
  EXPECT_EQ(bitsInt(loadField(node, value)), -42);
  EXPECT_EQ(bitsInt(loadField(node, narrow)), -5);
  EXPECT_EQ(bitsInt(loadField(node, byte)), 255);

  EXPECT_EQ(evalGuard(Opcode::guard_class, {node, 0x1230}), true);
  EXPECT_EQ(evalGuard(Opcode::guard_class, {node, 0x1231}), false);
  EXPECT_EQ(evalGuard(Opcode::guard_nonnull_class, {0, 0x1230}), false);
  EXPECT_EQ(evalGuard(Opcode::guard_value, {7, 7}), true);
  EXPECT_EQ(evalGuard(Opcode::guard_no_overflow, {}, true), false);
  EXPECT_EQ(evalGuard(Opcode::guard_overflow, {}, true), true);
  EXPECT_EQ(evalGuard(Opcode::guard_no_exception, {}), std::nullopt);

  ArrayDescr& array = pool.addArray("intarray");
  array.itemSize = 4;
  std::uint64_t items = allocateArray(array, 3);
  EXPECT_EQ(arrayLength(items, array), 3u);
  storeArrayItem(items, 2, array, intBits(-9));
  EXPECT_EQ(bitsInt(loadArrayItem(items, 2, array)), -9);
  EXPECT_EQ(loadArrayItem(items, 1, array), 0u);
}

}  // namespace
}  // namespace pyl::jit::ir

namespace pyl::jit::ir {
namespace {

// kBoolResult in ops.def is what intbounds ([0, 1]) and rewrite (int_is_true of a comparison)
// rely on; the shared semantics must agree with the flag on every flagged op and on edge values.
TEST(OpSemantics, BoolResultOpsYieldZeroOrOne) {
  const std::uint64_t ints[] = {intBits(kMin), intBits(-1), 0, 1, intBits(kMax)};
  const std::uint64_t floats[] = {floatBits(-1.5), floatBits(0.0), floatBits(2.0),
                                  floatBits(std::numeric_limits<double>::quiet_NaN())};
  int flagged = 0;
  for (int i = 0; i < kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    if (!hasBoolResult(op)) continue;
    ++flagged;
    ASSERT_EQ(resultType(op), Type::Int) << opName(op);
    ASSERT_TRUE(isPure(op)) << opName(op);
    const bool isFloatOp = std::string_view(opName(op)).starts_with("float_");
    const auto& values = isFloatOp ? std::span<const std::uint64_t>(floats)
                                   : std::span<const std::uint64_t>(ints);
    for (std::uint64_t a : values) {
      for (std::uint64_t b : values) {
        EvalResult r = opInfo(op).arity == 1 ? evalPure(op, {a}) : evalPure(op, {a, b});
        ASSERT_EQ(r.status, EvalStatus::kOk) << opName(op);
        EXPECT_TRUE(r.bits == 0 || r.bits == 1) << opName(op) << " gave " << r.bits;
      }
    }
  }
  EXPECT_EQ(flagged, 20);  // the comparisons and truth tests of ops.def
}

}  // namespace
}  // namespace pyl::jit::ir
