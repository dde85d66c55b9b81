// framework/hints.h — the RPython hints that are not single context members, written once over
// any Cx (names follow RPython; DESIGN.md §3.2). Every use in interpreter code carries a one-line
// reason comment.
//
//   promote(v), promoteString(s), isTrue(b), classOf(o)   -> members of the context
//   weAreJitted(), recordExactClass, recordKnownResult      -> members of the context
//   cx.call<Elidable>(f, ...)       elidable: folded on constant args, CSE'd otherwise
//   elidablePromote(cx, f, ...)     promote every argument, then an elidable call (folds)
//   cx.call<LoopInvariant>(f, ...)  loop_invariant: one call per loop iteration
//   dontLookInside<E>(cx, f, ...)   never trace into f; call it residually with effects E
//   lookInsideIff(cx, pred, ...)    trace into the callee only if pred holds on constant args
//   UnrollSafe scope                states that a loop in looked-inside code may unroll
//   cx.getQuasiImmutable<&C::f>(o)  quasi-immutable field (framework/exception_state.h)
#pragma once

#include <utility>

#include "framework/descr.h"

namespace pyl::framework {

// RPython's @elidable_promote: the arguments become constants (guard_value each), so the
// elidable call is folded away at trace time.
template <class Cx, class R, class... A, class... Args>
auto elidablePromote(Cx& cx, R (*function)(A...), Args... args) {
  return cx.template call<Elidable>(function, cx.constant(cx.promote(args))...);
}

// RPython's @dont_look_inside: `function` is the ConcreteCx instantiation (or any plain C++
// function); tracing records one residual call with effects E instead of the callee's ops.
template <class E, class Cx, class R, class... A, class... Args>
auto dontLookInside(Cx& cx, R (*function)(A...), Args... args) {
  return cx.template call<E>(function, args...);
}

// RPython's @look_inside_iff(predicate): in TracingCx the callee is traced into only when every
// argument is a constant of the trace and `predicate` holds on their values; otherwise it is a
// residual call with effects E. `inlineBody(cx, args...)` is the Cx-generic body,
// `residual` its plain-C++ instantiation. In ConcreteCx the body just runs.
template <class E, class Cx, class Predicate, class Body, class R, class... A, class... Args>
auto lookInsideIff(Cx& cx, Predicate predicate, Body inlineBody, R (*residual)(A...),
                   Args... args) {
  if constexpr (Cx::kTracing) {
    bool constantArgs = (cx.isConstant(args) && ...);
    if (constantArgs && predicate(Cx::valueOf(args)...)) return inlineBody(cx, args...);
    return cx.template call<E>(residual, args...);
  } else {
    (void)predicate, (void)residual;
    return inlineBody(cx, args...);
  }
}

// RPython's @unroll_safe. C++ cannot show the tracer where loops are, so every loop in
// looked-inside code unrolls while tracing; this scope is the written statement that the loop is
// short and bounded by a trace constant (e.g. the argument count of a call instruction), kept
// next to the loop so reviewers see it. Unbounded loops belong behind dontLookInside.
class UnrollSafe {
 public:
  explicit UnrollSafe(const char* reason) : reason_(reason) {}
  const char* reason() const { return reason_; }

 private:
  const char* reason_;
};

}  // namespace pyl::framework
