// framework/tracing_cx.h — TracingCx, the execution context that interprets concretely AND
// records trace IR through a TraceSink (implemented by jit/trace/).
//
// DESIGN(traced-values): a traced value is `Traced<T>`: the concrete value the interpreter is
// computing with plus the IR ref that computes it in the trace. It has no conversion to bool,
// to an integer or to a pointer, and no operators: the only way to look at the concrete value
// is to ask the context, which records the guard that makes the decision valid in compiled code
// (`isTrue` → guard_true/guard_false, `promote` → guard_value, `classOf` → guard_class). A
// handler that branches on a traced value directly does not compile (tests/unit/framework/
// no_branch_on_traced checks that the error is this one).
//
// Every member function mirrors ConcreteCx's (framework/concrete_cx.h) and computes the concrete
// result the same way, so tracing never changes what the interpreter does; after an abort the
// sink stops recording and the context only computes.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "framework/array.h"
#include "framework/concrete_cx.h"
#include "framework/descr.h"
#include "framework/exception_state.h"
#include "framework/frame.h"
#include "framework/trace_sink.h"

namespace pyl::framework {

template <class T>
class Traced {
 public:
  Traced() = default;
  Traced(T value, IrRef ref) : value_(value), ref_(ref) {}

  // The deliberate compile error of DESIGN(traced-values).
  template <class U = T>
  explicit operator bool() const {
    static_assert(sizeof(U) == 0,
                  "a traced value cannot decide a C++ branch: ask the context "
                  "(cx.isTrue(v), cx.promote(v), cx.classOf(obj)) so the guard is recorded");
    return false;
  }

 private:
  friend class TracingCx;
  T value_{};
  IrRef ref_{};
};

// What a residual call returns while tracing: nothing for void functions.
template <class R>
using CallResult = std::conditional_t<std::is_void_v<R>, void,
                                      Traced<std::conditional_t<std::is_void_v<R>, int, R>>>;

class TracingCx {
 public:
  static constexpr bool kTracing = true;
  template <class T>
  using Val = Traced<T>;
  using Int = std::int64_t;
  using TInt = Traced<Int>;

  explicit TracingCx(TraceSink& sink) : sink_(&sink) {}
  TraceSink& sink() const { return *sink_; }
  bool recording() const { return sink_->recording(); }

  template <class T>
  Traced<T> constant(T value) const {
    return {value, on() ? sink_->constant(detail::toWord(value), detail::kindOf<T>()) : IrRef{}};
  }
  // True if the trace knows `v` as a constant (what lookInsideIff asks).
  template <class T>
  bool isConstant(const Traced<T>& v) const {
    Word ignored;
    return on() && sink_->constantValue(v.ref_, &ignored);
  }

  TInt add(TInt a, TInt b) const {
    return binary(TraceOp::int_add, concrete_.add(a.value_, b.value_), a, b);
  }
  TInt sub(TInt a, TInt b) const {
    return binary(TraceOp::int_sub, concrete_.sub(a.value_, b.value_), a, b);
  }
  TInt mul(TInt a, TInt b) const {
    return binary(TraceOp::int_mul, concrete_.mul(a.value_, b.value_), a, b);
  }
  TInt bitAnd(TInt a, TInt b) const { return binary(TraceOp::int_and, a.value_ & b.value_, a, b); }
  TInt bitOr(TInt a, TInt b) const { return binary(TraceOp::int_or, a.value_ | b.value_, a, b); }
  TInt bitXor(TInt a, TInt b) const { return binary(TraceOp::int_xor, a.value_ ^ b.value_, a, b); }
  TInt lshift(TInt a, TInt b) const {
    return binary(TraceOp::int_lshift, concrete_.lshift(a.value_, b.value_), a, b);
  }
  TInt rshift(TInt a, TInt b) const {
    return binary(TraceOp::int_rshift, a.value_ >> b.value_, a, b);
  }
  TInt neg(TInt a) const { return unary(TraceOp::int_neg, concrete_.neg(a.value_), a); }
  Traced<bool> lt(TInt a, TInt b) const {
    return compare(TraceOp::int_lt, a.value_ < b.value_, a, b);
  }
  Traced<bool> le(TInt a, TInt b) const {
    return compare(TraceOp::int_le, a.value_ <= b.value_, a, b);
  }
  Traced<bool> eq(TInt a, TInt b) const {
    return compare(TraceOp::int_eq, a.value_ == b.value_, a, b);
  }
  Traced<bool> ne(TInt a, TInt b) const {
    return compare(TraceOp::int_ne, a.value_ != b.value_, a, b);
  }
  Traced<bool> gt(TInt a, TInt b) const {
    return compare(TraceOp::int_gt, a.value_ > b.value_, a, b);
  }
  Traced<bool> ge(TInt a, TInt b) const {
    return compare(TraceOp::int_ge, a.value_ >= b.value_, a, b);
  }
  Traced<bool> isNonZero(TInt a) const {
    bool r = a.value_ != 0;
    return {r,
            on() ? sink_->record(TraceOp::int_is_true, ValueKind::kInt, {a.ref_}, {}, r) : IrRef{}};
  }
  TInt toInt(Traced<bool> b) const { return {b.value_ ? 1 : 0, b.ref_}; }
  // int_*_ovf followed by guard_no_overflow or guard_overflow, whichever happened.
  bool addOverflows(TInt a, TInt b, TInt* out) const {
    return overflowOp(TraceOp::int_add_ovf, a, b, out);
  }
  bool subOverflows(TInt a, TInt b, TInt* out) const {
    return overflowOp(TraceOp::int_sub_ovf, a, b, out);
  }
  bool mulOverflows(TInt a, TInt b, TInt* out) const {
    return overflowOp(TraceOp::int_mul_ovf, a, b, out);
  }
  template <class T>
  Traced<bool> same(Traced<T*> a, Traced<T*> b) const {
    bool r = a.value_ == b.value_;
    return {r, on() ? sink_->record(TraceOp::ptr_eq, ValueKind::kInt, {a.ref_, b.ref_}, {}, r)
                    : IrRef{}};
  }
  template <class T>
  Traced<bool> isNull(Traced<T*> p) const {
    bool r = p.value_ == nullptr;
    return {r, on() ? sink_->record(TraceOp::ptr_eq, ValueKind::kInt,
                                    {p.ref_, sink_->constant(0, ValueKind::kRef)}, {}, r)
                    : IrRef{}};
  }

  template <class To, class From>
  Traced<To> cast(Traced<From*> p) const {
    return {static_cast<To>(p.value_), p.ref_};
  }

  // Decisions: each records the guard that keeps the decision valid.
  bool isTrue(Traced<bool> v) const {
    if (needsGuard(v.ref_))
      sink_->recordGuard(v.value_ ? TraceOp::guard_true : TraceOp::guard_false, {v.ref_});
    return v.value_;
  }
  template <class T>
  T promote(Traced<T> v) const {
    if (needsGuard(v.ref_)) {
      sink_->recordGuard(TraceOp::guard_value,
                         {v.ref_, sink_->constant(detail::toWord(v.value_), detail::kindOf<T>())});
    }
    return v.value_;
  }
  // PyPy's promote_string: guard on the string's contents via an elidable equality call, so a
  // different but equal string does not fail the guard. S must have a static `equal(S*, S*)`.
  template <class S>
  S* promoteString(Traced<S*> v) const {
    Traced<bool> equal{true, IrRef{}};
    if (needsGuard(v.ref_)) {
      equal = call<Elidable>(&S::equal, v, constant(v.value_));
      isTrue(equal);
    }
    return v.value_;
  }
  template <class T>
  const ObjectClass* classOf(Traced<T*> object) const {
    const ObjectClass* objectClass = object.value_->class_;
    if (needsGuard(object.ref_)) {
      sink_->recordGuard(
          TraceOp::guard_class,
          {object.ref_, sink_->constant(detail::toWord(objectClass), ValueKind::kInt)});
    }
    return objectClass;
  }

  template <auto Member>
  Traced<FieldType<Member>> getField(Traced<FieldClass<Member>*> object) const {
    using T = FieldType<Member>;
    T value = object.value_->*Member;
    return {value, on()
                       ? sink_->record(TraceOp::getfield_gc, detail::kindOf<T>(), {object.ref_},
                                       DescrArg::field(fieldDescr<Member>()), detail::toWord(value))
                       : IrRef{}};
  }
  template <auto Member>
  void setField(Traced<FieldClass<Member>*> object, Traced<FieldType<Member>> value) const {
    object.value_->*Member = value.value_;
    if (on())
      sink_->record(TraceOp::setfield_gc, ValueKind::kVoid, {object.ref_, value.ref_},
                    DescrArg::field(fieldDescr<Member>()));
  }
  template <auto Member>
  Traced<FieldType<Member>> getQuasiImmutable(Traced<FieldClass<Member>*> object) const {
    if (on()) sink_->recordQuasiImmutableRead(object.ref_, fieldDescr<Member>(), object.value_);
    return getField<Member>(object);
  }
  // The write invalidates dependent traces in compiled code too: it is recorded with a residual
  // call of the notification (which also runs now, once).
  template <auto Member>
  void setQuasiImmutable(Traced<FieldClass<Member>*> object,
                         Traced<FieldType<Member>> value) const {
    setField<Member>(object, value);
    call<WritesAny>(&notifyQuasiImmutableWriteOf<Member>, object);
  }

  // T is the array's item type: one array descriptor per item kind, used consistently by every
  // op on the array (the optimizer keys virtual arrays on it).
  template <class T>
  TInt arrayLength(Traced<WordArray*> array) const {
    Int n = array.value_->length;
    return {n, on() ? sink_->record(TraceOp::arraylen_gc, ValueKind::kInt, {array.ref_},
                                    DescrArg::array(arrayDescrFor<T>()), static_cast<Word>(n))
                    : IrRef{}};
  }
  template <class T>
  Traced<T> getItem(Traced<WordArray*> array, TInt index) const {
    Word w = array.value_->items()[index.value_];
    return {detail::fromWord<T>(w),
            on() ? sink_->record(TraceOp::getarrayitem_gc, detail::kindOf<T>(),
                                 {array.ref_, index.ref_}, DescrArg::array(arrayDescrFor<T>()), w)
                 : IrRef{}};
  }
  template <class T>
  void setItem(Traced<WordArray*> array, TInt index, Traced<T> value) const {
    array.value_->items()[index.value_] = detail::toWord(value.value_);
    if (on())
      sink_->record(TraceOp::setarrayitem_gc, ValueKind::kVoid,
                    {array.ref_, index.ref_, value.ref_}, DescrArg::array(arrayDescrFor<T>()));
  }

  template <class T>
  Traced<T*> allocate(const ObjectClass& objectClass) const {
    T* object = concrete_.allocate<T>(objectClass);
    return {object, on() ? sink_->record(TraceOp::new_with_vtable, ValueKind::kRef, {},
                                         DescrArg::objectClass(objectClass), detail::toWord(object))
                         : IrRef{}};
  }
  template <class T>
  Traced<WordArray*> allocateArray(TInt length) const {
    WordArray* array = newWordArray(length.value_);
    return {array, on() ? sink_->record(TraceOp::new_array, ValueKind::kRef, {length.ref_},
                                        DescrArg::array(arrayDescrFor<T>()), detail::toWord(array))
                        : IrRef{}};
  }

  // A residual call: runs the function for real and records call/call_pure/... with the
  // effect info, then guard_no_exception or guard_exception if the function can raise.
  template <class E, class R, class... A, class... Args>
  CallResult<R> call(R (*function)(A...), Args... args) const;
  // A user-level call the tracer does not inline (the residual half of userCall): runs
  // `function(args...)` for real like call<E>, but when the callee `code` has compiled code the
  // trace calls that directly (call_assembler with the slots of `callee`, the fresh frame
  // holding the arguments; DESIGN(call-assembler) in framework/jit_driver.h) instead of
  // `function`. E must say the call may force (it runs user code).
  template <class E, class R, class... A, class... Args>
  CallResult<R> callUserFunction(const void* code, const VirtualizableFrame* callee,
                                 R (*function)(A...), Args... args) const;
  // The exception the last call raised (its IR ref is guard_exception's result), or null.
  Traced<Object*> takeException() const {
    Traced<Object*> exception{takePendingException(), lastException_};
    lastException_ = IrRef{};
    return exception;
  }
  bool exceptionRaised() const { return exceptionPending(); }
  // After resume: the exception a residual call raised in compiled code (see ResumeState).
  Traced<Object*> takeResumedException() const {
    return {takePendingException(), on() ? sink_->resumedException() : IrRef{}};
  }

  template <class T>
  Traced<T> slot(const VirtualizableFrame* frame, std::int64_t index) const {
    return {detail::fromWord<T>(frame->slots_[index]),
            on() ? sink_->slotRef(frame, index) : IrRef{}};
  }
  template <class T>
  void setSlot(VirtualizableFrame* frame, std::int64_t index, Traced<T> value) const {
    frame->slots_[index] = detail::toWord(value.value_);
    if (on()) sink_->setSlotRef(frame, index, value.ref_);
  }

  // Hints (DESIGN.md §3.2).
  bool weAreJitted() const { return true; }
  template <class T>
  void recordExactClass(Traced<T*> object, const ObjectClass& objectClass) const {
    if (on())
      sink_->record(TraceOp::record_exact_class, ValueKind::kVoid,
                    {object.ref_, sink_->constant(detail::toWord(&objectClass), ValueKind::kInt)});
  }
  // Tells the optimizer that `result` is what the elidable `function(args...)` returns.
  template <class R, class... A, class... Args>
  void recordKnownResult(Traced<R> result, R (*function)(A...), Args... args) const;
  // A frame is about to return `result` (or, with `exceptional`, to unwind out of itself): the
  // recorder pops inlined frames here and finishes function traces.
  template <class T>
  void frameReturns(VirtualizableFrame* frame, Traced<T> result, bool exceptional = false) const {
    if (on()) sink_->frameReturns(frame, result.ref_, detail::kindOf<T>(), exceptional);
  }
  template <class Inline, class Residual>
  auto userCall(const void* code, VirtualizableFrame* callee, Inline&& runInline,
                Residual&& runResidual) {
    if (on() && sink_->shouldInline(code)) {
      sink_->enterInlinedFrame(callee);
      auto result = runInline(*this);
      if (on()) sink_->leaveInlinedFrame(callee);
      return result;
    }
    return runResidual(*this);
  }

  // Raw access for the framework's own helpers (JitDriver, hints.h); handlers never use these.
  template <class T>
  static IrRef refOf(const Traced<T>& v) {
    return v.ref_;
  }
  template <class T>
  static T valueOf(const Traced<T>& v) {
    return v.value_;
  }

 private:
  bool on() const { return sink_->recording(); }
  bool needsGuard(IrRef ref) const {
    Word ignored;
    return on() && ref.valid() && !sink_->constantValue(ref, &ignored);
  }
  TInt binary(TraceOp op, Int r, TInt a, TInt b) const {
    return {r, on() ? sink_->record(op, ValueKind::kInt, {a.ref_, b.ref_}, {}, static_cast<Word>(r))
                    : IrRef{}};
  }
  TInt unary(TraceOp op, Int r, TInt a) const {
    return {
        r, on() ? sink_->record(op, ValueKind::kInt, {a.ref_}, {}, static_cast<Word>(r)) : IrRef{}};
  }
  Traced<bool> compare(TraceOp op, bool r, TInt a, TInt b) const {
    return {r, on() ? sink_->record(op, ValueKind::kInt, {a.ref_, b.ref_}, {}, r) : IrRef{}};
  }
  bool overflowOp(TraceOp op, TInt a, TInt b, TInt* out) const {
    Int r = 0;
    bool overflowed = op == TraceOp::int_add_ovf   ? __builtin_add_overflow(a.value_, b.value_, &r)
                      : op == TraceOp::int_sub_ovf ? __builtin_sub_overflow(a.value_, b.value_, &r)
                                                   : __builtin_mul_overflow(a.value_, b.value_, &r);
    IrRef ref = on()
                    ? sink_->record(op, ValueKind::kInt, {a.ref_, b.ref_}, {}, static_cast<Word>(r))
                    : IrRef{};
    if (on())
      sink_->recordGuard(overflowed ? TraceOp::guard_overflow : TraceOp::guard_no_overflow, {});
    *out = {r, ref};
    return overflowed;
  }
  // Runs a residual function for real; its result as a Word (0 for void functions).
  template <class R, class... A, class... Args>
  static Word invoke(R (*function)(A...), Args... args) {
    if constexpr (std::is_void_v<R>) {
      function(argValue<A>(args)...);
      return 0;
    } else {
      return detail::toWord<R>(function(argValue<A>(args)...));
    }
  }
  // Records `op` calling `function` (which returned `result`) and the guards that follow it.
  template <class E, class R, class... A, class... Args>
  IrRef recordResidual(TraceOp op, Word result, R (*function)(A...), Args... args) const {
    IrRef refs[sizeof...(A) + 1] = {
        sink_->constant(reinterpret_cast<Word>(function), ValueKind::kInt), argRef<A>(args)...};
    IrRef ref = sink_->recordCall(op, callDescr<E, R, A...>(), refs, sizeof...(A) + 1, result);
    recordCallGuards(E::info());
    return ref;
  }
  // The guards every residual call is followed by (after the call just recorded).
  void recordCallGuards(const EffectInfo& effects) const {
    if (effects.mayForce && on())
      sink_->recordGuard(TraceOp::guard_not_forced, {}, ResumeAt::kAfterCall);
    if (effects.canRaise && on()) {
      if (exceptionPending()) {
        lastException_ =
            sink_->recordGuard(TraceOp::guard_exception, {}, ResumeAt::kAfterCall, ValueKind::kRef,
                               reinterpret_cast<Word>(exceptionState.pending));
      } else {
        sink_->recordGuard(TraceOp::guard_no_exception, {}, ResumeAt::kAfterCall);
      }
    }
  }
  template <class T>
  static const ArrayDescr& arrayDescrFor() {
    return detail::kindOf<T>() == ValueKind::kRef ? refArrayDescr() : intArrayDescr();
  }
  template <class A, class Arg>
  IrRef argRef(const Arg& arg) const {
    if constexpr (requires { arg.ref_; }) {
      return arg.ref_;
    } else {
      return sink_->constant(detail::toWord(static_cast<A>(arg)), detail::kindOf<A>());
    }
  }
  template <class A, class Arg>
  static A argValue(const Arg& arg) {
    if constexpr (requires { arg.value_; }) {
      return arg.value_;
    } else {
      return static_cast<A>(arg);
    }
  }

  TraceSink* sink_;
  ConcreteCx concrete_;
  mutable IrRef lastException_{};
};

template <class E, class R, class... A, class... Args>
CallResult<R> TracingCx::call(R (*function)(A...), Args... args) const {
  static_assert(sizeof...(A) == sizeof...(Args), "residual call: wrong number of arguments");
  const EffectInfo& effects = E::info();
  Word result = invoke(function, args...);
  IrRef ref{};
  if (on()) {
    TraceOp op = effects.kind == EffectKind::kElidable        ? TraceOp::call_pure
                 : effects.kind == EffectKind::kLoopInvariant ? TraceOp::call_loopinvariant
                 : effects.mayForce                           ? TraceOp::call_may_force
                                                              : TraceOp::call;
    ref = recordResidual<E>(op, result, function, args...);
  }
  if constexpr (!std::is_void_v<R>) return Traced<R>{detail::fromWord<R>(result), ref};
}

template <class E, class R, class... A, class... Args>
CallResult<R> TracingCx::callUserFunction(const void* code, const VirtualizableFrame* callee,
                                          R (*function)(A...), Args... args) const {
  static_assert(sizeof...(A) == sizeof...(Args), "residual call: wrong number of arguments");
  Word result = invoke(function, args...);
  IrRef ref{};
  if (on() && sink_->recordCallAssembler(code, callee, detail::kindOf<R>(), &ref)) {
    recordCallGuards(E::info());
  } else if (on()) {
    ref = recordResidual<E>(TraceOp::call_may_force, result, function, args...);
  }
  if constexpr (!std::is_void_v<R>) return Traced<R>{detail::fromWord<R>(result), ref};
}

template <class R, class... A, class... Args>
void TracingCx::recordKnownResult(Traced<R> result, R (*function)(A...), Args... args) const {
  if (!on()) return;
  const CallDescr& descr = callDescr<Elidable, R, A...>();
  IrRef refs[sizeof...(A) + 2] = {
      result.ref_, sink_->constant(reinterpret_cast<Word>(function), ValueKind::kInt),
      argRef<A>(args)...};
  sink_->recordCall(TraceOp::record_known_result, descr, refs, sizeof...(A) + 2, 0);
}

}  // namespace pyl::framework
