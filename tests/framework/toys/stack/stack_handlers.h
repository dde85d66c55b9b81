// tests/framework/toys/stack/stack_handlers.h — one handler per instruction of stack_ops.def,
// each a template over the execution context. Included by stack_interp.h after the helpers
// (push/pop/box/unbox/unwind/loopHeader) it uses; nothing else includes it.
#pragma once

#include "tests/framework/toys/stack/stack_interp.h"

namespace pyl::toys::stack::handlers {

template <class Cx>
Step push(Vm& vm, Cx& cx, Frame* f, const Instr& in, V<Cx>*) {
  push(cx, f,
       cx.template constant<Object*>(vm.program().constants[static_cast<std::size_t>(in.arg)]));
  ++f->pc_;
  return Step::kNext;
}
template <class Cx>
Step pushnone(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  push(cx, f, cx.template constant<Object*>(kNone));
  ++f->pc_;
  return Step::kNext;
}
template <class Cx>
Step load(Vm&, Cx& cx, Frame* f, const Instr& in, V<Cx>*) {
  push(cx, f, cx.template slot<Object*>(f, in.arg));
  ++f->pc_;
  return Step::kNext;
}
template <class Cx>
Step store(Vm&, Cx& cx, Frame* f, const Instr& in, V<Cx>*) {
  cx.setSlot(f, in.arg, pop(cx, f));
  ++f->pc_;
  return Step::kNext;
}
template <class Cx>
Step dup(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  auto v = cx.template slot<Object*>(f, f->depth_ - 1);
  push(cx, f, v);
  ++f->pc_;
  return Step::kNext;
}
template <class Cx>
Step pop(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  pop(cx, f);
  ++f->pc_;
  return Step::kNext;
}
template <class Cx>
Step swap(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  auto b = pop(cx, f);
  auto a = pop(cx, f);
  push(cx, f, b);
  push(cx, f, a);
  ++f->pc_;
  return Step::kNext;
}

// The shape of every int binary op: check both classes, unbox, compute, box.
template <class Cx, class Compute>
Step intBinary(Cx& cx, Frame* f, V<Cx>* result, Compute compute) {
  auto b = pop(cx, f);
  auto a = pop(cx, f);
  if (cx.classOf(a) != &kIntClass || cx.classOf(b) != &kIntClass)
    return raiseError(cx, f, kTypeError, result);
  typename Cx::template Val<std::int64_t> r{};
  ErrorObject* error = compute(unbox(cx, a), unbox(cx, b), &r);
  if (error != nullptr) return raiseError(cx, f, *error, result);
  push(cx, f, box(cx, r));
  ++f->pc_;
  return Step::kNext;
}

template <class Cx>
Step add(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>* result) {
  return intBinary(cx, f, result, [&](auto x, auto y, auto* r) {
    return cx.addOverflows(x, y, r) ? &kOverflowError : nullptr;
  });
}
template <class Cx>
Step sub(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>* result) {
  return intBinary(cx, f, result, [&](auto x, auto y, auto* r) {
    return cx.subOverflows(x, y, r) ? &kOverflowError : nullptr;
  });
}
template <class Cx>
Step mul(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>* result) {
  return intBinary(cx, f, result, [&](auto x, auto y, auto* r) {
    return cx.mulOverflows(x, y, r) ? &kOverflowError : nullptr;
  });
}

// Division checks the two undefined cases first, then calls the elidable floor helper.
template <class Cx, class Fn>
ErrorObject* divide(Cx& cx, typename Cx::template Val<std::int64_t> x,
                    typename Cx::template Val<std::int64_t> y,
                    typename Cx::template Val<std::int64_t>* r, Fn helper) {
  if (cx.isTrue(cx.eq(y, cx.constant(std::int64_t{0})))) return &kZeroDivisionError;
  if (cx.isTrue(cx.eq(y, cx.constant(std::int64_t{-1}))) &&
      cx.isTrue(cx.eq(x, cx.constant(std::numeric_limits<std::int64_t>::min())))) {
    return &kOverflowError;
  }
  *r = cx.template call<framework::Elidable>(helper, x, y);
  return nullptr;
}
template <class Cx>
Step div(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>* result) {
  return intBinary(cx, f, result,
                   [&](auto x, auto y, auto* r) { return divide(cx, x, y, r, &floorDivide); });
}
template <class Cx>
Step mod(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>* result) {
  return intBinary(cx, f, result,
                   [&](auto x, auto y, auto* r) { return divide(cx, x, y, r, &floorModulo); });
}

#define PYL_TOY_COMPARE(name, method)                              \
  template <class Cx>                                              \
  Step name(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>* result) {  \
    return intBinary(cx, f, result, [&](auto x, auto y, auto* r) { \
      *r = cx.toInt(cx.method(x, y));                              \
      return static_cast<ErrorObject*>(nullptr);                   \
    });                                                            \
  }
PYL_TOY_COMPARE(lt, lt)
PYL_TOY_COMPARE(le, le)
PYL_TOY_COMPARE(gt, gt)
PYL_TOY_COMPARE(ge, ge)
#undef PYL_TOY_COMPARE

// eq/ne compare ints by value and everything else by identity.
template <class Cx>
Step equality(Cx& cx, Frame* f, bool negate) {
  auto b = pop(cx, f);
  auto a = pop(cx, f);
  typename Cx::template Val<std::int64_t> r{};
  if (cx.classOf(a) == &kIntClass && cx.classOf(b) == &kIntClass) {
    r = cx.toInt(negate ? cx.ne(unbox(cx, a), unbox(cx, b)) : cx.eq(unbox(cx, a), unbox(cx, b)));
  } else {
    r = cx.toInt(cx.same(a, b));
    if (negate) r = cx.bitXor(r, cx.constant(std::int64_t{1}));
  }
  push(cx, f, box(cx, r));
  ++f->pc_;
  return Step::kNext;
}
template <class Cx>
Step eq(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  return equality(cx, f, false);
}
template <class Cx>
Step ne(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  return equality(cx, f, true);
}
template <class Cx>
Step isint(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  bool isInt = cx.classOf(pop(cx, f)) == &kIntClass;
  push(cx, f, cx.template constant<Object*>(isInt ? &kOneBox : &kZeroBox));
  ++f->pc_;
  return Step::kNext;
}

template <class Cx>
Step jump(Vm& vm, Cx& cx, Frame* f, const Instr& in, V<Cx>* result) {
  bool backward = in.arg <= f->pc_;
  f->pc_ = in.arg;
  return backward ? loopHeader(vm, cx, f, result) : Step::kNext;
}
template <class Cx>
Step conditionalJump(Vm& vm, Cx& cx, Frame* f, const Instr& in, V<Cx>* result, bool when) {
  if (truth(cx, pop(cx, f)) != when) {
    ++f->pc_;
    return Step::kNext;
  }
  return jump(vm, cx, f, in, result);
}
template <class Cx>
Step jumpif(Vm& vm, Cx& cx, Frame* f, const Instr& in, V<Cx>* result) {
  return conditionalJump(vm, cx, f, in, result, true);
}
template <class Cx>
Step jumpifnot(Vm& vm, Cx& cx, Frame* f, const Instr& in, V<Cx>* result) {
  return conditionalJump(vm, cx, f, in, result, false);
}

template <class Cx>
Step call(Vm& vm, Cx& cx, Frame* f, const Instr& in, V<Cx>* result) {
  const Function* callee = vm.program().functions[static_cast<std::size_t>(in.arg)].get();
  if (vm.callDepth >= kMaxCallDepth) return raiseError(cx, f, kRecursionError, result);
  Frame* frame = vm.makeFrame(callee);
  for (std::int64_t i = callee->params; i-- > 0;) cx.setSlot(frame, i, pop(cx, f));
  for (std::int64_t i = callee->params; i < callee->locals; ++i) {
    cx.setSlot(frame, i, cx.template constant<Object*>(kNone));
  }
  // The call is this bytecode's last step (DESIGN.md §3.4 rule 3).
  ++f->pc_;
  Outcome<Cx> outcome = cx.userCall(
      callee, frame,
      [&](auto& c) -> Outcome<Cx> {
        if constexpr (Cx::kTracing) {
          return vm.runInlined(c, frame);
        } else {
          return vm.runFunction(frame);
        }
      },
      [&](auto& c) -> Outcome<Cx> {
        // Beyond the inlining limits: call the interpreter for the callee (PyPy's
        // call_assembler role); it may run the callee's own compiled code.
        auto arg = [&](std::int64_t i) {
          return i < callee->params ? c.template slot<Object*>(frame, i)
                                    : c.template constant<Object*>(kNone);
        };
        auto value = c.template call<framework::MayForce>(&callResidual, c.constant(callee), arg(0),
                                                          arg(1), arg(2), arg(3));
        if (c.exceptionRaised()) return {c.takeException(), true};
        return {value, false};
      });
  if (outcome.raised) return unwind(cx, f, f->pc_ - 1, outcome.value, result);
  push(cx, f, outcome.value);
  return Step::kNext;
}

template <class Cx>
Step ret(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>* result) {
  auto value = pop(cx, f);
  cx.frameReturns(f, value);
  *result = value;
  return Step::kReturned;
}
template <class Cx>
Step print(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>*) {
  auto value = pop(cx, f);
  ++f->pc_;
  cx.template call<framework::WritesAny>(&printValue, value);  // I/O: the last step
  return Step::kNext;
}
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
typename Cx::template Val<Map*> grownMap(Cx& cx, Map* map, const std::string* name,
                                         AttrKind kind) {
  return cx.template call<framework::Elidable>(
      &mapWith, cx.constant(map), cx.template constant<const std::string*>(name),
      cx.constant(static_cast<std::int64_t>(kind)));
}
template <class Cx>
typename Cx::template Val<Map*> devolvedMap(Cx& cx, Map* map, const std::string* name) {
  return cx.template call<framework::Elidable>(&mapDevolved, cx.constant(map),
                                               cx.template constant<const std::string*>(name));
}

template <class Cx>
Step getattr(Vm&, Cx& cx, Frame* f, const Instr& in, V<Cx>* result) {
  auto object = pop(cx, f);
  if (cx.classOf(object) != &kInstanceClass) return raiseError(cx, f, kAttributeError, result);
  auto instance = cx.template cast<Instance*>(object);
  // Objects of one shape share a map: promoting it makes the index and kind trace constants.
  Map* map = cx.promote(cx.template getField<&Instance::map>(instance));
  AttrLookup<Cx> attr = lookupAttr(cx, map, in.name);
  if (attr.missing) return raiseError(cx, f, kAttributeError, result);
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
  auto object = pop(cx, f);
  if (cx.classOf(object) != &kInstanceClass) return raiseError(cx, f, kAttributeError, result);
  auto instance = cx.template cast<Instance*>(object);
  // Promoted for the same reason as in getattr.
  Map* map = cx.promote(cx.template getField<&Instance::map>(instance));
  AttrLookup<Cx> attr = lookupAttr(cx, map, in.name);
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
    auto newMap = attr.missing ? grownMap(cx, map, in.name, AttrKind::kRef)
                               : devolvedMap(cx, map, in.name);
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
  auto object = pop(cx, f);
  if (cx.classOf(object) != &kInstanceClass) return raiseError(cx, f, kAttributeError, result);
  auto instance = cx.template cast<Instance*>(object);
  // Promoted for the same reason as in getattr.
  Map* map = cx.promote(cx.template getField<&Instance::map>(instance));
  AttrLookup<Cx> attr = lookupAttr(cx, map, in.name);
  if (attr.missing) return raiseError(cx, f, kAttributeError, result);
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

template <class Cx>
Step gload(Vm& vm, Cx& cx, Frame* f, const Instr& in, V<Cx>*) {
  auto cell = cx.template constant<GlobalCell*>(vm.program().globals.at(in.name));
  push(cx, f, cx.template getQuasiImmutable<&GlobalCell::value>(cell));
  ++f->pc_;
  return Step::kNext;
}
template <class Cx>
Step gstore(Vm& vm, Cx& cx, Frame* f, const Instr& in, V<Cx>*) {
  auto value = pop(cx, f);
  ++f->pc_;
  auto cell = cx.template constant<GlobalCell*>(vm.program().globals.at(in.name));
  cx.template setQuasiImmutable<&GlobalCell::value>(cell, value);  // the store is the last step
  return Step::kNext;
}

template <class Cx>
Step raise(Vm&, Cx& cx, Frame* f, const Instr&, V<Cx>* result) {
  auto exception = pop(cx, f);
  return unwind(cx, f, f->pc_, exception, result);
}

}  // namespace pyl::toys::stack::handlers
