// tests/unit/jit/trace/recorder_test.cpp — the recorder driven directly through TracingCx:
// merge-point snapshots, loop closing, the guard-after-side-effect rule, after-call resume,
// promotion, inlining limits and blaming on overlong traces.
#include <gtest/gtest.h>

#include "framework/tracing_cx.h"
#include "gc/heap.h"
#include "jit/ir/printer.h"
#include "jit/trace/recorder.h"

namespace pyl::jit::trace {
namespace {

using framework::GreenKey;
using framework::Traced;
using framework::TracingCx;
using framework::VirtualizableFrame;
using framework::Word;

struct Box : framework::Object {
  std::int64_t value;
};
const framework::ObjectClass kBoxClass{"Box", sizeof(Box)};

// A value class (DESIGN(value-classes) in framework/object.h).
struct IntValue : framework::Object {
  std::int64_t value;
};

}  // namespace
}  // namespace pyl::jit::trace

// An IntValue is never written after it is made.
template <>
inline constexpr bool pyl::framework::kImmutableField<&pyl::jit::trace::IntValue::value> = true;

namespace pyl::jit::trace {
namespace {

const framework::ObjectClass kIntValueClass{"IntValue", sizeof(IntValue),
                                            &framework::fieldDescr<&IntValue::value>()};

class Info : public framework::InterpreterInfo {
 public:
  std::string printableLocation(const GreenKey& key) const override {
    return "code" + std::to_string(key.words[0] % 1000) + ":" + std::to_string(key.words[1]);
  }
  VirtualizableFrame* newFrame(const void*, std::int64_t) override { return nullptr; }
  bool hasLoops(const void*) const override { return false; }
  framework::ValueKind slotKind() const override { return framework::ValueKind::kInt; }
};

struct Fixture : ::testing::Test {
  Fixture() : descrs(pool) {
    gc::init();
    frame.code_ = &codeA;
    frame.capacity_ = 8;
    frame.slots_ = storage;
    frame.depth_ = 2;
  }
  std::unique_ptr<Recorder> recorder(RecorderLinks links = {}) {
    links.ended = [this] { ++ended; };
    return std::make_unique<Recorder>(descrs, info, policy, links);
  }
  static GreenKey key(const void* code, std::int64_t pc) {
    GreenKey k;
    k.words = {reinterpret_cast<Word>(code), static_cast<Word>(pc), 0};
    k.count = 2;
    return k;
  }
  std::string text(Recorder& r) { return ir::printTrace(r.trace()); }
  ir::TargetDescr& functionToken() { return pool.addTarget("f" + std::to_string(tokens++)); }

  ir::DescrPool pool;
  DescrMapper descrs;
  InliningPolicy policy;
  Info info;
  int codeA = 0, codeB = 0;
  Word storage[8] = {5, 7, 0, 0, 0, 0, 0, 0};
  VirtualizableFrame frame;
  int ended = 0;
  int tokens = 0;
};

TEST_F(Fixture, LoopClosesAtTheSameKeyWithAJump) {
  auto r = recorder();
  ir::TargetDescr& token = pool.addTarget("t");
  r->beginLoop(&frame, key(&codeA, 0), &token);
  TracingCx cx(*r);
  ASSERT_EQ(r->mergePoint(&frame, key(&codeA, 0)), framework::DriverAction::kContinue);
  auto sum = cx.add(cx.slot<std::int64_t>(&frame, 0), cx.slot<std::int64_t>(&frame, 1));
  cx.setSlot(&frame, 0, sum);
  EXPECT_EQ(r->canEnterJit(&frame, key(&codeA, 1)),
            framework::DriverAction::kContinue);  // another key
  EXPECT_EQ(r->canEnterJit(&frame, key(&codeA, 0)), framework::DriverAction::kSwitchToConcrete);
  EXPECT_EQ(r->state(), RecorderState::kDone);
  EXPECT_EQ(ended, 1);
  std::string t = text(*r);
  EXPECT_NE(t.find("label(i0, i1, descr=t)"), std::string::npos) << t;
  EXPECT_NE(t.find("i2 = int_add(i0, i1)"), std::string::npos) << t;
  EXPECT_NE(t.find("jump(i2, i1, descr=t)"), std::string::npos) << t;
  EXPECT_EQ(storage[0], 12u);  // tracing executed for real
}

TEST_F(Fixture, GuardsResumeAtTheStartOfTheirBytecode) {
  auto r = recorder();
  r->beginFunction(&frame, key(&codeA, 0), &functionToken());
  TracingCx cx(*r);
  r->mergePoint(&frame, key(&codeA, 3));
  auto a = cx.slot<std::int64_t>(&frame, 0);
  cx.setSlot(&frame, 1, cx.add(a, cx.constant(std::int64_t{1})));  // a virtualizable write
  frame.pc_ = 4;
  EXPECT_TRUE(cx.isTrue(cx.gt(a, cx.constant(std::int64_t{0}))));
  const ir::Op& guard = r->trace().ops().back();
  ASSERT_EQ(guard.opcode, ir::Opcode::guard_true);
  const ir::Snapshot& s = r->trace().snapshot(guard.snapshot);
  ASSERT_EQ(s.frames.size(), 1u);
  EXPECT_EQ(s.frames[0].pc, 0u);                            // pc at the merge point
  EXPECT_EQ(s.frames[0].slots[1], ir::Value::inputArg(1));  // slot 1 before the write
}

TEST_F(Fixture, GuardAfterSideEffectAbortsNamingTheBytecode) {
  auto r = recorder();
  r->beginFunction(&frame, key(&codeA, 0), &functionToken());
  TracingCx cx(*r);
  Box* box = static_cast<Box*>(gc::allocate(sizeof(Box)));
  box->class_ = &kBoxClass;
  Traced<Box*> b = cx.constant(box);
  r->mergePoint(&frame, key(&codeA, 9));
  cx.setField<&Box::value>(b, cx.slot<std::int64_t>(&frame, 0));
  cx.isTrue(cx.gt(cx.slot<std::int64_t>(&frame, 1), cx.constant(std::int64_t{0})));
  EXPECT_EQ(r->state(), RecorderState::kAborted);
  EXPECT_EQ(r->abortReason().find("guard after side effect: guard_true recorded after "
                                  "setfield_gc(Box::value) in bytecode code"),
            0u)
      << r->abortReason();
  EXPECT_NE(r->abortReason().find(":9"), std::string::npos);
  EXPECT_EQ(box->value, 5);  // the store happened: the interpreter goes on from here
  // A store into an object allocated in the same bytecode is not a side effect.
  auto r2 = recorder();
  r2->beginFunction(&frame, key(&codeA, 0), &functionToken());
  TracingCx cx2(*r2);
  r2->mergePoint(&frame, key(&codeA, 9));
  auto fresh = cx2.allocate<Box>(kBoxClass);
  cx2.setField<&Box::value>(fresh, cx2.slot<std::int64_t>(&frame, 0));
  cx2.isTrue(cx2.gt(cx2.slot<std::int64_t>(&frame, 1), cx2.constant(std::int64_t{0})));
  EXPECT_EQ(r2->state(), RecorderState::kRecording);
}

std::int64_t increment(std::int64_t x) {
  return x + 1;
}

TEST_F(Fixture, GuardsAfterAResidualCallResumeAfterIt) {
  auto r = recorder();
  r->beginFunction(&frame, key(&codeA, 0), &functionToken());
  TracingCx cx(*r);
  r->mergePoint(&frame, key(&codeA, 2));
  frame.pc_ = 3;
  auto result = cx.call<framework::WritesAnyCanRaise>(&increment, cx.slot<std::int64_t>(&frame, 0));
  EXPECT_EQ(TracingCx::valueOf(result), 6);
  EXPECT_EQ(r->state(), RecorderState::kRecording);
  const ir::Op& guard = r->trace().ops().back();
  ASSERT_EQ(guard.opcode, ir::Opcode::guard_no_exception);
  const ir::Snapshot& s = r->trace().snapshot(guard.snapshot);
  EXPECT_EQ(s.frames[0].pc, 3u | kAfterCallPc);
  ASSERT_EQ(s.frames[0].slots.size(), 3u);  // depth 2 + the pushed result
  EXPECT_EQ(r->trace().typeOf(s.frames[0].slots[2]), ir::Type::Int);
  // Any other guard in this bytecode now breaks rule 2.
  cx.isTrue(cx.gt(result, cx.constant(std::int64_t{0})));
  EXPECT_EQ(r->state(), RecorderState::kAborted);
}

TEST_F(Fixture, PromoteMakesTheValueConstant) {
  auto r = recorder();
  r->beginFunction(&frame, key(&codeA, 0), &functionToken());
  TracingCx cx(*r);
  r->mergePoint(&frame, key(&codeA, 0));
  EXPECT_EQ(cx.promote(cx.slot<std::int64_t>(&frame, 1)), 7);
  auto again = cx.slot<std::int64_t>(&frame, 1);
  EXPECT_TRUE(cx.isConstant(again));
  auto folded = cx.mul(again, cx.constant(std::int64_t{3}));
  EXPECT_TRUE(cx.isConstant(folded));
  std::size_t before = r->trace().size();
  cx.isTrue(cx.gt(folded, cx.constant(std::int64_t{20})));  // decided on constants: no guard
  EXPECT_EQ(r->trace().size(), before);
}

TEST_F(Fixture, InliningStopsAtTheRecursionLimit) {
  policy.maxUnrollRecursion = 2;
  auto r = recorder();
  r->beginFunction(&frame, key(&codeA, 0), &functionToken());
  std::vector<std::unique_ptr<VirtualizableFrame>> frames;
  int inlined = 0;
  while (r->shouldInline(&codeA) && inlined < 10) {
    frames.push_back(std::make_unique<VirtualizableFrame>(frame));
    r->enterInlinedFrame(frames.back().get());
    ++inlined;
  }
  EXPECT_EQ(inlined, 2);  // the root frame counts as the first level
  EXPECT_TRUE(r->shouldInline(&codeB));
  policy.dontInline.insert(&codeB);
  EXPECT_FALSE(r->shouldInline(&codeB));
}

TEST_F(Fixture, TooLongTraceBlamesTheBiggestInlinedFunction) {
  policy.traceLimit = 50;
  auto r = recorder();
  r->beginFunction(&frame, key(&codeA, 0), &functionToken());
  TracingCx cx(*r);
  r->mergePoint(&frame, key(&codeA, 0));
  VirtualizableFrame callee = frame;
  callee.code_ = &codeB;
  Word calleeSlots[8] = {1, 2, 0, 0, 0, 0, 0, 0};
  callee.slots_ = calleeSlots;
  cx.setSlot(&callee, 0, cx.slot<std::int64_t>(&frame, 0));
  cx.setSlot(&callee, 1, cx.slot<std::int64_t>(&frame, 1));
  r->enterInlinedFrame(&callee);
  for (int i = 0; i < 100 && r->recording(); ++i) {
    r->mergePoint(&callee, key(&codeB, i));
    cx.setSlot(&callee, 0,
               cx.add(cx.slot<std::int64_t>(&callee, 0), cx.slot<std::int64_t>(&callee, 1)));
  }
  EXPECT_EQ(r->state(), RecorderState::kAborted);
  EXPECT_EQ(r->blamed(), &codeB);
  EXPECT_EQ(policy.dontInline.count(&codeB), 1u);
  EXPECT_NE(r->abortReason().find("trace too long; stop inlining"), std::string::npos)
      << r->abortReason();
}

// An interpreter that lends its call depth (InterpreterInfo::callDepth): call_assembler allowed.
class DepthInfo : public Info {
 public:
  std::int64_t* callDepth() override { return &depth; }
  std::int64_t maxCallDepth() const override { return 100; }
  std::int64_t depth = 0;
};

TEST_F(Fixture, RecursionIntoTheTracedFunctionRecordsCallAssemblerOfItself) {
  DepthInfo depthInfo;
  auto r = std::make_unique<Recorder>(descrs, depthInfo, policy, RecorderLinks{});
  ir::TargetDescr& token = functionToken();
  token.argTypes = {ir::Type::Int, ir::Type::Int};
  r->beginFunction(&frame, key(&codeA, 0), &token);
  TracingCx cx(*r);
  r->mergePoint(&frame, key(&codeA, 2));
  EXPECT_FALSE(r->shouldInline(&codeA));  // recursion: the trace calls itself
  EXPECT_TRUE(r->shouldInline(&codeB));   // anything else is inlined as before
  Word calleeSlots[4] = {};
  VirtualizableFrame callee;
  callee.code_ = &codeA;
  callee.capacity_ = 4;
  callee.slots_ = calleeSlots;
  callee.depth_ = 2;
  auto a = cx.slot<std::int64_t>(&frame, 0);
  cx.setSlot(&callee, 0, cx.add(a, cx.constant(std::int64_t{1})));
  cx.setSlot(&callee, 1, cx.slot<std::int64_t>(&frame, 1));
  frame.pc_ = 3;
  auto result = cx.callUserFunction<framework::MayForce>(&codeA, &callee, &increment, a);
  EXPECT_EQ(TracingCx::valueOf(result), 6);  // what the interpreter's helper computed
  std::string t = text(*r);
  EXPECT_NE(t.find("i3 = call_assembler_i("), std::string::npos) << t;
  EXPECT_NE(t.find(", i2, i1, descr=f0)"), std::string::npos) << t;  // the callee frame's slots
  EXPECT_EQ(t.find("call_may_force"), std::string::npos) << t;
  const ir::Op& guard = r->trace().ops().back();
  ASSERT_EQ(guard.opcode, ir::Opcode::guard_no_exception);
  const ir::Snapshot& s = r->trace().snapshot(guard.snapshot);
  EXPECT_EQ(s.frames[0].pc, 3u | kAfterCallPc);  // resumes after the call, result pushed
  EXPECT_EQ(s.frames[0].slots.back(), ir::Value::op(3));

  // A callee frame that does not fit the label (another depth) is an ordinary residual call.
  callee.depth_ = 1;
  cx.callUserFunction<framework::MayForce>(&codeA, &callee, &increment, a);
  EXPECT_NE(text(*r).find("call_may_force_i("), std::string::npos) << text(*r);
}

TEST_F(Fixture, WithoutTheInterpretersCallDepthThereIsNoCallAssembler) {
  auto r = recorder();
  ir::TargetDescr& token = functionToken();
  token.argTypes = {ir::Type::Int, ir::Type::Int};
  r->beginFunction(&frame, key(&codeA, 0), &token);
  TracingCx cx(*r);
  r->mergePoint(&frame, key(&codeA, 2));
  EXPECT_TRUE(r->shouldInline(&codeA));  // unrolled up to max_unroll_recursion instead
  cx.callUserFunction<framework::MayForce>(&codeA, &frame, &increment,
                                           cx.slot<std::int64_t>(&frame, 0));
  EXPECT_NE(text(*r).find("call_may_force_i("), std::string::npos) << text(*r);
}

class RefSlots : public Info {
 public:
  framework::ValueKind slotKind() const override { return framework::ValueKind::kRef; }
};

// DESIGN(unboxed-entry) in jit/ir/descr.h: a function trace whose argument is a value-class box
// guards its class, reads its value and continues after a second label taking the raw value;
// from there the slot holds a fresh box (which the optimizer keeps virtual).
TEST_F(Fixture, ValueClassArgumentsGetAnUnboxedEntry) {
  RefSlots refs;
  Recorder r(descrs, refs, policy, RecorderLinks{});
  auto* number = static_cast<IntValue*>(gc::allocate(sizeof(IntValue)));
  number->class_ = &kIntValueClass;
  number->value = 9;
  auto* other = static_cast<Box*>(gc::allocate(sizeof(Box)));
  other->class_ = &kBoxClass;
  storage[0] = reinterpret_cast<Word>(number);
  storage[1] = reinterpret_cast<Word>(other);
  ir::TargetDescr& token = functionToken();
  ir::TargetDescr& unboxed = pool.addTarget("unboxed");
  r.beginFunction(&frame, key(&codeA, 0), &token, &unboxed);
  std::string t = text(r);
  const auto& ops = r.trace().ops();
  ASSERT_GE(ops.size(), 6u) << t;
  EXPECT_EQ(ops[0].opcode, ir::Opcode::label) << t;
  EXPECT_EQ(ops[0].descr, &token);
  EXPECT_EQ(ops[1].opcode, ir::Opcode::guard_class) << t;  // only the value-class argument
  EXPECT_EQ(ops[2].opcode, ir::Opcode::getfield_gc_i) << t;
  EXPECT_EQ(ops[3].opcode, ir::Opcode::label) << t;
  EXPECT_EQ(ops[3].descr, &unboxed);
  ASSERT_EQ(ops[3].args.size(), 2u);
  EXPECT_EQ(ops[3].args[0], ir::Value::op(2));        // the value
  EXPECT_EQ(ops[3].args[1], ir::Value::inputArg(1));  // the other object, as it is
  EXPECT_EQ(ops[4].opcode, ir::Opcode::new_with_vtable) << t;
  EXPECT_EQ(ops[5].opcode, ir::Opcode::setfield_gc) << t;
  const ir::SizeDescr* intValue = descrs.size(kIntValueClass);
  EXPECT_EQ(token.unboxedEntry, &unboxed);
  EXPECT_EQ(unboxed.unboxedClasses, (std::vector<const ir::SizeDescr*>{intValue, nullptr}));
  EXPECT_EQ(unboxed.argTypes, (std::vector<ir::Type>{ir::Type::Int, ir::Type::Ref}));
  ASSERT_NE(intValue->valueField, nullptr);
  EXPECT_EQ(ops[2].descr, intValue->valueField);
  // The guard resumes at the function's start with the caller's box.
  const ir::Snapshot& entry = r.trace().snapshot(ops[1].snapshot);
  ASSERT_EQ(entry.frames.size(), 1u);
  EXPECT_EQ(entry.frames[0].slots[0], ir::Value::inputArg(0));
  // The slot now reads as the fresh box.
  EXPECT_EQ(r.slotRef(&frame, 0).index, static_cast<std::int32_t>(ir::Value::op(4).raw())) << t;
  r.abort("test done");
}

TEST_F(Fixture, WithoutValueClassArgumentsThereIsOneEntry) {
  RefSlots refs;
  Recorder r(descrs, refs, policy, RecorderLinks{});
  auto* other = static_cast<Box*>(gc::allocate(sizeof(Box)));
  other->class_ = &kBoxClass;
  storage[0] = reinterpret_cast<Word>(other);
  storage[1] = 0;  // null
  ir::TargetDescr& token = functionToken();
  ir::TargetDescr& unboxed = pool.addTarget("unboxed");
  r.beginFunction(&frame, key(&codeA, 0), &token, &unboxed);
  std::string t = text(r);
  ASSERT_EQ(r.trace().ops().size(), 1u) << t;
  EXPECT_EQ(token.unboxedEntry, nullptr);
  r.abort("test done");
}

}  // namespace
}  // namespace pyl::jit::trace
