// Before/after cases of jit/opt/pure.cpp.
#include <gtest/gtest.h>

#include "jit/ir/printer.h"
#include "jit/opt/optimizer.h"
#include "tests/trace/opt/namespace_fixture.h"
#include "tests/trace/opt/opt_case.h"

namespace pyl::jit::testing {
namespace {

TEST(Pure, RepeatedPureOpsAreShared) {
  expectOptimized("pure",
                  "[i0, i1]\n"
                  "i2 = int_add(i0, i1)\n"
                  "i3 = int_add(i1, i0)\n"
                  "i4 = int_sub(i0, i1)\n"
                  "i5 = int_sub(i1, i0)\n"
                  "i6 = int_mul(i2, i3)\n"
                  "finish(i2, i3, i4, i5, i6)\n",
                  "[i0, i1]\n"
                  "i2 = int_add(i0, i1)\n"
                  "i4 = int_sub(i0, i1)\n"
                  "i5 = int_sub(i1, i0)\n"
                  "i6 = int_mul(i2, i2)\n"
                  "finish(i2, i2, i4, i5, i6)\n");
}

TEST(Pure, OverflowOpsSharedOnlyAfterTheirCheck) {
  expectOptimized("pure",
                  "[i0]\n"
                  "i1 = int_add_ovf(i0, 1)\n"
                  "guard_no_overflow() [i0]\n"
                  "i2 = int_add_ovf(i0, 1)\n"
                  "guard_no_overflow() [i0]\n"
                  "finish(i1, i2)\n",
                  "[i0]\n"
                  "i1 = int_add_ovf(i0, 1)\n"
                  "guard_no_overflow() [i0]\n"
                  "finish(i1, i1)\n");
}

// After guard_overflow the first result is not a valid sum: the second op must stay.
TEST(Pure, OverflowOpFollowedByGuardOverflowIsNotReused) {
  const char* trace =
      "[i0]\n"
      "i1 = int_add_ovf(i0, 1)\n"
      "guard_overflow() [i0]\n"
      "i2 = int_add_ovf(i0, 1)\n"
      "guard_no_overflow() [i0]\n"
      "finish(i2)\n";
  expectOptimized("pure", trace, trace);
}

TEST(Pure, ElidableCallsWithSameArguments) {
  expectOptimized("pure",
                  "[i0]\n"
                  "i1 = call_pure_i(ConstClass(func), i0, descr=elidableraisecalldescr)\n"
                  "guard_no_exception() [i0]\n"
                  "i2 = call_pure_i(ConstClass(func), i0, descr=elidableraisecalldescr)\n"
                  "guard_no_exception() [i0]\n"
                  "i3 = call_i(ConstClass(func), i0, descr=plaincalldescr)\n"
                  "i4 = call_i(ConstClass(func), i0, descr=plaincalldescr)\n"
                  "finish(i1, i2, i3, i4)\n",
                  "[i0]\n"
                  "i1 = call_pure_i(ConstClass(func), i0, descr=elidableraisecalldescr)\n"
                  "guard_no_exception() [i0]\n"
                  "i3 = call_i(ConstClass(func), i0, descr=plaincalldescr)\n"
                  "i4 = call_i(ConstClass(func), i0, descr=plaincalldescr)\n"
                  "finish(i1, i1, i3, i4)\n");
}

TEST(Pure, RecordKnownResultSeedsTheTable) {
  expectOptimized("pure",
                  "[i0, i5]\n"
                  "record_known_result(i5, ConstClass(func), i0, descr=elidablecalldescr)\n"
                  "i1 = call_pure_i(ConstClass(func), i0, descr=elidablecalldescr)\n"
                  "finish(i1)\n",
                  "[i0, i5]\n"
                  "finish(i5)\n");
}

TEST(Pure, ImmutableLoadsAndLoopInvariantCalls) {
  expectOptimized("pure",
                  "[p0]\n"
                  "i1 = getfield_gc_i(p0, descr=immutdescr)\n"
                  "i2 = getfield_gc_i(p0, descr=immutdescr)\n"
                  "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i4 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i5 = call_loopinvariant_i(ConstClass(func), 1, descr=loopinvariantcalldescr)\n"
                  "i6 = call_loopinvariant_i(ConstClass(func), 1, descr=loopinvariantcalldescr)\n"
                  "finish(i1, i2, i3, i4, i5, i6)\n",
                  "[p0]\n"
                  "i1 = getfield_gc_i(p0, descr=immutdescr)\n"
                  "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i4 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i5 = call_loopinvariant_i(ConstClass(func), 1, descr=loopinvariantcalldescr)\n"
                  "finish(i1, i1, i3, i4, i5, i5)\n");
}

TEST(Pure, TableIsEmptiedAtLabel) {
  const char* trace =
      "[i0]\n"
      "i1 = int_add(i0, 1)\n"
      "label(i0, descr=loop)\n"
      "i2 = int_add(i0, 1)\n"
      "jump(i2, descr=loop)\n";
  expectOptimized("pure", trace, trace);
}

// call_pure with constant arguments folds to the result the recorder observed.
TEST(Pure, ElidableCallWithConstantArgumentsFoldsToRecordedResult) {
  ir::Trace t = parseOrFail(
      "[]\n"
      "i0 = call_pure_i(ConstClass(func), 41, descr=elidablecalldescr)\n"
      "i1 = call_pure_i(ConstClass(func), 7, descr=elidablecalldescr)\n"
      "finish(i0, i1)\n");
  std::vector<ir::Value> call{t.constClass(0x7000), t.constInt(41)};
  t.recordCallPureResult(call, t.constInt(42));
  opt::OptimizerOptions options;
  options.enableOpts = "pure";
  options.verifyEachPass = true;
  opt::OptimizeResult r = opt::optimizeTrace(t, options);
  ASSERT_TRUE(r.ok()) << r.abortReason;
  ir::PrintOptions print{&testNamespace().names};
  EXPECT_EQ(ir::printTrace(*r.trace, print),
            "[]\n"
            "i0 = call_pure_i(ConstClass(func), 7, descr=elidablecalldescr)\n"
            "finish(42, i0)\n");
}

}  // namespace
}  // namespace pyl::jit::testing
