// tests/unit/jit/runtime/resume_test.cpp — resume from a guard's snapshot: virtuals are
// materialized (also when they refer to each other), pending stores performed, the entering frame
// written and inlined frames rebuilt and chained; the after-call flag is decoded.
#include <gtest/gtest.h>

#include "framework/descr.h"
#include "gc/heap.h"
#include "jit/backend/backend.h"
#include "jit/ir/parser.h"
#include "jit/runtime/resume.h"
#include "jit/trace/recorder.h"

namespace pyl::jit::runtime {
namespace {

using framework::VirtualizableFrame;
using framework::Word;

struct Node : framework::Object {
  std::int64_t value;
  Node* next;
};
const framework::ObjectClass kNodeClass{"Node", sizeof(Node)};
int codeF = 0, codeG = 0;

VirtualizableFrame* makeFrame(const void* code) {
  auto* frame = gc::make<VirtualizableFrame>();
  frame->code_ = code;
  frame->capacity_ = 8;
  frame->slots_ = static_cast<Word*>(gc::allocate(8 * sizeof(Word)));
  return frame;
}

class Info : public framework::InterpreterInfo {
 public:
  std::string printableLocation(const framework::GreenKey&) const override { return "?"; }
  VirtualizableFrame* newFrame(const void* code, std::int64_t) override {
    ++made;
    return makeFrame(code);
  }
  bool hasLoops(const void*) const override { return false; }
  framework::ValueKind slotKind() const override { return framework::ValueKind::kRef; }
  int made = 0;
};

struct ResumeTest : ::testing::Test {
  ResumeTest() {
    gc::init();
    ir::FieldDescr& value = pool.addField("value");
    value.offset = framework::detail::offsetOfMember(&Node::value);
    ir::FieldDescr& next = pool.addField("next");
    next.offset = framework::detail::offsetOfMember(&Node::next);
    next.type = ir::Type::Ref;
    ir::SizeDescr& node = pool.addSize("node");
    node.size = sizeof(Node);
    node.vtable = reinterpret_cast<std::uint64_t>(&kNodeClass);
    node.fields = {&value, &next};
    names.descrs = &pool;
    names.codes["f"] = reinterpret_cast<std::uint64_t>(&codeF);
    names.codes["g"] = reinterpret_cast<std::uint64_t>(&codeG);
  }
  ir::Trace parse(const std::string& text) {
    ir::ParseResult r = ir::parseTrace(text, names);
    EXPECT_TRUE(r.ok()) << r.error;
    return std::move(*r.trace);
  }
  ir::DescrPool pool;
  ir::Namespace names;
  Info info;
};

TEST_F(ResumeTest, RebuildsFramesVirtualsAndPendingStores) {
  ir::Trace trace = parse(
      "[i0, p1]\n"
      "guard_true(i0) [f@3: i0, v0; g@5: p1, 7] "
      "{v0 = new_with_vtable(descr=node, value=i0, next=v1), v1 = new_with_vtable(descr=node, "
      "value=9, next=v0), "
      "setfield_gc(p1, i0, descr=value)}\n"
      "finish(i0)\n");
  const ir::Snapshot& snapshot = trace.snapshot(trace.ops()[0].snapshot);
  auto* existing = static_cast<Node*>(gc::allocate(sizeof(Node)));
  existing->class_ = &kNodeClass;
  Word values[] = {42, reinterpret_cast<Word>(existing)};
  ASSERT_EQ(backend::guardLiveValues(snapshot).size(), 2u);
  VirtualizableFrame* root = makeFrame(&codeF);
  ResumedState state = resumeFromSnapshot(trace, snapshot, values, root, info);

  ASSERT_EQ(state.frames.size(), 2u);
  EXPECT_EQ(state.frames[0], root);
  EXPECT_EQ(root->pc_, 3);
  EXPECT_EQ(root->depth_, 2);
  EXPECT_EQ(root->slots_[0], 42u);
  auto* v0 = reinterpret_cast<Node*>(root->slots_[1]);
  EXPECT_EQ(v0->class_, &kNodeClass);
  EXPECT_EQ(v0->value, 42);
  ASSERT_NE(v0->next, nullptr);
  EXPECT_EQ(v0->next->value, 9);
  EXPECT_EQ(v0->next->next, v0);  // a cycle between two virtuals
  VirtualizableFrame* inner = state.frames[1];
  EXPECT_EQ(info.made, 1);
  EXPECT_EQ(inner->code_, &codeG);
  EXPECT_EQ(inner->back_, root);
  EXPECT_EQ(inner->pc_, 5);
  EXPECT_EQ(inner->depth_, 2);
  EXPECT_EQ(inner->slots_[0], reinterpret_cast<Word>(existing));
  EXPECT_EQ(inner->slots_[1], 7u);
  EXPECT_EQ(existing->value, 42);  // the pending store
  EXPECT_FALSE(state.afterCall);
}

// The runtime makes a guard's plan once and resumes every later failure of that guard with it.
TEST_F(ResumeTest, OnePlanResumesEveryFailureOfItsGuard) {
  ir::Trace trace = parse("[i0, i1]\nguard_true(i0) [f@3: i1, i0, i1]\nfinish(i0)\n");
  const ir::Snapshot& snapshot = trace.snapshot(trace.ops()[0].snapshot);
  const ResumePlan plan = makeResumePlan(snapshot);
  ASSERT_EQ(plan.live, backend::guardLiveValues(snapshot));
  for (Word i = 0; i < 3; ++i) {
    Word values[] = {10 + i, 20 + i};  // i1, i0: the order they first appear in
    VirtualizableFrame* root = makeFrame(&codeF);
    ResumedState state = resumeFromSnapshot(trace, snapshot, plan, values, root, info);
    ASSERT_EQ(state.frames.size(), 1u);
    EXPECT_EQ(root->slots_[0], 10 + i);
    EXPECT_EQ(root->slots_[1], 20 + i);
    EXPECT_EQ(root->slots_[2], 10 + i);
  }
  Word tooFew[] = {1};
  EXPECT_THROW(resumeFromSnapshot(trace, snapshot, plan, tooFew, makeFrame(&codeF), info), std::logic_error);
}

TEST_F(ResumeTest, AfterCallFlagIsDecoded) {
  ir::Trace trace = parse("[i0]\nguard_no_exception() [f@2147483652: i0]\nfinish(i0)\n");
  const ir::Snapshot& snapshot = trace.snapshot(trace.ops()[0].snapshot);
  ASSERT_EQ(snapshot.frames[0].pc, 4u | trace::kAfterCallPc);
  Word values[] = {1};
  VirtualizableFrame* root = makeFrame(&codeF);
  ResumedState state = resumeFromSnapshot(trace, snapshot, values, root, info);
  EXPECT_TRUE(state.afterCall);
  EXPECT_EQ(root->pc_, 4);
}

TEST_F(ResumeTest, MismatchesAreReported) {
  ir::Trace trace = parse("[i0]\nguard_true(i0) [g@1: i0]\nfinish(i0)\n");
  const ir::Snapshot& snapshot = trace.snapshot(trace.ops()[0].snapshot);
  Word values[] = {1};
  VirtualizableFrame* root = makeFrame(&codeF);  // the wrong code for the outermost frame
  EXPECT_THROW(resumeFromSnapshot(trace, snapshot, values, root, info), std::logic_error);
  Word tooMany[] = {1, 2};
  EXPECT_THROW(resumeFromSnapshot(trace, snapshot, tooMany, makeFrame(&codeG), info),
               std::logic_error);
}

}  // namespace
}  // namespace pyl::jit::runtime
