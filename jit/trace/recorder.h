// jit/trace/recorder.h — the trace recorder: implements framework::TraceSink on top of the IR.
//
// One Recorder records one trace: a loop (from a hot can-enter-jit to the can-enter-jit of the
// same green key in the same frame), a function trace (from a hot function's first bytecode to
// its return), or a bridge (from a failing guard's resume point to the next loop header with
// compiled code). It keeps, for every frame being traced, the IR value of each virtualizable
// slot, takes a snapshot at every merge point (all inlined frames, outermost first: DESIGN.md
// §3.4) and gives each guard the snapshot of the bytecode it was recorded in.
//
// DESIGN(guard-after-side-effect): a guard resumes by re-executing its whole bytecode, so within
// one bytecode every guard must come before the first externally visible side effect (a store
// into an object not allocated in this bytecode, a residual call with write effects). The
// recorder tracks that per bytecode; a guard recorded after a side effect aborts the trace with
// a diagnostic naming the bytecode, and the interpreter simply continues (nothing was undone,
// because tracing executes for real). Guards right after a residual call (guard_no_exception,
// guard_exception, guard_not_forced) are exempt: they resume AFTER the call (their snapshot's
// innermost pc carries kAfterCallPc and the call's result is pushed as the frame's next slot).
//
// Neighbours: framework/trace_sink.h (the interface), jit/trace/descr_mapper.h, jit/runtime/
// warm_state.h (starts recorders, receives their traces).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "framework/jit_driver.h"
#include "framework/trace_sink.h"
#include "jit/ir/trace.h"
#include "jit/trace/descr_mapper.h"

namespace pyl::jit::trace {

// DESIGN(after-call-resume): bit 31 of a snapshot frame's pc marks "the residual call of this
// bytecode has run": pc already points after the call, and if an exception is pending on resume
// the interpreter drops the pushed result (the frame's last slot) and raises it there.
inline constexpr std::uint32_t kAfterCallPc = 1u << 31;

enum class TraceKind : std::uint8_t { kLoop, kFunction, kBridge };
enum class RecorderState : std::uint8_t { kRecording, kAborted, kDone };

// Knowledge that outlives one recording: functions blamed for overlong traces, and
// quasi-immutable fields demoted to plain fields because they kept being written.
struct InliningPolicy {
  std::int64_t traceLimit = 6000;
  std::int64_t maxUnrollRecursion = 7;
  bool inlining = true;
  std::unordered_set<const void*> dontInline;
  std::set<std::pair<const void*, const framework::FieldDescr*>> mutableQuasiImmutables;
};

// What the recorder asks the runtime while recording.
struct RecorderLinks {
  // The label a trace may jump to at a loop header (nullptr: none compiled for this key/depth).
  std::function<const ir::TargetDescr*(const framework::GreenKey& key, std::int64_t depth)> loopAt;
  // The entry label of `code`'s compiled, runnable function trace (nullptr: none), for
  // call_assembler (DESIGN(call-assembler) in framework/jit_driver.h).
  std::function<const ir::TargetDescr*(const void* code)> functionAt;
  // Called once when the trace is done or aborted (the runtime compiles or logs it).
  std::function<void()> ended;
};

// The state a bridge starts from (built by jit/runtime/resume.h from the failing guard).
struct BridgeStart {
  const ir::Trace* trace = nullptr;        // the trace holding the guard
  const ir::Snapshot* snapshot = nullptr;  // the guard's snapshot
  std::vector<ir::Value> failValues;       // the guard's live values, in exit-buffer order
  std::vector<framework::Word> failWords;  // their values at this failure
  std::vector<framework::Word> virtuals;   // the objects resume materialized (also in frames)
  std::vector<framework::VirtualizableFrame*> frames;  // rebuilt frames, outermost first
};

class Recorder final : public framework::TraceSink {
 public:
  Recorder(DescrMapper& descrs, framework::InterpreterInfo& info, InliningPolicy& policy,
           RecorderLinks links);

  void beginLoop(framework::VirtualizableFrame* root, const framework::GreenKey& key,
                 const ir::TargetDescr* token);
  // A function trace starts with a label (`token`) so call_assembler can name it. Given
  // `unboxedToken`, arguments that are value-class boxes get a second, unboxed entry with that
  // label (DESIGN(unboxed-entry) in jit/ir/descr.h); the recorder fills in its signature and sets
  // token->unboxedEntry when it makes one.
  void beginFunction(framework::VirtualizableFrame* root, const framework::GreenKey& key,
                     ir::TargetDescr* token, ir::TargetDescr* unboxedToken = nullptr);
  void beginBridge(const BridgeStart& start);

  TraceKind kind() const { return kind_; }
  RecorderState state() const { return state_; }
  const framework::GreenKey& startKey() const { return startKey_; }
  const std::string& abortReason() const { return abortReason_; }
  // The function blamed for a too-long trace (nullptr if none was).
  const void* blamed() const { return blamed_; }
  ir::Trace& trace() { return trace_; }
  // (object, field) pairs of quasi-immutable reads the compiled trace depends on.
  const std::vector<std::pair<const void*, const framework::FieldDescr*>>& quasiImmutableReads()
      const {
    return quasiReads_;
  }
  bool readQuasiImmutable(const void* object, const framework::FieldDescr& field) const;

  // --- framework::TraceSink ---
  bool recording() const override { return state_ == RecorderState::kRecording; }
  framework::IrRef constant(framework::Word value, framework::ValueKind kind) override;
  bool constantValue(framework::IrRef ref, framework::Word* value) const override;
  framework::IrRef record(framework::TraceOp op, framework::ValueKind result,
                          std::initializer_list<framework::IrRef> args, framework::DescrArg descr,
                          framework::Word concreteResult) override;
  framework::IrRef recordCall(framework::TraceOp op, const framework::CallDescr& descr,
                              const framework::IrRef* args, std::size_t count,
                              framework::Word concreteResult) override;
  framework::IrRef recordGuard(framework::TraceOp op, std::initializer_list<framework::IrRef> args,
                               framework::ResumeAt resume, framework::ValueKind result,
                               framework::Word concreteResult) override;
  void recordQuasiImmutableRead(framework::IrRef object, const framework::FieldDescr& descr,
                                const void* watcher) override;
  framework::IrRef slotRef(const framework::VirtualizableFrame* frame, std::int64_t index) override;
  void setSlotRef(const framework::VirtualizableFrame* frame, std::int64_t index,
                  framework::IrRef ref) override;
  bool shouldInline(const void* code) override;
  bool recordCallAssembler(const void* code, const framework::VirtualizableFrame* callee,
                           framework::ValueKind resultKind, framework::IrRef* result) override;
  void enterInlinedFrame(framework::VirtualizableFrame* callee) override;
  void leaveInlinedFrame(framework::VirtualizableFrame* callee) override;
  framework::DriverAction mergePoint(framework::VirtualizableFrame* frame,
                                     const framework::GreenKey& key) override;
  framework::DriverAction canEnterJit(framework::VirtualizableFrame* frame,
                                      const framework::GreenKey& key) override;
  void frameReturns(framework::VirtualizableFrame* frame, framework::IrRef result,
                    framework::ValueKind kind, bool exceptional) override;
  framework::IrRef resumedException() override { return resumedException_; }
  void abort(const std::string& reason) override;

 private:
  struct TracedFrame {
    framework::VirtualizableFrame* frame;
    std::size_t opsAtEntry;
  };

  static framework::IrRef toRef(ir::Value v);
  ir::Value toValue(framework::IrRef ref) const;
  std::vector<ir::Value>& shadowOf(const framework::VirtualizableFrame* frame);
  ir::Snapshot takeSnapshot(bool afterCall);
  ir::Value emit(ir::Opcode opcode, std::span<const ir::Value> args, const ir::Descr* descr);
  ir::Value emitGuard(ir::Opcode opcode, std::span<const ir::Value> args, ir::Snapshot snapshot);
  void noteSideEffect(std::string what);
  void checkLength();
  void finish();
  void setupRoot(framework::VirtualizableFrame* root);
  void beginUnboxedEntry(framework::VirtualizableFrame* root, ir::TargetDescr* token,
                         ir::TargetDescr* unboxedToken);
  // The label call_assembler would call for `code` (this function trace's own, or a compiled
  // one), or nullptr.
  const ir::TargetDescr* assemblerTarget(const void* code) const;
  std::string location() const;

  DescrMapper* descrs_;
  framework::InterpreterInfo* info_;
  InliningPolicy* policy_;
  RecorderLinks links_;
  ir::Trace trace_;
  TraceKind kind_ = TraceKind::kLoop;
  RecorderState state_ = RecorderState::kRecording;
  framework::GreenKey startKey_;
  framework::GreenKey currentKey_;
  const ir::TargetDescr* token_ = nullptr;
  std::vector<TracedFrame> frames_;  // outermost first
  std::unordered_map<const framework::VirtualizableFrame*, std::vector<ir::Value>> shadows_;
  std::unordered_map<std::uint32_t, ir::Value> knownConstants_;  // after guard_value
  std::unordered_map<const void*, std::int64_t> inlinedOps_;
  ir::Snapshot bytecodeSnapshot_;
  bool haveSnapshot_ = false;
  bool sideEffect_ = false;
  std::string sideEffectWhat_;
  std::unordered_set<std::uint32_t> allocatedThisBytecode_;
  ir::Value lastCallResult_;
  bool lastCallHasResult_ = false;
  std::string abortReason_;
  const void* blamed_ = nullptr;
  std::vector<std::pair<const void*, const framework::FieldDescr*>> quasiReads_;
  framework::IrRef resumedException_{};
  bool plainNextRead_ = false;  // the quasi-immutable read being recorded was demoted
};

}  // namespace pyl::jit::trace
