// tests/unit/framework/contexts_test.cpp — one handler template, instantiated for ConcreteCx and
// TracingCx: both compute the same values, and TracingCx records the ops and guards the
// decisions need (checked against a text-recording sink).
#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "framework/concrete_cx.h"
#include "framework/hints.h"
#include "framework/tracing_cx.h"
#include "tests/unit/framework/mock_sink.h"

namespace pyl::framework {
namespace {

struct Box : Object {
  std::int64_t value;
};
const ObjectClass kBoxClass{"Box", sizeof(Box)};

struct Map {
  std::int64_t version;
};

}  // namespace
// The box value never changes after construction in these tests.
template <>
inline constexpr bool kImmutableField<&Box::value> = true;
namespace {

std::int64_t twice(std::int64_t x) {
  return 2 * x;
}
Box exceptionBox{{&kBoxClass}, 99};
std::int64_t raiser(std::int64_t x) {
  if (x > 10) raisePending(&exceptionBox);
  return x;
}

// The handler under test: unbox two boxes, add, compare, rebox.
template <class Cx>
typename Cx::template Val<Box*> addBoxes(Cx& cx, typename Cx::template Val<Box*> a,
                                         typename Cx::template Val<Box*> b) {
  if (cx.classOf(a) != &kBoxClass) return a;
  auto sum = cx.add(cx.template getField<&Box::value>(a), cx.template getField<&Box::value>(b));
  if (cx.isTrue(cx.lt(sum, cx.constant(std::int64_t{0})))) sum = cx.neg(sum);
  auto result = cx.template allocate<Box>(kBoxClass);
  cx.template setField<&Box::value>(result, sum);
  return result;
}

Box* makeBox(std::int64_t v) {
  ConcreteCx cx;
  Box* b = cx.allocate<Box>(kBoxClass);
  b->value = v;
  return b;
}

// ConcreteCx costs nothing: no state, plain values, so handlers compile to what a hand-written
// interpreter would.
static_assert(std::is_empty_v<ConcreteCx>);
static_assert(std::is_same_v<ConcreteCx::Val<Box*>, Box*>);
static_assert(std::is_same_v<ConcreteCx::Val<std::int64_t>, std::int64_t>);
static_assert(!std::is_convertible_v<Traced<bool>, bool>);
static_assert(!std::is_convertible_v<Traced<std::int64_t>, std::int64_t>);
static_assert(!std::is_convertible_v<Traced<Box*>, Box*>);

TEST(Contexts, ConcreteAndTracingComputeTheSame) {
  ConcreteCx concrete;
  Box* c = addBoxes(concrete, makeBox(3), makeBox(-10));
  testing::MockSink sink;
  TracingCx tracing(sink);
  auto a = Traced<Box*>(makeBox(3), sink.fresh());
  auto b = Traced<Box*>(makeBox(-10), sink.fresh());
  Traced<Box*> t = addBoxes(tracing, a, b);
  EXPECT_EQ(c->value, 7);
  EXPECT_EQ(TracingCx::valueOf(t)->value, 7);
}

TEST(Contexts, TracingRecordsGuardsForEveryDecision) {
  testing::MockSink sink;
  TracingCx cx(sink);
  auto a = Traced<Box*>(makeBox(3), sink.fresh());
  auto b = Traced<Box*>(makeBox(-10), sink.fresh());
  addBoxes(cx, a, b);
  std::string all;
  for (auto& l : sink.lines) all += l + "\n";
  EXPECT_NE(all.find("guard_class(v0,"), std::string::npos) << all;
  EXPECT_NE(all.find("getfield_gc(v0,descr=Box::value)"), std::string::npos) << all;
  EXPECT_NE(all.find("int_add("), std::string::npos) << all;
  EXPECT_NE(all.find("guard_true("), std::string::npos) << all;  // sum < 0 was true
  EXPECT_NE(all.find("new_with_vtable("), std::string::npos) << all;
  EXPECT_NE(all.find("setfield_gc("), std::string::npos) << all;
}

TEST(Contexts, PromoteOfAConstantRecordsNoGuard) {
  testing::MockSink sink;
  TracingCx cx(sink);
  EXPECT_EQ(cx.promote(cx.constant(std::int64_t{5})), 5);
  EXPECT_TRUE(sink.lines.empty());
  Traced<std::int64_t> v(6, sink.fresh());
  EXPECT_EQ(cx.promote(v), 6);
  ASSERT_EQ(sink.lines.size(), 1u);
  EXPECT_EQ(sink.lines[0], "guard_value(v1,C6,)");
}

TEST(Contexts, ElidableOnPromotedArgumentsAndExceptions) {
  testing::MockSink sink;
  TracingCx cx(sink);
  Traced<std::int64_t> v(21, sink.fresh());
  auto r = elidablePromote(cx, &twice, v);
  EXPECT_EQ(TracingCx::valueOf(r), 42);
  EXPECT_EQ(sink.lines[0], "guard_value(v0,C21,)");
  EXPECT_NE(sink.lines[1].find("call_pure(C21"), std::string::npos) << sink.lines[1];
  auto x = cx.call<ReadsOnlyCanRaise>(&raiser, v);
  (void)x;
  EXPECT_TRUE(cx.exceptionRaised());
  EXPECT_EQ(sink.lines.back(), "guard_exception() after-call");
  EXPECT_NE(TracingCx::valueOf(cx.takeException()), nullptr);
  EXPECT_FALSE(cx.exceptionRaised());
}

TEST(Contexts, OverflowRecordsTheMatchingGuard) {
  testing::MockSink sink;
  TracingCx cx(sink);
  Traced<std::int64_t> big(INT64_MAX, sink.fresh());
  Traced<std::int64_t> out;
  EXPECT_TRUE(cx.addOverflows(big, cx.constant(std::int64_t{1}), &out));
  EXPECT_EQ(sink.lines.back(), "guard_overflow()");
  EXPECT_FALSE(cx.addOverflows(cx.constant(std::int64_t{1}), cx.constant(std::int64_t{1}), &out));
  EXPECT_EQ(sink.lines.back(), "guard_no_overflow()");
}

std::int64_t smallSquare(std::int64_t x) {
  return x * x;
}
std::int64_t counter = 0;
std::int64_t nextCount() {
  return ++counter;
}

struct Name {
  const char* text;
  static bool equal(Name* a, Name* b) { return std::string(a->text) == b->text; }
};

TEST(Contexts, CallHintsRecordTheirOps) {
  testing::MockSink sink;
  TracingCx cx(sink);
  Traced<std::int64_t> v(4, sink.fresh());
  // lookInsideIff: a constant argument satisfying the predicate is traced into (no call).
  auto body = [](auto& c, auto x) { return c.mul(x, x); };
  auto small = [](std::int64_t x) { return x < 10; };
  auto inlined =
      lookInsideIff<Elidable>(cx, small, body, &smallSquare, cx.constant(std::int64_t{3}));
  EXPECT_EQ(TracingCx::valueOf(inlined), 9);
  EXPECT_EQ(sink.lines.size(), 1u);
  EXPECT_NE(sink.lines.back().find("int_mul"), std::string::npos);
  // ...a non-constant one is a residual call.
  auto residual = lookInsideIff<Elidable>(cx, small, body, &smallSquare, v);
  EXPECT_EQ(TracingCx::valueOf(residual), 16);
  EXPECT_NE(sink.lines.back().find("call_pure("), std::string::npos) << sink.lines.back();
  auto count = cx.call<LoopInvariant>(&nextCount);
  EXPECT_EQ(TracingCx::valueOf(count), 1);
  EXPECT_NE(sink.lines.back().find("call_loopinvariant("), std::string::npos);
  auto opaque = dontLookInside<ReadsOnly>(cx, &smallSquare, v);
  EXPECT_EQ(TracingCx::valueOf(opaque), 16);
  EXPECT_NE(sink.lines.back().find("call("), std::string::npos);
  cx.recordKnownResult(opaque, &smallSquare, v);
  EXPECT_NE(sink.lines.back().find("record_known_result("), std::string::npos) << sink.lines.back();
  Box* box = makeBox(1);
  cx.recordExactClass(Traced<Box*>(box, sink.fresh()), kBoxClass);
  EXPECT_NE(sink.lines.back().find("record_exact_class("), std::string::npos);
  EXPECT_TRUE(cx.weAreJitted());
  EXPECT_FALSE(ConcreteCx().weAreJitted());
}

TEST(Contexts, PromoteStringGuardsOnEquality) {
  testing::MockSink sink;
  TracingCx cx(sink);
  Name name{"x"};
  Traced<Name*> s(&name, sink.fresh());
  EXPECT_EQ(cx.promoteString(s), &name);
  ASSERT_EQ(sink.lines.size(), 2u);
  EXPECT_NE(sink.lines[0].find("call_pure("), std::string::npos) << sink.lines[0];
  EXPECT_EQ(sink.lines[1].rfind("guard_true(", 0), 0u) << sink.lines[1];
}

TEST(Contexts, AfterAbortOnlyComputes) {
  testing::MockSink sink;
  TracingCx cx(sink);
  sink.abort("test");
  std::size_t before = sink.lines.size();
  auto s = cx.add(cx.constant(std::int64_t{2}), cx.constant(std::int64_t{3}));
  EXPECT_EQ(TracingCx::valueOf(s), 5);
  EXPECT_TRUE(cx.isTrue(cx.gt(s, cx.constant(std::int64_t{4}))));
  EXPECT_EQ(sink.lines.size(), before);
}

TEST(Contexts, FieldDescriptorsComeFromMemberPointers) {
  const FieldDescr& d = fieldDescr<&Box::value>();
  EXPECT_EQ(d.offset, sizeof(Object));  // right after the class word
  EXPECT_EQ(d.kind, ValueKind::kInt);
  EXPECT_TRUE(d.immutable);
  EXPECT_STREQ(d.name, "Box::value");
  EXPECT_EQ(&d, &fieldDescr<&Box::value>());  // one descriptor per field
  EXPECT_FALSE(fieldDescr<&Map::version>().immutable);
}

TEST(Contexts, SlotsGoThroughTheShadow) {
  testing::MockSink sink;
  TracingCx cx(sink);
  Word storage[4] = {1, 2, 3, 4};
  VirtualizableFrame frame;
  frame.slots_ = storage;
  frame.capacity_ = 4;
  auto s = cx.slot<std::int64_t>(&frame, 2);
  cx.setSlot(&frame, 0, cx.add(s, s));
  EXPECT_EQ(storage[0], 6u);
  EXPECT_EQ((sink.slots[{&frame, 0}].index), 1);  // the int_add's ref
}

}  // namespace
}  // namespace pyl::framework
