// Before/after cases of jit/opt/heap.cpp.
#include <gtest/gtest.h>

#include "tests/trace/opt/opt_case.h"

namespace pyl::jit::testing {
namespace {

TEST(Heap, RepeatedLoadIsRemoved) {
  expectOptimized("heap",
                  "[p0]\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i2 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i3 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\n"
                  "i4 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\n"
                  "i5 = arraylen_gc(p0, descr=arraydescr)\n"
                  "i6 = arraylen_gc(p0, descr=arraydescr)\n"
                  "finish(i1, i2, i3, i4, i5, i6)\n",
                  "[p0]\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i3 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\n"
                  "i5 = arraylen_gc(p0, descr=arraydescr)\n"
                  "finish(i1, i1, i3, i3, i5, i5)\n");
}

TEST(Heap, StoreForwardsToLoadAndOverwritesAreMerged) {
  expectOptimized("heap",
                  "[p0, i1, i2]\n"
                  "setfield_gc(p0, i1, descr=valuedescr)\n"
                  "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "setfield_gc(p0, i2, descr=valuedescr)\n"
                  "i4 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "finish(i3, i4)\n",
                  "[p0, i1, i2]\n"
                  "setfield_gc(p0, i2, descr=valuedescr)\n"
                  "finish(i1, i2)\n");
}

TEST(Heap, PossibleAliasFlushesAndForgets) {
  expectOptimized("heap",
                  "[p0, p1, i2]\n"
                  "i3 = getfield_gc_i(p1, descr=valuedescr)\n"
                  "setfield_gc(p0, i2, descr=valuedescr)\n"
                  "i4 = getfield_gc_i(p1, descr=valuedescr)\n"
                  "i5 = getfield_gc_i(p1, descr=otherdescr)\n"
                  "setfield_gc(p0, 3, descr=otherdescr)\n"
                  "i6 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "finish(i3, i4, i5, i6)\n",
                  "[p0, p1, i2]\n"
                  "i3 = getfield_gc_i(p1, descr=valuedescr)\n"
                  "setfield_gc(p0, i2, descr=valuedescr)\n"
                  "i4 = getfield_gc_i(p1, descr=valuedescr)\n"
                  "i5 = getfield_gc_i(p1, descr=otherdescr)\n"
                  "setfield_gc(p0, 3, descr=otherdescr)\n"
                  "finish(i3, i4, i5, i2)\n");
}

TEST(Heap, CallsInvalidateByTheirEffects) {
  expectOptimized("heap",
                  "[p0]\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i2 = getfield_gc_i(p0, descr=otherdescr)\n"
                  "i3 = getfield_gc_i(p0, descr=immutdescr)\n"
                  "call_n(ConstClass(func), p0, descr=writevaluecalldescr)\n"
                  "i4 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i5 = getfield_gc_i(p0, descr=otherdescr)\n"
                  "i6 = call_i(ConstClass(func), 1, descr=plaincalldescr)\n"
                  "i7 = getfield_gc_i(p0, descr=otherdescr)\n"
                  "i8 = getfield_gc_i(p0, descr=immutdescr)\n"
                  "finish(i1, i2, i3, i4, i5, i6, i7, i8)\n",
                  "[p0]\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i2 = getfield_gc_i(p0, descr=otherdescr)\n"
                  "i3 = getfield_gc_i(p0, descr=immutdescr)\n"
                  "call_n(ConstClass(func), p0, descr=writevaluecalldescr)\n"
                  "i4 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i6 = call_i(ConstClass(func), 1, descr=plaincalldescr)\n"
                  "i7 = getfield_gc_i(p0, descr=otherdescr)\n"
                  "finish(i1, i2, i3, i4, i2, i6, i7, i3)\n");
}

TEST(Heap, LazyStoresFlushBeforeCallsThatReadThem) {
  expectOptimized("heap",
                  "[p0, i1]\n"
                  "setfield_gc(p0, i1, descr=valuedescr)\n"
                  "setfield_gc(p0, i1, descr=otherdescr)\n"
                  "i2 = call_i(ConstClass(func), p0, descr=readvaluecalldescr)\n"
                  "call_n(ConstClass(func), p0, descr=writearraycalldescr)\n"
                  "i3 = getfield_gc_i(p0, descr=otherdescr)\n"
                  "finish(i2, i3)\n",
                  "[p0, i1]\n"
                  "setfield_gc(p0, i1, descr=valuedescr)\n"
                  "i2 = call_i(ConstClass(func), p0, descr=readvaluecalldescr)\n"
                  "call_n(ConstClass(func), p0, descr=writearraycalldescr)\n"
                  "setfield_gc(p0, i1, descr=otherdescr)\n"
                  "finish(i2, i1)\n");
}

TEST(Heap, GuardsCarryLazyStoresAsPendingStores) {
  expectOptimized("heap",
                  "[p0, i1]\n"
                  "setfield_gc(p0, i1, descr=valuedescr)\n"
                  "guard_true(i1) [code@1: p0]\n"
                  "setfield_gc(p0, 5, descr=valuedescr)\n"
                  "finish(i1)\n",
                  "[p0, i1]\n"
                  "guard_true(i1) [code@1: p0] {setfield_gc(p0, i1, descr=valuedescr)}\n"
                  "setfield_gc(p0, 5, descr=valuedescr)\n"
                  "finish(i1)\n");
}

// Regression (found by the random-loop property test, seed 338): running heap over a trace that
// already has pending stores must put its own delayed stores BEFORE them, or an aliasing
// object ends up with the older value on resume.
TEST(Heap, NewPendingStoresComeBeforeExistingOnes) {
  expectOptimized("heap",
                  "[p0, p1, i2, i3]\n"
                  "setfield_gc(p0, i2, descr=valuedescr)\n"
                  "guard_true(i3) [code@1: p0] {setfield_gc(p1, i3, descr=valuedescr)}\n"
                  "finish()\n",
                  "[p0, p1, i2, i3]\n"
                  "guard_true(i3) [code@1: p0] {setfield_gc(p0, i2, descr=valuedescr), "
                  "setfield_gc(p1, i3, descr=valuedescr)}\n"
                  "setfield_gc(p0, i2, descr=valuedescr)\n"
                  "finish()\n");
}

TEST(Heap, StoreOfTheKnownValueIsDropped) {
  expectOptimized("heap",
                  "[p0]\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "setfield_gc(p0, i1, descr=valuedescr)\n"
                  "i2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\n"
                  "setarrayitem_gc(p0, 0, i2, descr=arraydescr)\n"
                  "finish(i1)\n",
                  "[p0]\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "i2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\n"
                  "finish(i1)\n");
}

TEST(Heap, ArrayStoresWithUnknownIndexForgetTheArray) {
  expectOptimized("heap",
                  "[p0, i1]\n"
                  "i2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\n"
                  "setarrayitem_gc(p0, i1, 7, descr=arraydescr)\n"
                  "i3 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\n"
                  "setarrayitem_gc(p0, 1, 9, descr=arraydescr)\n"
                  "i4 = getarrayitem_gc_i(p0, 1, descr=arraydescr)\n"
                  "finish(i2, i3, i4)\n",
                  "[p0, i1]\n"
                  "i2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\n"
                  "setarrayitem_gc(p0, i1, 7, descr=arraydescr)\n"
                  "i3 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\n"
                  "setarrayitem_gc(p0, 1, 9, descr=arraydescr)\n"
                  "finish(i2, i3, 9)\n");
}

TEST(Heap, LabelFlushesAndForgets) {
  expectOptimized("heap",
                  "[p0, i1]\n"
                  "setfield_gc(p0, i1, descr=valuedescr)\n"
                  "label(p0, i1, descr=loop)\n"
                  "i2 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "jump(p0, i2, descr=loop)\n",
                  "[p0, i1]\n"
                  "setfield_gc(p0, i1, descr=valuedescr)\n"
                  "label(p0, i1, descr=loop)\n"
                  "i2 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "jump(p0, i2, descr=loop)\n");
}

}  // namespace
}  // namespace pyl::jit::testing
