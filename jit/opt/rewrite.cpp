// jit/opt/rewrite.cpp — the rewrite pass (PyPy's OptRewrite): constant folding, algebraic
// identities and guard strengthening.
//
//   * Pure ops whose arguments are all constant are evaluated through jit/ir/op_semantics.h (the
//     same code the backends run), never re-implemented here; undefined inputs are not folded.
//     An *_ovf op that folds without overflow loses its guard_no_overflow.
//   * Identities: x+0, x-0, x-x, x*1, x*0, x&0, x&-1, x|0, x^0, x^x, shifts by 0, x//1,
//     -(-x), ~~x, comparisons of a value with itself, (x+c1)+c2 -> x+(c1+c2), ptr_eq with NULL
//     on a known non-null value, int_is_true of a comparison.
//   * Guards: knowledge from earlier guards (constant values after guard_value/guard_isnull,
//     true comparisons after guard_true, known classes, non-null values, a guard_no_exception or
//     guard_not_invalidated already checked since the last call) removes duplicate guards and
//     guards on constants; a guard proven to fail aborts the trace. guard_nonnull followed by
//     guard_class on the same value (no side effect between) becomes one guard_nonnull_class.
//   * getfield_gc of an immutable field of a constant object is read now; cond_call on a
//     constant condition becomes nothing or a plain call; same_as disappears.
// At a label all knowledge is dropped.
#include <unordered_map>
#include <unordered_set>

#include "jit/ir/op_semantics.h"
#include "jit/opt/optimizer.h"

namespace pyl::jit::opt {

namespace {

class Rewrite {
 public:
  explicit Rewrite(const Trace& in) : rw_(in) {}

  PassOutcome run() {
    const auto& ops = rw_.in().ops();
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (!step(i)) return PassOutcome::abort(abort_);
    }
    return PassOutcome::done(rw_.take());
  }

 private:
  Trace& out() { return rw_.out(); }
  bool fail(std::string reason) {
    abort_ = std::move(reason);
    return false;
  }
  bool isConstInt(Value v, std::int64_t c) {
    return v.isConst() && out().typeOf(v) == Type::Int && out().constInt64(v) == c;
  }
  bool isNonNull(Value v) {
    if (v.isConst()) return out().constBits(v) != 0;
    return nonNull_.count(v) != 0 || knownClass_.count(v) != 0;
  }

  void forget() {
    knownClass_.clear();
    nonNull_.clear();
    nonZero_.clear();
    nonnullGuardAt_.clear();
    exceptionChecked_ = invalidationChecked_ = false;
  }

  Value constOf(Type type, std::uint64_t bits) { return out().constOfType(type, bits); }

  // The algebraic identities; a Value when the op reduces to an existing one.
  std::optional<Value> identity(Opcode op, const std::vector<Value>& a) {
    if (a.size() == 2) {
      Value x = a[0], y = a[1];
      switch (op) {
        case Opcode::int_add:
        case Opcode::int_add_ovf:
          if (isConstInt(y, 0)) return x;
          if (isConstInt(x, 0)) return y;
          break;
        case Opcode::int_sub:
        case Opcode::int_sub_ovf:
          if (isConstInt(y, 0)) return x;
          if (x == y) return rw_.constInt(0);
          break;
        case Opcode::int_mul:
        case Opcode::int_mul_ovf:
          if (isConstInt(y, 1)) return x;
          if (isConstInt(x, 1)) return y;
          if (isConstInt(x, 0) || isConstInt(y, 0)) return rw_.constInt(0);
          break;
        case Opcode::int_and:
          if (isConstInt(x, 0) || isConstInt(y, 0)) return rw_.constInt(0);
          if (isConstInt(y, -1) || x == y) return x;
          if (isConstInt(x, -1)) return y;
          break;
        case Opcode::int_or:
          if (isConstInt(y, 0) || x == y) return x;
          if (isConstInt(x, 0)) return y;
          break;
        case Opcode::int_xor:
          if (isConstInt(y, 0)) return x;
          if (isConstInt(x, 0)) return y;
          if (x == y) return rw_.constInt(0);
          break;
        case Opcode::int_lshift:
        case Opcode::int_rshift:
        case Opcode::uint_rshift:
          if (isConstInt(y, 0)) return x;
          break;
        case Opcode::int_floordiv:
          if (isConstInt(y, 1)) return x;
          break;
        case Opcode::int_eq:
        case Opcode::int_le:
        case Opcode::int_ge:
        case Opcode::uint_le:
        case Opcode::uint_ge:
        case Opcode::ptr_eq:
          if (x == y) return rw_.constInt(1);
          break;
        case Opcode::int_ne:
        case Opcode::int_lt:
        case Opcode::int_gt:
        case Opcode::uint_lt:
        case Opcode::uint_gt:
        case Opcode::ptr_ne:
          if (x == y) return rw_.constInt(0);
          break;
        default:
          break;
      }
      if ((op == Opcode::ptr_eq || op == Opcode::ptr_ne) && (isConstNull(x) || isConstNull(y))) {
        Value other = isConstNull(x) ? y : x;
        if (isNonNull(other)) return rw_.constInt(op == Opcode::ptr_eq ? 0 : 1);
      }
      return std::nullopt;
    }
    if (a.size() == 1) {
      const Op* def = rw_.definingOp(a[0]);
      if ((op == Opcode::int_neg || op == Opcode::int_invert) && def != nullptr &&
          def->opcode == op)
        return def->args[0];
      if (op == Opcode::int_is_true && def != nullptr && hasBoolResult(def->opcode)) return a[0];
    }
    return std::nullopt;
  }

  bool isConstNull(Value v) {
    return v.isConst() && out().typeOf(v) == Type::Ref && out().constBits(v) == 0;
  }

  // (x + c1) + c2 -> x + (c1 + c2): keeps chains of constant increments one op long.
  std::optional<std::vector<Value>> reassociate(Opcode op, const std::vector<Value>& a) {
    if (op != Opcode::int_add || !a[1].isConst() || a[0].isConst()) return std::nullopt;
    const Op* def = rw_.definingOp(a[0]);
    if (def == nullptr || def->opcode != Opcode::int_add || !def->args[1].isConst())
      return std::nullopt;
    std::uint64_t sum = out().constBits(def->args[1]) + out().constBits(a[1]);
    return std::vector<Value>{def->args[0], out().constInt(ir::bitsInt(sum))};
  }

  // Folds or simplifies a pure op; true when handled (result replaced).
  bool foldPure(std::size_t index, const Op& op, const std::vector<Value>& args) {
    const Value self = Value::op(static_cast<std::uint32_t>(index));
    bool allConst = true;
    std::vector<std::uint64_t> bits;
    for (Value v : args) {
      allConst = allConst && v.isConst();
      if (v.isConst()) bits.push_back(out().constBits(v));
    }
    if (allConst) {
      ir::EvalResult r = ir::evalPure(op.opcode, bits);
      if (r.status == ir::EvalStatus::kOk) {
        rw_.replace(self, constOf(op.type(), r.bits));
        skipOverflowGuard_ = ir::isOvf(op.opcode);
        return true;
      }
      if (r.status == ir::EvalStatus::kOverflow) {
        overflowsForSure_ = true;  // checked against the following guard
        return false;
      }
      return false;
    }
    if (std::optional<Value> same = identity(op.opcode, args)) {
      rw_.replace(self, *same);
      skipOverflowGuard_ = ir::isOvf(op.opcode);
      return true;
    }
    if (auto reassociated = reassociate(op.opcode, args)) {
      rw_.replace(self, out().emit(Opcode::int_add, *reassociated));
      return true;
    }
    return false;
  }

  bool guard(std::size_t index, const Op& op, const std::vector<Value>& args) {
    const Value oldArg = op.args.empty() ? Value() : op.args[0];
    switch (op.opcode) {
      case Opcode::guard_true:
      case Opcode::guard_false: {
        bool truth = op.opcode == Opcode::guard_true;
        Value x = args[0];
        if (x.isConst())
          return (out().constBits(x) != 0) == truth
                     ? true
                     : fail(std::string(ir::opName(op.opcode)) + " on a constant always fails");
        if (truth && nonZero_.count(x)) return true;
        rw_.copyWithArgs(index, args);
        const Op* def = rw_.definingOp(x);
        if (!truth) {
          rw_.replace(oldArg, rw_.constInt(0));
        } else if (def != nullptr && hasBoolResult(def->opcode)) {
          rw_.replace(oldArg, rw_.constInt(1));
        } else {
          nonZero_.insert(x);
        }
        return true;
      }
      case Opcode::guard_value: {
        Value x = args[0];
        if (x.isConst())
          return out().constBits(x) == out().constBits(args[1])
                     ? true
                     : fail("guard_value on a different constant always fails");
        if (out().typeOf(x) == Type::Ref && out().constBits(args[1]) == 0 && isNonNull(x))
          return fail("guard_value(NULL) on a non-null value always fails");
        rw_.copyWithArgs(index, args);
        rw_.replace(oldArg, args[1]);
        return true;
      }
      case Opcode::guard_nonnull: {
        if (isNonNull(args[0])) return true;
        if (isConstNull(args[0])) return fail("guard_nonnull on NULL always fails");
        Value g = rw_.copyWithArgs(index, args);
        nonNull_.insert(args[0]);
        nonnullGuardAt_[args[0]] = g.index();
        return true;
      }
      case Opcode::guard_isnull: {
        if (isConstNull(args[0])) return true;
        if (isNonNull(args[0])) return fail("guard_isnull on a non-null value always fails");
        rw_.copyWithArgs(index, args);
        rw_.replace(oldArg, out().constRef(nullptr));
        return true;
      }
      case Opcode::guard_class:
      case Opcode::guard_nonnull_class: {
        Value x = args[0];
        std::uint64_t cls = out().constBits(args[1]);
        if (isConstNull(x))
          return fail(std::string(ir::opName(op.opcode)) + " on NULL always fails");
        if (auto it = knownClass_.find(x); it != knownClass_.end()) {
          return it->second == cls
                     ? true
                     : fail(std::string(ir::opName(op.opcode)) + " contradicts the known class");
        }
        auto earlier = nonnullGuardAt_.find(x);
        if (op.opcode == Opcode::guard_class && earlier != nonnullGuardAt_.end() &&
            static_cast<std::int64_t>(earlier->second) > lastSideEffect_) {
          // Strengthen the earlier guard_nonnull: resuming there is safe, nothing happened since.
          Op& previous = out().mutableOp(earlier->second);
          previous.opcode = Opcode::guard_nonnull_class;
          previous.args = {x, args[1]};
        } else {
          rw_.copyWithArgs(index, args);
        }
        knownClass_[x] = cls;
        return true;
      }
      case Opcode::guard_no_exception:
        if (exceptionChecked_) return true;
        rw_.copyWithArgs(index, args);
        exceptionChecked_ = true;
        return true;
      case Opcode::guard_not_invalidated:
        if (invalidationChecked_) return true;
        rw_.copyWithArgs(index, args);
        invalidationChecked_ = true;
        return true;
      default:
        rw_.copyWithArgs(index, args);
        return true;
    }
  }

  bool step(std::size_t index) {
    const Op& op = rw_.in().ops()[index];
    const Value self = Value::op(static_cast<std::uint32_t>(index));
    if (skipOverflowGuard_) {
      skipOverflowGuard_ = false;
      if (op.opcode == Opcode::guard_no_overflow) return true;
      if (op.opcode == Opcode::guard_overflow)
        return fail("guard_overflow after an op that cannot overflow always fails");
    }
    if (overflowsForSure_) {
      overflowsForSure_ = false;
      if (op.opcode == Opcode::guard_no_overflow)
        return fail("guard_no_overflow after a constant overflow always fails");
    }
    if (op.opcode == Opcode::label) {
      forget();
      lastSideEffect_ = rw_.copyLabel(index).index();
      return true;
    }
    std::vector<Value> args = rw_.mapArgs(op.args);
    if (ir::isSameAs(op.opcode)) {
      rw_.replace(self, args[0]);
      return true;
    }
    if (ir::isPure(op.opcode) && foldPure(index, op, args)) return true;
    if (ir::isGuard(op.opcode)) return guard(index, op, args);
    switch (op.opcode) {
      case Opcode::record_exact_class:
        if (args[1].isConst()) knownClass_[args[0]] = out().constBits(args[1]);
        return true;
      case Opcode::getfield_gc_i:
      case Opcode::getfield_gc_r:
      case Opcode::getfield_gc_f: {
        const auto* field = ir::descrAs<ir::FieldDescr>(op.descr);
        if (field != nullptr && field->immutable && args[0].isConst() &&
            out().constBits(args[0]) != 0) {
          rw_.replace(self, constOf(op.type(), ir::loadField(out().constBits(args[0]), *field)));
          return true;
        }
        break;
      }
      case Opcode::cond_call:
        if (args[0].isConst()) {
          if (out().constBits(args[0]) == 0) return true;
          noteSideEffect(out().emit(Opcode::call_n,
                                    std::vector<Value>(args.begin() + 1, args.end()), op.descr),
                         Opcode::call_n);
          return true;
        }
        break;
      default:
        break;
    }
    Value result = rw_.copyWithArgs(index, args);
    if (op.opcode == Opcode::new_with_vtable)
      knownClass_[result] = ir::descrAs<ir::SizeDescr>(op.descr)->vtable;
    if (ir::isAlloc(op.opcode)) nonNull_.insert(result);
    if ((ir::hasFlag(op.opcode, ir::kSideEffect) || ir::isCall(op.opcode)) &&
        op.opcode != Opcode::debug_merge_point && op.opcode != Opcode::keepalive) {
      noteSideEffect(result, op.opcode);
    }
    return true;
  }

  // Calls (and escapes) may raise and may invalidate; any side effect makes resuming at an
  // earlier guard unsafe.
  void noteSideEffect(Value emitted, Opcode op) {
    lastSideEffect_ = emitted.index();
    if (ir::isCall(op) || ir::isEscape(op)) exceptionChecked_ = invalidationChecked_ = false;
  }

  TraceRewriter rw_;
  std::unordered_map<Value, std::uint64_t> knownClass_;
  std::unordered_set<Value> nonNull_;
  std::unordered_set<Value> nonZero_;
  std::unordered_map<Value, std::uint32_t>
      nonnullGuardAt_;  // value -> output index of its guard_nonnull
  std::int64_t lastSideEffect_ = -1;
  bool exceptionChecked_ = false;
  bool invalidationChecked_ = false;
  bool skipOverflowGuard_ = false;
  bool overflowsForSure_ = false;
  std::string abort_;
};

}  // namespace

PassOutcome runRewrite(const Trace& in) {
  return Rewrite(in).run();
}

}  // namespace pyl::jit::opt
