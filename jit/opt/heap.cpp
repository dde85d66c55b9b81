// jit/opt/heap.cpp — the heap cache (PyPy's OptHeap).
//
// Remembers what the trace knows about memory: (object, field) -> value, (array, constant
// index) -> value, array -> length. With it the pass
//   * removes loads whose value is known (a previous load, or store-to-load forwarding);
//   * removes stores that write the value the field already holds;
//   * keeps stores LAZY: a setfield_gc is not emitted when met but remembered, so a later store
//     to the same field overwrites it for free. Lazy stores are emitted (flushed) before
//     anything that could observe memory: a load of the same field from another object (it may
//     alias), a call whose effect info reads or writes that field (or has random effects), a
//     label, jump or finish. A guard does not flush: its snapshot lists the lazy stores as
//     pending stores that resume performs (jit/ir/snapshot.h).
// Aliasing rule: two different values may be the same object, so a store to field F of one
// object forgets F of every other object (and first flushes their lazy stores of F). Calls
// forget every field and array their effects may write (all of them for random effects);
// immutable fields are never forgotten. At a label the cache is emptied.
#include <map>
#include <tuple>

#include "jit/opt/optimizer.h"

namespace pyl::jit::opt {

namespace {

struct LazyStore {
  Value object;
  const ir::FieldDescr* field;
  Value value;
};

class Heap {
 public:
  explicit Heap(const Trace& in) : rw_(in) {}

  PassOutcome run() {
    const auto& ops = rw_.in().ops();
    for (std::size_t i = 0; i < ops.size(); ++i) step(i);
    return PassOutcome::done(rw_.take());
  }

 private:
  Trace& out() { return rw_.out(); }

  void emitStore(const LazyStore& store) {
    out().emit(Opcode::setfield_gc, {store.object, store.value}, store.field);
  }

  // Flushes the lazy stores `which` selects, in program order.
  template <class Pred>
  void flushIf(Pred which) {
    std::vector<LazyStore> kept;
    for (const LazyStore& store : lazy_) {
      if (which(store)) {
        emitStore(store);
      } else {
        kept.push_back(store);
      }
    }
    lazy_ = std::move(kept);
  }
  void flushAll() {
    flushIf([](const LazyStore&) { return true; });
  }

  // Forgets (obj', field) for every obj' (except `keep`), immutable fields excepted.
  void forgetField(const ir::FieldDescr* field, Value keep = Value()) {
    if (field->immutable) return;
    for (auto it = fields_.begin(); it != fields_.end();) {
      if (it->first.second == field && it->first.first != keep) {
        it = fields_.erase(it);
      } else {
        ++it;
      }
    }
  }
  void forgetArray(const ir::ArrayDescr* array) {
    for (auto it = items_.begin(); it != items_.end();) {
      it = std::get<1>(it->first) == array ? items_.erase(it) : std::next(it);
    }
  }

  void beforeCall(const ir::EffectInfo* effects) {
    if (effects == nullptr || effects->hasRandomEffects()) {
      flushAll();
    } else {
      flushIf([&](const LazyStore& s) { return effects->mayReadField(*s.field); });
    }
  }
  void afterCall(const ir::EffectInfo* effects) {
    for (auto it = fields_.begin(); it != fields_.end();) {
      const ir::FieldDescr* field = it->first.second;
      bool written = !field->immutable && (effects == nullptr || effects->mayWriteField(*field));
      it = written ? fields_.erase(it) : std::next(it);
    }
    for (auto it = items_.begin(); it != items_.end();) {
      const ir::ArrayDescr* array = std::get<1>(it->first);
      bool written = !array->immutable && (effects == nullptr || effects->mayWriteArray(*array));
      it = written ? items_.erase(it) : std::next(it);
    }
  }

  void getfield(std::size_t index, const std::vector<Value>& args, const ir::FieldDescr* field) {
    const Value self = Value::op(static_cast<std::uint32_t>(index));
    for (const LazyStore& s : lazy_) {
      if (s.object == args[0] && s.field == field) {
        rw_.replace(self, s.value);
        return;
      }
    }
    if (auto it = fields_.find({args[0], field}); it != fields_.end()) {
      rw_.replace(self, it->second);
      return;
    }
    flushIf([&](const LazyStore& s) { return s.field == field; });  // another object may alias
    fields_[{args[0], field}] = rw_.copyWithArgs(index, args);
  }

  void setfield(const std::vector<Value>& args, const ir::FieldDescr* field) {
    Value object = args[0], value = args[1];
    bool pending = false;
    for (const LazyStore& s : lazy_) pending = pending || (s.object == object && s.field == field);
    if (!pending) {
      if (auto it = fields_.find({object, field}); it != fields_.end() && it->second == value)
        return;  // already there
    }
    flushIf([&](const LazyStore& s) { return s.field == field && s.object != object; });
    forgetField(field, object);
    bool replaced = false;
    for (LazyStore& s : lazy_) {
      if (s.object == object && s.field == field) {
        s.value = value;
        replaced = true;
      }
    }
    if (!replaced) lazy_.push_back(LazyStore{object, field, value});
    fields_[{object, field}] = value;
  }

  void guard(std::size_t index, const std::vector<Value>& args) {
    Value g = rw_.copyWithArgs(index, args);
    if (lazy_.empty()) return;
    // The input's own pending stores (from an earlier run of this pass) happen after every op
    // before the guard, ours among them: ours go first.
    Snapshot& s = out().mutableSnapshot(out().op(g).snapshot);
    std::vector<ir::PendingStore> stores;
    for (const LazyStore& store : lazy_)
      stores.push_back(ir::PendingStore{store.object, store.field, Value(), store.value});
    stores.insert(stores.end(), s.pendingStores.begin(), s.pendingStores.end());
    s.pendingStores = std::move(stores);
  }

  void step(std::size_t index) {
    const Op& op = rw_.in().ops()[index];
    const Value self = Value::op(static_cast<std::uint32_t>(index));
    if (op.opcode == Opcode::label) {
      flushAll();
      fields_.clear();
      items_.clear();
      lengths_.clear();
      rw_.copyLabel(index);
      return;
    }
    std::vector<Value> args = rw_.mapArgs(op.args);
    const auto* field = ir::descrAs<ir::FieldDescr>(op.descr);
    const auto* array = ir::descrAs<ir::ArrayDescr>(op.descr);
    switch (op.opcode) {
      case Opcode::getfield_gc_i:
      case Opcode::getfield_gc_r:
      case Opcode::getfield_gc_f:
        getfield(index, args, field);
        return;
      case Opcode::setfield_gc:
        setfield(args, field);
        return;
      case Opcode::getarrayitem_gc_i:
      case Opcode::getarrayitem_gc_r:
      case Opcode::getarrayitem_gc_f: {
        if (!args[1].isConst()) break;
        auto key = std::make_tuple(args[0], array, out().constInt64(args[1]));
        if (auto it = items_.find(key); it != items_.end()) {
          rw_.replace(self, it->second);
          return;
        }
        items_[key] = rw_.copyWithArgs(index, args);
        return;
      }
      case Opcode::setarrayitem_gc: {
        if (args[1].isConst()) {
          auto key = std::make_tuple(args[0], array, out().constInt64(args[1]));
          if (auto it = items_.find(key); it != items_.end() && it->second == args[2])
            return;  // already there
          forgetArray(array);
          rw_.copyWithArgs(index, args);
          items_[key] = args[2];
          return;
        }
        forgetArray(array);
        break;
      }
      case Opcode::arraylen_gc:
        if (auto it = lengths_.find(args[0]); it != lengths_.end()) {
          rw_.replace(self, it->second);
          return;
        }
        lengths_[args[0]] = rw_.copyWithArgs(index, args);
        return;
      case Opcode::jump:
      case Opcode::finish:
        flushAll();
        break;
      default:
        break;
    }
    if (ir::isGuard(op.opcode)) {
      guard(index, args);
      return;
    }
    bool call = ir::isCall(op.opcode) || ir::isEscape(op.opcode);
    if (call) {
      const auto* descr = ir::descrAs<ir::CallDescr>(op.descr);
      const ir::EffectInfo* effects = descr != nullptr ? &descr->effects : nullptr;
      beforeCall(effects);
      rw_.copyWithArgs(index, args);
      afterCall(effects);
      return;
    }
    rw_.copyWithArgs(index, args);
  }

  TraceRewriter rw_;
  std::map<std::pair<Value, const ir::FieldDescr*>, Value> fields_;
  std::map<std::tuple<Value, const ir::ArrayDescr*, std::int64_t>, Value> items_;
  std::map<Value, Value> lengths_;
  std::vector<LazyStore> lazy_;
};

}  // namespace

PassOutcome runHeap(const Trace& in) {
  return Heap(in).run();
}

}  // namespace pyl::jit::opt
