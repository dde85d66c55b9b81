// Before/after cases of jit/opt/virtualize.cpp.
#include <gtest/gtest.h>

#include "tests/trace/opt/opt_case.h"

namespace pyl::jit::testing {
namespace {

TEST(Virtualize, NonEscapingObjectDisappears) {
  expectOptimized("virtualize",
                  "[i0]\n"
                  "p1 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p1, i0, descr=valuedescr)\n"
                  "guard_class(p1, ConstClass(node_vtable)) [i0]\n"
                  "guard_nonnull(p1) [i0]\n"
                  "i2 = getfield_gc_i(p1, descr=valuedescr)\n"
                  "i3 = getfield_gc_i(p1, descr=otherdescr)\n"
                  "i4 = int_add(i2, i3)\n"
                  "finish(i4)\n",
                  "[i0]\n"
                  "i4 = int_add(i0, 0)\n"
                  "finish(i4)\n");
}

TEST(Virtualize, GuardSnapshotDescribesTheVirtual) {
  expectOptimized(
      "virtualize",
      "[i0, i1]\n"
      "p2 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p2, i0, descr=valuedescr)\n"
      "p3 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p3, p2, descr=nextdescr)\n"
      "guard_true(i1) [code@3: i0, p3, p2]\n"
      "finish(i0)\n",
      "[i0, i1]\n"
      "guard_true(i1) [code@3: i0, v0, v1] {v0 = new_with_vtable(descr=nodesize, nextdescr=v1), "
      "v1 = new_with_vtable(descr=nodesize, valuedescr=i0)}\n"
      "finish(i0)\n");
}

TEST(Virtualize, EscapeForcesAtTheEscapePoint) {
  expectOptimized("virtualize",
                  "[i0, p9]\n"
                  "p1 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p1, i0, descr=valuedescr)\n"
                  "guard_true(i0) [p1]\n"
                  "setfield_gc(p1, 7, descr=otherdescr)\n"
                  "escape_n(p1)\n"
                  "setfield_gc(p1, 8, descr=otherdescr)\n"
                  "i2 = getfield_gc_i(p1, descr=otherdescr)\n"
                  "finish(i2)\n",
                  "[i0, p9]\n"
                  "guard_true(i0) [v0] {v0 = new_with_vtable(descr=nodesize, valuedescr=i0)}\n"
                  "p1 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p1, i0, descr=valuedescr)\n"
                  "setfield_gc(p1, 7, descr=otherdescr)\n"
                  "escape_n(p1)\n"
                  "setfield_gc(p1, 8, descr=otherdescr)\n"
                  "i2 = getfield_gc_i(p1, descr=otherdescr)\n"
                  "finish(i2)\n");
}

TEST(Virtualize, NestedVirtualsForceInsideOut) {
  expectOptimized("virtualize",
                  "[i0, p5]\n"
                  "p1 = new_with_vtable(descr=nodesize)\n"
                  "p2 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p2, i0, descr=valuedescr)\n"
                  "setfield_gc(p1, p2, descr=nextdescr)\n"
                  "setfield_gc(p5, p1, descr=nextdescr)\n"
                  "finish()\n",
                  "[i0, p5]\n"
                  "p1 = new_with_vtable(descr=nodesize)\n"
                  "p2 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p2, i0, descr=valuedescr)\n"
                  "setfield_gc(p1, p2, descr=nextdescr)\n"
                  "setfield_gc(p5, p1, descr=nextdescr)\n"
                  "finish()\n");
}

TEST(Virtualize, CyclicVirtualForcesOnce) {
  expectOptimized("virtualize",
                  "[]\n"
                  "p1 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p1, p1, descr=nextdescr)\n"
                  "finish(p1)\n",
                  "[]\n"
                  "p1 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p1, p1, descr=nextdescr)\n"
                  "finish(p1)\n");
}

TEST(Virtualize, VirtualArraysOfConstantLength) {
  expectOptimized("virtualize",
                  "[i0, i9]\n"
                  "p1 = new_array(3, descr=arraydescr)\n"
                  "setarrayitem_gc(p1, 1, i0, descr=arraydescr)\n"
                  "i2 = getarrayitem_gc_i(p1, 1, descr=arraydescr)\n"
                  "i3 = getarrayitem_gc_i(p1, 2, descr=arraydescr)\n"
                  "i4 = arraylen_gc(p1, descr=arraydescr)\n"
                  "guard_true(i9) [p1]\n"
                  "i5 = getarrayitem_gc_i(p1, i9, descr=arraydescr)\n"
                  "finish(i2, i3, i4, i5)\n",
                  "[i0, i9]\n"
                  "guard_true(i9) [v0] {v0 = new_array(descr=arraydescr, 0, i0, 0)}\n"
                  "p1 = new_array(3, descr=arraydescr)\n"
                  "setarrayitem_gc(p1, 1, i0, descr=arraydescr)\n"
                  "i5 = getarrayitem_gc_i(p1, i9, descr=arraydescr)\n"
                  "finish(i0, 0, 3, i5)\n");
}

TEST(Virtualize, PointerComparisonsWithVirtuals) {
  expectOptimized("virtualize",
                  "[p0]\n"
                  "p1 = new(descr=ssize)\n"
                  "i2 = ptr_eq(p1, p0)\n"
                  "i3 = ptr_eq(p1, p1)\n"
                  "i4 = ptr_ne(p1, NULL)\n"
                  "finish(i2, i3, i4)\n",
                  "[p0]\n"
                  "finish(0, 1, 1)\n");
}

TEST(Virtualize, WrongClassOnVirtualAborts) {
  expectAborted("virtualize",
                "[]\n"
                "p1 = new_with_vtable(descr=nodesize)\n"
                "guard_class(p1, ConstClass(node_vtable2)) []\n"
                "finish()\n",
                "always fails");
  expectAborted("virtualize",
                "[]\np1 = new_with_vtable(descr=nodesize)\nguard_isnull(p1) []\nfinish()\n",
                "always fails");
}

TEST(Virtualize, JumpArgumentsEscape) {
  expectOptimized("virtualize",
                  "[i0]\n"
                  "label(i0, descr=loop)\n"
                  "i1 = int_add(i0, 1)\n"
                  "p2 = new_with_vtable(descr=intsize)\n"
                  "setfield_gc(p2, i1, descr=intvaldescr)\n"
                  "i3 = getfield_gc_i(p2, descr=intvaldescr)\n"
                  "escape_n(i3)\n"
                  "jump(i3, descr=loop)\n",
                  "[i0]\n"
                  "label(i0, descr=loop)\n"
                  "i1 = int_add(i0, 1)\n"
                  "escape_n(i1)\n"
                  "jump(i1, descr=loop)\n");
}

// DESIGN(unboxed-entry) in jit/ir/descr.h: a call whose value-class arguments are virtual
// boxes calls the callee's unboxed entry with their values; the boxes are never made.
TEST(Virtualize, CallAssemblerOfVirtualValueBoxesCallsTheUnboxedEntry) {
  expectOptimized("virtualize",
                  "[i0, i1]\n"
                  "p2 = new_with_vtable(descr=boxsize)\n"
                  "setfield_gc(p2, i0, descr=boxvaldescr)\n"
                  "p3 = call_assembler_r(256, p2, i1, descr=fnentry)\n"
                  "guard_not_forced() [code@1: i0, p2, p3]\n"
                  "finish(p3)\n",
                  "[i0, i1]\n"
                  "p3 = call_assembler_r(256, i0, i1, descr=fnentry_raw)\n"
                  "guard_not_forced() [code@1: i0, v0, p3] {v0 = new_with_vtable(descr=boxsize, "
                  "boxvaldescr=i0)}\n"
                  "finish(p3)\n");
}

// A box the trace did not allocate (or of another class) goes to the boxed entry as it is.
TEST(Virtualize, CallAssemblerKeepsTheBoxedEntryForOtherArguments) {
  expectOptimized("virtualize",
                  "[p0, i1]\n"
                  "p3 = call_assembler_r(256, p0, i1, descr=fnentry)\n"
                  "finish(p3)\n",
                  "[p0, i1]\n"
                  "p3 = call_assembler_r(256, p0, i1, descr=fnentry)\n"
                  "finish(p3)\n");
  expectOptimized("virtualize",
                  "[i0, i1]\n"
                  "p2 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p2, i0, descr=valuedescr)\n"
                  "p3 = call_assembler_r(256, p2, i1, descr=fnentry)\n"
                  "finish(p3)\n",
                  "[i0, i1]\n"
                  "p2 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p2, i0, descr=valuedescr)\n"
                  "p3 = call_assembler_r(256, p2, i1, descr=fnentry)\n"
                  "finish(p3)\n");
}

// finish of a virtual value box returns the value, naming the class that boxes it.
TEST(Virtualize, FinishOfAVirtualValueBoxReturnsItsValue) {
  expectOptimized("virtualize",
                  "[i0]\n"
                  "i1 = int_add(i0, 1)\n"
                  "p2 = new_with_vtable(descr=boxsize)\n"
                  "setfield_gc(p2, i1, descr=boxvaldescr)\n"
                  "finish(p2)\n",
                  "[i0]\n"
                  "i1 = int_add(i0, 1)\n"
                  "finish(i1, descr=boxsize)\n");
  // Not a value class: the object is made and returned.
  expectOptimized("virtualize",
                  "[i0]\n"
                  "p2 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p2, i0, descr=valuedescr)\n"
                  "finish(p2)\n",
                  "[i0]\n"
                  "p2 = new_with_vtable(descr=nodesize)\n"
                  "setfield_gc(p2, i0, descr=valuedescr)\n"
                  "finish(p2)\n");
}

}  // namespace
}  // namespace pyl::jit::testing
