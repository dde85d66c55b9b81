// jit/runtime/resume.cpp — see resume.h.
#include "jit/runtime/resume.h"

#include <stdexcept>
#include <unordered_map>

#include "jit/backend/backend.h"
#include "jit/ir/op_semantics.h"
#include "jit/trace/recorder.h"

namespace pyl::jit::runtime {

using framework::Word;

ResumePlan makeResumePlan(const ir::Snapshot& snapshot) {
  ResumePlan plan;
  plan.live = backend::guardLiveValues(snapshot);
  for (std::size_t i = 0; i < plan.live.size(); ++i)
    plan.liveIndex.emplace(plan.live[i], static_cast<std::uint32_t>(i));
  return plan;
}

ResumedState resumeFromSnapshot(const ir::Trace& trace, const ir::Snapshot& snapshot,
                                std::span<const Word> values, framework::VirtualizableFrame* root,
                                framework::InterpreterInfo& info) {
  return resumeFromSnapshot(trace, snapshot, makeResumePlan(snapshot), values, root, info);
}

ResumedState resumeFromSnapshot(const ir::Trace& trace, const ir::Snapshot& snapshot,
                                const ResumePlan& plan, std::span<const Word> values,
                                framework::VirtualizableFrame* root,
                                framework::InterpreterInfo& info) {
  if (plan.live.size() != values.size())
    throw std::logic_error("resume: live values do not match the snapshot");

  ResumedState state;
  state.virtuals.resize(snapshot.virtuals.size());
  state.frames.reserve(snapshot.frames.size());
  auto resolve = [&](ir::Value v) -> Word {
    if (v.isConst()) return trace.constBits(v);
    if (v.isVirtual()) return state.virtuals[v.index()];
    auto it = plan.liveIndex.find(v);
    if (it == plan.liveIndex.end())
      throw std::logic_error("resume: snapshot value without a live value");
    return values[it->second];
  };
  for (std::size_t k = 0; k < snapshot.virtuals.size(); ++k) {
    const ir::VirtualObject& object = snapshot.virtuals[k];
    switch (object.allocOp) {
      case ir::Opcode::new_array:
      case ir::Opcode::new_array_clear:
        state.virtuals[k] = ir::allocateArray(*ir::descrAs<ir::ArrayDescr>(object.descr),
                                              static_cast<std::int64_t>(object.values.size()));
        break;
      default:
        state.virtuals[k] = ir::allocateObject(*ir::descrAs<ir::SizeDescr>(object.descr),
                                               object.allocOp == ir::Opcode::new_with_vtable);
    }
  }
  for (std::size_t k = 0; k < snapshot.virtuals.size(); ++k) {
    const ir::VirtualObject& object = snapshot.virtuals[k];
    for (std::size_t i = 0; i < object.values.size(); ++i) {
      if (object.fields.empty()) {
        ir::storeArrayItem(state.virtuals[k], static_cast<std::int64_t>(i),
                           *ir::descrAs<ir::ArrayDescr>(object.descr), resolve(object.values[i]));
      } else {
        ir::storeField(state.virtuals[k], *object.fields[i], resolve(object.values[i]));
      }
    }
  }
  for (const ir::PendingStore& store : snapshot.pendingStores) {
    if (const auto* field = ir::descrAs<ir::FieldDescr>(store.descr)) {
      ir::storeField(resolve(store.object), *field, resolve(store.value));
    } else {
      ir::storeArrayItem(resolve(store.object), static_cast<std::int64_t>(resolve(store.index)),
                         *ir::descrAs<ir::ArrayDescr>(store.descr), resolve(store.value));
    }
  }
  framework::VirtualizableFrame* back = nullptr;
  for (std::size_t f = 0; f < snapshot.frames.size(); ++f) {
    const ir::SnapshotFrame& sf = snapshot.frames[f];
    const void* code = reinterpret_cast<const void*>(static_cast<std::uintptr_t>(sf.code));
    auto slots = static_cast<std::int64_t>(sf.slots.size());
    framework::VirtualizableFrame* frame = f == 0 ? root : info.newFrame(code, slots);
    if (frame->code_ != code || frame->capacity_ < slots) {
      throw std::logic_error("resume: snapshot frame does not fit the interpreter frame");
    }
    if (f > 0) frame->back_ = back;
    frame->pc_ = sf.pc & ~trace::kAfterCallPc;
    frame->depth_ = slots;
    for (std::int64_t i = 0; i < slots; ++i)
      frame->slots_[i] = resolve(sf.slots[static_cast<std::size_t>(i)]);
    state.frames.push_back(frame);
    back = frame;
  }
  state.afterCall =
      !snapshot.frames.empty() && (snapshot.frames.back().pc & trace::kAfterCallPc) != 0;
  return state;
}

}  // namespace pyl::jit::runtime
