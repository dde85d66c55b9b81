// jit/backend/reference/reference_backend.h — the reference backend: runs optimized traces by
// interpreting their ops with the shared op semantics (jit/ir/op_semantics.h), so the whole
// project builds and tests without LLVM and every other backend has a slow twin to be checked
// against (STYLE.md principle 4). "Compiling" checks that every op is supported and indexes the
// trace's labels and guards; execution keeps one register file per trace.
//
// DESIGN(reference-registers): register i holds input arg i, register inputCount + j the result
// of op j. A label's arguments are the loop-carried registers: a jump evaluates its arguments,
// then writes them into the registers of the target label's arguments (parallel move) and
// continues after that label, switching register files when the label is in another trace.
// Registers live in GC-scanned memory, so refs produced inside the trace stay alive.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "gc/allocator.h"
#include "jit/backend/backend.h"

namespace pyl::jit::backend {

class ReferenceTrace final : public CompiledTrace {
 public:
  explicit ReferenceTrace(std::shared_ptr<const ir::Trace> trace) : trace_(std::move(trace)) {}
  const ir::Trace& trace() const override { return *trace_; }

 private:
  friend class ReferenceBackend;
  std::shared_ptr<const ir::Trace> trace_;
  std::unordered_map<std::uint32_t, ReferenceTrace*> bridges_;      // guard op -> bridge
  std::unordered_map<std::uint32_t, std::vector<ir::Value>> live_;  // guard op -> live values
  std::vector<std::unique_ptr<ReferenceTrace>> ownedBridges_;
  bool invalidated_ = false;
};

class ReferenceBackend final : public Backend {
 public:
  ReferenceBackend() = default;
  ~ReferenceBackend() override;
  const char* name() const override { return "reference"; }
  CompiledTrace* compileLoop(std::shared_ptr<const ir::Trace> trace) override;
  CompiledTrace* compileBridge(CompiledTrace* owner, std::uint32_t guardOp,
                               std::shared_ptr<const ir::Trace> bridge) override;
  ExitInfo execute(CompiledTrace* entry, std::span<const Word> inputs) override;
  void invalidate(CompiledTrace* trace) override;
  void free(CompiledTrace* trace) override;

 private:
  struct Label {
    ReferenceTrace* trace;
    std::uint32_t opIndex;
  };
  using Registers = std::vector<Word, gc::TracingAllocator<Word>>;

  void prepare(ReferenceTrace* compiled);
  // Runs from the start of `entry` (inputs) or from its label op `label` (the label's args).
  ExitInfo run(ReferenceTrace* entry, std::optional<std::uint32_t> label,
               std::span<const Word> inputs);
  Word callAssembler(const ir::Op& op, std::span<const Word> args);
  void forget(ReferenceTrace* compiled);

  std::vector<std::unique_ptr<ReferenceTrace>> loops_;
  std::unordered_map<const ir::Descr*, Label> labels_;
};

}  // namespace pyl::jit::backend
