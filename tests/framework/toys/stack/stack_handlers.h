// tests/framework/toys/stack/stack_handlers.h — one handler per instruction of stack_ops.def,
// each a template over the execution context; the object instructions (newobj, getattr,
// setattr, storecheck) are in stack_attr_handlers.h. Included by stack_interp.h after the
// helpers (push/pop/box/unbox/unwind/loopHeader) it uses; nothing else includes it.
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
  if (*vm.callDepth() >= kMaxCallDepth) return raiseError(cx, f, kRecursionError, result);
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
        // Not inlined: the trace calls the callee's compiled function trace if it has one
        // (call_assembler, e.g. for recursion), else the interpreter for it.
        auto arg = [&](std::int64_t i) {
          return i < callee->params ? c.template slot<Object*>(frame, i)
                                    : c.template constant<Object*>(kNone);
        };
        auto value = c.template callUserFunction<framework::MayForce>(
            callee, frame, &callResidual, c.constant(callee), arg(0), arg(1), arg(2), arg(3));
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
