// Before/after cases of jit/opt/rewrite.cpp.
#include <gtest/gtest.h>

#include "tests/trace/opt/opt_case.h"

namespace pyl::jit::testing {
namespace {

TEST(Rewrite, ConstantFoldingThroughSharedSemantics) {
  expectOptimized("rewrite",
                  "[i0]\n"
                  "i1 = int_add(3, 4)\n"
                  "i2 = int_floordiv(-7, 2)\n"
                  "i3 = int_mod(-7, 2)\n"
                  "i4 = int_lt(i1, 10)\n"
                  "guard_true(i4) [i0]\n"
                  "f5 = cast_int_to_float(i2)\n"
                  "escape_n(i1, i2, i3, f5)\n"
                  "finish(i0)\n",
                  "[i0]\n"
                  "escape_n(7, -4, 1, -4.0)\n"
                  "finish(i0)\n");
}

TEST(Rewrite, UndefinedOpsAreNotFolded) {
  const char* trace =
      "[i0]\n"
      "i1 = int_floordiv(1, 0)\n"
      "i2 = int_lshift(1, 64)\n"
      "escape_n(i1, i2)\n"
      "finish(i0)\n";
  expectOptimized("rewrite", trace, trace);
}

TEST(Rewrite, OverflowingConstantsKeepTheirCheckOrAbort) {
  expectOptimized("rewrite",
                  "[i0]\n"
                  "i1 = int_add_ovf(5, 6)\n"
                  "guard_no_overflow() [i0]\n"
                  "finish(i1)\n",
                  "[i0]\n"
                  "finish(11)\n");
  expectAborted("rewrite",
                "[i0]\n"
                "i1 = int_add_ovf(9223372036854775807, 1)\n"
                "guard_no_overflow() [i0]\n"
                "finish(i1)\n",
                "always fails");
}

TEST(Rewrite, AlgebraicIdentities) {
  expectOptimized("rewrite",
                  "[i0, i1, p2]\n"
                  "i3 = int_add(i0, 0)\n"
                  "i4 = int_mul(1, i3)\n"
                  "i5 = int_sub(i4, i4)\n"
                  "i6 = int_xor(i1, i1)\n"
                  "i7 = int_or(i1, 0)\n"
                  "i8 = int_and(i7, -1)\n"
                  "i9 = int_neg(i8)\n"
                  "i10 = int_neg(i9)\n"
                  "i11 = int_lshift(i10, 0)\n"
                  "i12 = int_le(i11, i11)\n"
                  "i13 = ptr_eq(p2, p2)\n"
                  "i14 = int_mul_ovf(i0, 1)\n"
                  "guard_no_overflow() [i0]\n"
                  "escape_n(i4, i5, i6, i11, i12, i13, i14)\n"
                  "finish()\n",
                  "[i0, i1, p2]\n"
                  "i9 = int_neg(i1)\n"
                  "escape_n(i0, 0, 0, i1, 1, 1, i0)\n"
                  "finish()\n");
}

TEST(Rewrite, ConstantIncrementsReassociate) {
  expectOptimized("rewrite",
                  "[i0]\n"
                  "i1 = int_add(i0, 1)\n"
                  "i2 = int_add(i1, 2)\n"
                  "i3 = int_add(i2, 3)\n"
                  "finish(i3)\n",
                  "[i0]\n"
                  "i1 = int_add(i0, 1)\n"
                  "i2 = int_add(i0, 3)\n"
                  "i3 = int_add(i0, 6)\n"
                  "finish(i3)\n");
}

TEST(Rewrite, DuplicateGuardsAreRemoved) {
  expectOptimized("rewrite",
                  "[i0, p1]\n"
                  "guard_true(i0) [i0]\n"
                  "guard_true(i0) [i0]\n"
                  "guard_class(p1, ConstClass(node_vtable)) [i0]\n"
                  "guard_class(p1, ConstClass(node_vtable)) [i0]\n"
                  "guard_nonnull(p1) [i0]\n"
                  "i2 = call_i(ConstClass(func), i0, descr=plaincalldescr)\n"
                  "guard_no_exception() [i0]\n"
                  "guard_no_exception() [i0]\n"
                  "finish(i2)\n",
                  "[i0, p1]\n"
                  "guard_true(i0) [i0]\n"
                  "guard_class(p1, ConstClass(node_vtable)) [i0]\n"
                  "i2 = call_i(ConstClass(func), i0, descr=plaincalldescr)\n"
                  "guard_no_exception() [i0]\n"
                  "finish(i2)\n");
}

TEST(Rewrite, GuardFalseMakesTheValueZeroAndGuardTrueMakesAComparisonOne) {
  expectOptimized("rewrite",
                  "[i0, i1]\n"
                  "guard_false(i0) [i0]\n"
                  "i2 = int_lt(i1, 5)\n"
                  "guard_true(i2) [i0]\n"
                  "escape_n(i0, i2)\n"
                  "finish()\n",
                  "[i0, i1]\n"
                  "guard_false(i0) [i0]\n"
                  "i2 = int_lt(i1, 5)\n"
                  "guard_true(i2) [0]\n"
                  "escape_n(0, 1)\n"
                  "finish()\n");
}

TEST(Rewrite, GuardValueMakesTheValueConstant) {
  expectOptimized("rewrite",
                  "[i0, p1]\n"
                  "guard_value(i0, 5) [i0]\n"
                  "i2 = int_mul(i0, 3)\n"
                  "guard_value(i0, 5) [i0]\n"
                  "guard_value(p1, ConstPtr(myptr)) [i0]\n"
                  "i3 = ptr_eq(p1, ConstPtr(myptr))\n"
                  "finish(i2, i3)\n",
                  "[i0, p1]\n"
                  "guard_value(i0, 5) [i0]\n"
                  "guard_value(p1, ConstPtr(myptr)) [5]\n"
                  "finish(15, 1)\n");
}

TEST(Rewrite, GuardNonnullAndClassBecomeOneGuard) {
  expectOptimized("rewrite",
                  "[p0]\n"
                  "guard_nonnull(p0) [p0]\n"
                  "guard_class(p0, ConstClass(node_vtable)) [p0]\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "finish(i1)\n",
                  "[p0]\n"
                  "guard_nonnull_class(p0, ConstClass(node_vtable)) [p0]\n"
                  "i1 = getfield_gc_i(p0, descr=valuedescr)\n"
                  "finish(i1)\n");
}

TEST(Rewrite, NoStrengtheningAcrossSideEffects) {
  const char* trace =
      "[p0]\n"
      "guard_nonnull(p0) [p0]\n"
      "setfield_gc(p0, 1, descr=valuedescr)\n"
      "guard_class(p0, ConstClass(node_vtable)) [p0]\n"
      "finish()\n";
  expectOptimized("rewrite", trace, trace);
}

TEST(Rewrite, GuardsThatAlwaysFailAbort) {
  expectAborted("rewrite",
                "[p0]\nguard_class(p0, ConstClass(node_vtable)) [p0]\nguard_class(p0, "
                "ConstClass(node_vtable2)) [p0]\nfinish()\n",
                "contradicts");
  expectAborted("rewrite", "[i0]\nguard_value(i0, 1) [i0]\nguard_value(i0, 2) [i0]\nfinish()\n",
                "always fails");
  expectAborted("rewrite", "[]\nguard_true(0) []\nfinish()\n", "always fails");
  expectAborted("rewrite", "[p0]\nguard_nonnull(p0) []\nguard_isnull(p0) []\nfinish()\n",
                "always fails");
}

TEST(Rewrite, ImmutableFieldOfConstantIsReadNow) {
  // myptr's memory is zeroed, so its immutable field reads 0 at optimization time.
  expectOptimized("rewrite",
                  "[]\n"
                  "i0 = getfield_gc_i(ConstPtr(myptr), descr=immutdescr)\n"
                  "i1 = getfield_gc_i(ConstPtr(myptr), descr=valuedescr)\n"
                  "finish(i0, i1)\n",
                  "[]\n"
                  "i1 = getfield_gc_i(ConstPtr(myptr), descr=valuedescr)\n"
                  "finish(0, i1)\n");
}

TEST(Rewrite, CondCallOnConstantAndSameAs) {
  expectOptimized("rewrite",
                  "[p0]\n"
                  "cond_call(0, ConstClass(func), p0, descr=voidcalldescr)\n"
                  "cond_call(1, ConstClass(func), p0, descr=voidcalldescr)\n"
                  "p1 = same_as_r(p0)\n"
                  "finish(p1)\n",
                  "[p0]\n"
                  "call_n(ConstClass(func), p0, descr=voidcalldescr)\n"
                  "finish(p0)\n");
}

TEST(Rewrite, KnowledgeIsDroppedAtLabel) {
  const char* trace =
      "[p0]\n"
      "label(p0, descr=loop)\n"
      "guard_class(p0, ConstClass(node_vtable)) [p0]\n"
      "p1 = getfield_gc_r(p0, descr=nextdescr)\n"
      "jump(p1, descr=loop)\n";
  expectOptimized("rewrite", trace, trace);
  expectOptimized("rewrite",
                  "[i0]\n"
                  "guard_value(i0, 3) [i0]\n"
                  "label(i0, descr=loop)\n"
                  "i1 = int_add(i0, 1)\n"
                  "jump(i1, descr=loop)\n",
                  "[i0]\n"
                  "guard_value(i0, 3) [i0]\n"
                  "i2 = same_as_i(3)\n"
                  "label(i2, descr=loop)\n"
                  "i1 = int_add(i2, 1)\n"
                  "jump(i1, descr=loop)\n");
}

}  // namespace
}  // namespace pyl::jit::testing
