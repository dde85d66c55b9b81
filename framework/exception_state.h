// framework/exception_state.h — the one pending-exception slot residual calls raise through
// (RPython's exception state), and the quasi-immutable write notification.
//
// DESIGN(exceptions): interpreter-level exceptions are values, not C++ exceptions. A function
// called residually (`cx.call<E>(fn, ...)` with E::canRaise) signals an exception by storing the
// exception object here and returning any value. The contexts look at the slot right after the
// call: ConcreteCx only reports it, TracingCx also records guard_no_exception or guard_exception,
// and compiled code checks the same slot after its call ops. The slot is a plain global (static
// data is scanned by the collector), so a pending exception object is never collected.
//
// Neighbours: framework/concrete_cx.h, framework/tracing_cx.h, jit/backend/ (reads the slot).
#pragma once

#include "framework/descr.h"
#include "framework/object.h"

namespace pyl::framework {

struct ExceptionState {
  Object* pending = nullptr;
};
inline ExceptionState exceptionState;

inline void raisePending(Object* exception) {
  exceptionState.pending = exception;
}
inline bool exceptionPending() {
  return exceptionState.pending != nullptr;
}
inline Object* takePendingException() {
  Object* exception = exceptionState.pending;
  exceptionState.pending = nullptr;
  return exception;
}

// DESIGN(quasi-immutable): a quasi-immutable field is read by traces without a guard on its
// value; instead the trace registers itself as a watcher of (object, field). Writing the field,
// in any context, calls the watcher hook, which invalidates every trace that read it (their
// guard_not_invalidated fail from then on). The hook is installed by the JIT runtime; with the
// JIT off it stays null and a write costs one compare.
using QuasiImmutableHook = void (*)(const void* object, const FieldDescr& field);
inline QuasiImmutableHook quasiImmutableHook = nullptr;

inline void notifyQuasiImmutableWrite(const void* object, const FieldDescr& field) {
  if (quasiImmutableHook != nullptr) quasiImmutableHook(object, field);
}
// The same as a plain function of the object, for traces to call residually.
template <auto Member>
void notifyQuasiImmutableWriteOf(FieldClass<Member>* object) {
  notifyQuasiImmutableWrite(object, fieldDescr<Member>());
}

}  // namespace pyl::framework
