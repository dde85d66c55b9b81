// jit/opt/optimizer.cpp — the pass pipeline driver (jit/opt/optimizer.h).
#include "jit/opt/optimizer.h"

#include <algorithm>

#include "jit/ir/verifier.h"

namespace pyl::jit::opt {

namespace {

constexpr std::string_view kPassNames[] = {
#define OPT_PASS(name, function) #name,
#include "jit/opt/passes.def"
#undef OPT_PASS
};

}  // namespace

std::string_view passName(PassId pass) {
  return kPassNames[static_cast<int>(pass)];
}

std::optional<std::vector<PassId>> parseEnableOpts(std::string_view text, std::string* error) {
  std::vector<bool> enabled(std::size(kPassNames), false);
  while (!text.empty()) {
    std::size_t colon = text.find(':');
    std::string_view name = text.substr(0, colon);
    text = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
    if (name.empty()) continue;
    bool found = false;
    for (std::size_t i = 0; i < std::size(kPassNames); ++i) {
      if (kPassNames[i] == name) enabled[i] = found = true;
    }
    if (!found) {
      if (error != nullptr) {
        *error = "unknown optimization '" + std::string(name) + "' (known:";
        for (std::string_view known : kPassNames) *error += " " + std::string(known);
        *error += ")";
      }
      return std::nullopt;
    }
  }
  std::vector<PassId> passes;
  for (std::size_t i = 0; i < enabled.size(); ++i) {
    if (enabled[i]) passes.push_back(static_cast<PassId>(i));
  }
  return passes;
}

OptimizeResult runPasses(const Trace& trace, const std::vector<PassId>& passes,
                         bool verifyEachPass) {
  OptimizeResult result;
  // The input is always checked: passes rely on its invariants (constant class operands,
  // arities), and a recorder bug must become an abort, not a crash. Intermediate results are
  // checked only when asked (debug builds, tests).
  if (auto problem = ir::verifyTrace(trace)) {
    result.abortReason = "invalid input trace: " + *problem;
    return result;
  }
  Trace current = trace;
  for (std::size_t i = 0; i < passes.size(); ++i) {
    PassId pass = passes[i];
    PassOutcome outcome;
    switch (pass) {
      case PassId::intbounds:
        outcome = runIntBounds(current);
        break;
      case PassId::rewrite:
        outcome = runRewrite(current);
        break;
      case PassId::virtualize:
        outcome = runVirtualize(current);
        break;
      case PassId::pure:
        outcome = runPure(current);
        break;
      case PassId::heap:
        outcome = runHeap(current);
        break;
      case PassId::unroll: {
        std::vector<PassId> before(passes.begin(), passes.begin() + static_cast<std::ptrdiff_t>(i));
        outcome = runUnroll(current, before, verifyEachPass);
        break;
      }
    }
    if (!outcome.note.empty()) result.notes.push_back(outcome.note);
    if (!outcome.trace) {
      result.abortReason = std::string(passName(pass)) + ": " + outcome.abortReason;
      return result;
    }
    if (verifyEachPass) {
      if (auto problem = ir::verifyTrace(*outcome.trace)) {
        result.abortReason = "internal error: pass " + std::string(passName(pass)) +
                             " produced an invalid trace: " + *problem;
        return result;
      }
    }
    current = std::move(*outcome.trace);
  }
  result.trace = std::move(current);
  return result;
}

OptimizeResult optimizeTrace(const Trace& trace, const OptimizerOptions& options) {
  std::string error;
  std::optional<std::vector<PassId>> passes = parseEnableOpts(options.enableOpts, &error);
  if (!passes) {
    OptimizeResult result;
    result.abortReason = error;
    return result;
  }
  OptimizeResult first = runPasses(trace, *passes, options.verifyEachPass);
  bool unrolls = std::find(passes->begin(), passes->end(), PassId::unroll) != passes->end();
  if (!first.ok() || unrolls || passes->empty()) return first;
  // DESIGN(second-round): the passes run one after the other, so a fact one pass discovers
  // late (virtualize turns a getfield into the stored comparison) is not seen by an earlier one
  // (rewrite's int_is_true(comparison) identity, intbounds' guard knowledge). PyPy chains its
  // optimizations op by op instead. For loops, unroll re-runs the passes over the peeled trace;
  // everything else (bridges, function traces) gets one more round here.
  OptimizeResult second = runPasses(*first.trace, *passes, options.verifyEachPass);
  if (!second.ok()) return first;  // e.g. a guard now proven to fail: the first result is correct
  second.notes.insert(second.notes.begin(), first.notes.begin(), first.notes.end());
  return second;
}

}  // namespace pyl::jit::opt
