// framework/trace_sink.h — what TracingCx needs from a trace recorder, as an interface, so the
// framework stays independent of the IR (framework/ depends only on gc/; jit/trace/ implements
// this interface on top of jit/ir/).
//
// DESIGN(trace-sink): an IrRef is an opaque handle the recorder hands out for every recorded
// value (inputarg, constant or operation result). The contexts never inspect it. Guards take
// their resume snapshot from the recorder's current merge point (the start of the bytecode
// being executed, DESIGN.md §3.4), except guards right after a residual call, which resume
// "after the call" (`recordGuard(..., ResumeAt::kAfterCall)`). Side effects (non-virtual heap
// writes, calls with write effects) are detected by the recorder itself from the ops.
//
// Neighbours: framework/tracing_cx.h (the only caller), framework/trace_ops.def (op vocabulary),
// framework/frame.h (frames whose slots the recorder shadows).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "framework/descr.h"
#include "framework/frame.h"
#include "framework/object.h"

namespace pyl::framework {

enum class TraceOp : std::uint8_t {
#define PYL_TRACE_OP(name, comment) name,
#include "framework/trace_ops.def"
#undef PYL_TRACE_OP
  kCount
};

const char* traceOpName(TraceOp op);

struct IrRef {
  std::int32_t index = -1;
  bool valid() const { return index >= 0; }
};

// The descriptor an op carries, tagged by what it describes.
struct DescrArg {
  enum class Kind : std::uint8_t { kNone, kField, kArray, kClass, kCall } kind = Kind::kNone;
  const void* pointer = nullptr;

  static DescrArg none() { return {}; }
  static DescrArg field(const FieldDescr& d) { return {Kind::kField, &d}; }
  static DescrArg array(const ArrayDescr& d) { return {Kind::kArray, &d}; }
  static DescrArg objectClass(const ObjectClass& c) { return {Kind::kClass, &c}; }
  static DescrArg call(const CallDescr& d) { return {Kind::kCall, &d}; }
};

enum class ResumeAt : std::uint8_t {
  kBytecodeStart,  // re-execute the current bytecode
  kAfterCall,      // the bytecode's residual call ran: resume after it with result/exception
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;

  // False once the trace was aborted or finished: contexts then only compute concretely.
  virtual bool recording() const = 0;

  virtual IrRef constant(Word value, ValueKind kind) = 0;
  // The constant value of `ref` if it is a constant (after the recorder's own folding).
  virtual bool constantValue(IrRef ref, Word* value) const = 0;

  // Records a non-guard op. `concreteResult` is what the op computed while tracing (the
  // recorder may keep it for folding and checks). Returns the result's ref (invalid for void).
  virtual IrRef record(TraceOp op, ValueKind result, std::initializer_list<IrRef> args,
                       DescrArg descr = {}, Word concreteResult = 0) = 0;
  // A residual call: args[0] is the function as a constant.
  virtual IrRef recordCall(TraceOp op, const CallDescr& descr, const IrRef* args, std::size_t count,
                           Word concreteResult) = 0;
  virtual IrRef recordGuard(TraceOp op, std::initializer_list<IrRef> args,
                            ResumeAt resume = ResumeAt::kBytecodeStart,
                            ValueKind result = ValueKind::kVoid, Word concreteResult = 0) = 0;
  // Guard a quasi-immutable field read: records the dependency so a later write to the field
  // (framework/quasi_immutable.h) invalidates the compiled trace.
  virtual void recordQuasiImmutableRead(IrRef object, const FieldDescr& descr,
                                        const void* watcher) = 0;

  // Virtualizable frame slots (see framework/frame.h).
  virtual IrRef slotRef(const VirtualizableFrame* frame, std::int64_t index) = 0;
  virtual void setSlotRef(const VirtualizableFrame* frame, std::int64_t index, IrRef ref) = 0;

  // User-level calls: should the callee be traced into, or called residually?
  virtual bool shouldInline(const void* code) = 0;
  // DESIGN(call-assembler) in framework/jit_driver.h: a call that is not inlined, to `code`
  // whose fresh frame `callee` holds the arguments, already made concretely. If the callee has
  // compiled code to call, records call_assembler with the frame's slots, sets *result to its
  // ref and returns true; otherwise returns false and the caller records an ordinary call.
  virtual bool recordCallAssembler(const void* code, const VirtualizableFrame* callee,
                                   ValueKind resultKind, IrRef* result) = 0;
  virtual void enterInlinedFrame(VirtualizableFrame* callee) = 0;
  virtual void leaveInlinedFrame(VirtualizableFrame* callee) = 0;

  // Dispatch-loop hooks (the JitDriver calls these while tracing).
  virtual DriverAction mergePoint(VirtualizableFrame* frame, const GreenKey& key) = 0;
  virtual DriverAction canEnterJit(VirtualizableFrame* frame, const GreenKey& key) = 0;
  // A traced frame returns `result` (or, `exceptional`, unwinds out of itself with `result` as
  // the exception): inlined frames are popped; a function trace or bridge finishes here.
  virtual void frameReturns(VirtualizableFrame* frame, IrRef result, ValueKind kind,
                            bool exceptional) = 0;

  // A bridge traced from a guard that failed with an exception pending (after a residual call)
  // starts by taking that exception: its IR ref, or an invalid ref for other traces.
  virtual IrRef resumedException() = 0;

  // Stops recording; the interpreter continues concretely. `reason` goes to the JIT log.
  virtual void abort(const std::string& reason) = 0;
};

}  // namespace pyl::framework
