// Tests of jit/opt/optimizer.h: enable_opts parsing, the fixed pass order, aborts and invalid
// input reported as values, and verification after each pass.
#include "jit/opt/optimizer.h"

#include <gtest/gtest.h>

#include "jit/ir/printer.h"
#include "jit/ir/trace_compare.h"
#include "jit/ir/verifier.h"
#include "tests/trace/opt/namespace_fixture.h"

namespace pyl::jit::opt {
namespace {

TEST(EnableOpts, NamesSelectPassesInTableOrder) {
  std::string error;
  auto passes = parseEnableOpts("unroll:intbounds:heap", &error);
  ASSERT_TRUE(passes.has_value()) << error;
  EXPECT_EQ(*passes, (std::vector<PassId>{PassId::intbounds, PassId::heap, PassId::unroll}));
  auto all = parseEnableOpts(kDefaultEnableOpts, &error);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 6u);
  auto none = parseEnableOpts("", &error);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(passName(PassId::virtualize), "virtualize");
}

TEST(EnableOpts, UnknownNameIsAnError) {
  std::string error;
  EXPECT_FALSE(parseEnableOpts("intbounds:frobnicate", &error).has_value());
  EXPECT_NE(error.find("unknown optimization 'frobnicate'"), std::string::npos) << error;
  EXPECT_NE(error.find("rewrite"), std::string::npos) << error;  // lists the known ones

  ir::Trace t = testing::parseOrFail("[i0]\nfinish(i0)\n");
  OptimizerOptions options;
  options.enableOpts = "frobnicate";
  OptimizeResult r = optimizeTrace(t, options);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.abortReason.find("frobnicate"), std::string::npos);
}

// Without unroll (bridges), a second round lets earlier passes see what later ones found:
// virtualize exposes the comparison behind int_is_true, then rewrite and intbounds use it.
TEST(Optimizer, SecondRoundForTracesThatAreNotUnrolled) {
  ir::Trace t = testing::parseOrFail(
      "[i0]\n"
      "p1 = new_with_vtable(descr=intsize)\n"
      "i2 = int_lt(i0, 10)\n"
      "setfield_gc(p1, i2, descr=intvaldescr)\n"
      "i3 = getfield_gc_i(p1, descr=intvaldescr)\n"
      "i4 = int_is_true(i3)\n"
      "guard_true(i4) [i0]\n"
      "i5 = int_add_ovf(i0, 1)\n"
      "guard_no_overflow() [i0]\n"
      "finish(i5)\n");
  OptimizerOptions options;
  options.enableOpts = "intbounds:rewrite:virtualize:pure:heap";
  options.verifyEachPass = true;
  OptimizeResult r = optimizeTrace(t, options);
  ASSERT_TRUE(r.ok()) << r.abortReason;
  ir::Trace expected = testing::parseOrFail(
      "[i0]\n"
      "i2 = int_lt(i0, 10)\n"
      "guard_true(i2) [i0]\n"
      "i5 = int_add(i0, 1)\n"
      "finish(i5)\n");
  EXPECT_EQ(ir::compareTraces(*r.trace, expected), std::nullopt) << ir::printTrace(*r.trace);
}

TEST(Optimizer, EmptyPipelineReturnsTheTraceUnchanged) {
  ir::Trace t = testing::parseOrFail("[i0]\ni1 = int_add(i0, 0)\nfinish(i1)\n");
  OptimizerOptions options;
  options.enableOpts = "";
  OptimizeResult r = optimizeTrace(t, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.trace->size(), 2u);
}

TEST(Optimizer, AbortIsAValueNamingThePass) {
  ir::Trace t = testing::parseOrFail(
      "[p0]\np1 = new_with_vtable(descr=nodesize)\nguard_class(p1, ConstClass(node_vtable2)) "
      "[]\nfinish()\n");
  OptimizerOptions options;
  options.verifyEachPass = true;
  options.enableOpts = "intbounds:virtualize:heap";
  OptimizeResult r = optimizeTrace(t, options);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.abortReason.rfind("virtualize: ", 0), 0u) << r.abortReason;
  options.enableOpts = kDefaultEnableOpts;  // rewrite knows the class of a fresh object first
  r = optimizeTrace(t, options);
  EXPECT_EQ(r.abortReason.rfind("rewrite: ", 0), 0u) << r.abortReason;
}

TEST(Optimizer, InvalidInputIsReportedWhenVerifying) {
  ir::Trace t;
  ir::Value i0 = t.addInputArg(ir::Type::Int);
  t.emit(ir::Opcode::int_add, {i0});  // wrong arity
  t.emit(ir::Opcode::finish, {});
  OptimizerOptions options;
  options.verifyEachPass = true;
  OptimizeResult r = optimizeTrace(t, options);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.abortReason.find("invalid input trace"), std::string::npos) << r.abortReason;
}

TEST(Optimizer, EveryPassKeepsALongTraceValid) {
  // A mixed trace touching every pass; each intermediate result is verified by the driver.
  ir::Trace t = testing::parseOrFail(
      "[p0, i1, f2]\n"
      "label(p0, i1, f2, descr=loop)\n"
      "guard_nonnull(p0) [code@1: p0, i1, f2]\n"
      "guard_class(p0, ConstClass(node_vtable)) [code@1: p0, i1, f2]\n"
      "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i4 = int_and(i3, 15)\n"
      "i5 = int_add_ovf(i4, 1)\n"
      "guard_no_overflow() [code@2: p0, i1, f2]\n"
      "f6 = cast_int_to_float(i5)\n"
      "f7 = float_add(f2, f6)\n"
      "p8 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p8, i5, descr=valuedescr)\n"
      "setfield_gc(p8, p0, descr=nextdescr)\n"
      "i9 = int_sub(i1, 1)\n"
      "i10 = int_gt(i9, 0)\n"
      "guard_true(i10) [code@3: p8, i9, f7]\n"
      "i11 = call_i(ConstClass(func), i9, descr=elidablecalldescr)\n"
      "jump(p0, i9, f7, descr=loop)\n");
  OptimizerOptions options;
  options.verifyEachPass = true;
  OptimizeResult r = optimizeTrace(t, options);
  ASSERT_TRUE(r.ok()) << r.abortReason;
  EXPECT_EQ(ir::verifyTrace(*r.trace), std::nullopt);
}

}  // namespace
}  // namespace pyl::jit::opt
