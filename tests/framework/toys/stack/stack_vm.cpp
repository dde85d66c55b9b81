// tests/framework/toys/stack/stack_vm.cpp — the toy VM: frames, context switching between
// ConcreteCx and TracingCx, the residual helpers traces call, and the location printer.
#include "tests/framework/toys/stack/stack_vm.h"

#include <cstdio>

#include "gc/heap.h"
#include "tests/framework/toys/stack/stack_interp.h"

namespace pyl::toys::stack {

using framework::ConcreteCx;
using framework::DriverAction;
using framework::Traced;
using framework::TracingCx;

ErrorObject kTypeError{{&kErrorClass}, "TypeError"};
ErrorObject kOverflowError{{&kErrorClass}, "OverflowError"};
ErrorObject kZeroDivisionError{{&kErrorClass}, "ZeroDivisionError"};
ErrorObject kAttributeError{{&kErrorClass}, "AttributeError"};
ErrorObject kRecursionError{{&kErrorClass}, "RecursionError"};
IntBox kZeroBox{{&kIntClass}, 0};
IntBox kOneBox{{&kIntClass}, 1};

namespace {
Vm* gVm = nullptr;
}

Vm& currentVm() {
  return *gVm;
}

Vm::Vm(Program& program, bool captureOutput)
    : program_(&program), driver_("stack", *this), capture_(captureOutput) {
  gVm = this;
}

Vm::~Vm() {
  flush();
  if (gVm == this) gVm = nullptr;
}

void Vm::write(const std::string& text) {
  output_ += text;
  if (output_.size() > (1u << 16) && !capture_) flush();
}

void Vm::flush() {
  if (capture_) return;
  std::fwrite(output_.data(), 1, output_.size(), stdout);
  std::fflush(stdout);
  output_.clear();
}

Frame* Vm::makeFrame(const Function* function) {
  auto* frame = gc::make<Frame>();
  frame->code_ = function;
  frame->capacity_ = function->locals + function->maxStack + 1;
  frame->slots_ = static_cast<framework::Word*>(
      gc::allocate(static_cast<std::size_t>(frame->capacity_) * sizeof(framework::Word)));
  frame->depth_ = function->locals;
  for (std::int64_t i = 0; i < function->locals; ++i)
    frame->slots_[i] = reinterpret_cast<framework::Word>(kNone);
  return frame;
}

framework::VirtualizableFrame* Vm::newFrame(const void* code, std::int64_t slots) {
  Frame* frame = makeFrame(static_cast<const Function*>(code));
  if (frame->capacity_ < slots) return frame;  // resume reports the mismatch
  return frame;
}

bool Vm::hasLoops(const void* code) const {
  return static_cast<const Function*>(code)->hasLoops;
}

std::string Vm::printableLocation(const framework::GreenKey& key) const {
  const auto* function = reinterpret_cast<const Function*>(key.words[0]);
  if (function == nullptr) return "?";
  auto pc = static_cast<std::int64_t>(key.words[1]);
  std::string text = function->name + ":" + std::to_string(pc);
  if (pc >= 0 && pc < static_cast<std::int64_t>(function->code.size())) {
    text += std::string(" ") + opName(function->code[static_cast<std::size_t>(pc)].op);
  }
  return text;
}

Outcome<ConcreteCx> Vm::runFunction(Frame* frame) {
  return continueFunction(frame, driver_.functionEntry(frame, frame->function(), 0));
}

Outcome<ConcreteCx> Vm::callFunction(Frame* frame) {
  if (callDepth_ >= kMaxCallDepth) return {&kRecursionError, true};
  return runFunction(frame);
}

std::int64_t Vm::maxCallDepth() const {
  return kMaxCallDepth;
}

framework::Word Vm::runCalledFrame(framework::VirtualizableFrame* frame, DriverAction action,
                                   bool* raised) {
  auto* f = static_cast<Frame*>(frame);
  Outcome<ConcreteCx> outcome =
      action == DriverAction::kContinue ? callFunction(f) : continueFunction(f, action);
  *raised = outcome.raised;
  return reinterpret_cast<framework::Word>(outcome.value);
}

Outcome<ConcreteCx> Vm::continueFunction(Frame* frame, DriverAction action) {
  switch (action) {
    case DriverAction::kReturn:
      // A compiled function trace ran to the end; with an exception pending, the function raised.
      if (framework::exceptionPending()) return {framework::takePendingException(), true};
      return {reinterpret_cast<Object*>(driver_.resumeState().returnValue), false};
    case DriverAction::kSwitchToTracing:
      return runFrame(frame, true);
    case DriverAction::kResumeInner: {
      ConcreteCx cx;
      Object* result = nullptr;
      if (handlers::finishResume(*this, cx, frame, &result) == Step::kRaised) return {result, true};
      return runFrame(frame, false);
    }
    default:
      return runFrame(frame, false);
  }
}

Outcome<ConcreteCx> Vm::runFrame(Frame* frame, bool tracing) {
  struct DepthScope {
    std::int64_t& depth;
    explicit DepthScope(std::int64_t& d) : depth(d) { ++depth; }
    ~DepthScope() { --depth; }
  } scope(callDepth_);
  for (;;) {
    if (!tracing) {
      ConcreteCx cx;
      Object* result = nullptr;
      Step step = dispatch(*this, cx, frame, &result);
      if (step == Step::kToTracing) {
        tracing = true;
        continue;
      }
      return {result, step == Step::kRaised};
    }
    TracingCx cx(driver_.hooks()->sink());
    Traced<Object*> result;
    Step step = Step::kNext;
    if (driver_.resumeState().innermost != nullptr)
      step = handlers::finishResume(*this, cx, frame, &result);
    if (step == Step::kNext) step = dispatch(*this, cx, frame, &result);
    if (step == Step::kToConcrete) {
      tracing = false;
      continue;
    }
    return {TracingCx::valueOf(result), step == Step::kRaised};
  }
}

Outcome<TracingCx> Vm::runInlined(TracingCx& cx, Frame* frame) {
  Traced<Object*> result;
  Step step;
  {
    struct DepthScope {
      std::int64_t& depth;
      explicit DepthScope(std::int64_t& d) : depth(d) { ++depth; }
      ~DepthScope() { --depth; }
    } scope(callDepth_);
    step = dispatch(*this, cx, frame, &result);
  }
  if (step == Step::kToConcrete) {
    // Tracing stopped inside the callee: finish it in the interpreter; its value is no longer
    // part of any trace.
    Outcome<ConcreteCx> outcome = runFrame(frame, false);
    return {Traced<Object*>(outcome.value, framework::IrRef{}), outcome.raised};
  }
  return {result, step == Step::kRaised};
}

int Vm::runMain() {
  Frame* frame = makeFrame(program_->functions[0].get());
  Outcome<ConcreteCx> outcome = runFunction(frame);
  if (outcome.raised) {
    flush();
    std::fprintf(stderr, "uncaught exception: %s\n", formatValue(outcome.value).c_str());
    return 1;
  }
  return 0;
}

void printValue(Object* value) {
  currentVm().write(formatValue(value) + "\n");
}

std::int64_t floorDivide(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t floorModulo(std::int64_t a, std::int64_t b) {
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

framework::WordArray* growStorage(framework::WordArray* old, std::int64_t length) {
  framework::WordArray* array = framework::newWordArray(length);
  for (std::int64_t i = 0; i < old->length; ++i) array->items()[i] = old->items()[i];
  return array;
}

Object* callResidual(const Function* function, Object* a0, Object* a1, Object* a2, Object* a3) {
  Vm& vm = currentVm();
  Frame* frame = vm.makeFrame(function);
  Object* args[] = {a0, a1, a2, a3};
  for (std::int64_t i = 0; i < function->params; ++i)
    frame->slots_[i] = reinterpret_cast<framework::Word>(args[i]);
  Outcome<ConcreteCx> outcome = vm.callFunction(frame);
  if (outcome.raised) {
    framework::raisePending(outcome.value);
    return kNone;
  }
  return outcome.value;
}

}  // namespace pyl::toys::stack
