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

// One per interpreter-level class; its address is the class identity guard_class compares.
struct ObjectClass {
  const char* name;  // printed in trace logs
  std::size_t size;  // bytes new_with_vtable allocates
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
