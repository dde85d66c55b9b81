// jit/opt/pure.cpp — common-subexpression elimination (PyPy's OptPure).
//
// An op is remembered by (opcode, descr, argument values) after its arguments have been
// rewritten; a later op with the same key is replaced by the earlier result.
//   * pure ops (commutative ones with their two arguments in a canonical order);
//   * *_ovf ops, once their guard_no_overflow has passed (the duplicate and its guard go);
//   * loads of immutable fields and immutable arrays;
//   * elidable calls (call_pure_*): with all-constant arguments they fold to the result the
//     recorder observed while tracing (Trace::callPureResult, PyPy's call_pure_results); with
//     the same arguments as an earlier one they reuse its result; record_known_result seeds the
//     table; a guard_no_exception after a removed call goes too;
//   * call_loopinvariant_* with the same arguments (within one loop iteration, i.e. until the
//     next label).
// At a label the table is emptied: its values are out of scope inside the loop.
#include <algorithm>
#include <map>

#include "jit/opt/optimizer.h"

namespace pyl::jit::opt {

namespace {

// Calls of every result type share one key space: record_known_result names no result type.
constexpr std::uint64_t kElidableCallKey = 1u << 20;
constexpr std::uint64_t kLoopInvariantCallKey = (1u << 20) + 1;

bool isImmutableLoad(const Op& op) {
  if (const auto* field = ir::descrAs<ir::FieldDescr>(op.descr);
      field && ir::isGetfieldGc(op.opcode))
    return field->immutable;
  if (const auto* array = ir::descrAs<ir::ArrayDescr>(op.descr);
      array && op.opcode == Opcode::arraylen_gc)
    return true;
  if (const auto* array = ir::descrAs<ir::ArrayDescr>(op.descr);
      array && ir::isGetarrayitemGc(op.opcode))
    return array->immutable;
  return false;
}

class Pure {
 public:
  explicit Pure(const Trace& in) : rw_(in) {}

  PassOutcome run() {
    const auto& ops = rw_.in().ops();
    for (std::size_t i = 0; i < ops.size(); ++i) step(i);
    return PassOutcome::done(rw_.take());
  }

 private:
  using Key = std::vector<std::uint64_t>;

  Key keyOf(std::uint64_t head, const Descr* descr, std::vector<Value> args, bool commutative) {
    if (commutative && args.size() == 2 && args[1] < args[0]) std::swap(args[0], args[1]);
    Key key{head, static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(descr))};
    for (Value v : args) {
      // Constants by value (the pool interns them, but the type matters too), others by identity.
      key.push_back(v.raw());
    }
    return key;
  }

  void step(std::size_t index) {
    const Op& op = rw_.in().ops()[index];
    const Value self = Value::op(static_cast<std::uint32_t>(index));
    if (skipGuard_ != Opcode::label) {
      Opcode expected = skipGuard_;
      skipGuard_ = Opcode::label;
      if (op.opcode == expected) return;
    }
    if (pendingOvf_) {
      if (op.opcode == Opcode::guard_no_overflow) table_[*pendingOvf_] = pendingOvfResult_;
      pendingOvf_.reset();
    }
    if (op.opcode == Opcode::label) {
      table_.clear();
      rw_.copyLabel(index);
      return;
    }
    std::vector<Value> args = rw_.mapArgs(op.args);
    auto family = ir::callFamilyOf(op.opcode);
    if (family == ir::CallFamily::kCallPure) {
      std::vector<Value> call(args.begin(), args.end());
      if (auto result = rw_.out().callPureResult(call)) {
        if (!result->isNone()) rw_.replace(self, *result);
        skipGuard_ = Opcode::guard_no_exception;
        return;
      }
      reuseOrEmit(index, keyOf(kElidableCallKey, nullptr, args, false), args,
                  Opcode::guard_no_exception, true);
      return;
    }
    if (family == ir::CallFamily::kCallLoopInvariant) {
      reuseOrEmit(index, keyOf(kLoopInvariantCallKey, nullptr, args, false), args, Opcode::label,
                  true);
      return;
    }
    if (op.opcode == Opcode::record_known_result) {
      std::vector<Value> call(args.begin() + 1, args.end());
      table_[keyOf(kElidableCallKey, nullptr, call, false)] = args[0];
      return;
    }
    if (ir::isOvf(op.opcode)) {
      Key key = keyOf(static_cast<std::uint64_t>(op.opcode), nullptr, args,
                      ir::hasFlag(op.opcode, ir::kCommutative));
      if (auto it = table_.find(key); it != table_.end()) {
        rw_.replace(self, it->second);
        skipGuard_ = Opcode::guard_no_overflow;
        return;
      }
      pendingOvf_ = key;
      pendingOvfResult_ = rw_.copyWithArgs(index, args);
      return;
    }
    if ((ir::isPure(op.opcode) || isImmutableLoad(op)) && op.type() != Type::Void) {
      reuseOrEmit(index,
                  keyOf(static_cast<std::uint64_t>(op.opcode), op.descr, args,
                        ir::hasFlag(op.opcode, ir::kCommutative)),
                  args, Opcode::label, op.type() != Type::Void);
      return;
    }
    rw_.copyWithArgs(index, args);
  }

  // Reuses an earlier equal op (then also drops a following `guard`), else emits and remembers.
  void reuseOrEmit(std::size_t index, const Key& key, std::vector<Value> args, Opcode guard,
                   bool remember) {
    const Value self = Value::op(static_cast<std::uint32_t>(index));
    if (auto it = table_.find(key); it != table_.end()) {
      if (!it->second.isNone()) rw_.replace(self, it->second);
      skipGuard_ = guard;
      return;
    }
    Value result = rw_.copyWithArgs(index, std::move(args));
    if (remember) table_[key] = rw_.in().ops()[index].type() == Type::Void ? Value() : result;
  }

  TraceRewriter rw_;
  std::map<Key, Value> table_;
  Opcode skipGuard_ = Opcode::label;  // label: nothing to skip
  std::optional<Key> pendingOvf_;
  Value pendingOvfResult_;
};

}  // namespace

PassOutcome runPure(const Trace& in) {
  return Pure(in).run();
}

}  // namespace pyl::jit::opt
