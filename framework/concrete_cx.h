// framework/concrete_cx.h — ConcreteCx, the execution context of plain interpretation.
//
// DESIGN(contexts): every handler is a template over an execution context Cx (DESIGN.md §3.1).
// ConcreteCx is the half that must cost nothing: traced values are plain C++ values
// (`Val<T>` is `T`), every operation is the C++ operator a hand-written interpreter would use,
// and every hint is an empty inline function. TracingCx (framework/tracing_cx.h) has the same
// member functions with the same meaning and also records trace IR. Anything a handler needs
// that is not here belongs in both contexts, never in one.
//
// Neighbours: framework/tracing_cx.h (the twin), framework/descr.h (field/effect descriptors),
// framework/frame.h (virtualizable frames), framework/hints.h (context-independent helpers).
#pragma once

#include <cstdint>
#include <cstring>

#include "framework/array.h"
#include "framework/descr.h"
#include "framework/exception_state.h"
#include "framework/frame.h"
#include "framework/object.h"

namespace pyl::framework {

class ConcreteCx {
 public:
  static constexpr bool kTracing = false;
  template <class T>
  using Val = T;
  using Int = std::int64_t;

  // Constants and plain values.
  template <class T>
  T constant(T value) const {
    return value;
  }

  // Integer arithmetic wraps (two's complement), exactly like int_add & co in the trace.
  Int add(Int a, Int b) const {
    return wrap(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
  }
  Int sub(Int a, Int b) const {
    return wrap(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
  }
  Int mul(Int a, Int b) const {
    return wrap(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
  }
  Int bitAnd(Int a, Int b) const { return a & b; }
  Int bitOr(Int a, Int b) const { return a | b; }
  Int bitXor(Int a, Int b) const { return a ^ b; }
  // Shift counts must be in [0, 63]; handlers check before shifting user values.
  Int lshift(Int a, Int b) const { return wrap(static_cast<std::uint64_t>(a) << b); }
  Int rshift(Int a, Int b) const { return a >> b; }
  Int neg(Int a) const { return sub(0, a); }
  bool lt(Int a, Int b) const { return a < b; }
  bool le(Int a, Int b) const { return a <= b; }
  bool eq(Int a, Int b) const { return a == b; }
  bool ne(Int a, Int b) const { return a != b; }
  bool gt(Int a, Int b) const { return a > b; }
  bool ge(Int a, Int b) const { return a >= b; }
  bool isNonZero(Int a) const { return a != 0; }
  // A comparison's 0/1 as an integer, without deciding anything.
  Int toInt(bool b) const { return b ? 1 : 0; }
  // Overflow-checked arithmetic: returns true (and leaves *out unspecified) on overflow.
  bool addOverflows(Int a, Int b, Int* out) const { return __builtin_add_overflow(a, b, out); }
  bool subOverflows(Int a, Int b, Int* out) const { return __builtin_sub_overflow(a, b, out); }
  bool mulOverflows(Int a, Int b, Int* out) const { return __builtin_mul_overflow(a, b, out); }
  template <class T>
  bool same(T* a, T* b) const {
    return a == b;
  }
  template <class T>
  bool isNull(T* p) const {
    return p == nullptr;
  }

  // Pointer casts between an object type and its bases (no op is recorded: same value).
  template <class To, class From>
  To cast(From* p) const {
    return static_cast<To>(p);
  }

  // Decisions: in ConcreteCx a decision is the value itself.
  bool isTrue(bool v) const { return v; }
  template <class T>
  T promote(T v) const {
    return v;
  }
  template <class T>
  T* promoteString(T* v) const {
    return v;
  }
  template <class T>
  const ObjectClass* classOf(T* object) const {
    return object->class_;
  }

  // Fields, through descriptors built from member pointers.
  template <auto Member>
  FieldType<Member> getField(FieldClass<Member>* object) const {
    return object->*Member;
  }
  template <auto Member>
  void setField(FieldClass<Member>* object, FieldType<Member> value) const {
    object->*Member = value;
  }
  template <auto Member>
  FieldType<Member> getQuasiImmutable(FieldClass<Member>* object) const {
    return object->*Member;
  }
  template <auto Member>
  void setQuasiImmutable(FieldClass<Member>* object, FieldType<Member> value) const {
    object->*Member = value;
    notifyQuasiImmutableWrite(object, fieldDescr<Member>());
  }

  // Arrays (framework/array.h); indexes are checked by the handler before use.
  // T is the item type (see TracingCx: it picks the array descriptor).
  template <class T>
  Int arrayLength(WordArray* array) const {
    return array->length;
  }
  template <class T>
  T getItem(WordArray* array, Int index) const {
    return detail::fromWord<T>(array->items()[index]);
  }
  template <class T>
  void setItem(WordArray* array, Int index, T value) const {
    array->items()[index] = detail::toWord(value);
  }

  // Allocation: zeroed GC memory with the class word set (new_with_vtable / new_array).
  template <class T>
  T* allocate(const ObjectClass& objectClass) const {
    auto* object = static_cast<T*>(gc::allocate(objectClass.size));
    object->class_ = &objectClass;
    return object;
  }
  template <class T>
  WordArray* allocateArray(Int length) const {
    return newWordArray(length);
  }

  // Residual calls; E states the effects (framework/descr.h). Arguments convert to A.
  template <class E, class R, class... A, class... Args>
  R call(R (*function)(A...), Args... args) const {
    return function(args...);
  }
  // Concretely a user-level call is the interpreter's own helper (see TracingCx).
  template <class E, class R, class... A, class... Args>
  R callUserFunction(const void*, const VirtualizableFrame*, R (*function)(A...),
                     Args... args) const {
    return function(args...);
  }
  // After a call whose effects say it can raise: the pending exception, taken, or null.
  Object* takeException() const { return takePendingException(); }
  bool exceptionRaised() const { return exceptionPending(); }
  // After resume: the exception a residual call raised in compiled code (see ResumeState).
  Object* takeResumedException() const { return takePendingException(); }

  // Virtualizable frame slots.
  template <class T>
  T slot(const VirtualizableFrame* frame, std::int64_t index) const {
    return detail::fromWord<T>(frame->slots_[index]);
  }
  template <class T>
  void setSlot(VirtualizableFrame* frame, std::int64_t index, T value) const {
    frame->slots_[index] = detail::toWord(value);
  }

  // Hints: no-ops here (their tracing meaning is in framework/tracing_cx.h).
  bool weAreJitted() const { return false; }
  template <class T>
  void recordExactClass(T*, const ObjectClass&) const {}
  template <class R>
  void recordKnownResult(R) const {}
  // A frame is about to return `result` (or, with `exceptional`, to unwind out of itself).
  template <class T>
  void frameReturns(VirtualizableFrame*, T, bool = false) const {}
  // A user-level call: in plain interpretation the callee just runs.
  template <class Inline, class Residual>
  auto userCall(const void*, VirtualizableFrame*, Inline&& runInline, Residual&&) {
    return runInline(*this);
  }

 private:
  static Int wrap(std::uint64_t v) { return static_cast<Int>(v); }
};

}  // namespace pyl::framework
