// framework/jit_driver.h — JitDriver, the interpreter's declaration of where the JIT may act,
// and JitHooks, the interface the JIT runtime (jit/runtime/) implements behind it.
//
// DESIGN(jit-driver): as in RPython, an interpreter declares one driver with its greens (the
// position in the user's program: code object, pc) and its reds. Here the only red is the
// virtualizable frame (framework/frame.h): every other piece of state lives in it, which is what
// lets a guard resume at a bytecode boundary. The dispatch loop calls
//   driver.mergePoint(cx, frame, greens...)   at the top of every bytecode, and
//   driver.canEnterJit(cx, frame, greens...)  at every user-level backward jump,
//   driver.functionEntry(cx, frame, greens...) when a user function starts running,
// and acts on the returned DriverAction. In ConcreteCx mergePoint is free and the other two
// cost a null test when the JIT is off; in TracingCx all three go to the recorder.
//
// Neighbours: framework/resume.h (what kResumeInner hands back), jit/runtime/warm_state.h.
#pragma once

#include <string>

#include "framework/frame.h"
#include "framework/trace_sink.h"

namespace pyl::framework {

class JitDriverBase;

// Implemented by the JIT runtime; the driver holds none when the JIT is off.
class JitHooks {
 public:
  virtual ~JitHooks() = default;
  // Concrete interpretation reached a loop header. The runtime counts, may start tracing
  // (kSwitchToTracing), or may run compiled code, which leaves `frame` at the bytecode where it
  // exited (kContinue) or rebuilt inlined frames to finish first (kResumeInner).
  virtual DriverAction onCanEnterJit(JitDriverBase& driver, VirtualizableFrame* frame,
                                     const GreenKey& key) = 0;
  // A function starts (frame at its first bytecode). Like onCanEnterJit, plus kReturn when a
  // compiled function trace ran to its end (the result is in the driver's resume state).
  virtual DriverAction onFunctionEntry(JitDriverBase& driver, VirtualizableFrame* frame,
                                       const GreenKey& key) = 0;
  // The recorder TracingCx records into while a trace is being recorded.
  virtual TraceSink& sink() = 0;
};

// What the interpreter tells the JIT about itself (RPython's get_printable_location etc.).
class InterpreterInfo {
 public:
  virtual ~InterpreterInfo() = default;
  // "fname:12 ADD" — shown in debug_merge_point and in abort diagnostics.
  virtual std::string printableLocation(const GreenKey& key) const = 0;
  // A fresh frame for `code` with room for `slots` slots (rebuilding inlined frames on resume).
  virtual VirtualizableFrame* newFrame(const void* code, std::int64_t slots) = 0;
  // True if the code object contains a loop (such functions get no function-entry trace).
  virtual bool hasLoops(const void* code) const = 0;
  // The IR type of every virtualizable slot of this interpreter's frames (kInt or kRef).
  virtual ValueKind slotKind() const = 0;

  // DESIGN(call-assembler): a user-level call the tracer does not inline, to a function with a
  // compiled function trace, becomes call_assembler: compiled code calls the callee's machine
  // code directly (recursion runs natively). The interpreter lends its call-depth counter, which
  // compiled code counts up around the call; at maxCallDepth() compiled code does not call but
  // hands the call to runCalledFrame (which raises the interpreter's recursion error). An
  // interpreter returning null here never gets call_assembler in its traces.
  virtual std::int64_t* callDepth() { return nullptr; }
  virtual std::int64_t maxCallDepth() const { return 0; }
  // Runs a called frame to its end for compiled code and returns the result word; with *raised
  // the word is the exception the call raised. `action` kContinue: a fresh frame at its first
  // bytecode with its arguments in place (make the call exactly as the interpreter would,
  // limits included). kResumeInner / kSwitchToTracing: the callee's function trace left
  // through a guard, resume rebuilt `frame` (and the frames in resumeState()), and the value is
  // what onFunctionEntry would have returned. Only called if callDepth() is not null.
  virtual Word runCalledFrame(VirtualizableFrame* frame, DriverAction action, bool* raised);
};

// The result of compiled code that exited inside inlined frames or finished a function trace.
struct ResumeState {
  VirtualizableFrame* innermost = nullptr;  // rebuilt frames chain outward through back_
  bool afterCall = false;                   // the innermost frame's residual call already ran
  Word callResult = 0;                      // its result (when no exception is pending)
  Word returnValue = 0;  // kReturn: the value the compiled function trace returned
};

class JitDriverBase {
 public:
  JitDriverBase(const char* name, InterpreterInfo& info) : name_(name), info_(&info) {}
  virtual ~JitDriverBase() = default;
  JitDriverBase(const JitDriverBase&) = delete;
  JitDriverBase& operator=(const JitDriverBase&) = delete;

  const char* name() const { return name_; }
  InterpreterInfo& info() const { return *info_; }
  void setHooks(JitHooks* hooks) { hooks_ = hooks; }
  JitHooks* hooks() const { return hooks_; }
  ResumeState& resumeState() { return resume_; }

 protected:
  const char* name_;
  InterpreterInfo* info_;
  JitHooks* hooks_ = nullptr;
  ResumeState resume_;
};

template <class... Greens>
class JitDriver : public JitDriverBase {
 public:
  static_assert(sizeof...(Greens) >= 1 && sizeof...(Greens) <= 3, "one to three greens");
  using JitDriverBase::JitDriverBase;

  static GreenKey key(Greens... greens) {
    GreenKey k;
    ((k.words[k.count++] = detail::toWord(greens)), ...);
    return k;
  }

  template <class Cx>
  DriverAction mergePoint(Cx& cx, VirtualizableFrame* frame, Greens... greens) {
    if constexpr (Cx::kTracing) {
      return cx.sink().mergePoint(frame, key(greens...));
    } else {
      (void)cx, (void)frame, ((void)greens, ...);
      return DriverAction::kContinue;
    }
  }
  template <class Cx>
  DriverAction canEnterJit(Cx& cx, VirtualizableFrame* frame, Greens... greens) {
    if constexpr (Cx::kTracing) {
      return cx.sink().canEnterJit(frame, key(greens...));
    } else {
      (void)cx;
      if (hooks_ == nullptr) return DriverAction::kContinue;
      return hooks_->onCanEnterJit(*this, frame, key(greens...));
    }
  }
  // Only called in ConcreteCx: traced calls are inlined or residual, never "entered".
  DriverAction functionEntry(VirtualizableFrame* frame, Greens... greens) {
    if (hooks_ == nullptr) return DriverAction::kContinue;
    return hooks_->onFunctionEntry(*this, frame, key(greens...));
  }
};

}  // namespace pyl::framework
