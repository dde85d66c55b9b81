// jit/ir/trace.cpp — the trace container (jit/ir/trace.h): constant pool, op list, snapshots,
// recorded elidable-call results and the GC root table.
#include "jit/ir/trace.h"

#include <bit>
#include <cstdlib>

namespace pyl::jit::ir {

Value Trace::addInputArg(Type type) {
  inputTypes_.push_back(type);
  return Value::inputArg(static_cast<std::uint32_t>(inputTypes_.size() - 1));
}

std::vector<Value> Trace::inputArgs() const {
  std::vector<Value> args;
  for (std::size_t i = 0; i < inputTypes_.size(); ++i)
    args.push_back(Value::inputArg(static_cast<std::uint32_t>(i)));
  return args;
}

Value Trace::constOfType(Type type, std::uint64_t bits) {
  std::pair<std::uint64_t, std::uint64_t> key{static_cast<std::uint64_t>(type), bits};
  auto it = constIndex_.find(key);
  if (it != constIndex_.end()) return Value::constant(it->second);
  auto index = static_cast<std::uint32_t>(constInfo_.size());
  constInfo_.push_back(Constant{type, false});
  constBits_.push_back(bits);
  constIndex_.emplace(key, index);
  return Value::constant(index);
}

Value Trace::constInt(std::int64_t value) {
  return constOfType(Type::Int, static_cast<std::uint64_t>(value));
}
Value Trace::constFloat(double value) {
  return constOfType(Type::Float, std::bit_cast<std::uint64_t>(value));
}
Value Trace::constRef(const void* pointer) {
  return constOfType(Type::Ref,
                     static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(pointer)));
}

Value Trace::constClass(std::uint64_t classIdentity) {
  // Class constants are Ints kept apart from plain ints so the printer can name them.
  std::pair<std::uint64_t, std::uint64_t> key{16, classIdentity};
  auto it = constIndex_.find(key);
  if (it != constIndex_.end()) return Value::constant(it->second);
  auto index = static_cast<std::uint32_t>(constInfo_.size());
  constInfo_.push_back(Constant{Type::Int, true});
  constBits_.push_back(classIdentity);
  constIndex_.emplace(key, index);
  return Value::constant(index);
}

double Trace::constDouble(Value v) const {
  return std::bit_cast<double>(constBits_[v.index()]);
}

Value Trace::emit(Opcode opcode, std::span<const Value> args, const Descr* descr) {
  Op op;
  op.opcode = opcode;
  op.descr = descr;
  op.args.assign(args.begin(), args.end());
  return append(std::move(op));
}

Value Trace::emitGuard(Opcode opcode, std::span<const Value> args, Snapshot snapshot,
                       const Descr* descr) {
  Op op;
  op.opcode = opcode;
  op.descr = descr;
  op.args.assign(args.begin(), args.end());
  op.snapshot = addSnapshot(std::move(snapshot));
  return append(std::move(op));
}

Value Trace::append(Op op) {
  ops_.push_back(std::move(op));
  return Value::op(static_cast<std::uint32_t>(ops_.size() - 1));
}

std::int32_t Trace::addSnapshot(Snapshot snapshot) {
  for (const SnapshotFrame& frame : snapshot.frames) {
    keepAlive(reinterpret_cast<const void*>(static_cast<std::uintptr_t>(frame.code)));
  }
  snapshots_.push_back(std::move(snapshot));
  return static_cast<std::int32_t>(snapshots_.size() - 1);
}

Type Trace::typeOf(Value v) const {
  switch (v.kind()) {
    case ValueKind::kInputArg:
      return inputTypes_[v.index()];
    case ValueKind::kOp:
      return ops_[v.index()].type();
    case ValueKind::kConst:
      return constInfo_[v.index()].type;
    case ValueKind::kVirtual:
      return Type::Ref;
    case ValueKind::kNone:
      return Type::Void;
  }
  std::abort();
}

std::vector<std::uint64_t> Trace::callKey(std::span<const Value> call) const {
  std::vector<std::uint64_t> key;
  for (Value v : call) {
    if (!v.isConst()) return {};
    key.push_back(constBits(v));
  }
  return key;
}

void Trace::recordCallPureResult(std::span<const Value> call, Value result) {
  std::vector<std::uint64_t> key = callKey(call);
  if (key.empty()) return;  // only calls with all-constant arguments are recorded
  if (result.isConst()) {
    callPureResults_[key] = {constant(result).type, constBits(result)};
  } else {
    callPureResults_[key] = {Type::Void, 0};
  }
}

std::optional<Value> Trace::callPureResult(std::span<const Value> call) {
  std::vector<std::uint64_t> key = callKey(call);
  if (key.empty()) return std::nullopt;
  auto it = callPureResults_.find(key);
  if (it == callPureResults_.end()) return std::nullopt;
  if (it->second.first == Type::Void) return Value();
  return constOfType(it->second.first, it->second.second);
}

void Trace::copyCallPureResults(const Trace& from) {
  for (const auto& [key, result] : from.callPureResults_) {
    callPureResults_[key] = result;
    // The key's constants must stay rooted by this trace too.
    for (std::uint64_t bits : key)
      keepAlive(reinterpret_cast<const void*>(static_cast<std::uintptr_t>(bits)));
    keepAlive(reinterpret_cast<const void*>(static_cast<std::uintptr_t>(result.second)));
  }
}

void Trace::keepAlive(const void* pointer) {
  if (pointer != nullptr) roots_.push_back(pointer);
}

}  // namespace pyl::jit::ir
