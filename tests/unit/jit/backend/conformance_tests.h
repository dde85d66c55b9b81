// tests/unit/jit/backend/conformance_tests.h — THE conformance suite of jit/backend/backend.h,
// written once as GoogleTest typed tests over the backend type. Every backend instantiates it:
//
//   #include "tests/unit/jit/backend/conformance_tests.h"
//   INSTANTIATE_TYPED_TEST_SUITE_P(Llvm, BackendConformance, pyl::jit::llvm_backend::LlvmBackend);
//
// A backend type must be default-constructible and derive from backend::Backend. Traces are
// written in the textual IR (jit/ir/parser.h); expected results come from the op semantics, so a
// backend that disagrees with the reference backend on any of them fails here.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "framework/descr.h"
#include "framework/exception_state.h"
#include "framework/object.h"
#include "gc/heap.h"
#include "jit/backend/backend.h"
#include "jit/ir/parser.h"

namespace pyl::jit::backend::conformance {

struct Node : framework::Object {
  std::int64_t value;
  Node* next;
};
inline const framework::ObjectClass kNodeClass{"Node", sizeof(Node)};
inline const framework::ObjectClass kOtherClass{"Other", sizeof(Node)};

// A value class (DESIGN(value-classes) in framework/object.h): a box of one immutable int.
struct Boxed : framework::Object {
  std::int64_t value;
};
inline const framework::ObjectClass kBoxedClass{"Boxed", sizeof(Boxed)};
inline Boxed* makeBoxed(std::int64_t value) {
  auto* box = static_cast<Boxed*>(gc::allocate(sizeof(Boxed)));
  box->class_ = &kBoxedClass;
  box->value = value;
  return box;
}

inline std::int64_t timesThree(std::int64_t x) {
  return 3 * x;
}
inline framework::Object* raiseIfNegative(std::int64_t x) {
  static Node error{{&kOtherClass}, -1, nullptr};
  if (x < 0) framework::raisePending(&error);
  return nullptr;
}

// The descriptors and names the suite's traces use.
class ConformanceEnv {
 public:
  ConformanceEnv() {
    gc::init();
    ir::FieldDescr& value = pool_.addField("value");
    value.offset = framework::detail::offsetOfMember(&Node::value);
    value.type = ir::Type::Int;
    ir::FieldDescr& next = pool_.addField("next");
    next.offset = framework::detail::offsetOfMember(&Node::next);
    next.type = ir::Type::Ref;
    ir::SizeDescr& node = pool_.addSize("node");
    node.size = sizeof(Node);
    node.vtable = reinterpret_cast<std::uint64_t>(&kNodeClass);
    node.fields = {&value, &next};
    ir::ArrayDescr& array = pool_.addArray("intarray");
    array.itemType = ir::Type::Int;
    ir::CallDescr& times = pool_.addCall("times3");
    times.resultType = ir::Type::Int;
    times.argTypes = {ir::Type::Int};
    times.effects.extra = ir::ExtraEffect::kElidableCannotRaise;
    times.thunk = [](const void* fn, const std::uint64_t* args) -> std::uint64_t {
      return static_cast<std::uint64_t>(reinterpret_cast<std::int64_t (*)(std::int64_t)>(
          const_cast<void*>(fn))(static_cast<std::int64_t>(args[0])));
    };
    ir::CallDescr& raises = pool_.addCall("raises");
    raises.resultType = ir::Type::Ref;
    raises.argTypes = {ir::Type::Int};
    raises.effects.extra = ir::ExtraEffect::kCanRaise;
    raises.thunk = [](const void* fn, const std::uint64_t* args) -> std::uint64_t {
      return reinterpret_cast<std::uint64_t>(reinterpret_cast<framework::Object* (*)(std::int64_t)>(
          const_cast<void*>(fn))(static_cast<std::int64_t>(args[0])));
    };
    pool_.addTarget("loop");
    pool_.addTarget("loop2");
    pool_.addTarget("fn");
    // DESIGN(unboxed-entry) in jit/ir/descr.h: a function with a boxed and an unboxed entry.
    ir::FieldDescr& boxValue = pool_.addField("boxvalue");
    boxValue.offset = framework::detail::offsetOfMember(&Boxed::value);
    boxValue.type = ir::Type::Int;
    boxValue.immutable = true;
    ir::SizeDescr& box = pool_.addSize("box");
    box.size = sizeof(Boxed);
    box.vtable = reinterpret_cast<std::uint64_t>(&kBoxedClass);
    box.fields = {&boxValue};
    box.valueField = &boxValue;
    ir::TargetDescr& boxedEntry = pool_.addTarget("fnbox");
    ir::TargetDescr& rawEntry = pool_.addTarget("fnraw");
    boxedEntry.argTypes = {ir::Type::Ref};
    rawEntry.argTypes = {ir::Type::Int};
    rawEntry.unboxedClasses = {&box};
    boxedEntry.unboxedEntry = &rawEntry;
    names_.descrs = &pool_;
    names_.classes["Node"] = reinterpret_cast<std::uint64_t>(&kNodeClass);
    names_.classes["Other"] = reinterpret_cast<std::uint64_t>(&kOtherClass);
    names_.classes["Boxed"] = reinterpret_cast<std::uint64_t>(&kBoxedClass);
    names_.codes["code"] = 0x1000;
  }

  std::shared_ptr<const ir::Trace> parse(const std::string& text) {
    ir::ParseResult r = ir::parseTrace(text, names_);
    EXPECT_TRUE(r.ok()) << r.error << "\n" << text;
    if (!r.ok()) return std::make_shared<const ir::Trace>();
    return std::make_shared<const ir::Trace>(std::move(*r.trace));
  }
  const ir::Descr* descr(const char* name) const { return pool_.find(name); }
  static std::string address(const void* function) {
    return std::to_string(reinterpret_cast<std::int64_t>(function));
  }

 private:
  ir::DescrPool pool_;
  ir::Namespace names_;
};

template <class B>
class BackendConformance : public ::testing::Test {
 protected:
  B backend;
  ConformanceEnv env;
};

TYPED_TEST_SUITE_P(BackendConformance);

TYPED_TEST_P(BackendConformance, LoopRunsUntilItsGuardFails) {
  auto trace = this->env.parse(
      "[i0, i1]\n"
      "label(i0, i1, descr=loop)\n"
      "i2 = int_add(i0, i1)\n"
      "i3 = int_lt(i2, 100)\n"
      "guard_true(i3) [code@7: i2, i1, 5]\n"
      "jump(i2, i1, descr=loop)\n");
  CompiledTrace* loop = this->backend.compileLoop(trace);
  Word inputs[] = {0, 7};
  ExitInfo exit = this->backend.execute(loop, inputs);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.compiled, loop);
  EXPECT_EQ(exit.opIndex, 3u);
  // Live values: i2 and i1 (the constant 5 is not live).
  ASSERT_EQ(exit.values.size(), 2u);
  EXPECT_EQ(exit.values[0], 105u);
  EXPECT_EQ(exit.values[1], 7u);
}

TYPED_TEST_P(BackendConformance, FinishReturnsItsValue) {
  auto trace = this->env.parse(
      "[i0]\n"
      "i1 = int_mul(i0, i0)\n"
      "i2 = int_sub(i1, 1)\n"
      "finish(i2)\n");
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  Word inputs[] = {12};
  ExitInfo exit = this->backend.execute(compiled, inputs);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kFinish);
  ASSERT_EQ(exit.values.size(), 1u);
  EXPECT_EQ(exit.values[0], 143u);
}

TYPED_TEST_P(BackendConformance, OverflowGuardsFollowTheOvfOp) {
  auto trace = this->env.parse(
      "[i0]\n"
      "i1 = int_add_ovf(i0, 1)\n"
      "guard_no_overflow() [i0]\n"
      "finish(i1)\n");
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  Word ok[] = {41};
  EXPECT_EQ(this->backend.execute(compiled, ok).values[0], 42u);
  Word big[] = {static_cast<Word>(INT64_MAX)};
  ExitInfo exit = this->backend.execute(compiled, big);
  EXPECT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.values[0], static_cast<Word>(INT64_MAX));
}

TYPED_TEST_P(BackendConformance, HeapOpsAndGuardClass) {
  auto trace = this->env.parse(
      "[i0, p9]\n"
      "p1 = new_with_vtable(descr=node)\n"
      "setfield_gc(p1, i0, descr=value)\n"
      "setfield_gc(p1, p9, descr=next)\n"
      "guard_class(p1, ConstClass(Node)) []\n"
      "p2 = getfield_gc_r(p1, descr=next)\n"
      "guard_nonnull_class(p2, ConstClass(Node)) [p1]\n"
      "i3 = getfield_gc_i(p2, descr=value)\n"
      "p4 = new_array(3, descr=intarray)\n"
      "setarrayitem_gc(p4, 2, i3, descr=intarray)\n"
      "i5 = getarrayitem_gc_i(p4, 2, descr=intarray)\n"
      "i6 = arraylen_gc(p4, descr=intarray)\n"
      "i7 = int_add(i5, i6)\n"
      "finish(i7)\n");
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  auto* other = static_cast<Node*>(gc::allocate(sizeof(Node)));
  other->class_ = &kNodeClass;
  other->value = 40;
  Word inputs[] = {1, reinterpret_cast<Word>(other)};
  ExitInfo exit = this->backend.execute(compiled, inputs);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kFinish);
  EXPECT_EQ(exit.values[0], 43u);
  other->class_ = &kOtherClass;  // now guard_nonnull_class fails and reports p1
  exit = this->backend.execute(compiled, inputs);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  auto* node = reinterpret_cast<Node*>(exit.values[0]);
  EXPECT_EQ(node->class_, &kNodeClass);
  EXPECT_EQ(node->value, 1);
}

TYPED_TEST_P(BackendConformance, CallsAndTheExceptionSlot) {
  std::string times = ConformanceEnv::address(reinterpret_cast<const void*>(&timesThree));
  std::string raises = ConformanceEnv::address(reinterpret_cast<const void*>(&raiseIfNegative));
  auto trace = this->env.parse(
      "[i0]\n"
      "i1 = call_pure_i(" +
      times +
      ", i0, descr=times3)\n"
      "p2 = call_r(" +
      raises +
      ", i0, descr=raises)\n"
      "guard_no_exception() [i1]\n"
      "finish(i1)\n");
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  Word positive[] = {5};
  ExitInfo exit = this->backend.execute(compiled, positive);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kFinish);
  EXPECT_EQ(exit.values[0], 15u);
  Word negative[] = {static_cast<Word>(-2)};
  exit = this->backend.execute(compiled, negative);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.values[0], static_cast<Word>(-6));
  // The exception stays pending for the interpreter to raise.
  ASSERT_TRUE(framework::exceptionPending());
  EXPECT_EQ(framework::takePendingException()->class_, &kOtherClass);
}

TYPED_TEST_P(BackendConformance, GuardExceptionTakesTheException) {
  std::string raises = ConformanceEnv::address(reinterpret_cast<const void*>(&raiseIfNegative));
  auto trace = this->env.parse(
      "[i0]\n"
      "p1 = call_r(" +
      raises +
      ", i0, descr=raises)\n"
      "p2 = guard_exception(ConstClass(Other)) [i0]\n"
      "finish(p2)\n");
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  Word negative[] = {static_cast<Word>(-1)};
  ExitInfo exit = this->backend.execute(compiled, negative);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kFinish);
  EXPECT_EQ(reinterpret_cast<framework::Object*>(exit.values[0])->class_, &kOtherClass);
  EXPECT_FALSE(framework::exceptionPending());
  Word positive[] = {1};
  exit = this->backend.execute(compiled, positive);
  EXPECT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
}

TYPED_TEST_P(BackendConformance, BridgeRunsInsteadOfTheFailingGuardAndJumpsBack) {
  // Counts i0 up to 100 by 1; below 50 a guard fails into a bridge that adds 10 and jumps back.
  auto loop = this->env.parse(
      "[i0]\n"
      "label(i0, descr=loop)\n"
      "i1 = int_ge(i0, 50)\n"
      "guard_true(i1) [i0]\n"
      "i2 = int_add(i0, 1)\n"
      "i3 = int_lt(i2, 100)\n"
      "guard_true(i3) [i2]\n"
      "jump(i2, descr=loop)\n");
  CompiledTrace* compiled = this->backend.compileLoop(loop);
  Word start[] = {7};
  ExitInfo exit = this->backend.execute(compiled, start);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.opIndex, 2u);
  auto bridge = this->env.parse(
      "[i0]\n"
      "i1 = int_add(i0, 10)\n"
      "jump(i1, descr=loop)\n");
  this->backend.compileBridge(compiled, 2, bridge);
  exit = this->backend.execute(compiled, start);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.opIndex, 5u);
  EXPECT_EQ(exit.values[0], 100u);  // 7,17,27,37,47,57 then +1 up to 100
}

TYPED_TEST_P(BackendConformance, JumpToAnotherTracesLabel) {
  auto first = this->env.parse(
      "[i0]\n"
      "label(i0, descr=loop2)\n"
      "i1 = int_sub(i0, 1)\n"
      "i2 = int_gt(i1, 0)\n"
      "guard_true(i2) [i1]\n"
      "jump(i1, descr=loop2)\n");
  this->backend.compileLoop(first);
  auto entry = this->env.parse(
      "[i0]\n"
      "i1 = int_mul(i0, 2)\n"
      "jump(i1, descr=loop2)\n");
  CompiledTrace* compiled = this->backend.compileLoop(entry);
  Word inputs[] = {5};
  ExitInfo exit = this->backend.execute(compiled, inputs);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.values[0], 0u);
  EXPECT_NE(exit.compiled, compiled);  // it exited from the other trace
}

TYPED_TEST_P(BackendConformance, InvalidationFailsGuardNotInvalidated) {
  auto trace = this->env.parse(
      "[i0]\n"
      "guard_not_invalidated() [i0]\n"
      "finish(i0)\n");
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  Word inputs[] = {3};
  EXPECT_EQ(this->backend.execute(compiled, inputs).kind, ExitInfo::Kind::kFinish);
  this->backend.invalidate(compiled);
  EXPECT_EQ(this->backend.execute(compiled, inputs).kind, ExitInfo::Kind::kGuardFailure);
}

TYPED_TEST_P(BackendConformance, LiveValuesSkipConstantsAndVirtualsAndRepeat) {
  auto trace = this->env.parse(
      "[i0, i1]\n"
      "guard_true(i0) [code@3: i1, 4, i1, v0; code@9: i0] {v0 = new_with_vtable(descr=node, "
      "value=i1)}\n"
      "finish(i0)\n");
  const ir::Snapshot& snapshot = trace->snapshot(trace->ops()[0].snapshot);
  std::vector<ir::Value> live = guardLiveValues(snapshot);
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0], ir::Value::inputArg(1));
  EXPECT_EQ(live[1], ir::Value::inputArg(0));
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  Word inputs[] = {0, 77};
  ExitInfo exit = this->backend.execute(compiled, inputs);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  ASSERT_EQ(exit.values.size(), 2u);
  EXPECT_EQ(exit.values[0], 77u);
  EXPECT_EQ(exit.values[1], 0u);
}

// DESIGN(call-assembler) in jit/backend/backend.h: a function trace calling itself through its
// entry label; the base case leaves through a guard (the runtime finishes it), the depth counter
// is counted up around every call and, at its limit, the runtime makes the call instead.
TYPED_TEST_P(BackendConformance, CallAssemblerRecursesCountsDepthAndHandsExitsToTheRuntime) {
  std::int64_t depth = 0;
  std::vector<std::int64_t> depthAtFailure, freshArgs, depthAtFresh, failedOps;
  bool raiseInFailure = false;
  CallAssemblerHooks hooks;
  hooks.depth = &depth;
  hooks.maxDepth = 50;
  hooks.callFresh = [&](const ir::TargetDescr&, const void* code, std::span<const Word> args) -> Word {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(code), 4096u);
    EXPECT_EQ(args.size(), 1u);
    freshArgs.push_back(static_cast<std::int64_t>(args[0]));
    depthAtFresh.push_back(depth);
    return 5000;
  };
  hooks.afterGuardFailure = [&](const ExitInfo& exit) -> Word {
    EXPECT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
    EXPECT_EQ(exit.values.size(), 1u);  // the callee's i0
    failedOps.push_back(exit.opIndex);
    depthAtFailure.push_back(depth);
    if (raiseInFailure) {
      static Node error{{&kOtherClass}, -1, nullptr};
      framework::raisePending(&error);
      return 0;
    }
    return 1000 + exit.values[0];
  };
  this->backend.setCallAssemblerHooks(hooks);
  auto trace = this->env.parse(
      "[i0]\n"
      "label(i0, descr=fn)\n"
      "i1 = int_le(i0, 0)\n"
      "guard_false(i1) [code@1: i0]\n"
      "i2 = int_sub(i0, 1)\n"
      "i3 = call_assembler_i(4096, i2, descr=fn)\n"
      "guard_no_exception() [code@2: i0]\n"
      "i4 = int_add(i3, i0)\n"
      "finish(i4)\n");
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  Word ten[] = {10};
  ExitInfo exit = this->backend.execute(compiled, ten);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kFinish);
  EXPECT_EQ(exit.values[0], 1055u);  // 1000 for the base case + 10 + 9 + ... + 1
  EXPECT_EQ(depth, 0);
  // The base case ran ten calls deep; its caller had counted the depth back down to 9.
  EXPECT_EQ(depthAtFailure, std::vector<std::int64_t>{9});
  EXPECT_EQ(failedOps, std::vector<std::int64_t>{2});  // guard_false
  EXPECT_TRUE(freshArgs.empty());

  Word hundred[] = {100};
  exit = this->backend.execute(compiled, hundred);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kFinish);
  EXPECT_EQ(exit.values[0], 5000u + 3825u);  // the limit stops at 49; 50 + 51 + ... + 100
  EXPECT_EQ(freshArgs, std::vector<std::int64_t>{49});
  EXPECT_EQ(depthAtFresh, std::vector<std::int64_t>{50});
  EXPECT_EQ(depth, 0);

  // The runtime finished the call with an exception: the caller's guard_no_exception fails, and
  // so on outwards (each nested caller's exit goes to the runtime too).
  raiseInFailure = true;
  failedOps.clear();
  Word three[] = {3};
  exit = this->backend.execute(compiled, three);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.opIndex, 5u);
  ASSERT_EQ(exit.values.size(), 1u);
  EXPECT_EQ(exit.values[0], 3u);  // the outermost frame: i0 = 3
  EXPECT_EQ(failedOps, (std::vector<std::int64_t>{2, 5, 5}));
  EXPECT_TRUE(framework::exceptionPending());
  framework::takePendingException();
  EXPECT_EQ(depth, 0);
}


// DESIGN(unboxed-entry) in jit/ir/descr.h: fib with a boxed entry (the interpreter's) and an
// unboxed one its recursion calls with raw ints; results come back raw from finish(i, descr=box)
// and as objects from the runtime. Covers: the boxed entry's guard; finish boxing for the
// caller of execute(); a caller guarding and reading a raw result; a raw result live at a guard
// exit (the exit holds a box of it); results the runtime returns as objects; the depth limit
// handing the runtime the raw arguments with the target that says how to box them.
TYPED_TEST_P(BackendConformance, UnboxedEntryTakesRawIntsAndFinishReturnsThemRaw) {
  auto fib = [](std::int64_t n) {
    std::int64_t a = 0, b = 1;
    for (std::int64_t i = 0; i < n; ++i) {
      std::int64_t next = a + b;
      a = b;
      b = next;
    }
    return a;
  };
  const auto* rawEntry = ir::descrAs<ir::TargetDescr>(this->env.descr("fnraw"));
  std::int64_t depth = 0;
  std::vector<std::int64_t> freshArgs;
  int rawResultExits = 0;
  CallAssemblerHooks hooks;
  hooks.depth = &depth;
  hooks.maxDepth = 6;
  hooks.callFresh = [&](const ir::TargetDescr& target, const void* code, std::span<const Word> args) -> Word {
    EXPECT_EQ(&target, rawEntry);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(code), 4096u);
    EXPECT_EQ(args.size(), 1u);
    freshArgs.push_back(static_cast<std::int64_t>(args[0]));
    return reinterpret_cast<Word>(makeBoxed(fib(static_cast<std::int64_t>(args[0]))));
  };
  hooks.afterGuardFailure = [&](const ExitInfo& exit) -> Word {
    EXPECT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
    const auto n = static_cast<std::int64_t>(exit.values.at(0));
    if (exit.opIndex == 12) {
      // fib(n - 1) came back raw and is live here: the exit made a box of it.
      EXPECT_EQ(exit.values.size(), 2u);
      const auto* box = reinterpret_cast<const Boxed*>(exit.values.at(1));
      EXPECT_EQ(box->class_, &kBoxedClass);
      EXPECT_EQ(box->value, 13);
      ++rawResultExits;
    } else {
      EXPECT_EQ(exit.opIndex, 5u) << "only the base case and the fib(n - 1) == 13 guard fail";
      EXPECT_LT(n, 2);
    }
    return reinterpret_cast<Word>(makeBoxed(fib(n)));
  };
  this->backend.setCallAssemblerHooks(hooks);
  auto trace = this->env.parse(
      "[p0]\n"
      "label(p0, descr=fnbox)\n"
      "guard_class(p0, ConstClass(Boxed)) [code@0: p0]\n"
      "i1 = getfield_gc_i(p0, descr=boxvalue)\n"
      "label(i1, descr=fnraw)\n"
      "i2 = int_lt(i1, 2)\n"
      "guard_false(i2) [code@1: i1]\n"
      "i3 = int_sub(i1, 1)\n"
      "p4 = call_assembler_r(4096, i3, descr=fnraw)\n"
      "guard_no_exception() [code@2: i1, p4]\n"
      "guard_class(p4, ConstClass(Boxed)) [code@3: i1, p4]\n"
      "i5 = getfield_gc_i(p4, descr=boxvalue)\n"
      "i10 = int_ne(i5, 13)\n"
      "guard_true(i10) [code@4: i1, p4]\n"
      "i6 = int_sub(i1, 2)\n"
      "p7 = call_assembler_r(4096, i6, descr=fnraw)\n"
      "guard_no_exception() [code@5: i1, i5, p7]\n"
      "guard_class(p7, ConstClass(Boxed)) [code@6: i1, i5, p7]\n"
      "i8 = getfield_gc_i(p7, descr=boxvalue)\n"
      "i9 = int_add(i5, i8)\n"
      "finish(i9, descr=box)\n");
  CompiledTrace* compiled = this->backend.compileLoop(trace);
  for (std::int64_t n : {2, 5, 10}) {
    freshArgs.clear();
    rawResultExits = 0;
    Word input[] = {reinterpret_cast<Word>(makeBoxed(n))};
    ExitInfo exit = this->backend.execute(compiled, input);
    ASSERT_EQ(exit.kind, ExitInfo::Kind::kFinish) << n;
    ASSERT_EQ(exit.values.size(), 1u);
    const auto* result = reinterpret_cast<const Boxed*>(exit.values[0]);
    EXPECT_EQ(result->class_, &kBoxedClass) << n;
    EXPECT_EQ(result->value, fib(n)) << n;
    EXPECT_EQ(depth, 0) << n;
    if (n == 10) {
      EXPECT_FALSE(freshArgs.empty());  // the depth limit (6) was reached
      EXPECT_GE(rawResultExits, 1);     // fib(8) saw fib(7) == 13 come back raw
    }
  }
  // The boxed entry guards its argument's class.
  static Node notABox{{&kNodeClass}, 4, nullptr};
  Word other[] = {reinterpret_cast<Word>(&notABox)};
  ExitInfo exit = this->backend.execute(compiled, other);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.opIndex, 1u);
  EXPECT_EQ(depth, 0);
}

// DESIGN(finish-with-exception) in jit/trace/recorder.cpp: a function trace whose frame raised
// finishes with the exception pending; its call_assembler caller's guard_no_exception must see
// it (regression: the LLVM backend once skipped the check for every callee that finished).
TYPED_TEST_P(BackendConformance, CallAssemblerSeesAnExceptionTheCalleeFinishedWith) {
  std::int64_t depth = 0;
  CallAssemblerHooks hooks;
  hooks.depth = &depth;
  hooks.maxDepth = 50;
  hooks.callFresh = [](const ir::TargetDescr&, const void*, std::span<const Word>) -> Word {
    ADD_FAILURE() << "no call reaches the depth limit";
    return 0;
  };
  hooks.afterGuardFailure = [](const ExitInfo&) -> Word {
    ADD_FAILURE() << "the callee has no guard";
    return 0;
  };
  this->backend.setCallAssemblerHooks(hooks);
  std::string raises = ConformanceEnv::address(reinterpret_cast<const void*>(&raiseIfNegative));
  auto callee = this->env.parse(
      "[i0]\n"
      "label(i0, descr=fn)\n"
      "p1 = call_r(" + raises + ", i0, descr=raises)\n"
      "finish(i0)\n");
  this->backend.compileLoop(callee);
  auto caller = this->env.parse(
      "[i0]\n"
      "i1 = call_assembler_i(4096, i0, descr=fn)\n"
      "guard_not_forced() [code@1: i0]\n"
      "guard_no_exception() [code@1: i0]\n"
      "i2 = int_add(i1, 1)\n"
      "finish(i2)\n");
  CompiledTrace* compiled = this->backend.compileLoop(caller);
  Word positive[] = {4};
  ExitInfo exit = this->backend.execute(compiled, positive);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kFinish);
  EXPECT_EQ(exit.values[0], 5u);
  EXPECT_FALSE(framework::exceptionPending());
  Word negative[] = {static_cast<Word>(-3)};
  exit = this->backend.execute(compiled, negative);
  ASSERT_EQ(exit.kind, ExitInfo::Kind::kGuardFailure);
  EXPECT_EQ(exit.opIndex, 2u);
  ASSERT_TRUE(framework::exceptionPending());
  EXPECT_EQ(framework::takePendingException()->class_, &kOtherClass);
  EXPECT_EQ(depth, 0);
}

REGISTER_TYPED_TEST_SUITE_P(BackendConformance, LoopRunsUntilItsGuardFails, FinishReturnsItsValue,
                            OverflowGuardsFollowTheOvfOp, HeapOpsAndGuardClass,
                            CallsAndTheExceptionSlot, GuardExceptionTakesTheException,
                            BridgeRunsInsteadOfTheFailingGuardAndJumpsBack,
                            JumpToAnotherTracesLabel, InvalidationFailsGuardNotInvalidated,
                            LiveValuesSkipConstantsAndVirtualsAndRepeat,
                            CallAssemblerRecursesCountsDepthAndHandsExitsToTheRuntime,
                            UnboxedEntryTakesRawIntsAndFinishReturnsThemRaw,
                            CallAssemblerSeesAnExceptionTheCalleeFinishedWith);

}  // namespace pyl::jit::backend::conformance
