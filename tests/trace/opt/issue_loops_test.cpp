// The two loops the meta-tracer issue names, through the default pipeline end to end:
//  1. a sum over boxed ints: the optimized loop body allocates nothing and checks no class;
//  2. an attribute read through a promoted map and an elidable lookup: the lookup folds away
//     and the loop body keeps only the arithmetic.
#include <gtest/gtest.h>

#include "jit/ir/printer.h"
#include "jit/opt/optimizer.h"
#include "tests/trace/opt/namespace_fixture.h"
#include "tests/trace/opt/opt_case.h"

namespace pyl::jit::testing {
namespace {

// The ops after the last label: the loop body.
std::vector<ir::Opcode> loopBody(const ir::Trace& t) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.ops()[i].opcode == ir::Opcode::label) start = i + 1;
  }
  std::vector<ir::Opcode> body;
  for (std::size_t i = start; i < t.size(); ++i) body.push_back(t.ops()[i].opcode);
  return body;
}

bool contains(const std::vector<ir::Opcode>& ops, ir::Opcode op) {
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}

// `while i < n: i = i + 1` with i and n boxed ints, as the recorder sees it.
constexpr const char* kBoxedSumLoop =
    "[p0, p1, p2]\n"
    "label(p0, p1, p2, descr=loop)\n"
    "debug_merge_point(256, 4, 0)\n"
    "guard_class(p0, ConstClass(int_vtable)) [code@4: p0, p1, p2]\n"
    "i3 = getfield_gc_i(p0, descr=intvaldescr)\n"
    "guard_class(p1, ConstClass(int_vtable)) [code@4: p0, p1, p2]\n"
    "i4 = getfield_gc_i(p1, descr=intvaldescr)\n"
    "i5 = int_lt(i3, i4)\n"
    "guard_true(i5) [code@4: p0, p1, p2]\n"
    "guard_class(p2, ConstClass(int_vtable)) [code@10: p0, p1, p2]\n"
    "i6 = getfield_gc_i(p2, descr=intvaldescr)\n"
    "i7 = int_add_ovf(i6, i3)\n"
    "guard_no_overflow() [code@10: p0, p1, p2]\n"
    "p8 = new_with_vtable(descr=intsize)\n"
    "setfield_gc(p8, i7, descr=intvaldescr)\n"
    "i9 = int_add_ovf(i3, 1)\n"
    "guard_no_overflow() [code@14: p0, p1, p8]\n"
    "p10 = new_with_vtable(descr=intsize)\n"
    "setfield_gc(p10, i9, descr=intvaldescr)\n"
    "jump(p10, p1, p8, descr=loop)\n";

TEST(IssueLoops, BoxedIntSumLoopHasNoAllocationAndNoClassGuard) {
  ir::Trace t = optimizeOrFail(std::string(opt::kDefaultEnableOpts), kBoxedSumLoop);
  ASSERT_GT(t.size(), 0u);
  std::vector<ir::Opcode> body = loopBody(t);
  ir::PrintOptions print{&testNamespace().names};
  std::string text = ir::printTrace(t, print);
  EXPECT_FALSE(contains(body, ir::Opcode::new_with_vtable)) << text;
  EXPECT_FALSE(contains(body, ir::Opcode::guard_class)) << text;
  EXPECT_FALSE(contains(body, ir::Opcode::getfield_gc_i)) << text;
  EXPECT_FALSE(contains(body, ir::Opcode::setfield_gc)) << text;
  // Exactly the int loop: compare, guard, the overflow-checked sum, the (proven safe) increment.
  expectOptimized(
      std::string(opt::kDefaultEnableOpts), kBoxedSumLoop,
      "[p0, p1, p2]\n"
      "label(p0, p1, p2, descr=loop)\n"
      "debug_merge_point(256, 4, 0)\n"
      "guard_class(p0, ConstClass(int_vtable)) [code@4: p0, p1, p2]\n"
      "i3 = getfield_gc_i(p0, descr=intvaldescr)\n"
      "guard_class(p1, ConstClass(int_vtable)) [code@4: p0, p1, p2]\n"
      "i4 = getfield_gc_i(p1, descr=intvaldescr)\n"
      "i5 = int_lt(i3, i4)\n"
      "guard_true(i5) [code@4: p0, p1, p2]\n"
      "guard_class(p2, ConstClass(int_vtable)) [code@10: p0, p1, p2]\n"
      "i6 = getfield_gc_i(p2, descr=intvaldescr)\n"
      "i7 = int_add_ovf(i6, i3)\n"
      "guard_no_overflow() [code@10: p0, p1, p2]\n"
      "i9 = int_add(i3, 1)\n"
      "label(i9, p1, i7, i4)\n"
      "debug_merge_point(256, 4, 0)\n"
      "i11 = int_lt(i9, i4)\n"
      "guard_true(i11) [code@4: v0, p1, v1] {v0 = new_with_vtable(descr=intsize, intvaldescr=i9), "
      "v1 = new_with_vtable(descr=intsize, intvaldescr=i7)}\n"
      "i12 = int_add_ovf(i7, i9)\n"
      "guard_no_overflow() [code@10: v0, p1, v1] {v0 = new_with_vtable(descr=intsize, "
      "intvaldescr=i9), "
      "v1 = new_with_vtable(descr=intsize, intvaldescr=i7)}\n"
      "i13 = int_add(i9, 1)\n"
      "jump(i13, p1, i12, i4)\n");
}

// obj.x where obj's attributes live in a storage array indexed through its map:
// map = obj.map; promote(map); index = lookup(map, "x") (elidable); value = storage[index].
TEST(IssueLoops, PromotedMapAndElidableLookupFoldAway) {
  ir::Trace t = parseOrFail(
      "[p0, i1]\n"
      "label(p0, i1, descr=loop)\n"
      "guard_class(p0, ConstClass(node_vtable)) [code@2: p0, i1]\n"
      "p2 = getfield_gc_r(p0, descr=mapdescr)\n"
      "guard_value(p2, ConstPtr(map1)) [code@2: p0, i1]\n"
      "i3 = call_pure_i(ConstClass(lookup), p2, ConstPtr(name_x), descr=lookupcalldescr)\n"
      "p4 = getfield_gc_r(p0, descr=storagedescr)\n"
      "i5 = getarrayitem_gc_i(p4, i3, descr=arraydescr)\n"
      "i6 = int_add_ovf(i1, i5)\n"
      "guard_no_overflow() [code@6: p0, i1]\n"
      "jump(p0, i6, descr=loop)\n");
  // What the recorder saw when it ran the lookup while tracing.
  const auto& names = testNamespace().names;
  std::vector<ir::Value> call{t.constClass(names.classes.at("lookup")),
                              t.constRef(names.pointers.at("map1")),
                              t.constRef(names.pointers.at("name_x"))};
  t.recordCallPureResult(call, t.constInt(2));
  opt::OptimizerOptions options;
  options.verifyEachPass = true;
  opt::OptimizeResult r = opt::optimizeTrace(t, options);
  ASSERT_TRUE(r.ok()) << r.abortReason;
  ir::PrintOptions print{&names};
  EXPECT_EQ(ir::printTrace(*r.trace, print),
            "[p0, i1]\n"
            "label(p0, i1, descr=loop)\n"
            "guard_class(p0, ConstClass(node_vtable)) [code@2: p0, i1]\n"
            "p2 = getfield_gc_r(p0, descr=mapdescr)\n"
            "guard_value(p2, ConstPtr(map1)) [code@2: p0, i1]\n"
            "p3 = getfield_gc_r(p0, descr=storagedescr)\n"
            "i4 = getarrayitem_gc_i(p3, 2, descr=arraydescr)\n"
            "i5 = int_add_ovf(i1, i4)\n"
            "guard_no_overflow() [code@6: p0, i1]\n"
            "label(p0, i5, i4)\n"
            "i6 = int_add_ovf(i5, i4)\n"
            "guard_no_overflow() [code@6: p0, i5]\n"
            "jump(p0, i6, i4)\n");
  std::vector<ir::Opcode> body = loopBody(*r.trace);
  EXPECT_FALSE(contains(body, ir::Opcode::call_pure_i));
  EXPECT_FALSE(contains(body, ir::Opcode::guard_value));
  EXPECT_FALSE(contains(body, ir::Opcode::getfield_gc_r));
}

}  // namespace
}  // namespace pyl::jit::testing
