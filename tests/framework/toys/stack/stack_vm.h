// tests/framework/toys/stack/stack_vm.h — the toy stack machine's VM: frames, the JitDriver
// declaration, and the entry points the handlers (stack_interp.h) and the CLI use.
//
// DESIGN(toy-frames): a Frame is a framework::VirtualizableFrame whose code is a Function and
// whose slots are the function's locals followed by its value stack. The greens are
// (function, pc); the only red is the frame. Calls run the callee's frame with a C++ call
// (runFrame); while tracing, a call is inlined (runInlined) or residual (callResidual).
#pragma once

#include <cstdint>
#include <string>

#include "framework/concrete_cx.h"
#include "framework/jit_driver.h"
#include "framework/tracing_cx.h"
#include "tests/framework/toys/stack/stack_program.h"

namespace pyl::toys::stack {

struct Frame : framework::VirtualizableFrame {
  const Function* function() const { return static_cast<const Function*>(code_); }
};

template <class Cx>
using V = typename Cx::template Val<Object*>;

// How a frame ended: returned `value`, or raised it.
template <class Cx>
struct Outcome {
  V<Cx> value{};
  bool raised = false;
};

// What a handler tells the dispatch loop.
enum class Step : std::uint8_t { kNext, kReturned, kRaised, kToTracing, kToConcrete };

class Vm final : public framework::InterpreterInfo {
 public:
  using Driver = framework::JitDriver<const Function*, std::int64_t>;

  // With `captureOutput`, printed text stays in output() instead of going to stdout (tests).
  explicit Vm(Program& program, bool captureOutput = false);
  ~Vm() override;

  Program& program() const { return *program_; }
  Driver& driver() { return driver_; }

  // Runs main; returns the process exit status (1 for an uncaught exception).
  int runMain();
  // A fresh frame for `function`, locals set to None and empty stack.
  Frame* makeFrame(const Function* function);
  // Runs a frame that is at its first bytecode (function entry: may run a function trace).
  Outcome<framework::ConcreteCx> runFunction(Frame* frame);
  // A call of the frame's function, with its arguments in place: the depth limit, then
  // runFunction (what a residual call and call_assembler at the limit do).
  Outcome<framework::ConcreteCx> callFunction(Frame* frame);
  // Runs a frame from its pc to its end, switching contexts as the JIT asks.
  Outcome<framework::ConcreteCx> runFrame(Frame* frame, bool tracing);
  // Runs an inlined callee while tracing (falls back to runFrame if tracing stops).
  Outcome<framework::TracingCx> runInlined(framework::TracingCx& cx, Frame* frame);

  void write(const std::string& text);
  void flush();
  const std::string& output() const { return output_; }

  // framework::InterpreterInfo
  std::string printableLocation(const framework::GreenKey& key) const override;
  framework::VirtualizableFrame* newFrame(const void* code, std::int64_t slots) override;
  bool hasLoops(const void* code) const override;
  framework::ValueKind slotKind() const override { return framework::ValueKind::kRef; }
  std::int64_t* callDepth() override { return &callDepth_; }
  std::int64_t maxCallDepth() const override;
  framework::Word runCalledFrame(framework::VirtualizableFrame* frame,
                                 framework::DriverAction action, bool* raised) override;

 private:
  Program* program_;
  Driver driver_;
  std::string output_;
  bool capture_ = false;
  // Frames running now (interpreted, or called by compiled code through call_assembler).
  std::int64_t callDepth_ = 0;

  // After onFunctionEntry (or a guard failure of a called function trace) said `action`.
  Outcome<framework::ConcreteCx> continueFunction(Frame* frame, framework::DriverAction action);
};

// The toy's one VM (residual calls reach it through here; one VM per process).
Vm& currentVm();

inline constexpr std::int64_t kMaxCallDepth = 3000;

}  // namespace pyl::toys::stack
