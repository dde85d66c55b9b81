// jit/trace/recorder.cpp — recording one trace (see recorder.h for the rules it enforces).
#include "jit/trace/recorder.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "framework/exception_state.h"
#include "jit/ir/op_semantics.h"

namespace pyl::jit::trace {

using framework::DriverAction;
using framework::IrRef;
using framework::TraceOp;
using framework::ValueKind;
using framework::Word;

namespace {

// framework/trace_ops.def -> jit/ir/ops.def, by name, once. Families whose IR names carry a
// result-type suffix (getfield_gc_i ...) are resolved per call instead.
struct OpTable {
  std::optional<ir::Opcode> byTraceOp[static_cast<int>(TraceOp::kCount)];
  OpTable() {
    for (int i = 0; i < static_cast<int>(TraceOp::kCount); ++i) {
      byTraceOp[i] = ir::opcodeFromName(framework::traceOpName(static_cast<TraceOp>(i)));
    }
  }
};

ir::Opcode mapOp(TraceOp op, ir::Type result) {
  static const OpTable table;
  switch (op) {
    case TraceOp::getfield_gc:
      return ir::getfieldGcFor(result);
    case TraceOp::getarrayitem_gc:
      return ir::getarrayitemGcFor(result);
    case TraceOp::call:
      return ir::callFor(ir::CallFamily::kCall, result);
    case TraceOp::call_pure:
      return ir::callFor(ir::CallFamily::kCallPure, result);
    case TraceOp::call_loopinvariant:
      return ir::callFor(ir::CallFamily::kCallLoopInvariant, result);
    case TraceOp::call_may_force:
      return ir::callFor(ir::CallFamily::kCallMayForce, result);
    default:
      break;
  }
  const auto& mapped = table.byTraceOp[static_cast<int>(op)];
  if (!mapped) {
    throw std::logic_error(std::string("framework op missing from jit/ir/ops.def: ") +
                           framework::traceOpName(op));
  }
  return *mapped;
}

}  // namespace

Recorder::Recorder(DescrMapper& descrs, framework::InterpreterInfo& info, InliningPolicy& policy,
                   RecorderLinks links)
    : descrs_(&descrs), info_(&info), policy_(&policy), links_(std::move(links)) {}

IrRef Recorder::toRef(ir::Value v) {
  return IrRef{static_cast<std::int32_t>(v.raw())};
}

ir::Value Recorder::toValue(IrRef ref) const {
  if (!ref.valid()) return ir::Value();
  auto raw = static_cast<std::uint32_t>(ref.index);
  if (auto it = knownConstants_.find(raw); it != knownConstants_.end()) return it->second;
  std::uint32_t index = raw & ((1u << 29) - 1);
  switch (static_cast<ir::ValueKind>(raw >> 29)) {
    case ir::ValueKind::kInputArg:
      return ir::Value::inputArg(index);
    case ir::ValueKind::kOp:
      return ir::Value::op(index);
    case ir::ValueKind::kConst:
      return ir::Value::constant(index);
    default:
      return ir::Value();
  }
}

void Recorder::setupRoot(framework::VirtualizableFrame* root) {
  frames_.push_back({root, 0});
  auto& shadow = shadowOf(root);
  ir::Type type = irType(info_->slotKind());
  for (std::int64_t i = 0; i < root->depth_; ++i)
    shadow[static_cast<std::size_t>(i)] = trace_.addInputArg(type);
}

void Recorder::beginLoop(framework::VirtualizableFrame* root, const framework::GreenKey& key,
                         const ir::TargetDescr* token) {
  kind_ = TraceKind::kLoop;
  startKey_ = key;
  token_ = token;
  setupRoot(root);
  std::vector<ir::Value> args = trace_.inputArgs();
  trace_.emit(ir::Opcode::label, args, token);
}

void Recorder::beginFunction(framework::VirtualizableFrame* root, const framework::GreenKey& key,
                             ir::TargetDescr* token, ir::TargetDescr* unboxedToken) {
  kind_ = TraceKind::kFunction;
  startKey_ = key;
  token_ = token;
  setupRoot(root);
  std::vector<ir::Value> args = trace_.inputArgs();
  trace_.emit(ir::Opcode::label, args, token);
  if (unboxedToken != nullptr) beginUnboxedEntry(root, token, unboxedToken);
}

// DESIGN(unboxed-entry) in jit/ir/descr.h: arguments that are boxes of value classes now get
// guard_class + getfield before a second label taking their values; after it, each such slot
// holds a fresh box the optimizer keeps virtual. The guards resume at the function's first
// bytecode with the boxes the caller passed.
void Recorder::beginUnboxedEntry(framework::VirtualizableFrame* root, ir::TargetDescr* token,
                                 ir::TargetDescr* unboxedToken) {
  if (info_->slotKind() != ValueKind::kRef) return;
  auto& shadow = shadowOf(root);
  const auto count = static_cast<std::size_t>(root->depth_);
  std::vector<const ir::SizeDescr*> classes(count, nullptr);
  bool any = false;
  for (std::size_t i = 0; i < count; ++i) {
    const auto* object = reinterpret_cast<const framework::Object*>(root->slots_[i]);
    if (object == nullptr || object->class_ == nullptr || object->class_->valueField == nullptr)
      continue;
    classes[i] = descrs_->size(*object->class_);
    any = true;
  }
  if (!any) return;
  ir::Snapshot entry = takeSnapshot(false);
  std::vector<ir::Value> values(shadow.begin(), shadow.begin() + static_cast<std::ptrdiff_t>(count));
  for (std::size_t i = 0; i < count; ++i) {
    if (classes[i] == nullptr) continue;
    const ir::Value cls[] = {shadow[i], trace_.constClass(classes[i]->vtable)};
    emitGuard(ir::Opcode::guard_class, cls, entry);
    const ir::Value box[] = {shadow[i]};
    values[i] = emit(ir::Opcode::getfield_gc_i, box, classes[i]->valueField);
  }
  unboxedToken->argTypes.clear();
  for (ir::Value v : values) unboxedToken->argTypes.push_back(trace_.typeOf(v));
  unboxedToken->unboxedClasses = classes;
  emit(ir::Opcode::label, values, unboxedToken);
  for (std::size_t i = 0; i < count; ++i) {
    if (classes[i] == nullptr) {
      shadow[i] = values[i];
      continue;
    }
    ir::Value box = emit(ir::Opcode::new_with_vtable, {}, classes[i]);
    const ir::Value store[] = {box, values[i]};
    emit(ir::Opcode::setfield_gc, store, classes[i]->valueField);
    shadow[i] = box;
  }
  token->unboxedEntry = unboxedToken;
}

void Recorder::beginBridge(const BridgeStart& start) {
  kind_ = TraceKind::kBridge;
  const ir::Trace& from = *start.trace;
  const ir::Snapshot& snapshot = *start.snapshot;
  std::unordered_map<std::uint32_t, ir::Value> map;
  for (ir::Value v : start.failValues) map[v.raw()] = trace_.addInputArg(from.typeOf(v));
  std::vector<ir::Value> virtuals(snapshot.virtuals.size());
  auto translate = [&](ir::Value v) -> ir::Value {
    if (v.isVirtual()) return virtuals[v.index()];
    if (v.isConst()) {
      const ir::Constant& c = from.constant(v);
      return c.isClass ? trace_.constClass(from.constBits(v))
                       : trace_.constOfType(c.type, from.constBits(v));
    }
    auto it = map.find(v.raw());
    return it == map.end() ? ir::Value() : it->second;
  };
  // Virtuals the guard's trace had removed are allocated again at the start of the bridge:
  // first every object, then their contents (contents may refer to each other).
  for (std::size_t k = 0; k < snapshot.virtuals.size(); ++k) {
    const ir::VirtualObject& object = snapshot.virtuals[k];
    if (object.allocOp == ir::Opcode::new_array || object.allocOp == ir::Opcode::new_array_clear) {
      virtuals[k] = trace_.emit(object.allocOp,
                                {trace_.constInt(static_cast<std::int64_t>(object.values.size()))},
                                object.descr);
    } else {
      virtuals[k] = trace_.emit(object.allocOp, {}, object.descr);
    }
  }
  for (std::size_t k = 0; k < snapshot.virtuals.size(); ++k) {
    const ir::VirtualObject& object = snapshot.virtuals[k];
    for (std::size_t i = 0; i < object.values.size(); ++i) {
      if (object.fields.empty()) {
        trace_.emit(ir::Opcode::setarrayitem_gc,
                    {virtuals[k], trace_.constInt(static_cast<std::int64_t>(i)),
                     translate(object.values[i])},
                    object.descr);
      } else {
        trace_.emit(ir::Opcode::setfield_gc, {virtuals[k], translate(object.values[i])},
                    object.fields[i]);
      }
    }
  }
  for (const ir::PendingStore& store : snapshot.pendingStores) {
    if (store.index.isNone()) {
      trace_.emit(ir::Opcode::setfield_gc, {translate(store.object), translate(store.value)},
                  store.descr);
    } else {
      trace_.emit(ir::Opcode::setarrayitem_gc,
                  {translate(store.object), translate(store.index), translate(store.value)},
                  store.descr);
    }
  }
  ir::Snapshot translated;
  for (std::size_t f = 0; f < snapshot.frames.size(); ++f) {
    framework::VirtualizableFrame* frame = start.frames[f];
    frames_.push_back({frame, trace_.size()});
    auto& shadow = shadowOf(frame);
    const ir::SnapshotFrame& sf = snapshot.frames[f];
    ir::SnapshotFrame copy{sf.code, sf.pc, {}};
    for (std::size_t i = 0; i < sf.slots.size(); ++i) {
      copy.slots.push_back(translate(sf.slots[i]));
      if (i < shadow.size()) shadow[i] = copy.slots.back();
    }
    translated.frames.push_back(std::move(copy));
  }
  // The guard failed because its residual call raised: the bridge takes the exception first
  // (guard_exception on its class; another class fails it and resumes exactly like the guard).
  bool afterCall = !snapshot.frames.empty() && (snapshot.frames.back().pc & kAfterCallPc) != 0;
  if (afterCall && framework::exceptionPending()) {
    auto classWord = reinterpret_cast<std::uint64_t>(framework::exceptionState.pending->class_);
    ir::Value classConst = trace_.constClass(classWord);
    resumedException_ =
        toRef(trace_.emitGuard(ir::Opcode::guard_exception, {classConst}, std::move(translated)));
  }
}

std::vector<ir::Value>& Recorder::shadowOf(const framework::VirtualizableFrame* frame) {
  auto& shadow = shadows_[frame];
  if (shadow.size() < static_cast<std::size_t>(frame->capacity_)) {
    shadow.resize(static_cast<std::size_t>(frame->capacity_));
  }
  return shadow;
}

IrRef Recorder::constant(Word value, ValueKind kind) {
  return toRef(kind == ValueKind::kRef ? trace_.constRef(reinterpret_cast<const void*>(value))
                                       : trace_.constInt(static_cast<std::int64_t>(value)));
}

bool Recorder::constantValue(IrRef ref, Word* value) const {
  ir::Value v = toValue(ref);
  if (!v.isConst()) return false;
  *value = trace_.constBits(v);
  return true;
}

ir::Value Recorder::emit(ir::Opcode opcode, std::span<const ir::Value> args,
                         const ir::Descr* descr) {
  ir::Value v = trace_.emit(opcode, args, descr);
  checkLength();
  return v;
}

ir::Value Recorder::emitGuard(ir::Opcode opcode, std::span<const ir::Value> args,
                              ir::Snapshot snapshot) {
  ir::Value v = trace_.emitGuard(opcode, args, std::move(snapshot));
  checkLength();
  return v;
}

void Recorder::noteSideEffect(std::string what) {
  if (!sideEffect_) {
    sideEffect_ = true;
    sideEffectWhat_ = std::move(what);
  }
}

IrRef Recorder::record(TraceOp op, ValueKind result, std::initializer_list<IrRef> args,
                       framework::DescrArg descr, Word concreteResult) {
  if (!recording()) return {};
  ir::Type type = irType(result);
  ir::Opcode opcode = mapOp(op, type);
  std::vector<ir::Value> values;
  values.reserve(args.size());
  bool allConstant = true;
  for (IrRef a : args) {
    ir::Value v = toValue(a);
    if (v.isNone()) {
      abort(std::string("internal: untraced operand of ") + framework::traceOpName(op));
      return {};
    }
    allConstant = allConstant && v.isConst();
    values.push_back(v);
  }
  // Fold what the trace already knows: pure ops on constants, immutable fields of constants.
  if (allConstant && ir::isPure(opcode) && !ir::isOvf(opcode)) {
    std::vector<std::uint64_t> bits;
    for (ir::Value v : values) bits.push_back(trace_.constBits(v));
    ir::EvalResult r = ir::evalPure(opcode, bits);
    if (r.status == ir::EvalStatus::kOk) return toRef(trace_.constOfType(type, r.bits));
  }
  const ir::Descr* irDescr = nullptr;
  using Kind = framework::DescrArg::Kind;
  switch (descr.kind) {
    case Kind::kField: {
      const auto& fd = *static_cast<const framework::FieldDescr*>(descr.pointer);
      irDescr = descrs_->field(fd);
      // Quasi-immutable reads are folded too: guard_not_invalidated (recorded just before by
      // recordQuasiImmutableRead) protects the value.
      bool quasiConstant = fd.quasiImmutable && !plainNextRead_;
      plainNextRead_ = false;
      if (op == TraceOp::getfield_gc && (fd.immutable || quasiConstant) && allConstant) {
        return toRef(trace_.constOfType(type, concreteResult));
      }
      break;
    }
    case Kind::kArray:
      irDescr = descrs_->array(*static_cast<const framework::ArrayDescr*>(descr.pointer));
      break;
    case Kind::kClass:
      irDescr = descrs_->size(*static_cast<const framework::ObjectClass*>(descr.pointer));
      break;
    case Kind::kCall:
      irDescr = descrs_->call(*static_cast<const framework::CallDescr*>(descr.pointer));
      break;
    case Kind::kNone:
      break;
  }
  if (op == TraceOp::record_exact_class && values.size() == 2 && values[1].isConst()) {
    values[1] = trace_.constClass(trace_.constBits(values[1]));
  }
  if ((op == TraceOp::setfield_gc || op == TraceOp::setarrayitem_gc) &&
      allocatedThisBytecode_.count(values[0].raw()) == 0) {
    noteSideEffect(std::string(framework::traceOpName(op)) + "(" + irDescr->name + ")");
  }
  ir::Value v = emit(opcode, values, irDescr);
  if (op == TraceOp::new_with_vtable || op == TraceOp::new_array)
    allocatedThisBytecode_.insert(v.raw());
  return result == ValueKind::kVoid ? IrRef{} : toRef(v);
}

IrRef Recorder::recordCall(TraceOp op, const framework::CallDescr& descr, const IrRef* args,
                           std::size_t count, Word concreteResult) {
  if (!recording()) return {};
  ir::Type type = irType(descr.resultKind);
  std::vector<ir::Value> values;
  bool allConstant = true;
  for (std::size_t i = 0; i < count; ++i) {
    ir::Value v = toValue(args[i]);
    if (v.isNone()) {
      abort("internal: untraced argument of a residual call");
      return {};
    }
    // Argument 0 (or 1 for record_known_result) is the function: always a constant.
    allConstant = allConstant && v.isConst();
    values.push_back(v);
  }
  const ir::CallDescr* irDescr = descrs_->call(descr);
  if (op == TraceOp::record_known_result) {
    emit(ir::Opcode::record_known_result, values, irDescr);
    return {};
  }
  const framework::EffectInfo& effects = *descr.effects;
  bool raised = framework::exceptionPending();
  // RPython folds an elidable call whose arguments are all constants at trace time.
  if (op == TraceOp::call_pure && allConstant && !raised) {
    lastCallHasResult_ = false;
    if (type == ir::Type::Void) return {};
    return toRef(trace_.constOfType(type, concreteResult));
  }
  ir::Value v = emit(mapOp(op, type), values, irDescr);
  if (effects.hasSideEffects() || effects.mayForce) {
    noteSideEffect("residual call (" + irDescr->name + ")");
  }
  lastCallResult_ = v;
  lastCallHasResult_ = type != ir::Type::Void;
  return type == ir::Type::Void ? IrRef{} : toRef(v);
}

ir::Snapshot Recorder::takeSnapshot(bool afterCall) {
  ir::Snapshot snapshot;
  ir::Type type = irType(info_->slotKind());
  for (const TracedFrame& tf : frames_) {
    ir::SnapshotFrame sf;
    sf.code = reinterpret_cast<std::uint64_t>(tf.frame->code_);
    sf.pc = static_cast<std::uint32_t>(tf.frame->pc_);
    auto& shadow = shadowOf(tf.frame);
    for (std::int64_t i = 0; i < tf.frame->depth_; ++i) {
      ir::Value v = shadow[static_cast<std::size_t>(i)];
      if (v.isNone()) v = toValue(slotRef(tf.frame, i));
      if (v.isNone()) v = trace_.constOfType(type, 0);  // only after an abort
      sf.slots.push_back(v);
    }
    snapshot.frames.push_back(std::move(sf));
  }
  if (afterCall && !snapshot.frames.empty()) {
    snapshot.frames.back().pc |= kAfterCallPc;
    if (lastCallHasResult_) snapshot.frames.back().slots.push_back(lastCallResult_);
  }
  return snapshot;
}

IrRef Recorder::recordGuard(TraceOp op, std::initializer_list<IrRef> args,
                            framework::ResumeAt resume, ValueKind result, Word concreteResult) {
  if (!recording()) return {};
  ir::Opcode opcode = mapOp(op, irType(result));
  std::vector<ir::Value> values;
  for (IrRef a : args) values.push_back(toValue(a));
  if (op == TraceOp::guard_class && values.size() == 2) {
    values[1] = trace_.constClass(trace_.constBits(values[1]));
  }
  if (op == TraceOp::guard_exception) {
    auto* exception = reinterpret_cast<const framework::Object*>(concreteResult);
    values = {trace_.constClass(reinterpret_cast<std::uint64_t>(exception->class_))};
  }
  bool afterCall = resume == framework::ResumeAt::kAfterCall;
  if (!afterCall && sideEffect_) {
    std::string diagnostic = "guard after side effect: " + std::string(ir::opName(opcode)) +
                             " recorded after " + sideEffectWhat_ + " in bytecode " + location();
#ifndef NDEBUG
    // Debug builds treat it as the handler bug it is (DESIGN.md §3.4 rule 2): say so loudly.
    std::fprintf(stderr, "pyl: handler bug: %s\n", diagnostic.c_str());
#endif
    abort(diagnostic);
    return {};
  }
  if (!afterCall && !haveSnapshot_) {
    abort("internal: guard before the first merge point");
    return {};
  }
  ir::Value v = emitGuard(opcode, values, afterCall ? takeSnapshot(true) : bytecodeSnapshot_);
  if (op == TraceOp::guard_value && values.size() == 2 && !values[0].isConst()) {
    // From here on the value IS the constant (PyPy replaces the box in every register).
    knownConstants_[values[0].raw()] = values[1];
    for (auto& [frame, shadow] : shadows_) {
      std::replace(shadow.begin(), shadow.end(), values[0], values[1]);
    }
  }
  return result == ValueKind::kVoid ? IrRef{} : toRef(v);
}

void Recorder::recordQuasiImmutableRead(IrRef object, const framework::FieldDescr& descr,
                                        const void* watcher) {
  if (!recording()) return;
  if (policy_->mutableQuasiImmutables.count({watcher, &descr}) != 0) {
    plainNextRead_ = true;  // demoted: the read that follows is an ordinary getfield
    return;
  }
  if (sideEffect_ || !haveSnapshot_) {
    abort(std::string("guard after side effect: guard_not_invalidated (quasi-immutable ") +
          descr.name + ") recorded after " + sideEffectWhat_ + " in bytecode " + location());
    return;
  }
  ir::Value v = toValue(object);
  ir::Value args[] = {v};
  emit(ir::Opcode::quasiimmut_field, args, descrs_->field(descr));
  quasiReads_.emplace_back(watcher, &descr);
  emitGuard(ir::Opcode::guard_not_invalidated, {}, bytecodeSnapshot_);
}

bool Recorder::readQuasiImmutable(const void* object, const framework::FieldDescr& field) const {
  for (const auto& read : quasiReads_) {
    if (read.first == object && read.second == &field) return true;
  }
  return false;
}

IrRef Recorder::slotRef(const framework::VirtualizableFrame* frame, std::int64_t index) {
  if (!recording()) return {};
  auto& shadow = shadowOf(frame);
  if (index < 0 || static_cast<std::size_t>(index) >= shadow.size()) {
    abort("internal: slot index out of range");
    return {};
  }
  ir::Value v = shadow[static_cast<std::size_t>(index)];
  if (v.isNone()) {
    // A slot this trace never wrote: the interpreter initialised it to zero (a fresh frame's
    // locals), which is a constant of the trace; anything else would be state we cannot see.
    if (frame->slots_[index] != 0) {
      abort("read of a frame slot the trace does not know");
      return {};
    }
    v = trace_.constOfType(irType(info_->slotKind()), 0);
    shadow[static_cast<std::size_t>(index)] = v;
  }
  return toRef(v);
}

void Recorder::setSlotRef(const framework::VirtualizableFrame* frame, std::int64_t index,
                          IrRef ref) {
  if (!recording()) return;
  auto& shadow = shadowOf(frame);
  if (index >= 0 && static_cast<std::size_t>(index) < shadow.size())
    shadow[static_cast<std::size_t>(index)] = toValue(ref);
}

bool Recorder::shouldInline(const void* code) {
  if (!recording() || !policy_->inlining || policy_->dontInline.count(code) != 0) return false;
  std::int64_t depth = 0;
  for (const TracedFrame& tf : frames_) depth += tf.frame->code_ == code ? 1 : 0;
  // DESIGN(recursion): recursion calls the function's compiled code (DESIGN.md §3.3) as soon as
  // there is some: unrolling it max_unroll_recursion times instead would bake one path through
  // the recursion into the trace and leave every other path to guard failures and bridges.
  if (depth > 0 && assemblerTarget(code) != nullptr) return false;
  return depth <= policy_->maxUnrollRecursion;
}

const ir::TargetDescr* Recorder::assemblerTarget(const void* code) const {
  if (info_->callDepth() == nullptr) return nullptr;
  if (kind_ == TraceKind::kFunction && token_ != nullptr && !frames_.empty() &&
      frames_.front().frame->code_ == code) {
    return token_;  // recursion into the function this trace records: it calls itself
  }
  return links_.functionAt ? links_.functionAt(code) : nullptr;
}

bool Recorder::recordCallAssembler(const void* code, const framework::VirtualizableFrame* callee,
                                   ValueKind resultKind, IrRef* result) {
  if (!recording()) return false;
  const ir::TargetDescr* target = assemblerTarget(code);
  if (target == nullptr || target->argTypes.size() != static_cast<std::size_t>(callee->depth_))
    return false;
  std::vector<ir::Value> args{
      trace_.constInt(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(code)))};
  for (std::int64_t i = 0; i < callee->depth_; ++i) {
    ir::Value v = toValue(slotRef(callee, i));
    if (v.isNone()) return false;  // slotRef aborted the trace
    args.push_back(v);
  }
  ir::Type type = irType(resultKind);
  ir::Value v = emit(ir::callFor(ir::CallFamily::kCallAssembler, type), args, target);
  noteSideEffect("call_assembler (" + target->name + ")");
  lastCallResult_ = v;
  lastCallHasResult_ = type != ir::Type::Void;
  *result = type == ir::Type::Void ? IrRef{} : toRef(v);
  return true;
}

void Recorder::enterInlinedFrame(framework::VirtualizableFrame* callee) {
  if (!recording()) return;
  frames_.push_back({callee, trace_.size()});
}

void Recorder::leaveInlinedFrame(framework::VirtualizableFrame* callee) {
  if (frames_.size() > 1 && frames_.back().frame == callee) {
    inlinedOps_[callee->code_] +=
        static_cast<std::int64_t>(trace_.size() - frames_.back().opsAtEntry);
    frames_.pop_back();
  }
}

std::string Recorder::location() const {
  return info_->printableLocation(currentKey_);
}

DriverAction Recorder::mergePoint(framework::VirtualizableFrame* frame,
                                  const framework::GreenKey& key) {
  if (!recording()) return DriverAction::kSwitchToConcrete;
  if (frames_.empty() || frames_.back().frame != frame) {
    abort("merge point in a frame the trace does not follow");
    return DriverAction::kSwitchToConcrete;
  }
  currentKey_ = key;
  ir::Value location[] = {
      trace_.constInt(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(frame->code_))),
      trace_.constInt(frame->pc_), trace_.constInt(static_cast<std::int64_t>(frames_.size() - 1))};
  emit(ir::Opcode::debug_merge_point, location, nullptr);
  if (!recording()) return DriverAction::kSwitchToConcrete;
  bytecodeSnapshot_ = takeSnapshot(false);
  haveSnapshot_ = true;
  sideEffect_ = false;
  allocatedThisBytecode_.clear();
  lastCallHasResult_ = false;
  return DriverAction::kContinue;
}

DriverAction Recorder::canEnterJit(framework::VirtualizableFrame* frame,
                                   const framework::GreenKey& key) {
  if (!recording()) return DriverAction::kSwitchToConcrete;
  if (frames_.size() != 1 || frames_.front().frame != frame) return DriverAction::kContinue;
  auto& shadow = shadowOf(frame);
  std::vector<ir::Value> args(shadow.begin(), shadow.begin() + frame->depth_);
  for (ir::Value& v : args) {
    if (v.isNone()) v = toValue(slotRef(frame, &v - args.data()));
  }
  if (kind_ == TraceKind::kLoop && key == startKey_) {
    if (static_cast<std::size_t>(frame->depth_) != trace_.inputArgCount()) {
      abort("the loop header's stack depth differs from the trace start");
      return DriverAction::kSwitchToConcrete;
    }
    trace_.emit(ir::Opcode::jump, args, token_);
    finish();
    return DriverAction::kSwitchToConcrete;
  }
  const ir::TargetDescr* target = links_.loopAt ? links_.loopAt(key, frame->depth_) : nullptr;
  if (target != nullptr) {
    trace_.emit(ir::Opcode::jump, args, target);
    finish();
    return DriverAction::kSwitchToConcrete;
  }
  if (kind_ == TraceKind::kFunction) {
    abort("function trace reached a loop without compiled code");
    return DriverAction::kSwitchToConcrete;
  }
  return DriverAction::kContinue;
}

void Recorder::frameReturns(framework::VirtualizableFrame* frame, IrRef result, ValueKind kind,
                            bool exceptional) {
  if (!recording()) return;
  if (frames_.size() == 1 && frames_.front().frame == frame) {
    if (kind_ == TraceKind::kLoop) {
      abort("the traced loop's frame returned");
      return;
    }
    ir::Value value = toValue(result);
    if (value.isNone() || kind == ValueKind::kVoid) {
      abort("internal: untraced return value");
      return;
    }
    if (exceptional) {
      // DESIGN(finish-with-exception): the frame raised: compiled code leaves the exception in
      // the pending slot and finishes; the interpreter sees a finished frame with an exception
      // pending and raises it to the frame's caller (like PyPy's exit-frame-with-exception).
      ir::Value fn = trace_.constInt(
          static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(&framework::raisePending)));
      const auto& descr = framework::callDescr<framework::WritesAny, void, framework::Object*>();
      ir::Value args[] = {fn, value};
      trace_.emit(ir::Opcode::call_n, args, descrs_->call(descr));
      value = trace_.constRef(nullptr);
    }
    trace_.emit(ir::Opcode::finish, {value}, nullptr);
    finish();
    return;
  }
  if (!frames_.empty() && frames_.back().frame == frame) {
    leaveInlinedFrame(frame);
    return;
  }
  abort("return from a frame the trace does not follow");
}

void Recorder::checkLength() {
  if (static_cast<std::int64_t>(trace_.size()) <= policy_->traceLimit || !recording()) return;
  // DESIGN(blame): like PyPy, make the biggest inlined function a residual call from now on, so
  // the next attempt at this loop fits; it gets traced on its own (function_threshold).
  std::unordered_map<const void*, std::int64_t> sizes = inlinedOps_;
  for (std::size_t i = 1; i < frames_.size(); ++i) {
    sizes[frames_[i].frame->code_] +=
        static_cast<std::int64_t>(trace_.size() - frames_[i].opsAtEntry);
  }
  const void* rootCode = frames_.empty() ? nullptr : frames_.front().frame->code_;
  const void* biggest = nullptr;
  std::int64_t most = 0;
  for (const auto& [code, ops] : sizes) {
    if (code != rootCode && ops > most) {
      most = ops;
      biggest = code;
    }
  }
  if (biggest != nullptr) {
    policy_->dontInline.insert(biggest);
    blamed_ = biggest;
    framework::GreenKey key;
    key.words[0] = reinterpret_cast<Word>(biggest);
    key.count = 2;
    abort("trace too long; stop inlining " + info_->printableLocation(key));
  } else {
    abort("trace too long");
  }
}

void Recorder::finish() {
  state_ = RecorderState::kDone;
  shadows_.clear();
  if (links_.ended) links_.ended();
}

void Recorder::abort(const std::string& reason) {
  if (state_ != RecorderState::kRecording) return;
  state_ = RecorderState::kAborted;
  abortReason_ = reason;
  shadows_.clear();
  if (links_.ended) links_.ended();
}

}  // namespace pyl::jit::trace
