// tests/unit/jit/backend_llvm/random_trace.h — a generator of random, well-formed loop traces
// for differential testing of backends (the LLVM backend against the reference backend).
//
// A generated loop takes an iteration counter, three ints, a float and a ref to a node, and runs
// a random body: wrapping and overflow-checked arithmetic (each *_ovf followed by its guard),
// Python division by safe constants, comparisons feeding guards whose outcome depends on the
// iteration (so they fail at random iterations), float arithmetic, allocation of nodes and
// arrays with field and item stores/loads, class guards, residual calls with exception guards,
// and snapshots that name live values, constants and virtual objects. The counter guard
// (`i0 < limit`) bounds every run. Traces verify (jit/ir/verifier.h) by construction.
// A bridge for any guard of such a loop can be generated too; it either finishes or jumps back
// into the loop with the counter advanced.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "jit/ir/trace.h"

namespace pyl::jit::testing {

struct RandomLoop {
  std::shared_ptr<const ir::Trace> trace;
  std::vector<std::uint64_t> inputs;  // words for the input args; the last is a fresh node
  const ir::TargetDescr* label = nullptr;
  // The inputs again with a newly allocated start node (runs mutate the heap they reach, so
  // two backends compared on one loop each need their own copy).
  std::vector<std::uint64_t> freshInputs() const;
};

// The loop's label descriptor is `target` (its argTypes are set by the generator).
RandomLoop generateLoop(std::uint64_t seed, ir::TargetDescr& target, int bodyOps = 40);

// A bridge for guard `guardOp` of `loop` (the loop or one of its bridges): its input args are
// that guard's live values. It finishes, or (when mayJump) may jump back into the loop with the
// counter advanced; the caller allows jumps only for bridges of the loop's own guards other
// than its bound (kBoundGuardOp), or a run could go round forever.
std::shared_ptr<const ir::Trace> generateBridge(std::uint64_t seed, const ir::Trace& from, std::uint32_t guardOp,
                                                const ir::TargetDescr& target, bool mayJump);
inline constexpr std::uint32_t kBoundGuardOp = 2;  // label, int_lt, guard_true

}  // namespace pyl::jit::testing
