// jit/opt/pass_util.cpp — TraceRewriter (see jit/opt/pass_util.h).
#include "jit/opt/pass_util.h"

#include <unordered_set>

namespace pyl::jit::opt {

TraceRewriter::TraceRewriter(const Trace& in) : in_(in), opMap_(in.size()) {
  for (std::size_t i = 0; i < in.inputArgCount(); ++i) {
    Value arg = out_.addInputArg(in.inputArgType(i));
    inputMap_.push_back(arg);
  }
  out_.copyCallPureResults(in);
}

Value TraceRewriter::map(Value old) {
  if (old.isNone() || old.isVirtual()) return old;
  if (old.isConst()) {
    const ir::Constant& c = in_.constant(old);
    return c.isClass ? out_.constClass(in_.constBits(old))
                     : out_.constOfType(c.type, in_.constBits(old));
  }
  if (old.isInputArg()) return old.index() < inputMap_.size() ? inputMap_[old.index()] : Value();
  return old.index() < opMap_.size() ? opMap_[old.index()] : Value();
}

std::vector<Value> TraceRewriter::mapArgs(const std::vector<Value>& args) {
  std::vector<Value> mapped;
  mapped.reserve(args.size());
  for (Value v : args) mapped.push_back(map(v));
  return mapped;
}

Value TraceRewriter::copy(std::size_t index) {
  return copyWithArgs(index, mapArgs(in_.ops()[index].args));
}

Value TraceRewriter::copyWithArgs(std::size_t index, std::vector<Value> args) {
  const Op& op = in_.ops()[index];
  Op copied;
  copied.opcode = op.opcode;
  copied.descr = op.descr;
  copied.args = std::move(args);
  if (op.snapshot >= 0) copied.snapshot = copySnapshot(op.snapshot);
  Value result = out_.append(std::move(copied));
  opMap_[index] = result;
  return result;
}

Value TraceRewriter::copyLabel(std::size_t index) {
  return copyLabelWithArgs(index, mapArgs(in_.ops()[index].args));
}

Value TraceRewriter::copyLabelWithArgs(std::size_t index, std::vector<Value> args) {
  const Op& op = in_.ops()[index];
  std::unordered_set<Value> seen;
  for (Value& v : args) {
    if (v.isConst() || !seen.insert(v).second) v = out_.emit(ir::sameAsFor(out_.typeOf(v)), {v});
    seen.insert(v);
  }
  Value label = copyWithArgs(index, args);
  lastLabel_ = label.index();
  for (std::size_t i = 0; i < op.args.size(); ++i) {
    if (!op.args[i].isConst()) slot(op.args[i]) = args[i];
  }
  return label;
}

std::int32_t TraceRewriter::copySnapshot(std::int32_t index,
                                         const std::function<Value(Value)>& slot) {
  Snapshot s = in_.snapshot(index);
  s.mapValues([&](Value v) {
    if (v.isVirtual() || v.isNone()) return v;
    return slot ? slot(v) : map(v);
  });
  return out_.addSnapshot(std::move(s));
}

Value zeroOf(Trace& trace, Type type) {
  switch (type) {
    case Type::Ref:
      return trace.constRef(nullptr);
    case Type::Float:
      return trace.constFloat(0.0);
    default:
      return trace.constInt(0);
  }
}

}  // namespace pyl::jit::opt
