// tests/unit/jit/backend_llvm/random_trace.cpp — see random_trace.h.
//
// Node layout of the generated heap ops (one static class, like framework/object.h's objects):
//   0 class word | 8 value (int) | 16 next (ref) | 24 float | 32 int32 (signed) | 36 uint8
// Arrays: length at 0, int items from 8.
#include "tests/unit/jit/backend_llvm/random_trace.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include "framework/exception_state.h"
#include "framework/object.h"
#include "jit/ir/op_semantics.h"
#include "jit/ir/verifier.h"

namespace pyl::jit::testing {

namespace {

using ir::Opcode;
using ir::Type;
using ir::Value;

const framework::ObjectClass kNodeClass{"RandomNode", 40};
const framework::ObjectClass kErrorClass{"RandomError", 8};
framework::Object errorInstance{&kErrorClass};

std::uint64_t identity(const void* p) { return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p)); }

// The residual call: 3x + 1, raising (setting the pending exception) when x % 97 == 13, so
// guard_no_exception fails at data-dependent iterations.
std::uint64_t tripleThunk(const void*, const std::uint64_t* args) {
  auto x = static_cast<std::int64_t>(args[0]);
  if (x % 97 == 13) framework::raisePending(&errorInstance);
  return static_cast<std::uint64_t>(x) * 3 + 1;
}

struct Descrs {
  ir::DescrPool pool;
  ir::SizeDescr* node = nullptr;
  ir::FieldDescr* value = nullptr;
  ir::FieldDescr* next = nullptr;
  ir::FieldDescr* real = nullptr;
  ir::FieldDescr* int32 = nullptr;
  ir::FieldDescr* uint8 = nullptr;
  ir::ArrayDescr* array = nullptr;
  ir::CallDescr* triple = nullptr;

  Descrs() {
    node = &pool.addSize("rnode");
    node->size = 40;
    node->vtable = identity(&kNodeClass);
    value = &field("rvalue", 8, Type::Int, 8, true);
    next = &field("rnext", 16, Type::Ref, 8, true);
    real = &field("rfloat", 24, Type::Float, 8, true);
    int32 = &field("rint32", 32, Type::Int, 4, true);
    uint8 = &field("ruint8", 36, Type::Int, 1, false);
    array = &pool.addArray("rarray");
    array->itemType = Type::Int;
    triple = &pool.addCall("rtriple");
    triple->resultType = Type::Int;
    triple->argTypes = {Type::Int};
    triple->effects.extra = ir::ExtraEffect::kCanRaise;
    triple->thunk = &tripleThunk;
  }

  ir::FieldDescr& field(const char* name, std::size_t offset, Type type, std::uint8_t size, bool isSigned) {
    ir::FieldDescr& d = pool.addField(name);
    d.offset = offset;
    d.type = type;
    d.size = size;
    d.isSigned = isSigned;
    d.owner = node;
    return d;
  }
};

const Descrs& descrs() {
  static const Descrs* d = new Descrs();
  return *d;
}

class Generator {
 public:
  Generator(std::uint64_t seed, ir::Trace& trace) : random_(seed), trace_(trace) {}

  std::uint64_t below(std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(random_); }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
  template <class T>
  T pick(const std::vector<T>& values) { return values[below(values.size())]; }

  std::int64_t interestingInt() {
    static const std::int64_t kValues[] = {0, 1, -1, 2, 3, 7, 13, 100, -100, 255, 1 << 20,
                                           INT64_MAX, INT64_MIN, INT64_MAX / 3, -(INT64_MAX / 5)};
    if (chance(50)) return kValues[below(sizeof kValues / sizeof kValues[0])];
    return static_cast<std::int64_t>(random_());
  }

  Value intOperand() {
    if (chance(20)) return trace_.constInt(interestingInt());
    return pick(ints_);
  }

  void emitInt() {
    static const Opcode kBinary[] = {Opcode::int_add, Opcode::int_sub, Opcode::int_mul, Opcode::int_and,
                                     Opcode::int_or, Opcode::int_xor, Opcode::int_lt, Opcode::int_le,
                                     Opcode::int_eq, Opcode::int_ne, Opcode::int_gt, Opcode::int_ge,
                                     Opcode::uint_lt, Opcode::uint_ge, Opcode::uint_gt, Opcode::uint_le};
    static const Opcode kUnary[] = {Opcode::int_neg, Opcode::int_invert, Opcode::int_is_true, Opcode::int_is_zero};
    switch (below(5)) {
      case 0:
        ints_.push_back(trace_.emit(pick(std::vector<Opcode>(std::begin(kUnary), std::end(kUnary))), {intOperand()}));
        return;
      case 1: {  // shifts by a constant count in [0, 63]
        static const Opcode kShift[] = {Opcode::int_lshift, Opcode::int_rshift, Opcode::uint_rshift};
        Opcode op = kShift[below(3)];
        ints_.push_back(trace_.emit(op, {pick(ints_), trace_.constInt(static_cast<std::int64_t>(below(64)))}));
        return;
      }
      case 2: {  // Python division by a constant that is never 0 or -1
        static const std::int64_t kDivisors[] = {2, 3, 5, 7, 10, -2, -3, -7, 1000003};
        Opcode op = chance(50) ? Opcode::int_floordiv : Opcode::int_mod;
        ints_.push_back(trace_.emit(op, {pick(ints_), trace_.constInt(kDivisors[below(9)])}));
        return;
      }
      default: {
        Opcode op = kBinary[below(sizeof kBinary / sizeof kBinary[0])];
        ints_.push_back(trace_.emit(op, {pick(ints_), intOperand()}));
        return;
      }
    }
  }

  void emitOverflow() {
    static const Opcode kOvf[] = {Opcode::int_add_ovf, Opcode::int_sub_ovf, Opcode::int_mul_ovf};
    Value r = trace_.emit(kOvf[below(3)], {pick(ints_), intOperand()});
    emitGuard(chance(90) ? Opcode::guard_no_overflow : Opcode::guard_overflow, {});
    ints_.push_back(r);
  }

  void emitFloat() {
    static const Opcode kBinary[] = {Opcode::float_add, Opcode::float_sub, Opcode::float_mul, Opcode::float_truediv};
    static const Opcode kCompare[] = {Opcode::float_lt, Opcode::float_le, Opcode::float_eq,
                                      Opcode::float_ne, Opcode::float_gt, Opcode::float_ge};
    switch (below(4)) {
      case 0: floats_.push_back(trace_.emit(Opcode::cast_int_to_float, {pick(ints_)})); return;
      case 1: floats_.push_back(trace_.emit(chance(50) ? Opcode::float_neg : Opcode::float_abs, {pick(floats_)})); return;
      case 2: ints_.push_back(trace_.emit(kCompare[below(6)], {pick(floats_), pick(floats_)})); return;
      default: {
        Value b = chance(20) ? trace_.constFloat(chance(50) ? 0.5 : -3.25) : pick(floats_);
        floats_.push_back(trace_.emit(kBinary[below(4)], {pick(floats_), b}));
      }
    }
  }

  // Guards that depend on values that change every iteration fail at random iterations.
  void emitDataGuard() {
    Value v = pick(ints_);
    if (chance(50)) {
      std::int64_t mask = static_cast<std::int64_t>((1u << below(5)) - 1);
      Value masked = trace_.emit(Opcode::int_and, {v, trace_.constInt(mask | 1)});
      ints_.push_back(masked);
      Value test = trace_.emit(Opcode::int_ne, {masked, trace_.constInt(static_cast<std::int64_t>(below(2)))});
      ints_.push_back(test);
      emitGuard(Opcode::guard_true, {test});
    } else {
      emitGuard(chance(50) ? Opcode::guard_true : Opcode::guard_false, {pick(ints_)});
    }
  }

  void emitHeap() {
    const Descrs& d = descrs();
    switch (below(5)) {
      case 0: {
        Value node = trace_.emit(Opcode::new_with_vtable, {}, d.node);
        trace_.emit(Opcode::setfield_gc, {node, pick(ints_)}, d.value);
        trace_.emit(Opcode::setfield_gc, {node, pick(refs_)}, d.next);
        trace_.emit(Opcode::setfield_gc, {node, pick(floats_)}, d.real);
        trace_.emit(Opcode::setfield_gc, {node, pick(ints_)}, d.int32);
        trace_.emit(Opcode::setfield_gc, {node, pick(ints_)}, d.uint8);
        refs_.push_back(node);
        return;
      }
      case 1: {
        Value node = pick(refs_);
        emitGuard(Opcode::guard_class, {node, trace_.constClass(d.node->vtable)});
        ints_.push_back(trace_.emit(Opcode::getfield_gc_i, {node}, chance(50) ? d.value : (chance(50) ? d.int32 : d.uint8)));
        floats_.push_back(trace_.emit(Opcode::getfield_gc_f, {node}, d.real));
        return;
      }
      case 2: {
        Value node = pick(refs_);
        Value next = trace_.emit(Opcode::getfield_gc_r, {node}, d.next);
        emitGuard(Opcode::guard_nonnull_class, {next, trace_.constClass(d.node->vtable)});
        refs_.push_back(next);
        return;
      }
      case 3: {
        Value array = trace_.emit(Opcode::new_array, {trace_.constInt(8)}, d.array);
        Value index = trace_.emit(Opcode::int_and, {pick(ints_), trace_.constInt(7)});
        trace_.emit(Opcode::setarrayitem_gc, {array, index, pick(ints_)}, d.array);
        Value other = trace_.emit(Opcode::int_and, {pick(ints_), trace_.constInt(7)});
        ints_.push_back(index);
        ints_.push_back(trace_.emit(Opcode::getarrayitem_gc_i, {array, other}, d.array));
        ints_.push_back(trace_.emit(Opcode::arraylen_gc, {array}, d.array));
        return;
      }
      default: {
        Value node = pick(refs_);
        trace_.emit(Opcode::setfield_gc, {node, pick(ints_)}, d.value);
      }
    }
  }

  void emitCall() {
    Value fn = trace_.constInt(0x7000);  // the thunk ignores it
    Value r = trace_.emit(Opcode::call_i, {fn, pick(ints_)}, descrs().triple);
    emitGuard(Opcode::guard_no_exception, {});
    ints_.push_back(r);
  }

  // A snapshot naming a random subset of the values in scope, a constant, and sometimes a
  // virtual node whose fields are live values.
  ir::Snapshot snapshot() {
    ir::Snapshot s;
    ir::SnapshotFrame frame;
    frame.code = 0x100;
    frame.pc = static_cast<std::uint32_t>(below(50));
    frame.slots.push_back(counter_);
    for (int i = 0, n = static_cast<int>(below(6)); i < n; ++i) {
      switch (below(4)) {
        case 0: frame.slots.push_back(pick(floats_)); break;
        case 1: frame.slots.push_back(pick(refs_)); break;
        default: frame.slots.push_back(pick(ints_)); break;
      }
    }
    frame.slots.push_back(trace_.constInt(interestingInt()));
    if (chance(30)) {
      ir::VirtualObject object;
      object.allocOp = Opcode::new_with_vtable;
      object.descr = descrs().node;
      object.fields = {descrs().value, descrs().next};
      object.values = {pick(ints_), pick(refs_)};
      s.virtuals.push_back(object);
      frame.slots.push_back(Value::virtualRef(0));
    }
    s.frames.push_back(std::move(frame));
    return s;
  }

  void emitGuard(Opcode op, std::initializer_list<Value> args) { trace_.emitGuard(op, args, snapshot()); }

  void body(int ops) {
    for (int i = 0; i < ops; ++i) {
      switch (below(10)) {
        case 0: emitOverflow(); break;
        case 1:
        case 2: emitFloat(); break;
        case 3: if (chance(40)) emitDataGuard(); else emitInt(); break;
        case 4:
        case 5: emitHeap(); break;
        case 6: if (chance(30)) emitCall(); else emitInt(); break;
        default: emitInt(); break;
      }
    }
  }

  std::mt19937_64 random_;
  ir::Trace& trace_;
  Value counter_;
  std::vector<Value> ints_, floats_, refs_;
};

}  // namespace

RandomLoop generateLoop(std::uint64_t seed, ir::TargetDescr& target, int bodyOps) {
  auto trace = std::make_shared<ir::Trace>();
  Generator g(seed, *trace);
  const Type kTypes[] = {Type::Int, Type::Int, Type::Int, Type::Int, Type::Float, Type::Ref};
  std::vector<Value> args;
  for (Type t : kTypes) args.push_back(trace->addInputArg(t));
  target.argTypes.assign(std::begin(kTypes), std::end(kTypes));
  trace->emit(Opcode::label, std::span<const Value>(args), &target);
  g.counter_ = args[0];
  g.ints_ = {args[0], args[1], args[2], args[3]};
  g.floats_ = {args[4]};
  g.refs_ = {args[5]};
  // The bound: every run ends after at most `limit` iterations.
  Value more = trace->emit(Opcode::int_lt, {args[0], trace->constInt(static_cast<std::int64_t>(50 + g.below(200)))});
  g.emitGuard(Opcode::guard_true, {more});  // op kBoundGuardOp
  g.body(bodyOps);
  Value next = trace->emit(Opcode::int_add, {args[0], trace->constInt(1)});
  std::vector<Value> jump = {next, g.pick(g.ints_), g.pick(g.ints_), g.pick(g.ints_), g.pick(g.floats_), g.pick(g.refs_)};
  trace->emit(Opcode::jump, std::span<const Value>(jump), &target);
  if (auto problem = ir::verifyTrace(*trace)) throw std::logic_error("generated an invalid loop: " + *problem);

  RandomLoop loop;
  loop.trace = trace;
  loop.label = &target;
  loop.inputs = {0, ir::intBits(g.interestingInt()), ir::intBits(g.interestingInt()),
                 static_cast<std::uint64_t>(g.below(1000)), ir::floatBits(1.5), 0};
  loop.inputs = loop.freshInputs();
  return loop;
}

std::vector<std::uint64_t> RandomLoop::freshInputs() const {
  const Descrs& d = descrs();
  std::uint64_t start = ir::allocateObject(*d.node, true);
  ir::storeField(start, *d.value, 5);
  ir::storeField(start, *d.next, start);  // a cycle: loads of next always find a node
  std::vector<std::uint64_t> words = inputs;
  words.back() = start;
  return words;
}

std::shared_ptr<const ir::Trace> generateBridge(std::uint64_t seed, const ir::Trace& loop, std::uint32_t guardOp,
                                                const ir::TargetDescr& target, bool mayJump) {
  auto trace = std::make_shared<ir::Trace>();
  Generator g(seed, *trace);
  const ir::Snapshot& s = loop.snapshot(loop.ops()[guardOp].snapshot);
  std::vector<Value> live;
  std::unordered_set<Value> seen;
  s.forEachValue([&](Value v) {
    if ((v.isInputArg() || v.isOp()) && seen.insert(v).second) live.push_back(v);
  });
  std::vector<Value> args;
  for (Value v : live) {
    Value arg = trace->addInputArg(loop.typeOf(v));
    args.push_back(arg);
    switch (loop.typeOf(v)) {
      case Type::Int: g.ints_.push_back(arg); break;
      case Type::Float: g.floats_.push_back(arg); break;
      default: g.refs_.push_back(arg); break;
    }
  }
  // Every snapshot starts with the loop counter, so the bridge's first input is the counter.
  g.counter_ = args.at(0);
  if (g.floats_.empty()) g.floats_.push_back(trace->emit(Opcode::cast_int_to_float, {args[0]}));
  if (g.refs_.empty()) g.refs_.push_back(trace->emit(Opcode::new_with_vtable, {}, descrs().node));
  g.body(8);
  if (!mayJump || g.chance(40)) {
    std::vector<Value> results = {g.pick(g.ints_), g.pick(g.floats_)};
    trace->emit(Opcode::finish, std::span<const Value>(results));
  } else {
    Value next = trace->emit(Opcode::int_add, {g.counter_, trace->constInt(1)});
    std::vector<Value> jump = {next, g.pick(g.ints_), g.pick(g.ints_), g.pick(g.ints_), g.pick(g.floats_), g.pick(g.refs_)};
    trace->emit(Opcode::jump, std::span<const Value>(jump), &target);
  }
  if (auto problem = ir::verifyTrace(*trace)) throw std::logic_error("generated an invalid bridge: " + *problem);
  return trace;
}

}  // namespace pyl::jit::testing
