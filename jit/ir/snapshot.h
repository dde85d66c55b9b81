// jit/ir/snapshot.h — resume data: what a failing guard needs to rebuild the interpreter state.
//
// DESIGN(snapshots): every guard (and optionally a label/jump, describing the merge point it
// stands for) refers to a Snapshot in its trace: the language-level frames, OUTERMOST FIRST,
// each with the interpreter's opaque code identity, the pc of the bytecode to (re-)execute and
// the virtualizable's slots (locals then value stack, in the interpreter's order). Slots are
// Values: input args, op results, constants, or Value::virtualRef(k) naming virtuals[k], an
// object the optimizer removed; resume materializes it from its descr and field values, which
// may again be virtual refs (cycles are allowed: materialize all, then fill fields). Pending
// stores are heap writes the optimizer delayed past this guard: resume performs them (after
// materializing virtuals) before the interpreter continues. An empty snapshot (no frames) is
// what the textual form writes as a guard without `[...]` (tests only).
//
// GC: code identities are registered in the owning trace's root table by Trace::addSnapshot.
#pragma once

#include <cstdint>
#include <vector>

#include "jit/ir/descr.h"
#include "jit/ir/ops.h"
#include "jit/ir/value.h"

namespace pyl::jit::ir {

struct SnapshotFrame {
  std::uint64_t code = 0;  // interpreter-supplied code identity (printed via the location hook)
  std::uint32_t pc = 0;
  std::vector<Value> slots;
};

// An object the optimizer did not allocate. allocOp is new, new_with_vtable (descr: SizeDescr;
// fields[i] is set to values[i], other fields stay zero) or new_array (descr: ArrayDescr;
// values are the items, fields is empty).
struct VirtualObject {
  Opcode allocOp = Opcode::new_with_vtable;
  const Descr* descr = nullptr;
  std::vector<const FieldDescr*> fields;
  std::vector<Value> values;
};

// object.descr = value (field store, index is None) or object[index] = value (array store).
struct PendingStore {
  Value object;
  const Descr* descr = nullptr;
  Value index;
  Value value;
};

struct Snapshot {
  std::vector<SnapshotFrame> frames;
  std::vector<VirtualObject> virtuals;
  std::vector<PendingStore> pendingStores;

  // Every non-virtual value the snapshot mentions (what a backend must keep live at the guard),
  // in a fixed order: frames' slots, then virtuals' values, then pending stores.
  template <class F>
  void forEachValue(F&& f) const {
    auto visit = [&](Value v) {
      if (!v.isVirtual() && !v.isNone()) f(v);
    };
    for (const SnapshotFrame& frame : frames)
      for (Value v : frame.slots) visit(v);
    for (const VirtualObject& object : virtuals)
      for (Value v : object.values) visit(v);
    for (const PendingStore& store : pendingStores) {
      visit(store.object);
      visit(store.index);
      visit(store.value);
    }
  }
  // Rewrites every value in place (virtual refs included; f decides).
  template <class F>
  void mapValues(F&& f) {
    for (SnapshotFrame& frame : frames)
      for (Value& v : frame.slots) v = f(v);
    for (VirtualObject& object : virtuals)
      for (Value& v : object.values) v = f(v);
    for (PendingStore& store : pendingStores) {
      store.object = f(store.object);
      if (!store.index.isNone()) store.index = f(store.index);
      store.value = f(store.value);
    }
  }
};

}  // namespace pyl::jit::ir
