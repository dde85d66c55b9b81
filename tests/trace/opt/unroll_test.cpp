// Before/after cases of jit/opt/unroll.cpp (run with the passes before it, as in the pipeline).
#include <gtest/gtest.h>

#include "jit/ir/printer.h"
#include "jit/opt/optimizer.h"
#include "tests/trace/opt/namespace_fixture.h"
#include "tests/trace/opt/opt_case.h"

namespace pyl::jit::testing {
namespace {

constexpr const char* kAll = "intbounds:rewrite:virtualize:pure:heap:unroll";

TEST(Unroll, InvariantGuardsAndLoadsMoveToThePreamble) {
  expectOptimized(kAll,
                  "[p0, i1]\n"
                  "label(p0, i1, descr=loop)\n"
                  "guard_class(p0, ConstClass(node_vtable)) [p0, i1]\n"
                  "i2 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i3 = int_mul(i2, 2)\n"
                  "i4 = int_add(i1, i3)\n"
                  "escape_n(i4)\n"
                  "jump(p0, i4, descr=loop)\n",
                  // escape_n has random effects, so valuedescr is written in the loop: the load
                  // stays; the class guard (on an invariant) goes.
                  "[p0, i1]\n"
                  "label(p0, i1, descr=loop)\n"
                  "guard_class(p0, ConstClass(node_vtable)) [p0, i1]\n"
                  "i2 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i3 = int_mul(i2, 2)\n"
                  "i4 = int_add(i1, i3)\n"
                  "escape_n(i4)\n"
                  "label(p0, i4)\n"
                  "i5 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i6 = int_mul(i5, 2)\n"
                  "i7 = int_add(i4, i6)\n"
                  "escape_n(i7)\n"
                  "jump(p0, i7)\n");
}

TEST(Unroll, LoadWithoutAliasingWritesIsHoisted) {
  expectOptimized(kAll,
                  "[p0, i1]\n"
                  "label(p0, i1, descr=loop)\n"
                  "guard_nonnull(p0) [p0, i1]\n"
                  "i2 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i3 = int_mul(i2, 2)\n"
                  "i4 = int_add(i1, i3)\n"
                  "setfield_gc(p0, i4, descr=otherdescr)\n"
                  "jump(p0, i4, descr=loop)\n",
                  "[p0, i1]\n"
                  "label(p0, i1, descr=loop)\n"
                  "guard_nonnull(p0) [p0, i1]\n"
                  "i2 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i3 = int_mul(i2, 2)\n"
                  "i4 = int_add(i1, i3)\n"
                  "setfield_gc(p0, i4, descr=otherdescr)\n"
                  "label(p0, i4, i3)\n"
                  "i5 = int_add(i4, i3)\n"
                  "setfield_gc(p0, i5, descr=otherdescr)\n"
                  "jump(p0, i5, i3)\n");
}

TEST(Unroll, LoopCarriedObjectBecomesItsFields) {
  expectOptimized(
      kAll,
      "[p0]\n"
      "label(p0, descr=loop)\n"
      "guard_nonnull_class(p0, ConstClass(node_vtable)) [p0]\n"
      "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i2 = getfield_gc_i(p0, descr=otherdescr)\n"
      "i3 = int_add(i1, i2)\n"
      "i4 = int_sub(i2, 1)\n"
      "guard_true(i4) [p0]\n"
      "p5 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p5, i3, descr=valuedescr)\n"
      "setfield_gc(p5, i4, descr=otherdescr)\n"
      "jump(p5, descr=loop)\n",
      "[p0]\n"
      "label(p0, descr=loop)\n"
      "guard_nonnull_class(p0, ConstClass(node_vtable)) [p0]\n"
      "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i2 = getfield_gc_i(p0, descr=otherdescr)\n"
      "i3 = int_add(i1, i2)\n"
      "i4 = int_sub(i2, 1)\n"
      "guard_true(i4) [p0]\n"
      "label(i3, i4)\n"
      "i5 = int_add(i3, i4)\n"
      "i6 = int_sub(i4, 1)\n"
      "guard_true(i6) [v0] {v0 = new_with_vtable(descr=nodesize, valuedescr=i3, otherdescr=i4)}\n"
      "jump(i5, i6)\n");
}

TEST(Unroll, EscapingLoopCarriedObjectIsNotExploded) {
  // p0 is passed to a call inside the loop: it must exist, so nothing is exploded; nothing is
  // invariant either, and the trace comes back as one iteration.
  const char* expected =
      "[p0]\n"
      "label(p0, descr=loop)\n"
      "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
      "escape_n(p0)\n"
      "i2 = int_add(i1, 1)\n"
      "p3 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p3, i2, descr=valuedescr)\n"
      "jump(p3, descr=loop)\n";
  expectOptimized(kAll,
                  "[p0]\n"
                  "label(p0, descr=loop)\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "escape_n(p0)\n"
                  "i2 = int_add(i1, 1)\n"
                  "p3 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p3, i2, descr=valuedescr)\n"
                  "jump(p3, descr=loop)\n",
                  expected);
}

TEST(Unroll, NotALoopIsLeftAlone) {
  const char* trace =
      "[i0]\n"
      "i1 = int_add(i0, 1)\n"
      "finish(i1)\n";
  expectOptimized(kAll, trace, trace);
  const char* bridge =
      "[i0]\n"
      "i1 = int_add(i0, 1)\n"
      "jump(i1, descr=other_loop)\n";
  expectOptimized(kAll, bridge, bridge);
}

TEST(Unroll, InvariantOverflowCheckRunsOnceInThePreamble) {
  expectOptimized(kAll,
                  "[i0, i1]\n"
                  "label(i0, i1, descr=loop)\n"
                  "i2 = int_mul_ovf(i1, i1)\n"
                  "guard_no_overflow() [i0, i1]\n"
                  "i3 = int_add(i0, i2)\n"
                  "escape_n(i3)\n"
                  "jump(i3, i1, descr=loop)\n",
                  "[i0, i1]\n"
                  "label(i0, i1, descr=loop)\n"
                  "i2 = int_mul_ovf(i1, i1)\n"
                  "guard_no_overflow() [i0, i1]\n"
                  "i3 = int_add(i0, i2)\n"
                  "escape_n(i3)\n"
                  "label(i3, i1, i2)\n"
                  "i4 = int_add(i3, i2)\n"
                  "escape_n(i4)\n"
                  "jump(i4, i1, i2)\n");
}

TEST(Unroll, StoredFieldIsCarriedToTheNextIterationsLoad) {
  expectOptimized(kAll,
                  "[p0, i1]\n"
                  "label(p0, i1, descr=loop)\n"
                  "i2 = getfield_gc_i(p0, descr=otherdescr)\n"
                  "i3 = int_add(i2, i1)\n"
                  "call_n(ConstClass(func), p0, descr=writevaluecalldescr)\n"
                  "setfield_gc(p0, i3, descr=otherdescr)\n"
                  "jump(p0, i1, descr=loop)\n",
                  // The call writes only valuedescr, so otherdescr is carried around the loop.
                  "[p0, i1]\n"
                  "label(p0, i1, descr=loop)\n"
                  "i2 = getfield_gc_i(p0, descr=otherdescr)\n"
                  "i3 = int_add(i2, i1)\n"
                  "call_n(ConstClass(func), p0, descr=writevaluecalldescr)\n"
                  "setfield_gc(p0, i3, descr=otherdescr)\n"
                  "label(p0, i1, i3)\n"
                  "i4 = int_add(i3, i1)\n"
                  "call_n(ConstClass(func), p0, descr=writevaluecalldescr)\n"
                  "setfield_gc(p0, i4, descr=otherdescr)\n"
                  "jump(p0, i1, i4)\n");
}

// obj.x = obj.x + 1 with boxed ints: the box stored last iteration is loaded again; its class
// and value are known, so the loop keeps only the addition, the new box and the store.
TEST(Unroll, CarriedFreshObjectKeepsItsClassAndFields) {
  expectOptimized(kAll,
                  "[p0]\n"
                  "label(p0, descr=loop)\n"
                  "p1 = getfield_gc_r(p0, descr=nextdescr)\n"
                  "guard_class(p1, ConstClass(int_vtable)) [p0]\n"
                  "i2 = getfield_gc_i(p1, descr=intvaldescr)\n"
                  "i3 = int_add_ovf(i2, 1)\n"
                  "guard_no_overflow() [p0]\n"
                  "p4 = new_with_vtable(descr=intsize)\n"
                  "setfield_gc(p4, i3, descr=intvaldescr)\n"
                  "setfield_gc(p0, p4, descr=nextdescr)\n"
                  "jump(p0, descr=loop)\n",
                  "[p0]\n"
                  "label(p0, descr=loop)\n"
                  "p1 = getfield_gc_r(p0, descr=nextdescr)\n"
                  "guard_class(p1, ConstClass(int_vtable)) [p0]\n"
                  "i2 = getfield_gc_i(p1, descr=intvaldescr)\n"
                  "i3 = int_add_ovf(i2, 1)\n"
                  "guard_no_overflow() [p0]\n"
                  "p4 = new_with_vtable(descr=intsize)\n"
                  "setfield_gc(p4, i3, descr=intvaldescr)\n"
                  "setfield_gc(p0, p4, descr=nextdescr)\n"
                  "label(p0, p4, i3)\n"
                  "i5 = int_add_ovf(i3, 1)\n"
                  "guard_no_overflow() [p0]\n"
                  "p6 = new_with_vtable(descr=intsize)\n"
                  "setfield_gc(p6, i5, descr=intvaldescr)\n"
                  "setfield_gc(p0, p6, descr=nextdescr)\n"
                  "jump(p0, p6, i5)\n");
}

TEST(Unroll, LoadAfterAPossiblyAliasingWriteIsNotCarried) {
  // p1 may be p0: the store through p1 before the load forbids carrying p0.valuedescr.
  const char* loop =
      "[p0, p1, i2]\n"
      "label(p0, p1, i2, descr=loop)\n"
      "guard_nonnull(p0) [p0]\n"  // invariant: the loop is peeled
      "setfield_gc(p1, i2, descr=valuedescr)\n"
      "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i4 = int_add(i3, 1)\n"
      "setfield_gc(p0, i4, descr=valuedescr)\n"
      "escape_n(i4)\n"
      "jump(p0, p1, i4, descr=loop)\n";
  ir::Trace t = optimizeOrFail(kAll, loop);
  ir::PrintOptions print{&testNamespace().names};
  std::string text = ir::printTrace(t, print);
  std::size_t loopLabel = text.find("label(", text.find("label(") + 1);
  ASSERT_NE(loopLabel, std::string::npos) << text;
  EXPECT_NE(text.find("getfield_gc_i(p0", loopLabel), std::string::npos) << text;
}

TEST(Unroll, ConstantFieldOfCarriedObjectStaysALabelArg) {
  // The carried object always gets the same constant field: label args cannot be constants,
  // so the preamble names it with same_as.
  ir::Trace t = optimizeOrFail(kAll,
                               "[p0]\n"
                               "label(p0, descr=loop)\n"
                               "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                               "escape_n(i1)\n"
                               "p2 = new_with_vtable(descr=nodesize)\n"
                               "setfield_gc(p2, 7, descr=valuedescr)\n"
                               "jump(p2, descr=loop)\n");
  ir::PrintOptions print{&testNamespace().names};
  std::string text = ir::printTrace(t, print);
  EXPECT_EQ(text.find("new_with_vtable"), std::string::npos) << text;
  EXPECT_NE(text.find("same_as_i(7)"), std::string::npos) << text;
}

}  // namespace
}  // namespace pyl::jit::testing
