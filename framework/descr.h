// framework/descr.h — descriptors: what the trace needs to know about a field, an array layout or
// a residual call, derived at compile time from C++ member pointers and function types.
//
// DESIGN(descriptors): a handler never names an offset. It writes `cx.getField<&Box::value>(b)`
// and the descriptor for `&Box::value` (offset, value kind, mutability) is one static object per
// member pointer, so the same descriptor object identifies the field in every trace (the heap
// cache and the virtualizer compare descriptors by address). Call descriptors carry the effect
// info of DESIGN.md §3.3 and a thunk that calls the function with arguments passed as Words,
// which is how the reference backend (and any backend without a native calling convention for
// the callee) performs the call.
//
// Neighbours: framework/object.h (Word, ValueKind, Object), framework/tracing_cx.h (uses them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "framework/object.h"

namespace pyl::framework {

// Interpreters mark fields by specialising these (with a one-line reason at the specialisation):
// an immutable field is read with a pure getfield (constant-folded on constant objects), a
// quasi-immutable one additionally records a dependency so writing it invalidates the traces.
template <auto Member>
inline constexpr bool kImmutableField = false;
template <auto Member>
inline constexpr bool kQuasiImmutableField = false;

struct FieldDescr {
  const char* name;     // "Box::value", for logs and the textual IR
  std::size_t offset;   // byte offset in the object
  ValueKind kind;       // kInt or kRef; every traced field is one Word wide
  bool immutable;       // never written after the object escapes its constructor
  bool quasiImmutable;  // rarely written; reads are guarded by guard_not_invalidated
};

// Layout of the GC arrays traced code may index: a length word then `length` Words.
struct ArrayDescr {
  const char* name;
  ValueKind itemKind;
};

// DESIGN(effects): the effect classes of a residual call, from most to least optimizable.
enum class EffectKind : std::uint8_t {
  kElidable,       // pure function of its arguments: CSE'd, folded when all arguments are constant
  kLoopInvariant,  // same result within one loop iteration (PyPy's @jit.loop_invariant)
  kReadsOnly,      // reads the heap, writes nothing: heap caches survive it
  kWrites,         // writes only the fields listed in the effect info
  kWritesAny,      // may write anything: every heap cache is flushed
};

struct EffectInfo {
  EffectKind kind;
  bool canRaise;  // may set the pending exception (framework/exception_state.h)
  bool mayForce;  // may read or write the virtualizable frame behind the JIT's back
  const FieldDescr* const* writes;  // fields written when kind == kWrites
  std::size_t writeCount;
  bool hasSideEffects() const {
    return kind == EffectKind::kWrites || kind == EffectKind::kWritesAny;
  }
};

// A function called through a CallDescr receives its arguments as Words and returns one.
using CallThunk = Word (*)(const void* function, const Word* args);

struct CallDescr {
  const EffectInfo* effects;
  CallThunk thunk;
  ValueKind resultKind;
  std::size_t argCount;
  const ValueKind* argKinds;
};

namespace detail {

template <class T>
constexpr ValueKind kindOf() {
  if constexpr (std::is_void_v<T>) {
    return ValueKind::kVoid;
  } else if constexpr (std::is_pointer_v<T>) {
    return ValueKind::kRef;
  } else {
    static_assert(std::is_integral_v<T> && sizeof(T) <= sizeof(Word),
                  "traced values are integers (at most one Word) or pointers");
    return ValueKind::kInt;
  }
}

template <class T>
Word toWord(T value) {
  if constexpr (std::is_pointer_v<T>) {
    return reinterpret_cast<Word>(value);
  } else {
    return static_cast<Word>(static_cast<std::int64_t>(value));
  }
}

template <class T>
T fromWord(Word word) {
  if constexpr (std::is_pointer_v<T>) {
    return reinterpret_cast<T>(word);
  } else {
    return static_cast<T>(static_cast<std::int64_t>(word));
  }
}

template <class C, class T>
std::size_t offsetOfMember(T C::*member) {
  // A properly aligned buffer stands in for an object: no object is constructed or read.
  alignas(C) static unsigned char storage[sizeof(C)];
  auto* object = reinterpret_cast<C*>(storage);
  return static_cast<std::size_t>(reinterpret_cast<unsigned char*>(&(object->*member)) - storage);
}

// "Box::value" from the compiler's spelling of the template argument.
template <auto Member>
const char* memberName() {
  static const std::string name = [](std::string_view pretty) {
    std::size_t start = pretty.find("Member = &");
    if (start == std::string_view::npos) return std::string("field");
    start += 10;
    std::size_t end = pretty.find_first_of(";]", start);
    std::string_view full = pretty.substr(start, end - start);
    // Keep the last "Class::field" pair: namespaces only clutter the trace log.
    std::size_t cut = full.rfind("::");
    if (cut != std::string_view::npos) {
      std::size_t before = full.rfind("::", cut - 1);
      if (before != std::string_view::npos && cut > 0) full = full.substr(before + 2);
    }
    return std::string(full);
  }(__PRETTY_FUNCTION__);
  return name.c_str();
}

template <class R, class... A, std::size_t... I>
Word callWithWords(R (*function)(A...), const Word* args, std::index_sequence<I...>) {
  if constexpr (std::is_void_v<R>) {
    function(fromWord<A>(args[I])...);
    return 0;
  } else {
    return toWord<R>(function(fromWord<A>(args[I])...));
  }
}

template <class T>
struct MemberTraits;
template <class C, class T>
struct MemberTraits<T C::*> {
  using Class = C;
  using Type = T;
};

}  // namespace detail

template <auto Member>
using FieldType = typename detail::MemberTraits<decltype(Member)>::Type;
template <auto Member>
using FieldClass = typename detail::MemberTraits<decltype(Member)>::Class;

// The one descriptor of a field, created on first use.
template <auto Member>
const FieldDescr& fieldDescr() {
  using T = FieldType<Member>;
  static_assert(sizeof(T) == sizeof(Word),
                "traced fields are one Word wide (int64_t or a pointer)");
  static const FieldDescr descr{detail::memberName<Member>(), detail::offsetOfMember(Member),
                                detail::kindOf<T>(), kImmutableField<Member>,
                                kQuasiImmutableField<Member>};
  return descr;
}

// Effect classes are types so a call site states them once: `cx.call<Elidable>(fn, x)`.
template <EffectKind Kind, bool CanRaise = false, bool MayForce = false, auto... Written>
struct Effects {
  static const EffectInfo& info() {
    static const FieldDescr* const writes[sizeof...(Written) + 1] = {&fieldDescr<Written>()...,
                                                                     nullptr};
    static const EffectInfo effects{Kind, CanRaise, MayForce, writes, sizeof...(Written)};
    return effects;
  }
};
using Elidable = Effects<EffectKind::kElidable>;
using LoopInvariant = Effects<EffectKind::kLoopInvariant>;
using ReadsOnly = Effects<EffectKind::kReadsOnly>;
using ReadsOnlyCanRaise = Effects<EffectKind::kReadsOnly, true>;
using WritesAny = Effects<EffectKind::kWritesAny>;
using WritesAnyCanRaise = Effects<EffectKind::kWritesAny, true>;
// A call that may run arbitrary interpreter code (a user-level call the trace does not inline).
using MayForce = Effects<EffectKind::kWritesAny, true, true>;
template <auto... Fields>
using Writes = Effects<EffectKind::kWrites, false, false, Fields...>;

// The descriptor of calling a `R(*)(A...)` with effects E, one per (E, signature).
template <class E, class R, class... A>
const CallDescr& callDescr() {
  static constexpr ValueKind argKinds[sizeof...(A) + 1] = {detail::kindOf<A>()...,
                                                           ValueKind::kVoid};
  static const CallDescr descr{&E::info(),
                               [](const void* function, const Word* args) -> Word {
                                 return detail::callWithWords<R, A...>(
                                     reinterpret_cast<R (*)(A...)>(const_cast<void*>(function)),
                                     args, std::index_sequence_for<A...>{});
                               },
                               detail::kindOf<R>(), sizeof...(A), argKinds};
  return descr;
}

}  // namespace pyl::framework
