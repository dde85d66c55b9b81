// jit/ir/verifier.cpp — structural checks of a trace (what is checked: jit/ir/verifier.h).
//
// Argument typing is derived from op names where the table's families make it regular (int_*,
// float_*, guard_*), and from descriptors for heap ops and calls; the table in ops.def stays
// the one place that lists ops.
#include "jit/ir/verifier.h"

#include <unordered_set>

namespace pyl::jit::ir {

namespace {

struct VerifyError {
  std::string message;
};

[[noreturn]] void fail(std::string message) {
  throw VerifyError{std::move(message)};
}

// The type argument i of `op` must have, or Void when any type is fine.
Type expectedArgType(const Op& op, std::size_t i) {
  std::string_view name = opName(op.opcode);
  const auto* field = descrAs<FieldDescr>(op.descr);
  const auto* array = descrAs<ArrayDescr>(op.descr);
  switch (op.opcode) {
    case Opcode::ptr_eq:
    case Opcode::ptr_ne:
      return Type::Ref;
    case Opcode::cast_int_to_float:
      return Type::Int;
    case Opcode::cast_float_to_int:
      return Type::Float;
    case Opcode::same_as_i:
      return Type::Int;
    case Opcode::same_as_r:
      return Type::Ref;
    case Opcode::same_as_f:
      return Type::Float;
    case Opcode::guard_true:
    case Opcode::guard_false:
      return Type::Int;
    case Opcode::guard_value:
      return Type::Void;  // checked against each other below
    case Opcode::guard_nonnull:
    case Opcode::guard_isnull:
      return Type::Ref;
    case Opcode::guard_class:
    case Opcode::guard_nonnull_class:
    case Opcode::record_exact_class:
      return i == 0 ? Type::Ref : Type::Int;
    case Opcode::guard_exception:
      return Type::Int;
    case Opcode::getfield_gc_i:
    case Opcode::getfield_gc_r:
    case Opcode::getfield_gc_f:
    case Opcode::quasiimmut_field:
    case Opcode::arraylen_gc:
    case Opcode::keepalive:
      return Type::Ref;
    case Opcode::getfield_raw_i:
    case Opcode::getfield_raw_f:
      return Type::Int;
    case Opcode::setfield_gc:
      return i == 0 ? Type::Ref : (field ? field->type : Type::Void);
    case Opcode::setfield_raw:
      return i == 0 ? Type::Int : (field ? field->type : Type::Void);
    case Opcode::getarrayitem_gc_i:
    case Opcode::getarrayitem_gc_r:
    case Opcode::getarrayitem_gc_f:
      return i == 0 ? Type::Ref : Type::Int;
    case Opcode::setarrayitem_gc:
      return i == 0 ? Type::Ref : i == 1 ? Type::Int : (array ? array->itemType : Type::Void);
    case Opcode::new_array:
    case Opcode::new_array_clear:
      return Type::Int;
    case Opcode::debug_merge_point:
      return Type::Int;
    default:
      break;
  }
  if (name.starts_with("int_") || name.starts_with("uint_")) return Type::Int;
  if (name.starts_with("float_")) return Type::Float;
  if (const auto* call = descrAs<CallDescr>(op.descr); call != nullptr && isCall(op.opcode)) {
    if (i == 0) return Type::Int;  // the function address
    std::size_t first = op.opcode == Opcode::cond_call ? 2 : 1;
    if (op.opcode == Opcode::cond_call && i == 1) return Type::Int;
    if (i >= first && i - first < call->argTypes.size()) return call->argTypes[i - first];
  }
  return Type::Void;
}

DescrKind expectedDescrKind(Opcode op) {
  switch (op) {
    case Opcode::getfield_gc_i:
    case Opcode::getfield_gc_r:
    case Opcode::getfield_gc_f:
    case Opcode::setfield_gc:
    case Opcode::getfield_raw_i:
    case Opcode::getfield_raw_f:
    case Opcode::setfield_raw:
    case Opcode::quasiimmut_field:
      return DescrKind::kField;
    case Opcode::getarrayitem_gc_i:
    case Opcode::getarrayitem_gc_r:
    case Opcode::getarrayitem_gc_f:
    case Opcode::setarrayitem_gc:
    case Opcode::arraylen_gc:
    case Opcode::new_array:
    case Opcode::new_array_clear:
      return DescrKind::kArray;
    case Opcode::new_:
    case Opcode::new_with_vtable:
      return DescrKind::kSize;
    default:
      break;
  }
  if (callFamilyOf(op) == CallFamily::kCallAssembler) return DescrKind::kTarget;
  return DescrKind::kCall;
}

class Verifier {
 public:
  explicit Verifier(const Trace& trace) : trace_(trace) {
    for (std::size_t i = 0; i < trace.inputArgCount(); ++i)
      inScope_.insert(Value::inputArg(static_cast<std::uint32_t>(i)));
  }

  void run() {
    const auto& ops = trace_.ops();
    if (ops.empty()) fail("empty trace");
    for (std::size_t i = 0; i < ops.size(); ++i) {
      try {
        checkOp(i);
      } catch (VerifyError& error) {
        error.message = "op " + std::to_string(i) + " (" + std::string(opName(ops[i].opcode)) +
                        "): " + error.message;
        throw;
      }
    }
    Opcode last = ops.back().opcode;
    if (last != Opcode::jump && last != Opcode::finish)
      fail("the trace must end in jump or finish");
  }

 private:
  void checkValue(Value v, const char* where) {
    switch (v.kind()) {
      case ValueKind::kConst:
        if (v.index() >= trace_.constantCount())
          fail(std::string("constant out of range in ") + where);
        return;
      case ValueKind::kNone:
        fail(std::string("missing value in ") + where);
      case ValueKind::kVirtual:
        fail(std::string("virtual ref outside a snapshot in ") + where);
      default:
        if (inScope_.count(v) == 0)
          fail(std::string("value used before its definition (or across a label) in ") + where);
    }
  }

  void checkSnapshot(const Op& op) {
    if (op.snapshot < 0 || static_cast<std::size_t>(op.snapshot) >= trace_.snapshotCount()) {
      if (isGuard(op.opcode)) fail("guard without a snapshot");
      if (op.snapshot < 0) return;
      fail("snapshot index out of range");
    }
    const Snapshot& s = trace_.snapshot(op.snapshot);
    auto check = [&](Value v) {
      if (v.isVirtual()) {
        if (v.index() >= s.virtuals.size()) fail("snapshot names a virtual that does not exist");
      } else if (!v.isNone()) {
        checkValue(v, "snapshot");
      }
    };
    for (const SnapshotFrame& frame : s.frames)
      for (Value v : frame.slots) check(v);
    for (const VirtualObject& object : s.virtuals) {
      if (!isAlloc(object.allocOp) || object.descr == nullptr)
        fail("malformed virtual in snapshot");
      if (object.fields.size() > object.values.size()) fail("virtual has more fields than values");
      for (Value v : object.values) check(v);
    }
    for (const PendingStore& store : s.pendingStores) {
      check(store.object);
      check(store.value);
      if (!store.index.isNone()) check(store.index);
      if (store.descr == nullptr) fail("pending store without descr");
    }
  }

  void checkOp(std::size_t index) {
    const Op& op = trace_.ops()[index];
    const OpInfo& info = opInfo(op.opcode);
    if (info.arity != kVariadic && static_cast<int>(op.args.size()) != info.arity) {
      fail("expects " + std::to_string(info.arity) + " arguments, has " +
           std::to_string(op.args.size()));
    }
    for (Value v : op.args) checkValue(v, "arguments");
    checkDescr(op);
    for (std::size_t i = 0; i < op.args.size(); ++i) {
      Type want = expectedArgType(op, i);
      if (want != Type::Void && trace_.typeOf(op.args[i]) != want)
        fail("argument " + std::to_string(i) + " has the wrong type");
    }
    if (op.opcode == Opcode::guard_value &&
        trace_.typeOf(op.args[0]) != trace_.typeOf(op.args[1])) {
      fail("guard_value compares values of different types");
    }
    if (op.opcode == Opcode::guard_value && !op.args[1].isConst())
      fail("guard_value needs a constant");
    bool classOperand =
        op.opcode == Opcode::guard_class || op.opcode == Opcode::guard_nonnull_class ||
        op.opcode == Opcode::record_exact_class || op.opcode == Opcode::guard_exception;
    if (classOperand && !op.args.back().isConst()) fail("the class operand must be a constant");
    if (op.opcode == Opcode::debug_merge_point) {
      for (Value v : op.args) {
        if (!v.isConst()) fail("debug_merge_point takes constants");
      }
    }
    if (isCall(op.opcode) && !op.args.empty() && op.opcode != Opcode::cond_call &&
        !op.args[0].isConst()) {
      // Residual calls name their function by address; indirect calls are not traced.
      fail("a call's function must be a constant");
    }
    checkSnapshot(op);
    checkOverflowPairing(index);
    if (isFinal(op.opcode) && op.opcode != Opcode::label && index + 1 != trace_.size()) {
      fail("jump/finish must be the last op");
    }
    if (op.opcode == Opcode::label) enterLabel(op);
    if (op.opcode == Opcode::jump) checkJump(op);
    inScope_.insert(Value::op(static_cast<std::uint32_t>(index)));
  }

  void checkDescr(const Op& op) {
    if (needsDescr(op.opcode)) {
      if (op.descr == nullptr) fail("needs a descr");
      if (op.descr->kind != expectedDescrKind(op.opcode))
        fail("descr '" + op.descr->name + "' has the wrong kind");
    }
    if ((op.opcode == Opcode::label || op.opcode == Opcode::jump) && op.descr != nullptr &&
        op.descr->kind != DescrKind::kTarget) {
      fail("label/jump descr must be a target");
    }
    if (const auto* field = descrAs<FieldDescr>(op.descr);
        field && isLoad(op.opcode) && field->type != op.type()) {
      fail("field '" + field->name + "' has a different type than the load");
    }
    if (const auto* array = descrAs<ArrayDescr>(op.descr);
        array && isGetarrayitemGc(op.opcode) && array->itemType != op.type()) {
      fail("array '" + array->name + "' has a different item type than the load");
    }
    if (const auto* call = descrAs<CallDescr>(op.descr);
        call && isCall(op.opcode) && op.opcode != Opcode::cond_call) {
      if (call->resultType != op.type()) fail("call descr result type differs from the op's");
      if (op.args.empty()) fail("a call needs the function as argument 0");
      if (op.args.size() - 1 != call->argTypes.size())
        fail("call argument count differs from the descr's");
    }
    if (const auto* box = descrAs<SizeDescr>(op.descr); box && op.opcode == Opcode::finish) {
      // DESIGN(unboxed-entry): the result is the box `box`(value).
      if (box->valueField == nullptr || box->vtable <= 1)
        fail("finish descr '" + box->name + "' is not a value class");
      if (op.args.size() != 1 || trace_.typeOf(op.args[0]) != Type::Int)
        fail("finish with a value-class descr takes one int");
    }
    if (op.opcode == Opcode::new_with_vtable && descrAs<SizeDescr>(op.descr)->vtable == 0) {
      fail("new_with_vtable of a size descr without vtable");
    }
  }

  void checkOverflowPairing(std::size_t index) {
    const auto& ops = trace_.ops();
    Opcode op = ops[index].opcode;
    bool isCheck = op == Opcode::guard_no_overflow || op == Opcode::guard_overflow;
    if (isOvf(op) &&
        (index + 1 >= ops.size() || (ops[index + 1].opcode != Opcode::guard_no_overflow &&
                                     ops[index + 1].opcode != Opcode::guard_overflow))) {
      fail("an *_ovf op must be followed by guard_no_overflow or guard_overflow");
    }
    if (isCheck && (index == 0 || !isOvf(ops[index - 1].opcode)))
      fail("overflow guard without a preceding *_ovf op");
  }

  void enterLabel(const Op& op) {
    std::unordered_set<Value> args;
    for (Value v : op.args) {
      if (v.isConst()) fail("label arguments must not be constants");
      if (!args.insert(v).second) fail("label arguments must be distinct");
    }
    inScope_ = std::move(args);
    lastLabel_ = &op;
  }

  void checkJump(const Op& op) {
    const Op* target = nullptr;
    std::vector<Type> types;
    if (op.descr != nullptr) {
      for (const Op& candidate : trace_.ops()) {
        if (candidate.opcode == Opcode::label && candidate.descr == op.descr) target = &candidate;
      }
      if (target == nullptr) types = descrAs<TargetDescr>(op.descr)->argTypes;
    } else {
      target = lastLabel_;
      if (target == nullptr) fail("jump without descr needs a label in the trace");
    }
    if (target != nullptr) {
      for (Value v : target->args) types.push_back(trace_.typeOf(v));
    }
    if (types.size() != op.args.size())
      fail("jump has " + std::to_string(op.args.size()) + " arguments, its label " +
           std::to_string(types.size()));
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (trace_.typeOf(op.args[i]) != types[i])
        fail("jump argument " + std::to_string(i) + " has the wrong type");
    }
  }

  const Trace& trace_;
  std::unordered_set<Value> inScope_;
  const Op* lastLabel_ = nullptr;
};

}  // namespace

std::optional<std::string> verifyTrace(const Trace& trace) {
  try {
    Verifier(trace).run();
  } catch (const VerifyError& error) {
    return error.message;
  }
  return std::nullopt;
}

}  // namespace pyl::jit::ir
