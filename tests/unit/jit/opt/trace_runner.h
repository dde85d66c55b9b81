// tests/unit/jit/opt/trace_runner.h — a small, independent executor of traces for the
// optimizer's differential tests: it runs a trace on concrete inputs with the shared op
// semantics (jit/ir/op_semantics.h) and reports how it ended, in interpreter terms:
//   * finished: the finish values;
//   * a guard failed: the resumed state its snapshot describes (frames, virtuals materialized,
//     pending stores performed);
// plus the log of every escape_* op's arguments. Values are rendered deeply ("Int(5)",
// "Node(value=1, other=2, next=NULL)") so two runs compare by meaning, not by addresses.
// Deliberately separate from jit/backend/ so the optimizer is checked against a second reading
// of the IR.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gc/allocator.h"
#include "jit/ir/trace.h"

namespace pyl::jit::testing {

// Words that may be GC pointers live in GC-scanned memory (DESIGN.md §6), also in tests.
using Words = std::vector<std::uint64_t, gc::TracingAllocator<std::uint64_t>>;

struct RunOutcome {
  std::string ending;                // "finish(...)" or "guard failed at code@pc: slots..."
  std::vector<std::string> escapes;  // one entry per escape_* executed
  std::string heapAfter;             // the ref inputs rendered after the run (and resume)
  std::string error;                 // the runner could not execute the trace (a test bug)
};

// Inputs are words (ints, float bits, or object addresses from the helpers below).
RunOutcome runTrace(const ir::Trace& trace, const Words& inputs, int maxSteps = 100000);

// Objects of the test namespace's classes, on the GC heap.
std::uint64_t makeIntBox(std::int64_t value);
std::uint64_t makeNode(std::int64_t value, std::int64_t other, std::uint64_t next);
// Deep rendering of a word of the given type.
std::string renderValue(std::uint64_t word, ir::Type type, int depth = 0);

}  // namespace pyl::jit::testing
