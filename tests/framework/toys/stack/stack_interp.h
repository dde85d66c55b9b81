// tests/framework/toys/stack/stack_interp.h — the toy stack machine's handlers and dispatch
// loop, written once as templates over the execution context (DESIGN.md §3.1) and instantiated
// for ConcreteCx and TracingCx in stack_vm.cpp.
//
// Every handler keeps the resume discipline of DESIGN.md §3.4: all state is in the frame; every
// guard comes before the first side effect of the bytecode (setattr guards the class, the map,
// the value's class and the storage size before it stores); a residual call is the last step of
// its handler, with pc advanced and arguments popped first, and its result pushed as the
// frame's next slot.
#pragma once

#include <limits>

#include "framework/hints.h"
#include "tests/framework/toys/stack/stack_vm.h"

namespace pyl::toys::stack {

// Errors raised by the VM itself (values like any other; printing shows the message).
extern ErrorObject kTypeError, kOverflowError, kZeroDivisionError, kAttributeError, kRecursionError;
extern IntBox kZeroBox, kOneBox;

// Residual helpers (plain C++ called from traces).
void printValue(Object* value);
std::int64_t floorDivide(std::int64_t a, std::int64_t b);
std::int64_t floorModulo(std::int64_t a, std::int64_t b);
framework::WordArray* growStorage(framework::WordArray* old, std::int64_t length);
Object* callResidual(const Function* function, Object* a0, Object* a1, Object* a2, Object* a3);

namespace handlers {

using framework::DriverAction;

template <class Cx>
V<Cx> pop(Cx& cx, Frame* f) {
  return cx.template slot<Object*>(f, --f->depth_);
}
template <class Cx>
void push(Cx& cx, Frame* f, V<Cx> v) {
  cx.setSlot(f, f->depth_++, v);
}
template <class Cx>
V<Cx> box(Cx& cx, typename Cx::template Val<std::int64_t> value) {
  auto object = cx.template allocate<IntBox>(kIntClass);
  cx.template setField<&IntBox::value>(object, value);
  return cx.template cast<Object*>(object);
}
template <class Cx>
typename Cx::template Val<std::int64_t> unbox(Cx& cx, V<Cx> object) {
  return cx.template getField<&IntBox::value>(cx.template cast<IntBox*>(object));
}

// Finds the innermost try region around `instrPc`; pushes the exception there or leaves the
// frame raising it.
template <class Cx>
Step unwind(Cx& cx, Frame* f, std::int64_t instrPc, V<Cx> exception, V<Cx>* result) {
  const Function* function = f->function();
  for (const Handler& h : function->handlers) {
    if (instrPc >= h.start && instrPc < h.end) {
      f->depth_ = function->locals + h.depth;
      push(cx, f, exception);
      f->pc_ = h.handler;
      return Step::kNext;
    }
  }
  cx.frameReturns(f, exception, true);
  *result = exception;
  return Step::kRaised;
}

template <class Cx>
Step raiseError(Cx& cx, Frame* f, ErrorObject& error, V<Cx>* result) {
  return unwind(cx, f, f->pc_, cx.template constant<Object*>(&error), result);
}

template <class Cx>
Outcome<Cx> runToEnd(Vm& vm, Cx& cx, Frame* f) {
  if constexpr (Cx::kTracing) {
    return vm.runInlined(cx, f);
  } else {
    (void)cx;
    return vm.runFrame(f, false);
  }
}

// After compiled code exited inside inlined frames (or after a residual call), finish the
// rebuilt frames innermost first, handing each result (or exception) to its caller, until the
// frame that entered the JIT (`root`) can continue its own dispatch loop.
template <class Cx>
Step finishResume(Vm& vm, Cx& cx, Frame* root, V<Cx>* result) {
  framework::ResumeState& state = vm.driver().resumeState();
  auto* f = static_cast<Frame*>(state.innermost);
  state.innermost = nullptr;
  bool hasException = false;
  V<Cx> exception{};
  if (state.afterCall && framework::exceptionPending()) {
    // The residual call raised: its result slot is meaningless; raise at the call instead.
    --f->depth_;
    exception = cx.takeResumedException();
    hasException = true;
  }
  state.afterCall = false;
  for (;;) {
    if (hasException) {
      if (unwind(cx, f, f->pc_ - 1, exception, result) == Step::kRaised) {
        if (f == root) return Step::kRaised;
        f = static_cast<Frame*>(f->back_);
        continue;
      }
      hasException = false;
    }
    if (f == root) return Step::kNext;
    Outcome<Cx> outcome = runToEnd(vm, cx, f);
    auto* parent = static_cast<Frame*>(f->back_);
    if (outcome.raised) {
      exception = outcome.value;
      hasException = true;
    } else {
      push(cx, parent, outcome.value);
    }
    f = parent;
  }
}

// A user-level backward jump: the loop header of the JitDriver.
template <class Cx>
Step loopHeader(Vm& vm, Cx& cx, Frame* f, V<Cx>* result) {
  DriverAction action = vm.driver().canEnterJit(cx, f, f->function(), f->pc_);
  switch (action) {
    case DriverAction::kContinue:
      return Step::kNext;
    case DriverAction::kSwitchToTracing:
      return Step::kToTracing;
    case DriverAction::kSwitchToConcrete:
      return Step::kToConcrete;
    case DriverAction::kResumeInner:
      return finishResume(vm, cx, f, result);
    case DriverAction::kReturn: {
      // Compiled code ran this frame to its end; with an exception pending, the frame raised it
      // (its own handlers were already tried in the trace).
      if (framework::exceptionPending()) {
        *result = cx.template constant<Object*>(framework::takePendingException());
        return Step::kRaised;
      }
      auto* value = reinterpret_cast<Object*>(vm.driver().resumeState().returnValue);
      *result = cx.template constant<Object*>(value);
      return Step::kReturned;
    }
  }
  return Step::kNext;
}

template <class Cx>
bool truth(Cx& cx, V<Cx> v) {
  // The class is a trace constant after this (guard_class), so only ints cost a second guard.
  const framework::ObjectClass* cls = cx.classOf(v);
  if (cls == &kIntClass) return cx.isTrue(cx.isNonZero(unbox(cx, v)));
  return cls != &kNoneClass;
}

}  // namespace handlers
}  // namespace pyl::toys::stack

// The per-opcode handlers (one function per entry of stack_ops.def).
#include "tests/framework/toys/stack/stack_attr_handlers.h"
#include "tests/framework/toys/stack/stack_handlers.h"

namespace pyl::toys::stack {

// The dispatch loop: fetch, merge point, handler. Returns when the frame returns or raises or
// the context must change.
template <class Cx>
Step dispatch(Vm& vm, Cx& cx, Frame* f, V<Cx>* result) {
  for (;;) {
    if (vm.driver().mergePoint(cx, f, f->function(), f->pc_) ==
        framework::DriverAction::kSwitchToConcrete) {
      return Step::kToConcrete;
    }
    const Instr& in = f->function()->code[static_cast<std::size_t>(f->pc_)];
    Step step = Step::kNext;
    switch (in.op) {
#define STACK_OP(name, operand, pops, pushes, doc) \
  case Op::name:                                   \
    step = handlers::name(vm, cx, f, in, result);  \
    break;
#include "tests/framework/toys/stack/stack_ops.def"
#undef STACK_OP
    }
    if (step != Step::kNext) return step;
  }
}

}  // namespace pyl::toys::stack
