// framework/object.h — the one object-header convention the meta-tracer understands.
//
// Every heap object whose class the JIT may guard on or allocate (PyPy's OBJECT with its
// `typeptr`) starts with a `const ObjectClass*`. The JIT's guard_class reads that word and
// new_with_vtable writes it, so an interpreter's objects derive from `Object` and give each
// class one static `ObjectClass`. Objects are allocated on the GC heap (gc/heap.h).
//
// Neighbours: framework/descr.h (field descriptors over these objects), framework/
// exception_state.h (the pending-exception slot residual calls raise through).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pyl::framework {

struct FieldDescr;  // framework/descr.h

// One per interpreter-level class; its address is the class identity guard_class compares.
//
// DESIGN(value-classes): a class may declare itself a VALUE CLASS by naming `valueField`, its one
// immutable int field (PyPy's W_IntObject). The interpreter promises that an instance is nothing
// but that number: it is never mutated and its identity is never observed (no `is`, no identity
// hash), so two boxes with the same value are interchangeable. The JIT then unboxes freely where
// traces meet: a function trace gets a second entry that takes such arguments as raw ints, and
// a trace may return such a result unboxed (DESIGN(unboxed-entry) in jit/ir/descr.h). Boxes are
// re-made with the class's `size` when the interpreter needs one.
struct ObjectClass {
  const char* name;                         // printed in trace logs
  std::size_t size;                         // bytes new_with_vtable allocates
  const FieldDescr* valueField = nullptr;  // set: a value class (see above)
};

struct Object {
  const ObjectClass* class_;
};

// The machine word every traced value occupies in trace registers, snapshots and exit buffers.
// GC pointers stored as Words stay visible: Boehm scans conservatively and every buffer that
// holds Words is GC-scanned (DESIGN.md §6).
using Word = std::uint64_t;

// The IR type of a traced value (PyPy's i/r/f; floats are not traced yet).
enum class ValueKind : std::uint8_t { kInt, kRef, kVoid };

}  // namespace pyl::framework
