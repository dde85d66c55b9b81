// jit/backend/backend.h — the interface every backend implements (DESIGN.md §5): the reference
// backend (jit/backend/reference/, executes the IR with jit/ir/op_semantics.h) and the LLVM ORC
// backend (jit/backend/llvm/). tests/unit/jit/backend/conformance_tests.h is the one suite both
// must pass; instantiate it for a new backend with INSTANTIATE_TYPED_TEST_SUITE_P.
//
// The contract, in order of use:
//   CompiledTrace* loop = backend.compileLoop(trace);           // a loop or function trace
//   ExitInfo exit = backend.execute(loop, inputs);               // inputs: the input args' words
//   exit.kind == kFinish        -> exit.values are finish's arguments (a finish(i, descr=S) of a
//                                  value class S gives the box S(i): DESIGN(unboxed-entry))
//   exit.kind == kGuardFailure  -> exit.trace/opIndex name the failing guard; exit.values are
//                                  its live values in guardLiveValues(snapshot) order
//   backend.compileBridge(exit.compiled, exit.opIndex, bridge);  // bridge input args are exactly
//                                  // those live values; from now on the guard runs the bridge
//   backend.invalidate(loop);       // its guard_not_invalidated fail from now on
//   backend.free(loop);             // its bridges go with it
// Traces are shared (std::shared_ptr) between the runtime (which reads snapshots on resume) and
// the backend. A `jump` whose TargetDescr is a label of another compiled trace continues there;
// the backend finds labels by their TargetDescr address. Compiled code reads and writes the
// pending-exception slot of framework/exception_state.h around calls (guard_no_exception,
// guard_exception). Word values are 64-bit: ints, refs (GC pointers), float bits.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "framework/object.h"
#include "gc/allocator.h"
#include "jit/ir/trace.h"

namespace pyl::jit::backend {

using framework::Word;

// Opaque per-backend handle of one compiled trace (loop, function trace or bridge).
class CompiledTrace {
 public:
  virtual ~CompiledTrace() = default;
  virtual const ir::Trace& trace() const = 0;
};

struct ExitInfo {
  enum class Kind : std::uint8_t { kFinish, kGuardFailure };
  Kind kind = Kind::kFinish;
  CompiledTrace* compiled = nullptr;  // the trace (maybe a bridge) whose op exited
  std::uint32_t opIndex = 0;          // index of the failing guard or the finish in its trace
  // GC-scanned: refs that only compiled code held stay alive until resume has stored them.
  std::vector<Word, gc::TracingAllocator<Word>> values;
};

// DESIGN(call-assembler): `call_assembler_*(code, args..., descr=T)` calls the compiled trace
// whose label T is (a function trace's entry label) with `args` as T's arguments; the op's
// result is that trace's finish value. The runtime lends what machine code cannot do itself:
//   depth/maxDepth     the interpreter's call-depth counter: counted up around the call; at
//                      maxDepth the callee is not entered and callFresh makes the call instead
//   callFresh          the interpreter makes the call of `code` from its first bytecode; `target`
//                      says which of `args` are unboxed values to box first (DESIGN(unboxed-entry)
//                      in jit/ir/descr.h)
//   afterGuardFailure  the callee left through a guard with no bridge: resume it in the
//                      interpreter and run it to its end
// Both return the result word, or leave an exception pending (framework/exception_state.h).
struct CallAssemblerHooks {
  std::int64_t* depth = nullptr;
  std::int64_t maxDepth = 0;
  std::function<Word(const ir::TargetDescr& target, const void* code, std::span<const Word> args)>
      callFresh;
  std::function<Word(const ExitInfo& exit)> afterGuardFailure;
  bool enabled() const { return callFresh && afterGuardFailure; }
};

// The live values of a guard, in exit order: every input arg or op result its snapshot mentions
// (frames' slots, then virtual objects' contents, then pending stores), first occurrence only.
// Constants and virtual refs are not live: resume reads them from the trace.
std::vector<ir::Value> guardLiveValues(const ir::Snapshot& snapshot);

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const char* name() const = 0;
  // Compiles a trace entered from the interpreter (loop or function trace). Throws
  // std::runtime_error if the trace uses an op this backend cannot run.
  virtual CompiledTrace* compileLoop(std::shared_ptr<const ir::Trace> trace) = 0;
  // Compiles `bridge` and attaches it to guard `guardOp` of `owner`.
  virtual CompiledTrace* compileBridge(CompiledTrace* owner, std::uint32_t guardOp,
                                       std::shared_ptr<const ir::Trace> bridge) = 0;
  // Runs `entry` from its first op with `inputs` until a finish or a guard without a bridge.
  virtual ExitInfo execute(CompiledTrace* entry, std::span<const Word> inputs) = 0;
  virtual void invalidate(CompiledTrace* trace) = 0;
  // Whether `trace`'s code can run now. A backend that compiles in the background (LLVM) returns
  // from compileLoop at once and answers false until the code is installed; the runtime keeps
  // interpreting meanwhile (DESIGN.md §5). Bridges need no check: until a bridge is installed
  // its guard exits as before.
  virtual bool ready(CompiledTrace* trace) {
    (void)trace;
    return true;
  }
  virtual void free(CompiledTrace* trace) = 0;
  // Set before the first compile of a trace with call_assembler (a backend refuses such traces
  // while the hooks are unset).
  void setCallAssemblerHooks(CallAssemblerHooks hooks) { callAssembler_ = std::move(hooks); }
  const CallAssemblerHooks& callAssemblerHooks() const { return callAssembler_; }

 protected:
  CallAssemblerHooks callAssembler_;
};

}  // namespace pyl::jit::backend
