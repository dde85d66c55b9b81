// Differential tests of the whole optimizer: each loop runs unoptimized and optimized (default
// pipeline, every pass verified) on the same fresh inputs through tests' own trace runner, and
// both runs must end the same way in interpreter terms: the same finish values, or the same
// failing guard with the same resumed frames (virtuals materialized, pending stores done), and
// the same sequence of escaped values.
#include <gtest/gtest.h>

#include <functional>

#include "jit/ir/op_semantics.h"
#include "jit/ir/printer.h"
#include "jit/opt/optimizer.h"
#include "tests/trace/opt/namespace_fixture.h"
#include "tests/unit/jit/opt/trace_runner.h"

namespace pyl::jit::testing {
namespace {

using Inputs = std::function<Words()>;

void expectSameBehaviour(const char* text, const std::vector<Inputs>& inputSets,
                         const std::function<void(ir::Trace&)>& prepare = {}) {
  ir::Trace original = parseOrFail(text);
  if (prepare) prepare(original);
  opt::OptimizerOptions options;
  options.verifyEachPass = true;
  opt::OptimizeResult optimized = opt::optimizeTrace(original, options);
  ASSERT_TRUE(optimized.ok()) << optimized.abortReason;
  ir::PrintOptions print{&testNamespace().names};
  for (const Inputs& inputs : inputSets) {
    RunOutcome before = runTrace(original, inputs());
    RunOutcome after = runTrace(*optimized.trace, inputs());
    ASSERT_EQ(before.error, "") << text;
    ASSERT_EQ(after.error, "") << ir::printTrace(*optimized.trace, print);
    EXPECT_EQ(before.ending, after.ending) << ir::printTrace(*optimized.trace, print);
    EXPECT_EQ(before.escapes, after.escapes) << ir::printTrace(*optimized.trace, print);
    EXPECT_EQ(before.heapAfter, after.heapAfter) << ir::printTrace(*optimized.trace, print);
  }
}

constexpr const char* kBoxedSum =
    "[p0, p1, p2]\n"
    "label(p0, p1, p2, descr=loop)\n"
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

TEST(Differential, BoxedSumLoop) {
  expectSameBehaviour(
      kBoxedSum,
      {
          [] {
            return Words{makeIntBox(0), makeIntBox(10), makeIntBox(0)};
          },
          [] {
            return Words{makeIntBox(5), makeIntBox(3), makeIntBox(7)};
          },
          [] {
            return Words{makeIntBox(0), makeIntBox(1), makeIntBox(0)};
          },
          // The sum overflows: the failing guard is guard_no_overflow, with boxed state to rebuild.
          [] {
            return Words{makeIntBox(1), makeIntBox(100), makeIntBox(INT64_MAX - 50)};
          },
          // The first guard_class fails (a Node, not an Int).
          [] {
            return Words{makeNode(1, 2, 0), makeIntBox(3), makeIntBox(0)};
          },
      });
}

TEST(Differential, MapLookupLoop) {
  auto storage = [] {
    const auto* array = ir::descrAs<ir::ArrayDescr>(testNamespace().pool.find("arraydescr"));
    std::uint64_t items = ir::allocateArray(*array, 4);
    for (int i = 0; i < 4; ++i) ir::storeArrayItem(items, i, *array, ir::intBits(10 * i + 1));
    return items;
  };
  auto node = [storage](bool rightMap) {
    std::uint64_t n = makeNode(0, 0, 0);
    const auto& ns = testNamespace();
    const void* map = ns.names.pointers.at(rightMap ? "map1" : "myptr");
    ir::storeField(n, *ir::descrAs<ir::FieldDescr>(ns.pool.find("mapdescr")),
                   reinterpret_cast<std::uintptr_t>(map));
    ir::storeField(n, *ir::descrAs<ir::FieldDescr>(ns.pool.find("storagedescr")), storage());
    return n;
  };
  expectSameBehaviour(
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
      "i7 = int_lt(i6, 1000)\n"
      "guard_true(i7) [code@8: p0, i6]\n"
      "jump(p0, i6, descr=loop)\n",
      {[node] {
         return Words{node(true), 0};
       },
       [node] {
         return Words{node(true), 990};
       },
       [node] {
         return Words{node(false), 0};
       }},
      [](ir::Trace& t) {
        // What the recorder saw: the fixture's lookup(map1, name_x) returns 2.
        const auto& names = testNamespace().names;
        std::vector<ir::Value> call{t.constClass(names.classes.at("lookup")),
                                    t.constRef(names.pointers.at("map1")),
                                    t.constRef(names.pointers.at("name_x"))};
        t.recordCallPureResult(call, t.constInt(2));
      });
}

TEST(Differential, LinkedListWalkWithLazyStores) {
  auto list = [] {
    std::uint64_t tail = makeNode(3, 0, 0);
    std::uint64_t mid = makeNode(2, 0, tail);
    return makeNode(1, 0, mid);
  };
  expectSameBehaviour(
      "[p0, p1, i2]\n"
      "label(p0, p1, i2, descr=loop)\n"
      "guard_nonnull_class(p0, ConstClass(node_vtable)) [code@1: p0, p1, i2]\n"
      "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i4 = int_add(i2, i3)\n"
      "setfield_gc(p1, i4, descr=valuedescr)\n"
      "setfield_gc(p0, i4, descr=otherdescr)\n"
      "i5 = getfield_gc_i(p1, descr=valuedescr)\n"
      "i7 = int_lt(i5, 1000)\n"
      "guard_true(i7) [code@2: p0, p1, i5]\n"
      "p6 = getfield_gc_r(p0, descr=nextdescr)\n"
      "jump(p6, p1, i5, descr=loop)\n",
      {[list] {
         return Words{list(), makeNode(0, 0, 0), 100};
       },
       // The sum passes 1000 in the second iteration: the failing guard's resumed state needs
       // the stores the heap pass delayed past it.
       [list] {
         return Words{list(), makeNode(0, 0, 0), 998};
       },
       [] {
         return Words{0, makeNode(0, 0, 0), 5};
       }});
}

TEST(Differential, FieldCounterCarriedAroundTheLoop) {
  expectSameBehaviour(
      "[p0, p1, i2]\n"
      "label(p0, p1, i2, descr=loop)\n"
      "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i4 = int_add(i3, i2)\n"
      "setfield_gc(p0, i4, descr=valuedescr)\n"
      "i5 = getfield_gc_i(p1, descr=otherdescr)\n"
      "i6 = int_add(i5, 1)\n"
      "setfield_gc(p1, i6, descr=otherdescr)\n"
      "i7 = int_lt(i4, 60)\n"
      "guard_true(i7) [code@5: p0, p1, i6]\n"
      "jump(p0, p1, i2, descr=loop)\n",
      {[] {
         return Words{makeNode(0, 0, 0), makeNode(0, 0, 0), 7};
       },
       [] {
         std::uint64_t same = makeNode(3, 4, 0);  // p0 and p1 alias: the fields still differ
         return Words{same, same, 5};
       }});
}

TEST(Differential, BoxedAttributeIncrementCarriesTheBox) {
  const char* loop =
      "[p0, i9]\n"
      "label(p0, i9, descr=loop)\n"
      "p1 = getfield_gc_r(p0, descr=nextdescr)\n"
      "guard_nonnull_class(p1, ConstClass(node_vtable)) [code@1: p0, i9]\n"
      "i2 = getfield_gc_i(p1, descr=valuedescr)\n"
      "i3 = getfield_gc_i(p1, descr=otherdescr)\n"
      "i4 = int_add(i2, i3)\n"
      "p5 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p5, i4, descr=valuedescr)\n"
      "setfield_gc(p0, p5, descr=nextdescr)\n"
      "i6 = int_sub(i9, 1)\n"
      "i7 = int_gt(i6, 0)\n"
      "guard_true(i7) [code@2: p0, i4, p5]\n"
      "jump(p0, i6, descr=loop)\n";
  expectSameBehaviour(loop, {[] {
                               return Words{makeNode(0, 0, makeNode(1, 2, 0)), 6};
                             },
                             [] {
                               return Words{makeNode(0, 0, makeNode(1, 2, 0)), 1};
                             },
                             [] {
                               return Words{makeNode(0, 0, 0), 4};
                             }});
}

// The carried box may be reached through another object (p9 may be p0): a store through that
// path before the read means the stored value is not known any more.
TEST(Differential, CarriedBoxWrittenThroughAnAlias) {
  const char* loop =
      "[p0, p9, i10]\n"
      "label(p0, p9, i10, descr=loop)\n"
      "p1 = getfield_gc_r(p0, descr=nextdescr)\n"
      "guard_nonnull_class(p1, ConstClass(node_vtable)) [code@1: p0, i10]\n"
      "p8 = getfield_gc_r(p9, descr=nextdescr)\n"
      "guard_nonnull(p8) [code@1: p0, i10]\n"
      "setfield_gc(p8, i10, descr=valuedescr)\n"
      "i2 = getfield_gc_i(p1, descr=valuedescr)\n"
      "i4 = int_add(i2, 1)\n"
      "p5 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p5, i4, descr=valuedescr)\n"
      "setfield_gc(p0, p5, descr=nextdescr)\n"
      "i6 = int_sub(i10, 1)\n"
      "i7 = int_gt(i6, 0)\n"
      "guard_true(i7) [code@2: p0, i4, p5]\n"
      "jump(p0, p9, i6, descr=loop)\n";
  expectSameBehaviour(
      loop,
      {[] {
         std::uint64_t p0 = makeNode(0, 0, makeNode(1, 2, 0));
         return Words{p0, p0, 6};
       },
       [] {
         return Words{makeNode(0, 0, makeNode(1, 2, 0)), makeNode(0, 0, makeNode(5, 5, 0)), 6};
       }});
}

// A load at an invariant but unknown index may read the slot a constant-index store writes.
TEST(Differential, VariableIndexLoadSeesConstantIndexStore) {
  auto array = [] {
    const auto* descr = ir::descrAs<ir::ArrayDescr>(testNamespace().pool.find("arraydescr"));
    std::uint64_t items = ir::allocateArray(*descr, 3);
    for (int i = 0; i < 3; ++i) ir::storeArrayItem(items, i, *descr, ir::intBits(i + 1));
    return items;
  };
  const char* loop =
      "[p0, i1, i2]\n"
      "label(p0, i1, i2, descr=loop)\n"
      "i3 = getarrayitem_gc_i(p0, i1, descr=arraydescr)\n"
      "i4 = int_add(i3, i2)\n"
      "setarrayitem_gc(p0, 0, i4, descr=arraydescr)\n"
      "i5 = int_sub(i2, 1)\n"
      "i6 = int_gt(i5, 0)\n"
      "guard_true(i6) [code@1: i4, i3]\n"
      "jump(p0, i1, i5, descr=loop)\n";
  expectSameBehaviour(loop, {[array] {
                               return Words{array(), 0, 5};
                             },
                             [array] {
                               return Words{array(), 2, 5};
                             }});
}

// The same new object passed in two label positions cannot be replaced by its fields.
TEST(Differential, ObjectCarriedInTwoPositions) {
  const char* loop =
      "[p0, p1, i2]\n"
      "label(p0, p1, i2, descr=loop)\n"
      "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i4 = getfield_gc_i(p1, descr=valuedescr)\n"
      "i5 = int_add(i3, i4)\n"
      "p6 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p6, i5, descr=valuedescr)\n"
      "i7 = int_sub(i2, 1)\n"
      "i8 = int_gt(i7, 0)\n"
      "guard_true(i8) [code@1: p6, p0, p1]\n"
      "jump(p6, p6, i7, descr=loop)\n";
  expectSameBehaviour(loop, {[] { return Words{makeNode(1, 0, 0), makeNode(2, 0, 0), 5}; }});
}

// p1 may be p0: its store before the load must not be skipped by carrying p0.valuedescr.
TEST(Differential, StoreThroughAliasBeforeTheCarriedLoad) {
  const char* loop =
      "[p0, p1, i2]\n"
      "label(p0, p1, i2, descr=loop)\n"
      "setfield_gc(p1, i2, descr=valuedescr)\n"
      "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i4 = int_add(i3, 100)\n"
      "setfield_gc(p0, i4, descr=valuedescr)\n"
      "i5 = int_sub(i2, 1)\n"
      "i6 = int_gt(i5, 0)\n"
      "guard_true(i6) [code@1: i4, i3]\n"
      "jump(p0, p1, i5, descr=loop)\n";
  expectSameBehaviour(loop, {[] {
                               std::uint64_t same = makeNode(1, 0, 0);
                               return Words{same, same, 5};
                             },
                             [] {
                               return Words{makeNode(1, 0, 0), makeNode(2, 0, 0), 5};
                             }});
}

TEST(Differential, VirtualArrayAndInvariantArithmetic) {
  expectSameBehaviour(
      "[i0, i1, i2]\n"
      "label(i0, i1, i2, descr=loop)\n"
      "p3 = new_array(2, descr=arraydescr)\n"
      "setarrayitem_gc(p3, 0, i0, descr=arraydescr)\n"
      "i4 = int_mul(i1, 3)\n"
      "setarrayitem_gc(p3, 1, i4, descr=arraydescr)\n"
      "i5 = getarrayitem_gc_i(p3, 0, descr=arraydescr)\n"
      "i6 = getarrayitem_gc_i(p3, 1, descr=arraydescr)\n"
      "i7 = int_add(i5, i6)\n"
      "i8 = int_lt(i7, i2)\n"
      "guard_true(i8) [code@3: i7, p3]\n"
      "escape_n(i7)\n"
      "jump(i7, i1, i2, descr=loop)\n",
      {[] {
         return Words{0, 2, 40};
       },
       [] {
         return Words{5, 7, 30};
       },
       [] {
         return Words{50, 1, 6};
       }});
}

}  // namespace
}  // namespace pyl::jit::testing
