// jit/opt/pass_util.h — the scaffolding every optimizer pass shares: a TraceRewriter that reads
// an input trace and builds the output trace, mapping old values to new ones.
//
// DESIGN(pass-shape): a pass is a function Trace -> PassOutcome. It walks the input ops in order
// and for each either copies it (`copy`), emits something else (`out().emit…`), or drops it after
// saying what its result is now (`replace(old, newValue)`). Arguments are translated with
// `map()`, which also carries constants into the output's pool. Snapshots are copied with their
// values mapped (`copySnapshot`); a pass that removes objects (virtualize) supplies its own
// slot translation. At a label every pass forgets what it knew: label args are rebound on the
// back edge, so facts from before the label do not hold inside the loop.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "jit/ir/trace.h"

namespace pyl::jit::opt {

using ir::Descr;
using ir::Op;
using ir::Opcode;
using ir::Snapshot;
using ir::Trace;
using ir::Type;
using ir::Value;

// A pass's result: the new trace, or why the whole trace must be abandoned (a guard that always
// fails, a contradiction between guards). Never an exception, never a crash.
struct PassOutcome {
  std::optional<Trace> trace;
  std::string abortReason;
  std::string note;  // optional remark for the JIT log (e.g. why unroll kept the loop as is)
  static PassOutcome abort(std::string reason) {
    PassOutcome outcome;
    outcome.abortReason = std::move(reason);
    return outcome;
  }
  static PassOutcome done(Trace trace) {
    PassOutcome outcome;
    outcome.trace = std::move(trace);
    return outcome;
  }
};

class TraceRewriter {
 public:
  explicit TraceRewriter(const Trace& in);

  const Trace& in() const { return in_; }
  Trace& out() { return out_; }
  Trace take() { return std::move(out_); }

  // The output value standing for an input value (constants are re-interned in the output).
  Value map(Value old);
  std::vector<Value> mapArgs(const std::vector<Value>& args);
  // From now on, uses of `old` (an input op or input arg) read `replacement` (an output value).
  void replace(Value old, Value replacement) {
    if (old.isInputArg() || old.isOp()) slot(old) = replacement;  // constants map to themselves
  }

  // Copies input op `index` with mapped args (and snapshot); records its result mapping.
  Value copy(std::size_t index);
  // Copies with different (already mapped) args.
  Value copyWithArgs(std::size_t index, std::vector<Value> args);
  // Copies a label: its args are rebound, so afterwards each old label arg maps to the label's
  // new arg. An arg that maps to a constant or repeats gets a same_as so label args stay
  // distinct non-constants. `args` are the mapped args (default: map of the input's).
  Value copyLabel(std::size_t index);
  Value copyLabelWithArgs(std::size_t index, std::vector<Value> args);
  // Copies an input snapshot into the output, values mapped through map() or `slot` if given.
  std::int32_t copySnapshot(std::int32_t index, const std::function<Value(Value)>& slot = {});

  // Output helpers.
  Value constInt(std::int64_t v) { return out_.constInt(v); }
  bool isConst(Value outValue) const { return outValue.isConst(); }
  std::uint64_t constBits(Value outValue) const { return out_.constBits(outValue); }
  // The output op defining an output value, or nullptr for input args, constants and values
  // defined before the last label (a label rebinds its args: what defined them before the label
  // does not describe them inside the loop, and its arguments are out of scope there).
  const Op* definingOp(Value outValue) const {
    if (!outValue.isOp() || static_cast<std::int64_t>(outValue.index()) < lastLabel_)
      return nullptr;
    return &out_.ops()[outValue.index()];
  }

 private:
  const Trace& in_;
  Trace out_;
  // Old input args and ops are dense indices: the map is two vectors (None: not mapped yet).
  Value& slot(Value old) { return old.isInputArg() ? inputMap_[old.index()] : opMap_[old.index()]; }
  std::vector<Value> inputMap_;
  std::vector<Value> opMap_;
  std::int64_t lastLabel_ = -1;  // output index of the last label copied
};

// Zero of a type as an output constant (NULL for refs).
Value zeroOf(Trace& trace, Type type);

}  // namespace pyl::jit::opt
