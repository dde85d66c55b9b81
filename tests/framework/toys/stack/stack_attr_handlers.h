// tests/framework/toys/stack/stack_attr_handlers.h — the object instructions (newobj, getattr,
// setattr, storecheck) and the helpers they share, templates over the execution context like
// every handler (stack_handlers.h). They implement the unboxed int attributes described at
// DESIGN(toy-unboxed-attrs) in stack_program.h: the map is promoted, so an attribute's index and
// kind are trace constants, and an int goes into the object's int array as a raw int64.
// Included by stack_interp.h next to stack_handlers.h; nothing else includes it.
#pragma once

#include <optional>
#include <string>

#include "tests/framework/toys/stack/stack_interp.h"

namespace pyl::toys::stack::handlers {

template <class Cx>
Step newobj(Vm& vm, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  auto object = cx.template allocate<Instance>(kInstanceClass);
  cx.template setField<&Instance::map>(object,
                                       cx.template constant<Map*>(vm.program().rootMap.get()));
  cx.template setField<&Instance::storage>(
      object, cx.template allocateArray<Object*>(cx.constant(std::int64_t{2})));
  cx.template setField<&Instance::ints>(
      object, cx.template allocateArray<std::int64_t>(cx.constant(std::int64_t{2})));
  push(cx, f, cx.template cast<Object*>(object));
  ++f->pc_;
  return Step::kNext;
}

// Where attribute `name` lives in objects of (promoted) `map`: its index in its kind's array and
// its kind. The elidable lookups have constant arguments, so they fold at trace time and the two
// decisions below cost no guard in the trace (DESIGN(toy-unboxed-attrs) in stack_program.h).
template <class Cx>
struct AttrLookup {
  typename Cx::template Val<std::int64_t> index;
  bool missing;
  bool holdsInt;
};
template <class Cx>
AttrLookup<Cx> lookupAttr(Cx& cx, Map* map, const std::string* nameValue) {
  auto name = cx.template constant<const std::string*>(nameValue);
  auto index = cx.template call<framework::Elidable>(&mapIndexOf, cx.constant(map), name);
  bool missing = cx.isTrue(cx.lt(index, cx.constant(std::int64_t{0})));
  bool holdsInt = !missing && cx.isTrue(cx.isNonZero(cx.template call<framework::Elidable>(
                                  &mapHoldsInt, cx.constant(map), name)));
  return {index, missing, holdsInt};
}

// `object`'s attribute `name`, when object is an instance (otherwise none: AttributeError). Its
// map is promoted: objects of one shape share a map, so the index and kind become trace
// constants. The class check and the promotion are the bytecode's first guards.
template <class Cx>
struct InstanceAttr {
  typename Cx::template Val<Instance*> instance;
  Map* map;
  AttrLookup<Cx> attr;
};
template <class Cx>
std::optional<InstanceAttr<Cx>> instanceAttr(Cx& cx, V<Cx> object, const std::string* name) {
  if (cx.classOf(object) != &kInstanceClass) return std::nullopt;
  auto instance = cx.template cast<Instance*>(object);
  Map* map = cx.promote(cx.template getField<&Instance::map>(instance));
  return InstanceAttr<Cx>{instance, map, lookupAttr(cx, map, name)};
}

// Moves `instance` to `newMap` and stores `value` at the next free slot (`slotIndex`) of the
// array in field Array (of item type T), growing that array first if it is full. The length
// check is this step's only guard and comes before its stores (DESIGN.md §3.4 rule 2).
template <auto Array, class T, class Cx>
void storeInNewSlot(Cx& cx, typename Cx::template Val<Instance*> instance,
                    typename Cx::template Val<Map*> newMap, std::int64_t slotIndex,
                    typename Cx::template Val<T> value) {
  auto array = cx.template getField<Array>(instance);
  auto slot = cx.constant(slotIndex);
  auto length = cx.template arrayLength<T>(array);
  if (cx.isTrue(cx.ge(slot, length))) {
    array = cx.template call<framework::ReadsOnly>(&growStorage, array,
                                                   cx.mul(length, cx.constant(std::int64_t{2})));
    cx.template setField<Array>(instance, array);
  }
  cx.template setField<&Instance::map>(instance, newMap);
  cx.setItem(array, slot, value);
}

// The map after adding `name` with `kind`, or after devolving it (elidable: folds on the
// promoted map).
template <class Cx>
typename Cx::template Val<Map*> grownMap(Cx& cx, Map* map, const std::string* name, AttrKind kind) {
  return cx.template call<framework::Elidable>(&mapWith, cx.constant(map),
                                               cx.template constant<const std::string*>(name),
                                               cx.constant(static_cast<std::int64_t>(kind)));
}
template <class Cx>
typename Cx::template Val<Map*> devolvedMap(Cx& cx, Map* map, const std::string* name) {
  return cx.template call<framework::Elidable>(&mapDevolved, cx.constant(map),
                                               cx.template constant<const std::string*>(name));
}

template <class Cx>
Step getattr(Vm&, Cx& cx, Frame* f, const Instr& in, V<Cx>* result) {
  auto target = instanceAttr(cx, pop(cx, f), in.name);
  if (!target || target->attr.missing) return raiseError(cx, f, kAttributeError, result);
  auto instance = target->instance;
  const AttrLookup<Cx>& attr = target->attr;
  if (attr.holdsInt) {
    // A fresh box of the raw value: in a trace it is virtual unless it escapes.
    auto raw = cx.template getItem<std::int64_t>(cx.template getField<&Instance::ints>(instance),
                                                 attr.index);
    push(cx, f, box(cx, raw));
  } else {
    push(cx, f,
         cx.template getItem<Object*>(cx.template getField<&Instance::storage>(instance),
                                      attr.index));
  }
  ++f->pc_;
  return Step::kNext;
}

// Every guard of this bytecode (object class, map, the value's class where the kind depends on
// it, the array length) comes before its stores (DESIGN.md §3.4 rule 2).
template <class Cx>
Step setattr(Vm&, Cx& cx, Frame* f, const Instr& in, V<Cx>* result) {
  auto value = pop(cx, f);
  auto target = instanceAttr(cx, pop(cx, f), in.name);
  if (!target) return raiseError(cx, f, kAttributeError, result);
  auto instance = target->instance;
  Map* map = target->map;
  const AttrLookup<Cx>& attr = target->attr;
  if (!attr.missing && !attr.holdsInt) {
    // A ref-kind attribute takes any value: no look at its class.
    cx.setItem(cx.template getField<&Instance::storage>(instance), attr.index, value);
  } else if (cx.classOf(value) == &kIntClass) {
    auto raw = unbox(cx, value);
    if (attr.missing) {
      storeInNewSlot<&Instance::ints, std::int64_t>(
          cx, instance, grownMap(cx, map, in.name, AttrKind::kInt), map->intSize, raw);
    } else {
      cx.setItem(cx.template getField<&Instance::ints>(instance), attr.index, raw);
    }
  } else {
    auto newMap =
        attr.missing ? grownMap(cx, map, in.name, AttrKind::kRef) : devolvedMap(cx, map, in.name);
    storeInNewSlot<&Instance::storage, Object*>(cx, instance, newMap, map->refSize, value);
  }
  ++f->pc_;
  return Step::kNext;
}

// Deliberately breaks DESIGN.md §3.4 rule 2 so tests can see the recorder catch it: it stores
// into an existing attribute (a side effect; an int-kind one is devolved to ref-kind first, so
// the store needs no look at the value) and only then looks at the value's class (a guard).
// Concretely it is still right, so the program's output does not change when tracing aborts.
template <class Cx>
Step storecheck(Vm&, Cx& cx, Frame* f, const Instr& in, V<Cx>* result) {
  auto value = pop(cx, f);
  auto target = instanceAttr(cx, pop(cx, f), in.name);
  if (!target || target->attr.missing) return raiseError(cx, f, kAttributeError, result);
  auto instance = target->instance;
  Map* map = target->map;
  const AttrLookup<Cx>& attr = target->attr;
  if (attr.holdsInt) {
    storeInNewSlot<&Instance::storage, Object*>(cx, instance, devolvedMap(cx, map, in.name),
                                                map->refSize, value);
  } else {
    cx.setItem(cx.template getField<&Instance::storage>(instance), attr.index, value);
  }
  bool isInt = cx.classOf(value) == &kIntClass;  // the guard after the side effect
  push(cx, f, cx.template constant<Object*>(isInt ? &kOneBox : &kZeroBox));
  ++f->pc_;
  return Step::kNext;
}

}  // namespace pyl::toys::stack::handlers
