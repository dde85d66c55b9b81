// jit/ir/descr.h — descriptors: what an op needs to know about the memory or call it touches.
//
// DESIGN(descriptors): descriptors are identity objects, compared by address (the heap cache and
// the virtualizer key on them). They are owned by a DescrPool that outlives every trace using
// them (the interpreter keeps one per JIT; tests keep one per namespace); traces hold raw
// pointers. A descriptor never holds a collectable GC pointer: class identities (`vtable`) are
// the interpreter's static/immortal class objects (framework/object.h ObjectClass), and any GC
// object a trace mentions is a constant in the trace's GC-scanned constant pool instead.
// The recorder (jit/trace/) maps framework/descr.h's compile-time descriptors onto these, one
// IR descriptor per framework descriptor.
//
// Field and array descriptors carry a dense `index` so effect sets (which fields and arrays a
// call reads or writes) are bitsets. Neighbours: jit/ir/ops.def (which ops take which descr).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "jit/ir/value.h"

namespace pyl::jit::ir {

enum class DescrKind : std::uint8_t { kField, kArray, kSize, kCall, kTarget, kGeneric };

struct Descr {
  Descr(DescrKind k, std::string n) : kind(k), name(std::move(n)) {}
  virtual ~Descr() = default;
  Descr(const Descr&) = delete;
  Descr& operator=(const Descr&) = delete;
  DescrKind kind;
  std::string name;  // printed as descr=<name>; unique within its pool
};

struct SizeDescr;

struct FieldDescr : Descr {
  FieldDescr(std::string n) : Descr(DescrKind::kField, std::move(n)) {}
  std::size_t offset = 0;
  std::uint8_t size = 8;             // bytes: 1, 2, 4 or 8 (floats: 8)
  Type type = Type::Int;             // Int, Ref or Float
  bool isSigned = true;              // for Int fields narrower than 8 bytes
  bool immutable = false;            // never written after the object escapes its allocation
  bool quasiImmutable = false;       // reads depend on quasiimmut_field + guard_not_invalidated
  const SizeDescr* owner = nullptr;  // the structure it belongs to, when known
  std::uint32_t index = 0;           // dense, for DescrSet
};

// A GC array: a length word at lengthOffset, items from itemsOffset.
struct ArrayDescr : Descr {
  ArrayDescr(std::string n) : Descr(DescrKind::kArray, std::move(n)) {}
  std::uint8_t itemSize = 8;
  Type itemType = Type::Int;
  bool isSigned = true;
  bool immutable = false;  // items never written after allocation escapes
  std::size_t lengthOffset = 0;
  std::size_t itemsOffset = 8;
  std::uint32_t index = 0;
};

// The shape of an allocation: new / new_with_vtable. `vtable` is the class identity written to
// the class word (0: no class word). `valueField` is set for a value class (DESIGN(value-classes)
// in framework/object.h): its objects are interchangeable boxes of that one immutable int field.
struct SizeDescr : Descr {
  SizeDescr(std::string n) : Descr(DescrKind::kSize, std::move(n)) {}
  std::size_t size = 8;
  std::uint64_t vtable = 0;
  std::vector<const FieldDescr*> fields;  // every traced field, in offset order
  const FieldDescr* valueField = nullptr;
};

// A bitset over field/array descriptor indices.
class DescrSet {
 public:
  void add(std::uint32_t index);
  bool contains(std::uint32_t index) const;
  bool empty() const;
  void unionWith(const DescrSet& other);

 private:
  std::vector<std::uint64_t> words_;
};

// DESIGN(effects): PyPy's extra-effect classes, most optimizable first. A call's reads/writes
// sets are only consulted below kRandomEffects; kRandomEffects reads and writes everything.
enum class ExtraEffect : std::uint8_t {
  kElidableCannotRaise,  // pure function of the arguments: CSE'd, folded on constant arguments
  kElidableCanRaise,     // same, but a guard_no_exception follows
  kLoopInvariant,        // same result within one loop (call_loopinvariant_*)
  kCannotRaise,          // effects as listed, never raises
  kCanRaise,             // effects as listed, may raise
  kForcesVirtualOrVirtualizable,  // may force the frame: call_may_force_* + guard_not_forced
  kRandomEffects,                 // reads and writes anything
};

struct EffectInfo {
  ExtraEffect extra = ExtraEffect::kRandomEffects;
  DescrSet readsFields, writesFields, readsArrays, writesArrays;

  bool isElidable() const {
    return extra == ExtraEffect::kElidableCannotRaise || extra == ExtraEffect::kElidableCanRaise;
  }
  bool canRaise() const {
    return extra != ExtraEffect::kElidableCannotRaise && extra != ExtraEffect::kCannotRaise &&
           extra != ExtraEffect::kLoopInvariant;
  }
  bool hasRandomEffects() const { return extra >= ExtraEffect::kForcesVirtualOrVirtualizable; }
  bool mayWriteField(const FieldDescr& d) const {
    return hasRandomEffects() || writesFields.contains(d.index);
  }
  bool mayReadField(const FieldDescr& d) const {
    return hasRandomEffects() || readsFields.contains(d.index) || writesFields.contains(d.index);
  }
  bool mayWriteArray(const ArrayDescr& d) const {
    return hasRandomEffects() || writesArrays.contains(d.index);
  }
  bool mayReadArray(const ArrayDescr& d) const {
    return hasRandomEffects() || readsArrays.contains(d.index) || writesArrays.contains(d.index);
  }
  bool writesNothing() const {
    return !hasRandomEffects() && writesFields.empty() && writesArrays.empty();
  }
};

// How a backend without a native calling convention performs a call: arguments as 64-bit words
// (refs and float bits included), one word back.
using CallThunk = std::uint64_t (*)(const void* function, const std::uint64_t* args);

struct CallDescr : Descr {
  CallDescr(std::string n) : Descr(DescrKind::kCall, std::move(n)) {}
  Type resultType = Type::Void;
  std::vector<Type> argTypes;  // excluding arg 0, the function address
  EffectInfo effects;
  CallThunk thunk = nullptr;
  const void* userData = nullptr;  // e.g. the framework descriptor it was made from
};

// The identity of a label: jumps name it, call_assembler calls it. argTypes is the label's
// signature; backendData belongs to whichever backend compiled the loop.
//
// DESIGN(unboxed-entry): a function trace whose arguments were boxes of value classes when it was
// recorded starts with two labels. The first (the entry the interpreter uses) takes the boxes,
// guards their classes and reads their values; the second takes those values as raw ints, and
// the body sees fresh virtual boxes of them. The first label's descr names the second as
// `unboxedEntry`; the second lists, per argument, the value class whose box it stands for
// (`unboxedClasses[i]`, nullptr: passed as is). A call_assembler whose arguments are virtual
// boxes of exactly those classes calls the second label (jit/opt/virtualize.cpp), so a recursive
// call allocates nothing; whoever must enter it with boxes instead (the interpreter at the call
// depth limit) re-boxes the values with the listed classes (boxValue in jit/ir/op_semantics.h).
// Results go the other way: `finish(i, descr=S)` with S a value class's SizeDescr returns the box
// S(i) without allocating it in the trace; backends box it where a box is needed.
struct TargetDescr : Descr {
  TargetDescr(std::string n) : Descr(DescrKind::kTarget, std::move(n)) {}
  std::vector<Type> argTypes;
  void* backendData = nullptr;
  const TargetDescr* unboxedEntry = nullptr;
  std::vector<const SizeDescr*> unboxedClasses;
};

// Anything else an op may carry (finish's descr, test markers).
struct GenericDescr : Descr {
  GenericDescr(std::string n) : Descr(DescrKind::kGeneric, std::move(n)) {}
};

template <class D>
const D* descrAs(const Descr* d) {
  if (d == nullptr) return nullptr;
  if constexpr (std::is_same_v<D, FieldDescr>)
    return d->kind == DescrKind::kField ? static_cast<const D*>(d) : nullptr;
  if constexpr (std::is_same_v<D, ArrayDescr>)
    return d->kind == DescrKind::kArray ? static_cast<const D*>(d) : nullptr;
  if constexpr (std::is_same_v<D, SizeDescr>)
    return d->kind == DescrKind::kSize ? static_cast<const D*>(d) : nullptr;
  if constexpr (std::is_same_v<D, CallDescr>)
    return d->kind == DescrKind::kCall ? static_cast<const D*>(d) : nullptr;
  if constexpr (std::is_same_v<D, TargetDescr>)
    return d->kind == DescrKind::kTarget ? static_cast<const D*>(d) : nullptr;
  if constexpr (std::is_same_v<D, GenericDescr>)
    return d->kind == DescrKind::kGeneric ? static_cast<const D*>(d) : nullptr;
  return nullptr;
}

// Owns descriptors and names them. Field and array descriptors get their dense index here.
class DescrPool {
 public:
  FieldDescr& addField(std::string name);
  ArrayDescr& addArray(std::string name);
  SizeDescr& addSize(std::string name);
  CallDescr& addCall(std::string name);
  TargetDescr& addTarget(std::string name);
  GenericDescr& addGeneric(std::string name);
  // nullptr when unknown.
  const Descr* find(std::string_view name) const;
  const std::vector<std::unique_ptr<Descr>>& all() const { return descrs_; }

 private:
  template <class D>
  D& add(std::string name);
  std::vector<std::unique_ptr<Descr>> descrs_;
  std::unordered_map<std::string, const Descr*> byName_;
};

}  // namespace pyl::jit::ir
