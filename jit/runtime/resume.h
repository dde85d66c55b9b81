// jit/runtime/resume.h — turning a failed guard back into interpreter state (DESIGN.md §3.4).
//
// Given the guard's snapshot and the live values compiled code reported, resume
//   1. materializes the virtual objects the optimizer removed (all objects first, then their
//      contents, so virtuals may refer to each other),
//   2. performs the pending stores the heap optimizer delayed past the guard,
//   3. writes the outermost snapshot frame into the frame that entered compiled code and
//      rebuilds every inlined frame (InterpreterInfo::newFrame), chained through back_.
// The interpreter then re-executes the bytecode at each frame's pc: inner frames run to
// completion and hand their results outward (framework/jit_driver.h ResumeState).
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "framework/jit_driver.h"
#include "gc/allocator.h"
#include "jit/ir/trace.h"

namespace pyl::jit::runtime {

struct ResumedState {
  std::vector<framework::VirtualizableFrame*> frames;  // outermost (the entering frame) first
  // Materialized object per snapshot virtual; GC-scanned because, until the frames hold them,
  // this is the only reference to objects allocated in between.
  std::vector<framework::Word, gc::TracingAllocator<framework::Word>> virtuals;
  bool afterCall = false;  // innermost frame resumes after its call
};

// What resuming from one snapshot needs that depends on the snapshot alone: its live values in
// backend::guardLiveValues order and each one's position there. The runtime makes it at a
// guard's first failure and keeps it with the guard's counter, so a guard that keeps failing
// (while its bridge compiles, or one that never gets one) does not rebuild it every time: that
// took more than half of a failure's ~1.3 us.
struct ResumePlan {
  std::vector<ir::Value> live;
  std::unordered_map<ir::Value, std::uint32_t> liveIndex;
};
ResumePlan makeResumePlan(const ir::Snapshot& snapshot);

// `values` are the guard's live values in plan.live order.
ResumedState resumeFromSnapshot(const ir::Trace& trace, const ir::Snapshot& snapshot,
                                const ResumePlan& plan, std::span<const framework::Word> values,
                                framework::VirtualizableFrame* root,
                                framework::InterpreterInfo& info);
// The same with a plan made for this one call.
ResumedState resumeFromSnapshot(const ir::Trace& trace, const ir::Snapshot& snapshot,
                                std::span<const framework::Word> values,
                                framework::VirtualizableFrame* root,
                                framework::InterpreterInfo& info);

}  // namespace pyl::jit::runtime
