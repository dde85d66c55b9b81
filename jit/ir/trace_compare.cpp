// jit/ir/trace_compare.cpp — equality of traces modulo value renaming (jit/ir/trace_compare.h).
#include "jit/ir/trace_compare.h"

#include <unordered_map>

#include "jit/ir/printer.h"

namespace pyl::jit::ir {

namespace {

class Comparer {
 public:
  Comparer(const Trace& actual, const Trace& expected) : a_(actual), e_(expected) {}

  std::optional<std::string> run() {
    if (a_.inputArgCount() != e_.inputArgCount()) return "different number of input args";
    for (std::size_t i = 0; i < a_.inputArgCount(); ++i) {
      if (a_.inputArgType(i) != e_.inputArgType(i))
        return "input arg " + std::to_string(i) + " has a different type";
      map_[Value::inputArg(static_cast<std::uint32_t>(i))] =
          Value::inputArg(static_cast<std::uint32_t>(i));
    }
    std::size_t n = std::min(a_.size(), e_.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (auto problem = compareOp(i)) {
        return "op " + std::to_string(i) + ": " + *problem + "\n  actual:   " + printOp(a_, i) +
               "\n  expected: " + printOp(e_, i);
      }
    }
    if (a_.size() != e_.size()) {
      return "different lengths: actual " + std::to_string(a_.size()) + " ops, expected " +
             std::to_string(e_.size());
    }
    return std::nullopt;
  }

 private:
  bool sameValue(Value actual, Value expected) {
    if (actual.kind() != expected.kind()) return false;
    if (actual.isConst()) {
      return a_.constant(actual).type == e_.constant(expected).type &&
             a_.constBits(actual) == e_.constBits(expected);
    }
    if (actual.isVirtual() || actual.isNone()) return actual == expected;
    auto it = map_.find(actual);
    return it != map_.end() && it->second == expected;
  }

  std::optional<std::string> compareOp(std::size_t i) {
    const Op& a = a_.ops()[i];
    const Op& e = e_.ops()[i];
    if (a.opcode != e.opcode) return std::string("different operations");
    if (a.descr != e.descr) return std::string("different descrs");
    if (a.args.size() != e.args.size()) return std::string("different argument counts");
    for (std::size_t k = 0; k < a.args.size(); ++k) {
      if (!sameValue(a.args[k], e.args[k])) return "argument " + std::to_string(k) + " differs";
    }
    if (e.snapshot >= 0 && !e_.snapshot(e.snapshot).frames.empty()) {
      if (a.snapshot < 0) return std::string("missing snapshot");
      if (auto problem = compareSnapshots(a_.snapshot(a.snapshot), e_.snapshot(e.snapshot)))
        return problem;
    }
    map_[Value::op(static_cast<std::uint32_t>(i))] = Value::op(static_cast<std::uint32_t>(i));
    return std::nullopt;
  }

  std::optional<std::string> compareValues(const std::vector<Value>& a, const std::vector<Value>& e,
                                           const char* what) {
    if (a.size() != e.size()) return std::string("snapshot ") + what + " differ in length";
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (!sameValue(a[k], e[k]))
        return std::string("snapshot ") + what + " differ at " + std::to_string(k);
    }
    return std::nullopt;
  }

  std::optional<std::string> compareSnapshots(const Snapshot& a, const Snapshot& e) {
    if (a.frames.size() != e.frames.size()) return std::string("snapshot frame counts differ");
    for (std::size_t f = 0; f < a.frames.size(); ++f) {
      if (a.frames[f].code != e.frames[f].code || a.frames[f].pc != e.frames[f].pc)
        return std::string("snapshot frame location differs");
      if (auto p = compareValues(a.frames[f].slots, e.frames[f].slots, "slots")) return p;
    }
    if (a.virtuals.size() != e.virtuals.size())
      return std::string("snapshot virtual counts differ");
    for (std::size_t k = 0; k < a.virtuals.size(); ++k) {
      const VirtualObject& va = a.virtuals[k];
      const VirtualObject& ve = e.virtuals[k];
      if (va.allocOp != ve.allocOp || va.descr != ve.descr || va.fields != ve.fields)
        return std::string("snapshot virtual shapes differ");
      if (auto p = compareValues(va.values, ve.values, "virtual fields")) return p;
    }
    if (a.pendingStores.size() != e.pendingStores.size())
      return std::string("snapshot pending store counts differ");
    for (std::size_t k = 0; k < a.pendingStores.size(); ++k) {
      const PendingStore& sa = a.pendingStores[k];
      const PendingStore& se = e.pendingStores[k];
      if (sa.descr != se.descr || !sameValue(sa.object, se.object) ||
          !sameValue(sa.value, se.value) || sa.index.isNone() != se.index.isNone() ||
          (!sa.index.isNone() && !sameValue(sa.index, se.index))) {
        return std::string("snapshot pending stores differ");
      }
    }
    return std::nullopt;
  }

  const Trace& a_;
  const Trace& e_;
  std::unordered_map<Value, Value> map_;
};

}  // namespace

std::optional<std::string> compareTraces(const Trace& actual, const Trace& expected) {
  return Comparer(actual, expected).run();
}

}  // namespace pyl::jit::ir
