// jit/backend/reference/reference_backend.cpp — executing traces op by op (see the header).
#include "jit/backend/reference/reference_backend.h"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>

#include "framework/exception_state.h"
#include "jit/ir/op_semantics.h"

namespace pyl::jit::backend {
namespace {

bool supported(ir::Opcode op) {
  using ir::Opcode;
  switch (op) {
    case Opcode::force_token:
    case Opcode::getfield_raw_i:
    case Opcode::getfield_raw_f:
    case Opcode::setfield_raw:
    case Opcode::escape_i:
    case Opcode::escape_r:
    case Opcode::escape_f:
    case Opcode::escape_n:
      return false;
    default:
      return true;
  }
}

}  // namespace

ReferenceBackend::~ReferenceBackend() = default;

void ReferenceBackend::prepare(ReferenceTrace* compiled) {
  const ir::Trace& trace = *compiled->trace_;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const ir::Op& op = trace.ops()[i];
    if (!supported(op.opcode)) {
      throw std::runtime_error("reference backend: unsupported op " +
                               std::string(ir::opName(op.opcode)));
    }
    if (ir::callFamilyOf(op.opcode) == ir::CallFamily::kCallAssembler &&
        !callAssembler_.enabled()) {
      throw std::runtime_error("reference backend: call_assembler without the runtime's hooks");
    }
    if (op.opcode == ir::Opcode::label && op.descr != nullptr) {
      labels_[op.descr] = Label{compiled, static_cast<std::uint32_t>(i)};
    }
    if (ir::isGuard(op.opcode)) {
      compiled->live_[static_cast<std::uint32_t>(i)] = guardLiveValues(trace.snapshot(op.snapshot));
    }
  }
}

void ReferenceBackend::forget(ReferenceTrace* compiled) {
  for (auto it = labels_.begin(); it != labels_.end();) {
    it = it->second.trace == compiled ? labels_.erase(it) : std::next(it);
  }
  for (auto& bridge : compiled->ownedBridges_) forget(bridge.get());
}

CompiledTrace* ReferenceBackend::compileLoop(std::shared_ptr<const ir::Trace> trace) {
  auto compiled = std::make_unique<ReferenceTrace>(std::move(trace));
  prepare(compiled.get());
  loops_.push_back(std::move(compiled));
  return loops_.back().get();
}

CompiledTrace* ReferenceBackend::compileBridge(CompiledTrace* owner, std::uint32_t guardOp,
                                               std::shared_ptr<const ir::Trace> bridge) {
  auto* parent = static_cast<ReferenceTrace*>(owner);
  auto compiled = std::make_unique<ReferenceTrace>(std::move(bridge));
  prepare(compiled.get());
  ReferenceTrace* raw = compiled.get();
  parent->bridges_[guardOp] = raw;
  parent->ownedBridges_.push_back(std::move(compiled));
  return raw;
}

void ReferenceBackend::invalidate(CompiledTrace* trace) {
  auto* compiled = static_cast<ReferenceTrace*>(trace);
  compiled->invalidated_ = true;
  for (auto& bridge : compiled->ownedBridges_) invalidate(bridge.get());
}

void ReferenceBackend::free(CompiledTrace* trace) {
  auto* compiled = static_cast<ReferenceTrace*>(trace);
  forget(compiled);
  std::erase_if(loops_, [&](const auto& owned) { return owned.get() == compiled; });
}

ExitInfo ReferenceBackend::execute(CompiledTrace* entry, std::span<const Word> inputs) {
  return run(static_cast<ReferenceTrace*>(entry), std::nullopt, inputs);
}

Word ReferenceBackend::callAssembler(const ir::Op& op, std::span<const Word> args) {
  // DESIGN(call-assembler) in jit/backend/backend.h; args[0] is the callee's code.
  const CallAssemblerHooks& hooks = callAssembler_;
  std::span<const Word> labelArgs = args.subspan(1);
  if (hooks.depth != nullptr && *hooks.depth >= hooks.maxDepth)
    return hooks.callFresh(*ir::descrAs<ir::TargetDescr>(op.descr),
                           reinterpret_cast<const void*>(args[0]), labelArgs);
  auto label = labels_.find(op.descr);
  if (label == labels_.end())
    throw std::logic_error("reference backend: call_assembler of an unknown label");
  std::int64_t depth = hooks.depth != nullptr ? (*hooks.depth)++ : 0;
  ExitInfo exit = run(label->second.trace, label->second.opIndex, labelArgs);
  if (hooks.depth != nullptr) *hooks.depth = depth;
  if (exit.kind == ExitInfo::Kind::kGuardFailure) return hooks.afterGuardFailure(exit);
  return exit.values.empty() ? 0 : exit.values[0];
}

ExitInfo ReferenceBackend::run(ReferenceTrace* entry, std::optional<std::uint32_t> startLabel,
                               std::span<const Word> inputs) {
  using ir::Opcode;
  auto* current = entry;
  Registers registers;
  std::size_t pc = 0;
  bool lastOverflowed = false;

  auto reset = [&](ReferenceTrace* compiled, std::span<const Word> in) {
    const ir::Trace& t = *compiled->trace_;
    registers.assign(t.inputArgCount() + t.size(), 0);
    if (in.size() != t.inputArgCount())
      throw std::logic_error("reference backend: wrong number of inputs");
    std::copy(in.begin(), in.end(), registers.begin());
  };
  // Writes a label's arguments into the registers of the values it names and continues after it.
  auto enterLabel = [&](std::uint32_t labelIndex, std::span<const Word> args) {
    const ir::Trace& t = *current->trace_;
    const ir::Op& labelOp = t.ops()[labelIndex];
    if (labelOp.args.size() != args.size())
      throw std::logic_error("reference backend: jump/label arity mismatch");
    for (std::size_t i = 0; i < args.size(); ++i) {
      ir::Value v = labelOp.args[i];
      std::size_t slot = v.isInputArg() ? v.index() : t.inputArgCount() + v.index();
      registers[slot] = args[i];
    }
    pc = labelIndex + 1;
  };
  if (startLabel) {
    const ir::Trace& t = *current->trace_;
    registers.assign(t.inputArgCount() + t.size(), 0);
    enterLabel(*startLabel, inputs);
  } else {
    reset(current, inputs);
  }

  for (;;) {
    const ir::Trace& trace = *current->trace_;
    const std::size_t inputCount = trace.inputArgCount();
    auto read = [&](ir::Value v) -> Word {
      if (v.isConst()) return trace.constBits(v);
      if (v.isInputArg()) return registers[v.index()];
      return registers[inputCount + v.index()];
    };
    auto fail = [&](std::uint32_t opIndex) -> ReferenceTrace* {
      // A bridge attached to this guard continues with the guard's live values as its inputs.
      auto bridge = current->bridges_.find(opIndex);
      const std::vector<ir::Value>& live = current->live_.at(opIndex);
      std::vector<Word> values;
      values.reserve(live.size());
      for (ir::Value v : live) values.push_back(read(v));
      if (bridge != current->bridges_.end()) {
        reset(bridge->second, values);
        return bridge->second;
      }
      return nullptr;
    };
    if (pc >= trace.size()) throw std::logic_error("reference backend: ran off the end of a trace");
    const ir::Op& op = trace.ops()[pc];
    const auto opIndex = static_cast<std::uint32_t>(pc);
    Word& result = registers[inputCount + pc];
    ++pc;
    // Arguments in a fixed buffer (most ops have at most a few); long calls/jumps use the heap.
    // The words stay reachable for the GC through the registers or the constant pool.
    Word small[8];
    std::vector<Word> large;
    Word* argWords = small;
    if (op.args.size() > 8) {
      large.resize(op.args.size());
      argWords = large.data();
    }
    for (std::size_t i = 0; i < op.args.size(); ++i) argWords[i] = read(op.args[i]);
    std::span<const Word> args(argWords, op.args.size());

    if (ir::isPure(op.opcode)) {
      ir::EvalResult r = ir::evalPure(op.opcode, args);
      if (r.status == ir::EvalStatus::kUndefined) {
        throw std::logic_error("reference backend: undefined inputs to " +
                               std::string(ir::opName(op.opcode)));
      }
      result = r.bits;
      if (ir::isOvf(op.opcode)) lastOverflowed = r.status == ir::EvalStatus::kOverflow;
      continue;
    }
    if (ir::isGuard(op.opcode)) {
      bool passed = true;
      switch (op.opcode) {
        case Opcode::guard_no_exception:
          passed = !framework::exceptionPending();
          break;
        case Opcode::guard_exception: {
          framework::Object* pending = framework::exceptionState.pending;
          passed = pending != nullptr && reinterpret_cast<Word>(pending->class_) == args[0];
          if (passed) result = reinterpret_cast<Word>(framework::takePendingException());
          break;
        }
        case Opcode::guard_not_invalidated:
          passed = !current->invalidated_;
          break;
        case Opcode::guard_not_forced:
          passed = true;
          break;  // frames are never forced (see README)
        default: {
          std::optional<bool> r = ir::evalGuard(op.opcode, args, lastOverflowed);
          if (!r)
            throw std::logic_error("reference backend: cannot evaluate " +
                                   std::string(ir::opName(op.opcode)));
          passed = *r;
        }
      }
      if (passed) continue;
      if (ReferenceTrace* bridge = fail(opIndex)) {
        current = bridge;
        pc = 0;
        lastOverflowed = false;
        continue;
      }
      ExitInfo exit;
      exit.kind = ExitInfo::Kind::kGuardFailure;
      exit.compiled = current;
      exit.opIndex = opIndex;
      for (ir::Value v : current->live_.at(opIndex)) exit.values.push_back(read(v));
      return exit;
    }
    if (ir::callFamilyOf(op.opcode) == ir::CallFamily::kCallAssembler) {
      result = callAssembler(op, args);
      continue;
    }
    if (ir::isCall(op.opcode)) {
      const auto* call = ir::descrAs<ir::CallDescr>(op.descr);
      if (op.opcode == Opcode::cond_call) {
        if (args[0] != 0) call->thunk(reinterpret_cast<const void*>(args[1]), argWords + 2);
        continue;
      }
      result = call->thunk(reinterpret_cast<const void*>(args[0]), argWords + 1);
      continue;
    }
    switch (op.opcode) {
      case Opcode::getfield_gc_i:
      case Opcode::getfield_gc_r:
      case Opcode::getfield_gc_f:
        result = ir::loadField(args[0], *ir::descrAs<ir::FieldDescr>(op.descr));
        break;
      case Opcode::setfield_gc:
        ir::storeField(args[0], *ir::descrAs<ir::FieldDescr>(op.descr), args[1]);
        break;
      case Opcode::getarrayitem_gc_i:
      case Opcode::getarrayitem_gc_r:
      case Opcode::getarrayitem_gc_f:
        result = ir::loadArrayItem(args[0], static_cast<std::int64_t>(args[1]),
                                   *ir::descrAs<ir::ArrayDescr>(op.descr));
        break;
      case Opcode::setarrayitem_gc:
        ir::storeArrayItem(args[0], static_cast<std::int64_t>(args[1]),
                           *ir::descrAs<ir::ArrayDescr>(op.descr), args[2]);
        break;
      case Opcode::arraylen_gc:
        result = ir::arrayLength(args[0], *ir::descrAs<ir::ArrayDescr>(op.descr));
        break;
      case Opcode::new_:
        result = ir::allocateObject(*ir::descrAs<ir::SizeDescr>(op.descr), false);
        break;
      case Opcode::new_with_vtable:
        result = ir::allocateObject(*ir::descrAs<ir::SizeDescr>(op.descr), true);
        break;
      case Opcode::new_array:
      case Opcode::new_array_clear:
        result = ir::allocateArray(*ir::descrAs<ir::ArrayDescr>(op.descr),
                                   static_cast<std::int64_t>(args[0]));
        break;
      case Opcode::label:
      case Opcode::debug_merge_point:
      case Opcode::quasiimmut_field:
      case Opcode::record_exact_class:
      case Opcode::record_known_result:
      case Opcode::keepalive:
        break;
      case Opcode::finish: {
        ExitInfo exit;
        exit.kind = ExitInfo::Kind::kFinish;
        exit.compiled = current;
        exit.opIndex = opIndex;
        exit.values.assign(args.begin(), args.end());
        // DESIGN(unboxed-entry): finish(i, descr=S) returns the box S(i).
        if (const auto* box = ir::descrAs<ir::SizeDescr>(op.descr)) {
          exit.values[0] = ir::boxValue(*box, args[0]);
        }
        return exit;
      }
      case Opcode::jump: {
        const ir::Descr* target = op.descr;
        Label label{current, 0};
        if (target != nullptr) {
          auto it = labels_.find(target);
          if (it == labels_.end())
            throw std::logic_error("reference backend: jump to an unknown label");
          label = it->second;
        } else {
          // No descr: the last label of this trace (ops.def).
          bool found = false;
          for (std::size_t i = trace.size(); i-- > 0;) {
            if (trace.ops()[i].opcode == Opcode::label) {
              label.opIndex = static_cast<std::uint32_t>(i);
              found = true;
              break;
            }
          }
          if (!found) throw std::logic_error("reference backend: jump without a label");
        }
        if (label.trace != current) {
          current = label.trace;
          const ir::Trace& t = *current->trace_;
          registers.assign(t.inputArgCount() + t.size(), 0);
        }
        enterLabel(label.opIndex, args);
        break;
      }
      default:
        throw std::logic_error("reference backend: unhandled op " +
                               std::string(ir::opName(op.opcode)));
    }
  }
}

}  // namespace pyl::jit::backend
