// jit/opt/virtualize.cpp — allocation removal (PyPy's OptVirtualize).
//
// new / new_with_vtable / new_array with a small constant length do not emit anything: the
// object becomes VIRTUAL, a compile-time record of its descriptor and field (or item) values.
//   * setfield/setarrayitem on a virtual update the record; getfield/getarrayitem/arraylen read
//     it (unset fields read as zero, as fresh memory does);
//   * guard_class/guard_nonnull(_class) on a virtual are decided now (a wrong class aborts the
//     trace); ptr_eq with a virtual is false unless both sides are the same virtual;
//   * a guard's snapshot names a virtual as Value::virtualRef(k) with a VirtualObject entry, so
//     the guard never forces it; resume materializes it (jit/ir/snapshot.h);
//   * every other use ESCAPES the virtual: it is FORCED right there, i.e. the allocation and the
//     stores of its non-zero fields are emitted just before the escaping op (nested virtuals
//     first, cycles handled by allocating before storing). Label, jump and finish arguments
//     escape; unroll (jit/opt/unroll.cpp) is what keeps loop-carried objects virtual.
// Virtualizable frames never reach the optimizer as memory ops: the recorder keeps their slots
// in trace values and snapshots (DESIGN.md §3.2), which is the same idea applied by the tracer.
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "jit/opt/optimizer.h"

namespace pyl::jit::opt {

namespace {

constexpr std::int64_t kMaxVirtualArrayLength = 256;

// A virtual's field or item: an output value, or another virtual.
struct Slot {
  Value value;
  int virt = -1;
};

struct VirtualObj {
  Opcode alloc = Opcode::new_with_vtable;
  const Descr* descr = nullptr;
  std::vector<std::pair<const ir::FieldDescr*, Slot>> fields;  // sorted by offset
  std::vector<Slot> items;                                     // arrays
  Value forced;                                                // set once materialized
  bool isVirtual() const { return forced.isNone(); }
};

class Virtualize {
 public:
  explicit Virtualize(const Trace& in) : rw_(in) {}

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

  // The live virtual an input value stands for, or -1.
  int virtualOf(Value old) {
    auto it = virtualOf_.find(old);
    if (it == virtualOf_.end() || !objects_[it->second].isVirtual()) return -1;
    return it->second;
  }

  Slot slotOf(Value old) {
    if (int v = virtualOf(old); v >= 0) return Slot{Value(), v};
    auto it = virtualOf_.find(old);
    if (it != virtualOf_.end()) return Slot{objects_[it->second].forced, -1};
    return Slot{rw_.map(old), -1};
  }

  Value materialize(const Slot& slot) { return slot.virt >= 0 ? force(slot.virt) : slot.value; }
  Value materializeOld(Value old) { return materialize(slotOf(old)); }

  bool isZero(const Slot& slot) {
    return slot.virt < 0 && slot.value.isConst() && out().constBits(slot.value) == 0;
  }

  Value force(int id) {
    if (!objects_[id].isVirtual()) return objects_[id].forced;
    VirtualObj& object = objects_[id];
    Value allocated;
    if (object.alloc == Opcode::new_array || object.alloc == Opcode::new_array_clear) {
      allocated =
          out().emit(object.alloc, {out().constInt(static_cast<std::int64_t>(object.items.size()))},
                     object.descr);
    } else {
      allocated = out().emit(object.alloc, std::span<const Value>(), object.descr);
    }
    objects_[id].forced =
        allocated;  // before the stores: a cycle back to this object sees it forced
    // Copy: forcing nested virtuals may grow objects_.
    auto fields = objects_[id].fields;
    auto items = objects_[id].items;
    for (const auto& [field, slot] : fields) {
      if (isZero(slot)) continue;
      out().emit(Opcode::setfield_gc, {allocated, materialize(slot)}, field);
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (isZero(items[i])) continue;
      out().emit(Opcode::setarrayitem_gc,
                 {allocated, out().constInt(static_cast<std::int64_t>(i)), materialize(items[i])},
                 objects_[id].descr);
    }
    return allocated;
  }

  void setField(int id, const ir::FieldDescr* field, Slot slot) {
    auto& fields = objects_[id].fields;
    for (auto& entry : fields) {
      if (entry.first == field) {
        entry.second = slot;
        return;
      }
    }
    fields.emplace_back(field, slot);
    std::stable_sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) {
      return a.first->offset < b.first->offset;
    });
  }

  Slot getField(int id, const ir::FieldDescr* field) {
    for (const auto& entry : objects_[id].fields) {
      if (entry.first == field) return entry.second;
    }
    return Slot{zeroOf(out(), field->type), -1};
  }

  void bindResult(std::size_t index, Slot slot) {
    Value self = Value::op(static_cast<std::uint32_t>(index));
    if (slot.virt >= 0) {
      virtualOf_[self] = slot.virt;
    } else {
      rw_.replace(self, slot.value);
    }
  }

  // A snapshot copy in which virtual values become VirtualObject entries instead of escaping.
  std::int32_t copySnapshot(std::int32_t index) {
    Snapshot s = rw_.in().snapshot(index);
    std::unordered_map<int, std::uint32_t> entryOf;
    std::vector<ir::VirtualObject> added;
    const std::size_t base = s.virtuals.size();
    std::function<Value(const Slot&)> translateSlot;
    auto addVirtual = [&](int id) -> Value {
      if (auto it = entryOf.find(id); it != entryOf.end()) return Value::virtualRef(it->second);
      auto k = static_cast<std::uint32_t>(base + added.size());
      entryOf[id] = k;
      added.emplace_back();
      ir::VirtualObject entry;
      entry.allocOp = objects_[id].alloc;
      entry.descr = objects_[id].descr;
      auto fields = objects_[id].fields;
      auto items = objects_[id].items;
      for (const auto& [field, slot] : fields) {
        entry.fields.push_back(field);
        entry.values.push_back(translateSlot(slot));
      }
      for (const Slot& item : items) entry.values.push_back(translateSlot(item));
      added[k - base] = std::move(entry);
      return Value::virtualRef(k);
    };
    translateSlot = [&](const Slot& slot) -> Value {
      return slot.virt >= 0 ? addVirtual(slot.virt) : slot.value;
    };
    s.mapValues([&](Value v) -> Value {
      if (v.isVirtual() || v.isNone()) return v;
      return translateSlot(slotOf(v));
    });
    for (auto& entry : added) s.virtuals.push_back(std::move(entry));
    return out().addSnapshot(std::move(s));
  }

  // Emits input op `index` with every virtual argument forced.
  Value emitForced(std::size_t index) {
    const Op& op = rw_.in().ops()[index];
    std::vector<Value> args;
    for (Value v : op.args) args.push_back(materializeOld(v));
    Op copied;
    copied.opcode = op.opcode;
    copied.descr = op.descr;
    copied.args = std::move(args);
    if (op.snapshot >= 0) copied.snapshot = copySnapshot(op.snapshot);
    Value result = out().append(std::move(copied));
    rw_.replace(Value::op(static_cast<std::uint32_t>(index)), result);
    return result;
  }

  int newVirtual(std::size_t index, Opcode alloc, const Descr* descr) {
    objects_.push_back(VirtualObj{alloc, descr, {}, {}, Value()});
    int id = static_cast<int>(objects_.size() - 1);
    virtualOf_[Value::op(static_cast<std::uint32_t>(index))] = id;
    return id;
  }

  bool step(std::size_t index) {
    const Op& op = rw_.in().ops()[index];
    const int v0 = op.args.empty() ? -1 : virtualOf(op.args[0]);
    switch (op.opcode) {
      case Opcode::new_:
      case Opcode::new_with_vtable:
        newVirtual(index, op.opcode, op.descr);
        return true;
      case Opcode::new_array:
      case Opcode::new_array_clear: {
        Value length = rw_.map(op.args[0]);
        if (!length.isConst() || out().constInt64(length) < 0 ||
            out().constInt64(length) > kMaxVirtualArrayLength)
          break;
        int id = newVirtual(index, op.opcode, op.descr);
        const auto* array = ir::descrAs<ir::ArrayDescr>(op.descr);
        objects_[id].items.assign(static_cast<std::size_t>(out().constInt64(length)),
                                  Slot{zeroOf(out(), array->itemType), -1});
        return true;
      }
      case Opcode::setfield_gc:
        if (v0 < 0) break;
        setField(v0, ir::descrAs<ir::FieldDescr>(op.descr), slotOf(op.args[1]));
        return true;
      case Opcode::getfield_gc_i:
      case Opcode::getfield_gc_r:
      case Opcode::getfield_gc_f:
        if (v0 < 0) break;
        bindResult(index, getField(v0, ir::descrAs<ir::FieldDescr>(op.descr)));
        return true;
      case Opcode::arraylen_gc:
        if (v0 < 0 || objects_[v0].alloc == Opcode::new_with_vtable ||
            objects_[v0].alloc == Opcode::new_)
          break;
        rw_.replace(Value::op(static_cast<std::uint32_t>(index)),
                    out().constInt(static_cast<std::int64_t>(objects_[v0].items.size())));
        return true;
      case Opcode::getarrayitem_gc_i:
      case Opcode::getarrayitem_gc_r:
      case Opcode::getarrayitem_gc_f:
      case Opcode::setarrayitem_gc: {
        if (v0 < 0) break;
        Value i = rw_.map(op.args[1]);
        auto& items = objects_[v0].items;
        if (!i.isConst() || out().constInt64(i) < 0 ||
            out().constInt64(i) >= static_cast<std::int64_t>(items.size()))
          break;
        auto at = static_cast<std::size_t>(out().constInt64(i));
        if (op.opcode == Opcode::setarrayitem_gc) {
          items[at] = slotOf(op.args[2]);
        } else {
          bindResult(index, items[at]);
        }
        return true;
      }
      case Opcode::guard_class:
      case Opcode::guard_nonnull_class: {
        if (v0 < 0) break;
        const auto* size = ir::descrAs<ir::SizeDescr>(objects_[v0].descr);
        std::uint64_t cls = out().constBits(rw_.map(op.args[1]));
        if (objects_[v0].alloc != Opcode::new_with_vtable || size == nullptr ||
            size->vtable != cls) {
          return fail(std::string(ir::opName(op.opcode)) +
                      " on a virtual of another class always fails");
        }
        return true;
      }
      case Opcode::guard_nonnull:
      case Opcode::record_exact_class:
      case Opcode::quasiimmut_field:
      case Opcode::keepalive:
        if (v0 < 0) break;
        return true;
      case Opcode::guard_isnull:
      case Opcode::guard_value:
        if (v0 < 0) break;
        return fail(std::string(ir::opName(op.opcode)) + " on a virtual always fails");
      case Opcode::ptr_eq:
      case Opcode::ptr_ne: {
        int v1 = virtualOf(op.args[1]);
        if (v0 < 0 && v1 < 0) break;
        bool same = v0 == v1;
        rw_.replace(Value::op(static_cast<std::uint32_t>(index)),
                    out().constInt((op.opcode == Opcode::ptr_eq) == same ? 1 : 0));
        return true;
      }
      case Opcode::finish:
        if (finishUnboxed(op)) return true;
        break;
      case Opcode::label: {
        std::vector<Value> args;
        for (Value v : op.args) args.push_back(materializeOld(v));
        Value label = rw_.copyLabelWithArgs(index, std::move(args));
        for (Value v : op.args) virtualOf_.erase(v);  // rebound: the label's own arg from now on
        if (op.snapshot >= 0) out().mutableOp(label.index()).snapshot = copySnapshot(op.snapshot);
        return true;
      }
      default:
        if (ir::callFamilyOf(op.opcode) == ir::CallFamily::kCallAssembler &&
            callUnboxedEntry(index)) {
          return true;
        }
        break;
    }
    emitForced(index);
    return true;
  }

  // The value of `old` if it is a virtual box of value class `cls`, else none.
  std::optional<Slot> unboxedValue(Value old, const ir::SizeDescr* cls) {
    int v = virtualOf(old);
    if (v < 0 || objects_[v].alloc != Opcode::new_with_vtable || objects_[v].descr != cls) {
      return std::nullopt;
    }
    return getField(v, cls->valueField);
  }

  // DESIGN(unboxed-entry) in jit/ir/descr.h: a call_assembler whose value-class arguments are
  // virtual boxes of the classes the callee's unboxed entry takes calls that entry with their
  // values instead of forcing the boxes.
  bool callUnboxedEntry(std::size_t index) {
    const Op& op = rw_.in().ops()[index];
    const auto* target = ir::descrAs<ir::TargetDescr>(op.descr);
    if (target == nullptr || target->unboxedEntry == nullptr) return false;
    const ir::TargetDescr& entry = *target->unboxedEntry;
    if (entry.unboxedClasses.size() + 1 != op.args.size()) return false;
    std::vector<Slot> slots;
    for (std::size_t i = 1; i < op.args.size(); ++i) {
      const ir::SizeDescr* cls = entry.unboxedClasses[i - 1];
      if (cls == nullptr) {
        slots.push_back(slotOf(op.args[i]));
        continue;
      }
      std::optional<Slot> value = unboxedValue(op.args[i], cls);
      if (!value) return false;
      slots.push_back(*value);
    }
    Op copied;
    copied.opcode = op.opcode;
    copied.descr = &entry;
    copied.args.push_back(rw_.map(op.args[0]));
    for (const Slot& slot : slots) copied.args.push_back(materialize(slot));
    if (op.snapshot >= 0) copied.snapshot = copySnapshot(op.snapshot);
    rw_.replace(Value::op(static_cast<std::uint32_t>(index)), out().append(std::move(copied)));
    return true;
  }

  // finish(virtual box of a value class) returns the box's value with the class as descr: the
  // box is only made if whoever receives the result needs it (DESIGN(unboxed-entry)).
  bool finishUnboxed(const Op& op) {
    if (op.args.size() != 1 || op.descr != nullptr) return false;
    int v = virtualOf(op.args[0]);
    if (v < 0 || objects_[v].alloc != Opcode::new_with_vtable) return false;
    const auto* cls = ir::descrAs<ir::SizeDescr>(objects_[v].descr);
    if (cls == nullptr || cls->valueField == nullptr) return false;
    for (const auto& [field, slot] : objects_[v].fields) {
      if (field != cls->valueField) return false;
    }
    Value value = materialize(getField(v, cls->valueField));
    out().emit(Opcode::finish, {value}, cls);
    return true;
  }

  TraceRewriter rw_;
  std::vector<VirtualObj> objects_;
  std::unordered_map<Value, int> virtualOf_;  // input value -> virtual id
  std::string abort_;
};

}  // namespace

PassOutcome runVirtualize(const Trace& in) {
  return Virtualize(in).run();
}

}  // namespace pyl::jit::opt
