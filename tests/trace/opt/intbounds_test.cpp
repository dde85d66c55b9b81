// Before/after cases of jit/opt/intbounds.cpp.
#include <gtest/gtest.h>

#include "tests/trace/opt/opt_case.h"

namespace pyl::jit::testing {
namespace {

TEST(IntBounds, GuardProvenByEarlierGuardIsRemoved) {
  expectOptimized("intbounds",
                  "[i0]\n"
                  "i1 = int_lt(i0, 10)\n"
                  "guard_true(i1) [i0]\n"
                  "i2 = int_lt(i0, 20)\n"
                  "guard_true(i2) [i0]\n"
                  "finish(i0)\n",
                  "[i0]\n"
                  "i1 = int_lt(i0, 10)\n"
                  "guard_true(i1) [i0]\n"
                  "finish(i0)\n");
}

TEST(IntBounds, OverflowCheckRemovedWhenBoundsFit) {
  expectOptimized("intbounds",
                  "[i0]\n"
                  "i1 = int_lt(i0, 1000)\n"
                  "guard_true(i1) [i0]\n"
                  "i2 = int_gt(i0, -5)\n"
                  "guard_true(i2) [i0]\n"
                  "i3 = int_add_ovf(i0, 1)\n"
                  "guard_no_overflow() [i0]\n"
                  "i4 = int_mul_ovf(i3, 3)\n"
                  "guard_no_overflow() [i0]\n"
                  "finish(i4)\n",
                  "[i0]\n"
                  "i1 = int_lt(i0, 1000)\n"
                  "guard_true(i1) [i0]\n"
                  "i2 = int_gt(i0, -5)\n"
                  "guard_true(i2) [i0]\n"
                  "i3 = int_add(i0, 1)\n"
                  "i4 = int_mul(i3, 3)\n"
                  "finish(i4)\n");
}

TEST(IntBounds, OverflowCheckKeptWhenUnbounded) {
  const char* trace =
      "[i0]\n"
      "i1 = int_gt(i0, 0)\n"
      "guard_true(i1) [i0]\n"
      "i2 = int_add_ovf(i0, 1)\n"
      "guard_no_overflow() [i0]\n"
      "finish(i2)\n";
  expectOptimized("intbounds", trace, trace);
}

TEST(IntBounds, MaskAndModuloBoundResults) {
  expectOptimized("intbounds",
                  "[i0, i1]\n"
                  "i2 = int_and(i0, 255)\n"
                  "i3 = int_lt(i2, 256)\n"
                  "guard_true(i3) [i0]\n"
                  "i4 = int_mod(i1, 10)\n"
                  "i5 = int_ge(i4, 0)\n"
                  "guard_true(i5) [i0]\n"
                  "i6 = int_add_ovf(i2, i4)\n"
                  "guard_no_overflow() [i0]\n"
                  "finish(i6)\n",
                  "[i0, i1]\n"
                  "i2 = int_and(i0, 255)\n"
                  "i4 = int_mod(i1, 10)\n"
                  "i6 = int_add(i2, i4)\n"
                  "finish(i6)\n");
}

// The interval of a Python modulo by c is exactly [0, c-1]: 9 stays possible, 10 does not.
TEST(IntBounds, ModuloBoundIsTight) {
  expectOptimized("intbounds",
                  "[i0]\n"
                  "i1 = int_mod(i0, 10)\n"
                  "i2 = int_le(i1, 8)\n"
                  "i3 = int_le(i1, 9)\n"
                  "i4 = int_floordiv(i0, 4)\n"
                  "i5 = int_rshift(i0, 60)\n"
                  "i6 = int_le(i5, 7)\n"
                  "i7 = int_ge(i5, -8)\n"
                  "escape_n(i2, i3, i4, i6, i7)\n"
                  "finish()\n",
                  "[i0]\n"
                  "i1 = int_mod(i0, 10)\n"
                  "i2 = int_le(i1, 8)\n"
                  "i4 = int_floordiv(i0, 4)\n"
                  "i5 = int_rshift(i0, 60)\n"
                  "escape_n(i2, 1, i4, 1, 1)\n"
                  "finish()\n");
}

TEST(IntBounds, FalseGuardNarrowsToo) {
  expectOptimized("intbounds",
                  "[i0]\n"
                  "i1 = int_ge(i0, 5)\n"
                  "guard_false(i1) [i0]\n"
                  "i2 = int_le(i0, 4)\n"
                  "guard_true(i2) [i0]\n"
                  "i3 = int_eq(i0, 7)\n"
                  "guard_false(i3) [i0]\n"
                  "finish(i0)\n",
                  "[i0]\n"
                  "i1 = int_ge(i0, 5)\n"
                  "guard_false(i1) [i0]\n"
                  "finish(i0)\n");
}

// Interpreters record `if a < b` as guard_true(int_is_true(int_lt(a, b))): the bounds of a and
// b must be learnt through the int_is_true (found on the stack toy's boxed loop).
TEST(IntBounds, LearnsThroughIntIsTrueOfAComparison) {
  expectOptimized("intbounds",
                  "[i0]\n"
                  "i1 = int_lt(i0, 10)\n"
                  "i2 = int_is_true(i1)\n"
                  "guard_true(i2) []\n"
                  "i3 = int_add_ovf(i0, 1)\n"
                  "guard_no_overflow() []\n"
                  "i4 = int_gt(i0, 5)\n"
                  "i5 = int_is_zero(i4)\n"
                  "guard_true(i5) []\n"
                  "i6 = int_le(i0, 5)\n"
                  "guard_true(i6) []\n"
                  "finish(i3)\n",
                  "[i0]\n"
                  "i1 = int_lt(i0, 10)\n"
                  "i2 = int_is_true(i1)\n"
                  "guard_true(i2) []\n"
                  "i3 = int_add(i0, 1)\n"
                  "i4 = int_gt(i0, 5)\n"
                  "i5 = int_is_zero(i4)\n"
                  "guard_true(i5) []\n"
                  "finish(i3)\n");
}

TEST(IntBounds, ContradictingGuardAborts) {
  expectAborted("intbounds",
                "[i0]\n"
                "i1 = int_lt(i0, 0)\n"
                "guard_true(i1) [i0]\n"
                "i2 = int_gt(i0, 5)\n"
                "guard_true(i2) [i0]\n"
                "finish(i0)\n",
                "always fails");
}

TEST(IntBounds, GuardValueOutsideBoundsAborts) {
  expectAborted("intbounds",
                "[i0]\n"
                "i1 = int_and(i0, 7)\n"
                "guard_value(i1, 9) [i0]\n"
                "finish(i1)\n",
                "guard_value always fails");
}

TEST(IntBounds, GuardOverflowAfterSafeAddAborts) {
  expectAborted("intbounds",
                "[i0]\n"
                "i1 = int_and(i0, 7)\n"
                "i2 = int_add_ovf(i1, 1)\n"
                "guard_overflow() [i0]\n"
                "finish(i2)\n",
                "always fails");
}

TEST(IntBounds, BoundsAreForgottenAtLabel) {
  const char* trace =
      "[i0]\n"
      "i1 = int_lt(i0, 10)\n"
      "guard_true(i1) [i0]\n"
      "label(i0, descr=loop)\n"
      "i2 = int_lt(i0, 10)\n"
      "guard_true(i2) [i0]\n"
      "i3 = int_add(i0, 1)\n"
      "jump(i3, descr=loop)\n";
  expectOptimized("intbounds", trace, trace);
}

TEST(IntBounds, UnsignedFieldIsNonNegative) {
  // arraylen is never negative, so the comparison against 0 folds.
  expectOptimized("intbounds",
                  "[p0]\n"
                  "i1 = arraylen_gc(p0, descr=arraydescr)\n"
                  "i2 = int_ge(i1, 0)\n"
                  "guard_true(i2) [p0]\n"
                  "finish(i1)\n",
                  "[p0]\n"
                  "i1 = arraylen_gc(p0, descr=arraydescr)\n"
                  "finish(i1)\n");
}

}  // namespace
}  // namespace pyl::jit::testing
