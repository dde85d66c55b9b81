// jit/backend/llvm/llvm_backend.h — the LLVM ORC backend (DESIGN.md §5): optimized traces in,
// machine code out. Project types only: LLVM stays inside this folder's .cpp files.
//
// It implements jit/backend/backend.h (compileLoop, compileBridge, execute, invalidate, free)
// and adds what only machine code needs: exit records instead of copied exit values
//   LlvmTrace* loop = backend.compileLoop(trace);          // synchronous
//   ExitRecord* exit = backend.run(loop, inputs);           // until a guard fails or finish
//   backend.exitValue(*exit, value);                        // a live value at that exit
//   backend.compileBridgeAt(exit, bridgeTrace);             // attached through the exit slot
//
// Asynchronous mode (options.async): compileLoop/compileBridge queue the work for the compile
// thread and return a pending trace at once; ready() (asked by the runtime before entering a
// loop) installs what is finished, so the interpreter keeps running until the code is ready and
// a bridge takes over its guard once it is installed (DESIGN.md §5).
// Neighbours: compiled_trace.h (records and the exit protocol), engine.h, codegen.h.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "jit/backend/backend.h"
#include "jit/backend/llvm/compiled_trace.h"
#include "jit/ir/trace.h"
#include "jit/runtime/jit_log.h"

namespace pyl::jit::llvm_backend {

struct LlvmBackendOptions {
  int irPipeline = 1;     // 0 none, 1 EarlyCSE+InstCombine+SimplifyCFG+DSE, 2 LLVM O2
  int codegenLevel = 1;   // llvm::CodeGenOptLevel: 0 None, 1 Less, 2 Default, 3 Aggressive
  bool keepIr = false;        // keep the optimized LLVM IR text of every trace
  bool keepAssembly = false;  // keep the disassembled machine code of every trace
  std::size_t bufferWords = 1024;  // initial exit buffer size (grows to the largest trace)
  // Compile on the background thread: compileLoop/compileBridge return at once, ready() says
  // when the loop's code is installed, a bridge is attached when it is (DESIGN.md §5).
  bool async = false;
  // Per-trace records (jit-backend, jit-backend-llvm-ir, jit-backend-asm); may be null.
  runtime::JitLog* log = nullptr;
  // The interpreter's pending-exception word (framework/exception_state.h by default).
  std::uint64_t* pendingException = nullptr;
};

// Why a compile failed (the trace then stays with the interpreter).
class CompileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class LlvmBackend final : public backend::Backend {
 public:
  explicit LlvmBackend(const LlvmBackendOptions& options = {});
  ~LlvmBackend() override;
  LlvmBackend(const LlvmBackend&) = delete;
  LlvmBackend& operator=(const LlvmBackend&) = delete;

  const LlvmBackendOptions& options() const;

  // --- backend::Backend (jit/backend/backend.h) ---
  const char* name() const override { return "llvm"; }
  LlvmTrace* compileLoop(std::shared_ptr<const ir::Trace> trace) override;  // throws CompileError
  LlvmTrace* compileBridge(backend::CompiledTrace* owner, std::uint32_t guardOp,
                           std::shared_ptr<const ir::Trace> bridge) override;
  backend::ExitInfo execute(backend::CompiledTrace* entry, std::span<const backend::Word> inputs) override;
  void invalidate(backend::CompiledTrace* trace) override;
  // Installs finished background compiles, then answers whether `trace` is runnable.
  bool ready(backend::CompiledTrace* trace) override;
  // Frees the trace and every bridge attached to it (loop_longevity-style eviction). The
  // caller guarantees that no other live trace jumps into it.
  void free(backend::CompiledTrace* trace) override;

  // --- the same, at the level of exit records (no copying of exit values) ---
  // Compiles `bridge` (its input args are `exit`'s live values, in order) and attaches it.
  LlvmTrace* compileBridgeAt(ExitRecord* exit, std::shared_ptr<const ir::Trace> bridge);
  // Runs `trace` from its start with `inputs` as its input args; returns the exit it left by.
  ExitRecord* run(LlvmTrace* trace, std::span<const std::uint64_t> inputs);
  // Enters `label` (of an installed trace) with its arguments.
  ExitRecord* runLabel(const LabelRecord& label, std::span<const std::uint64_t> args);
  // The word of `value` (a value of exit.owner->source, or one of its constants) at `exit`,
  // valid until the next run.
  std::uint64_t exitValue(const ExitRecord& exit, ir::Value value) const;
  std::uint64_t* exitBuffer() const;
  // The exit record of guard `guardOp` of `trace` (null if there is none).
  static ExitRecord* guardExit(LlvmTrace* trace, std::uint32_t guardOp);

  // --- asynchronous compilation (options.async) ---
  // Installs every finished background compile (bridges are attached now) and returns how many
  // traces became runnable; call from the interpreter thread. ready() calls it.
  std::size_t installReady();
  // Blocks until nothing is queued or compiling, then installs (tests, shutdown, free()).
  std::size_t drain();
  // Traces queued or compiling and not yet installed.
  std::size_t pending() const;
  // Of those, the ones whose compile has not finished yet (the rest wait for installReady()).
  std::size_t compiling() const;

  // --- statistics ---
  std::size_t liveTraces() const;
  std::size_t liveModules() const;
  // The label record compiled for `target`, or null.
  const LabelRecord* findLabel(const ir::TargetDescr* target) const;

  struct Impl;

 private:
  ExitRecord* enter(TraceEntry entry, std::uint64_t entryIndex, std::span<const std::uint64_t> args);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pyl::jit::llvm_backend
