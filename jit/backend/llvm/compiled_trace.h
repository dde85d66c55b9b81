// jit/backend/llvm/compiled_trace.h — what the LLVM backend keeps per compiled trace: the exit
// records machine code returns, the label entries other traces jump to, and the GC root table.
//
// Project types only (no LLVM): llvm_backend.cpp and the tests read these records.
//
// DESIGN(llvm-exit-protocol): compiled code is
//   EntryResult fn(uint64_t* buffer, uint64_t entry, int64_t depth, uint64_t r0, uint64_t r1,
//                  uint64_t r2, uint64_t r3)
// in its own calling convention (DESIGN(llvm-calling-convention) in codegen.h; C++ enters
// through the backend's trampoline). Entry 0 starts the trace with its input args; entry k > 0 enters at the
// trace's k-th label with that label's args. Argument i is r<i> for i < kRegisterArgs and
// buffer[i] after that (a caller may store all of them to the buffer too; the code reads the
// registers). `depth` is the frame's call depth (DESIGN(llvm-call-depth) in codegen.cpp).
// Every exit (a failing guard or a finish) leaves its live values in buffer[0..m), in
// ExitRecord::liveValues order, and returns EntryResult{the exit record's address | tag, the
// first live value}; a finish's one value is only in the
// register (the C++ entry copies it to buffer[0]). The tag (low bits; records are aligned) is 0
// for a guard; a finish has kFinishTag, plus kRawTag for a finish(i, descr=S) of a value class
// (DESIGN(unboxed-entry) in jit/ir/descr.h) and kRaisingTag when an exception may be pending
// (DESIGN(finish-with-exception) in jit/trace/recorder.cpp): a call_assembler caller has a
// finish's result, and what it is, in registers.
// A failing guard first loads ExitRecord::bridge: when a bridge is attached there, the exit
// tail-calls it with the same buffer (entry 0) and its first live values in r0..r3 instead of
// returning (the buffer then holds only the values past r3), so attaching a bridge is one
// pointer store and no code is patched. Passing values in registers keeps a store-then-load
// through memory off the path of every call and bridge (each such load waits for its store to
// forward). The buffer is GC-visible (allocateUncollectable), so refs in flight between traces
// and the interpreter stay alive.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "gc/allocator.h"
#include "jit/backend/backend.h"
#include "jit/ir/trace.h"

namespace pyl::jit::llvm_backend {

struct LlvmTrace;

// Compiled code's entry point (see DESIGN(llvm-exit-protocol)). EntryResult is returned in two
// registers (LLVM returns `{i64, i64}` in rax:rdx).
inline constexpr std::size_t kRegisterArgs = 4;
// Tag bits of EntryResult::taggedRecord (none: a guard exit).
inline constexpr std::uint64_t kFinishTag = 1;   // a finish
inline constexpr std::uint64_t kRawTag = 2;      // ... of a value class's raw value
inline constexpr std::uint64_t kRaisingTag = 4;  // ... that may leave an exception pending
inline constexpr std::uint64_t kExitTagMask = 7;
struct EntryResult {
  std::uint64_t taggedRecord;
  std::uint64_t value;
};
// Not callable from C++ as declared: the code uses its own calling convention
// (DESIGN(llvm-calling-convention) in codegen.h); C++ calls it through an EntryTrampoline.
using TraceEntry = EntryResult (*)(std::uint64_t* buffer, std::uint64_t entry, std::int64_t depth,
                                   std::uint64_t r0, std::uint64_t r1, std::uint64_t r2, std::uint64_t r3);
// The trampoline returns EntryResult as it is (two registers in the C convention too).
struct EnteredResult {
  std::uint64_t record;
  std::uint64_t value;
};
// The trampoline, compiled by LLVM when the VM is built (entry_trampoline.cpp). depthCell: the
// interpreter's call-depth counter, or null (DESIGN(llvm-call-depth) in codegen.cpp).
extern "C" EnteredResult pyl_llvm_enter(TraceEntry code, std::uint64_t* buffer, std::uint64_t entry,
                                        std::int64_t* depthCell, std::uint64_t r0, std::uint64_t r1,
                                        std::uint64_t r2, std::uint64_t r3);

// What machine code reads of an exit record (a standard-layout base, so its offsets are known):
// the attached bridge's entry (or null), and whether the exit is a finish (call_assembler's
// caller takes the result from the buffer then, else it resumes the callee). A finish(i,
// descr=S) of a value class S (DESIGN(unboxed-entry) in jit/ir/descr.h) leaves the raw i in the
// buffer and names S here: `boxedClass` is S's class word, so a caller that guards the result's
// class reads it from here instead of from a box that was never made.
struct ExitCodeFields {
  void* bridge = nullptr;
  std::uint64_t isFinish = 0;
  const ir::SizeDescr* boxedAs = nullptr;
  std::uint64_t boxedClass = 0;
};

// One exit of compiled code: a guard's failure path or a finish. Machine code holds its address.
struct alignas(8) ExitRecord : ExitCodeFields {
  LlvmTrace* owner = nullptr;
  std::uint32_t opIndex = 0;  // the guard or finish in owner->source
  std::vector<ir::Value> liveValues;  // buffer layout at this exit (values of owner->source)
  LlvmTrace* bridgeTrace = nullptr;
};

// A label other traces may jump to or call (TargetDescr::backendData points here).
struct LabelRecord {
  TraceEntry entry = nullptr;  // the owning trace's function; null until it is installed
  std::uint64_t entryIndex = 0;
  LlvmTrace* owner = nullptr;
  std::uint32_t opIndex = 0;
};

struct LlvmTrace final : backend::CompiledTrace {
  const ir::Trace& trace() const override { return *source; }

  // kPending: queued or compiling (asynchronous mode); kInstalled: runnable; kFailed: LLVM or
  // codegen refused it, the interpreter keeps running that code.
  enum class State : std::uint8_t { kPending, kInstalled, kFailed };
  State state = State::kPending;  // written by the interpreter thread only
  std::string error;              // why it failed

  std::uint64_t id = 0;
  std::string name;  // the entry symbol, unique per backend
  std::shared_ptr<const ir::Trace> source;
  std::deque<ExitRecord> exits;    // deque: addresses stay stable (machine code holds them)
  std::deque<LabelRecord> labels;  // one per label op, in order (entry index = position + 1)
  TraceEntry entry = nullptr;
  // Read by guard_not_invalidated: nonzero once a quasi-immutable field this trace read changed.
  std::uint64_t invalidated = 0;
  // DESIGN(llvm-gc-roots): every GC pointer baked into the machine code (the trace's ref
  // constants) is also held here; the buffer is scanned by the collector and lives as long as
  // the code does.
  std::vector<const void*, gc::TracingAllocator<const void*>> roots;
  std::size_t bufferWords = 0;  // the largest number of words any entry or exit uses
  std::size_t codeBytes = 0;
  double compileMillis = 0;     // wall time of codegen + LLVM (passes, isel, linking)
  double compileCpuMillis = 0;  // the compiling thread's CPU time for the same
  std::string ir;
  std::string assembly;
  LlvmTrace* parent = nullptr;  // for bridges: the trace whose exit they are attached to
  std::vector<LlvmTrace*> bridges;
  // DESIGN(llvm-freeing): machine code that jumps into (or call_assembler's) another trace holds
  // the address of that trace's LabelRecord. A trace freed while other live traces still jump
  // into it only becomes a zombie (no new code may target it) and is released with the last
  // trace that jumps into it, so no code ever reads a freed record.
  std::vector<LlvmTrace*> jumpsInto;  // other traces whose labels this code names (codegen)
  std::size_t incomingJumps = 0;      // live traces whose code names this trace's labels
  bool zombie = false;                // freed by the runtime, kept for incoming jumps
};

}  // namespace pyl::jit::llvm_backend
