// jit/opt/intbounds.cpp — the integer-bounds pass (PyPy's OptIntBounds).
//
// Every int value gets an interval [lo, hi] (constants exact; ops derive theirs from their
// arguments; small unsigned fields and array lengths are non-negative). Guards teach intervals:
// after guard_true(int_lt(a, b)) we know a < b. With that the pass
//   * folds comparisons whose outcome the intervals decide,
//   * removes guard_true/guard_false/guard_value that intervals prove,
//   * turns int_add_ovf/int_sub_ovf/int_mul_ovf that cannot overflow into plain int_add/... and
//     drops their guard_no_overflow,
//   * aborts the trace when a guard is proven to always fail.
// Wrapping ops whose exact result may leave int64 get the full interval. At a label everything
// is forgotten (loop args are rebound on the back edge).
#include <algorithm>
#include <limits>
#include <unordered_map>

#include "jit/ir/op_semantics.h"
#include "jit/opt/optimizer.h"

namespace pyl::jit::opt {

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
// Exact arithmetic on interval ends (the GCC extension is marked so -Wpedantic accepts it).
__extension__ typedef __int128 Wide;

struct Bound {
  std::int64_t lo = kMin;
  std::int64_t hi = kMax;
  bool isConst() const { return lo == hi; }
  bool contains(std::int64_t v) const { return lo <= v && v <= hi; }
  bool nonNegative() const { return lo >= 0; }
};

Bound exact(std::int64_t v) {
  return {v, v};
}
bool operator==(Bound a, Bound b) {
  return a.lo == b.lo && a.hi == b.hi;
}

// [lo, hi] from a wide interval, or the full range if it leaves int64 (the op wraps).
Bound fromWide(Wide lo, Wide hi) {
  if (lo < kMin || hi > kMax) return Bound{};
  return {static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi)};
}

// The exact mathematical result interval of a binary add/sub/mul.
std::pair<Wide, Wide> wideResult(Opcode op, Bound a, Bound b) {
  Wide c[4];
  switch (op) {
    case Opcode::int_add:
    case Opcode::int_add_ovf:
      return {Wide(a.lo) + b.lo, Wide(a.hi) + b.hi};
    case Opcode::int_sub:
    case Opcode::int_sub_ovf:
      return {Wide(a.lo) - b.hi, Wide(a.hi) - b.lo};
    default:
      c[0] = Wide(a.lo) * b.lo;
      c[1] = Wide(a.lo) * b.hi;
      c[2] = Wide(a.hi) * b.lo;
      c[3] = Wide(a.hi) * b.hi;
      return {*std::min_element(c, c + 4), *std::max_element(c, c + 4)};
  }
}

Opcode withoutOverflowCheck(Opcode op) {
  return op == Opcode::int_add_ovf   ? Opcode::int_add
         : op == Opcode::int_sub_ovf ? Opcode::int_sub
                                     : Opcode::int_mul;
}

// 1 / 0 when a comparison is decided by the intervals, else -1.
int decideComparison(Opcode op, Bound a, Bound b) {
  switch (op) {
    case Opcode::int_lt:
      return a.hi < b.lo ? 1 : a.lo >= b.hi ? 0 : -1;
    case Opcode::int_le:
      return a.hi <= b.lo ? 1 : a.lo > b.hi ? 0 : -1;
    case Opcode::int_gt:
      return a.lo > b.hi ? 1 : a.hi <= b.lo ? 0 : -1;
    case Opcode::int_ge:
      return a.lo >= b.hi ? 1 : a.hi < b.lo ? 0 : -1;
    case Opcode::int_eq:
      return (a.hi < b.lo || b.hi < a.lo) ? 0 : (a.isConst() && b.isConst()) ? 1 : -1;
    case Opcode::int_ne:
      return (a.hi < b.lo || b.hi < a.lo) ? 1 : (a.isConst() && b.isConst()) ? 0 : -1;
    case Opcode::uint_lt:
    case Opcode::uint_le:
    case Opcode::uint_gt:
    case Opcode::uint_ge:
      if (!a.nonNegative() || !b.nonNegative()) return -1;  // only then unsigned == signed order
      return decideComparison(op == Opcode::uint_lt   ? Opcode::int_lt
                              : op == Opcode::uint_le ? Opcode::int_le
                              : op == Opcode::uint_gt ? Opcode::int_gt
                                                      : Opcode::int_ge,
                              a, b);
    default:
      return -1;
  }
}

class IntBounds {
 public:
  explicit IntBounds(const Trace& in) : rw_(in) {}

  PassOutcome run() {
    const auto& ops = rw_.in().ops();
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (!step(i)) return PassOutcome::abort(abort_);
    }
    return PassOutcome::done(rw_.take());
  }

 private:
  Bound boundOf(Value v) {
    if (v.isConst())
      return rw_.out().typeOf(v) == Type::Int ? exact(rw_.out().constInt64(v)) : Bound{};
    auto it = bounds_.find(v);
    return it == bounds_.end() ? Bound{} : it->second;
  }

  // Intersects v's interval with b; false when it becomes empty (contradicting guards).
  bool narrow(Value v, Bound b) {
    if (v.isConst()) return b.contains(rw_.out().constInt64(v));
    Bound current = boundOf(v);
    Bound next{std::max(current.lo, b.lo), std::min(current.hi, b.hi)};
    if (next.lo > next.hi) return false;
    bounds_[v] = next;
    return true;
  }

  bool fail(std::string reason) {
    abort_ = std::move(reason);
    return false;
  }

  Bound resultBound(const Op& op, const std::vector<Value>& args) {
    auto arg = [&](std::size_t i) { return boundOf(args[i]); };
    switch (op.opcode) {
      case Opcode::int_add:
      case Opcode::int_sub:
      case Opcode::int_mul: {
        auto [lo, hi] = wideResult(op.opcode, arg(0), arg(1));
        return fromWide(lo, hi);
      }
      case Opcode::int_and:
        if (arg(1).nonNegative())
          return {0, arg(0).nonNegative() ? std::min(arg(0).hi, arg(1).hi) : arg(1).hi};
        if (arg(0).nonNegative()) return {0, arg(0).hi};
        return Bound{};
      case Opcode::int_mod:  // Python semantics: the result has the divisor's sign
        if (arg(1).lo > 0) return {0, arg(1).hi - 1};
        return Bound{};
      case Opcode::int_floordiv:
        if (arg(1).isConst() && arg(1).lo > 0) {
          std::int64_t c = arg(1).lo;
          return {ir::pythonFloorDiv(arg(0).lo, c), ir::pythonFloorDiv(arg(0).hi, c)};
        }
        return Bound{};
      case Opcode::int_rshift:
        if (arg(1).isConst() && arg(1).lo >= 0 && arg(1).lo <= 63)
          return {arg(0).lo >> arg(1).lo, arg(0).hi >> arg(1).lo};
        return Bound{};
      case Opcode::uint_rshift:
        if (arg(1).isConst() && arg(1).lo >= 1 && arg(1).lo <= 63) {
          if (arg(0).nonNegative()) return {arg(0).lo >> arg(1).lo, arg(0).hi >> arg(1).lo};
          return {0, static_cast<std::int64_t>(~std::uint64_t{0} >> arg(1).lo)};
        }
        return Bound{};
      case Opcode::int_neg:
        if (arg(0).lo > kMin) return {-arg(0).hi, -arg(0).lo};
        return Bound{};
      case Opcode::int_invert:
        return {~arg(0).hi, ~arg(0).lo};
      case Opcode::arraylen_gc:
        return {0, kMax};
      case Opcode::same_as_i:
        return arg(0);
      default:
        break;
    }
    if (hasBoolResult(op.opcode)) return {0, 1};
    if (const auto* field = ir::descrAs<ir::FieldDescr>(op.descr);
        field && field->type == Type::Int && field->size < 8) {
      int bits = field->size * 8;
      if (!field->isSigned) return {0, (std::int64_t{1} << bits) - 1};
      return {-(std::int64_t{1} << (bits - 1)), (std::int64_t{1} << (bits - 1)) - 1};
    }
    return Bound{};
  }

  // What guard_true (truth) / guard_false (!truth) on comparison `cond` teaches.
  bool learnFromCondition(Value cond, bool truth, int depth = 0) {
    if (!narrow(cond, truth ? Bound{1, kMax} : exact(0))) return false;
    const Op* def = rw_.definingOp(cond);
    if (def == nullptr) return true;
    Opcode op = def->opcode;
    if (op == Opcode::int_is_true || op == Opcode::int_is_zero) {
      bool nonZero = (op == Opcode::int_is_true) == truth;
      // int_is_true(a < b) is what interpreters record for `if a < b`: learn about a and b too.
      if (depth < 4 &&
          hasBoolResult(rw_.definingOp(def->args[0]) ? rw_.definingOp(def->args[0])->opcode
                                                    : Opcode::label)) {
        return learnFromCondition(def->args[0], nonZero, depth + 1);
      }
      if (!nonZero) return narrow(def->args[0], exact(0));
      Bound b = boundOf(def->args[0]);  // nonzero: trim an endpoint that is 0
      if (b.lo == 0) return narrow(def->args[0], {1, kMax});
      if (b.hi == 0) return narrow(def->args[0], {kMin, -1});
      return true;
    }
    if (!truth) {
      // !(a < b) == (a >= b), and so on; eq/ne swap.
      switch (op) {
        case Opcode::int_lt:
          op = Opcode::int_ge;
          break;
        case Opcode::int_le:
          op = Opcode::int_gt;
          break;
        case Opcode::int_gt:
          op = Opcode::int_le;
          break;
        case Opcode::int_ge:
          op = Opcode::int_lt;
          break;
        case Opcode::int_eq:
          op = Opcode::int_ne;
          break;
        case Opcode::int_ne:
          op = Opcode::int_eq;
          break;
        default:
          return true;
      }
    }
    Value a = def->args.size() == 2 ? def->args[0] : Value();
    Value b = def->args.size() == 2 ? def->args[1] : Value();
    if (a.isNone()) return true;
    Bound ba = boundOf(a), bb = boundOf(b);
    switch (op) {
      case Opcode::int_lt:  // a < b: impossible if b <= INT64_MIN or a >= INT64_MAX
        if (bb.hi == kMin || ba.lo == kMax) return false;
        return narrow(a, {kMin, bb.hi - 1}) && narrow(b, {ba.lo + 1, kMax});
      case Opcode::int_le:
        return narrow(a, {kMin, bb.hi}) && narrow(b, {ba.lo, kMax});
      case Opcode::int_gt:  // a > b
        if (bb.lo == kMax || ba.hi == kMin) return false;
        return narrow(a, {bb.lo + 1, kMax}) && narrow(b, {kMin, ba.hi - 1});
      case Opcode::int_ge:
        return narrow(a, {bb.lo, kMax}) && narrow(b, {kMin, ba.hi});
      case Opcode::int_eq:
        return narrow(a, bb) && narrow(b, ba);
      default:
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
    if (op.opcode == Opcode::label) {
      bounds_.clear();
      rw_.copyLabel(index);
      return true;
    }
    std::vector<Value> args = rw_.mapArgs(op.args);

    if (ir::isOvf(op.opcode)) {
      auto [lo, hi] = wideResult(op.opcode, boundOf(args[0]), boundOf(args[1]));
      if (lo >= kMin && hi <= kMax) {
        Value plain = rw_.out().emit(withoutOverflowCheck(op.opcode), args);
        rw_.replace(self, plain);
        bounds_[plain] = fromWide(lo, hi);
        skipOverflowGuard_ = true;
        return true;
      }
      Value result = rw_.copyWithArgs(index, args);
      // If the following guard_no_overflow passes, the result is the exact one.
      bounds_[result] = Bound{static_cast<std::int64_t>(std::max<Wide>(lo, kMin)),
                              static_cast<std::int64_t>(std::min<Wide>(hi, kMax))};
      return true;
    }
    if (op.type() == Type::Int && op.opcode != Opcode::guard_exception) {
      if (int decided = decideComparison(op.opcode, args.size() == 2 ? boundOf(args[0]) : Bound{},
                                         args.size() == 2 ? boundOf(args[1]) : Bound{});
          decided >= 0 && args.size() == 2 && op.type() == Type::Int) {
        rw_.replace(self, rw_.constInt(decided));
        return true;
      }
      if (op.opcode == Opcode::int_is_true || op.opcode == Opcode::int_is_zero) {
        Bound b = boundOf(args[0]);
        if (!b.contains(0) || b == Bound{0, 0}) {
          bool nonZero = !b.contains(0);
          rw_.replace(self, rw_.constInt((op.opcode == Opcode::int_is_true) == nonZero ? 1 : 0));
          return true;
        }
      }
      Bound b = resultBound(op, args);
      Value result = rw_.copyWithArgs(index, args);
      if (b.lo != kMin || b.hi != kMax) bounds_[result] = b;
      return true;
    }
    switch (op.opcode) {
      case Opcode::guard_true:
      case Opcode::guard_false: {
        bool truth = op.opcode == Opcode::guard_true;
        Bound b = boundOf(args[0]);
        bool alwaysPasses = truth ? !b.contains(0) : b == Bound{0, 0};
        bool alwaysFails = truth ? b == Bound{0, 0} : !b.contains(0);
        if (alwaysFails) return fail(std::string(ir::opName(op.opcode)) + " always fails");
        if (alwaysPasses) return true;
        rw_.copyWithArgs(index, args);
        if (!learnFromCondition(args[0], truth))
          return fail("contradicting guards on integer bounds");
        return true;
      }
      case Opcode::guard_value:
        if (rw_.out().typeOf(args[0]) == Type::Int) {
          std::int64_t c = rw_.out().constInt64(args[1]);
          Bound b = boundOf(args[0]);
          if (!b.contains(c)) return fail("guard_value always fails");
          if (b.isConst()) return true;
          rw_.copyWithArgs(index, args);
          return narrow(args[0], exact(c)) || fail("contradicting guards on integer bounds");
        }
        break;
      default:
        break;
    }
    rw_.copyWithArgs(index, args);
    return true;
  }

  TraceRewriter rw_;
  std::unordered_map<Value, Bound> bounds_;
  bool skipOverflowGuard_ = false;
  std::string abort_;
};

}  // namespace

PassOutcome runIntBounds(const Trace& in) {
  return IntBounds(in).run();
}

}  // namespace pyl::jit::opt
