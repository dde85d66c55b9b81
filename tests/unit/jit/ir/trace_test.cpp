// Tests of jit/ir/trace.h and jit/ir/ops.h: the op table's facts, constant deduplication,
// typing of values, snapshots, recorded elidable-call results and GC rooting of ref constants.
#include "jit/ir/trace.h"

#include <gtest/gtest.h>

#include "gc/heap.h"

namespace pyl::jit::ir {
namespace {

TEST(OpTable, NamesAndFlags) {
  EXPECT_EQ(opName(Opcode::int_add_ovf), "int_add_ovf");
  EXPECT_EQ(opName(Opcode::new_), "new");
  EXPECT_EQ(opcodeFromName("new"), Opcode::new_);
  EXPECT_EQ(opcodeFromName("guard_nonnull_class"), Opcode::guard_nonnull_class);
  EXPECT_EQ(opcodeFromName("no_such_op"), std::nullopt);
  EXPECT_TRUE(isGuard(Opcode::guard_value));
  EXPECT_TRUE(isPure(Opcode::int_mul));
  EXPECT_TRUE(isOvf(Opcode::int_mul_ovf));
  EXPECT_FALSE(isPure(Opcode::setfield_gc));
  EXPECT_EQ(opInfo(Opcode::setarrayitem_gc).arity, 3);
  EXPECT_EQ(opInfo(Opcode::jump).arity, kVariadic);
  EXPECT_EQ(resultType(Opcode::getfield_gc_f), Type::Float);
  EXPECT_EQ(callFor(CallFamily::kCallPure, Type::Ref), Opcode::call_pure_r);
  EXPECT_EQ(callFamilyOf(Opcode::call_may_force_n), CallFamily::kCallMayForce);
  EXPECT_EQ(getfieldGcFor(Type::Ref), Opcode::getfield_gc_r);
}

TEST(Trace, ConstantsAreDeduplicatedByTypeAndBits) {
  Trace t;
  EXPECT_EQ(t.constInt(5), t.constInt(5));
  EXPECT_NE(t.constInt(0), t.constRef(nullptr));
  EXPECT_NE(t.constInt(7), t.constClass(7));
  EXPECT_TRUE(t.constant(t.constClass(7)).isClass);
  EXPECT_EQ(t.constDouble(t.constFloat(2.5)), 2.5);
  EXPECT_EQ(t.typeOf(t.constFloat(2.5)), Type::Float);
}

TEST(Trace, EmitTypesAndSnapshots) {
  Trace t;
  Value i0 = t.addInputArg(Type::Int);
  Value p1 = t.addInputArg(Type::Ref);
  Value i2 = t.emit(Opcode::int_add, {i0, t.constInt(1)});
  Snapshot s;
  s.frames.push_back(SnapshotFrame{0x10, 4, {i2, p1}});
  Value g = t.emitGuard(Opcode::guard_nonnull, {p1}, s);
  EXPECT_EQ(t.typeOf(i0), Type::Int);
  EXPECT_EQ(t.typeOf(p1), Type::Ref);
  EXPECT_EQ(t.typeOf(i2), Type::Int);
  EXPECT_EQ(t.typeOf(g), Type::Void);
  ASSERT_EQ(t.op(g).snapshot, 0);
  EXPECT_EQ(t.snapshot(0).frames[0].pc, 4u);
  std::vector<Value> live;
  t.snapshot(0).forEachValue([&](Value v) { live.push_back(v); });
  EXPECT_EQ(live, (std::vector<Value>{i2, p1}));
  EXPECT_EQ(t.rootCount(), 1u);  // the frame's code identity
}

TEST(Trace, CallPureResultsNeedExactConstantArguments) {
  Trace t;
  Value fn = t.constInt(0x5000);
  Value a = t.constInt(3);
  std::vector<Value> call{fn, a};
  t.recordCallPureResult(call, t.constInt(9));
  auto result = t.callPureResult(call);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(t.constInt64(*result), 9);
  std::vector<Value> other{fn, t.constInt(4)};
  EXPECT_FALSE(t.callPureResult(other).has_value());
  Trace copy;
  copy.copyCallPureResults(t);
  std::vector<Value> call2{copy.constInt(0x5000), copy.constInt(3)};
  ASSERT_TRUE(copy.callPureResult(call2).has_value());
}

// A ref constant must keep its object alive: the pool's bits are GC-scanned.
TEST(Trace, RefConstantsAreGcRoots) {
  bool finalized = false;
  auto* trace = new Trace();
  {
    void* object = gc::allocate(32);
    gc::registerFinalizer(
        object, [](void*, void* flag) { *static_cast<bool*>(flag) = true; }, &finalized);
    trace->constRef(object);
    object = nullptr;
  }
  for (int i = 0; i < 3; ++i) {
    gc::collect();
    gc::runFinalizers();
  }
  EXPECT_FALSE(finalized);
  delete trace;
}

}  // namespace
}  // namespace pyl::jit::ir
