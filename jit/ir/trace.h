// jit/ir/trace.h — the trace: an SSA list of ops over input args and typed constants.
//
// API (what the recorder, the optimizer and the backends use):
//   Trace t;
//   Value i0 = t.addInputArg(Type::Int);
//   Value one = t.constInt(1);                  // also constFloat, constRef, constClass
//   Value i1 = t.emit(Opcode::int_add, {i0, one});
//   Value i2 = t.emit(Opcode::int_lt, {i1, t.constInt(100)});
//   t.emitGuard(Opcode::guard_true, {i2}, snapshot);   // snapshot: jit/ir/snapshot.h
//   t.emit(Opcode::jump, {i1}, &loopToken);
// `t.ops()[v.index()]` is the op defining op-value v; `t.typeOf(v)`, `t.constBits(v)`.
//
// Invariants (checked by jit/ir/verifier.h): every argument is defined before use (after a
// label, only values defined after that label or constants); arity, argument types and
// descriptor kinds match ops.def; every guard has a snapshot; a jump matches its label.
//
// DESIGN(trace-gc-roots): the constant pool's bits live in a GC-scanned buffer
// (gc/allocator.h TracingAllocator), so ref constants keep their objects alive as long as the
// trace exists; snapshot code identities and anything else a backend bakes in go to the trace's
// root table (keepAlive), also scanned. Descriptors never hold collectable pointers (descr.h).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "gc/allocator.h"
#include "jit/ir/descr.h"
#include "jit/ir/ops.h"
#include "jit/ir/snapshot.h"
#include "jit/ir/value.h"

namespace pyl::jit::ir {

struct Op {
  Opcode opcode = Opcode::same_as_i;
  const Descr* descr = nullptr;
  std::int32_t snapshot = -1;  // index into Trace::snapshots() (guards; optionally label/jump)
  std::vector<Value> args;

  Type type() const { return resultType(opcode); }
  Value arg(std::size_t i) const { return args[i]; }
};

struct Constant {
  Type type = Type::Int;
  bool isClass = false;  // an Int holding a class identity (printed ConstClass(...))
};

class Trace {
 public:
  Trace() = default;

  // --- input args ---
  Value addInputArg(Type type);
  std::size_t inputArgCount() const { return inputTypes_.size(); }
  Type inputArgType(std::size_t i) const { return inputTypes_[i]; }
  std::vector<Value> inputArgs() const;

  // --- constants (deduplicated by type and bits) ---
  Value constInt(std::int64_t value);
  Value constFloat(double value);
  Value constRef(const void* pointer);
  Value constClass(std::uint64_t classIdentity);
  Value constOfType(Type type, std::uint64_t bits);
  const Constant& constant(Value v) const { return constInfo_[v.index()]; }
  std::uint64_t constBits(Value v) const { return constBits_[v.index()]; }
  std::int64_t constInt64(Value v) const {
    return static_cast<std::int64_t>(constBits_[v.index()]);
  }
  double constDouble(Value v) const;
  std::size_t constantCount() const { return constInfo_.size(); }
  // True when v is a constant whose bits equal `bits` (any type).
  bool isConstWith(Value v, std::uint64_t bits) const {
    return v.isConst() && constBits(v) == bits;
  }

  // --- ops ---
  Value emit(Opcode opcode, std::span<const Value> args, const Descr* descr = nullptr);
  Value emit(Opcode opcode, std::initializer_list<Value> args, const Descr* descr = nullptr) {
    return emit(opcode, std::span<const Value>(args.begin(), args.size()), descr);
  }
  // A guard (or label/jump) with its snapshot; the snapshot is added to the trace.
  Value emitGuard(Opcode opcode, std::span<const Value> args, Snapshot snapshot,
                  const Descr* descr = nullptr);
  Value emitGuard(Opcode opcode, std::initializer_list<Value> args, Snapshot snapshot,
                  const Descr* descr = nullptr) {
    return emitGuard(opcode, std::span<const Value>(args.begin(), args.size()), std::move(snapshot),
                     descr);
  }
  // Appends a fully built op (its snapshot index must already belong to this trace).
  Value append(Op op);
  const std::vector<Op>& ops() const { return ops_; }
  const Op& op(Value v) const { return ops_[v.index()]; }
  Op& mutableOp(std::size_t index) { return ops_[index]; }
  std::size_t size() const { return ops_.size(); }

  // --- snapshots ---
  std::int32_t addSnapshot(Snapshot snapshot);
  const Snapshot& snapshot(std::int32_t index) const {
    return snapshots_[static_cast<std::size_t>(index)];
  }
  Snapshot& mutableSnapshot(std::int32_t index) {
    return snapshots_[static_cast<std::size_t>(index)];
  }
  std::size_t snapshotCount() const { return snapshots_.size(); }

  // The IR type of any value (virtual refs are Ref).
  Type typeOf(Value v) const;

  // --- results of elidable calls observed while tracing (PyPy's call_pure_results) ---
  // `call` is the function and the arguments, all constants; `result` a constant (or None for
  // a void call). The pure pass folds call_pure_* with exactly these constant arguments.
  void recordCallPureResult(std::span<const Value> call, Value result);
  std::optional<Value> callPureResult(std::span<const Value> call);
  // Copies the other trace's recorded results into this one (passes do this).
  void copyCallPureResults(const Trace& from);

  // --- GC roots for anything a backend or resume bakes in ---
  void keepAlive(const void* pointer);
  std::size_t rootCount() const { return roots_.size(); }

 private:
  std::vector<std::uint64_t> callKey(std::span<const Value> call) const;

  std::vector<Type> inputTypes_;
  std::vector<Op> ops_;
  std::vector<Snapshot> snapshots_;
  std::vector<Constant> constInfo_;
  std::vector<std::uint64_t, gc::TracingAllocator<std::uint64_t>> constBits_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint32_t>
      constIndex_;  // (type|class, bits)
  std::vector<const void*, gc::TracingAllocator<const void*>> roots_;
  // Keys and results are bits of pool constants, so the objects they name stay rooted.
  std::map<std::vector<std::uint64_t>, std::pair<Type, std::uint64_t>> callPureResults_;
};

}  // namespace pyl::jit::ir
