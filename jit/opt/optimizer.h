// jit/opt/optimizer.h — the optimizer's entry point: runs the passes of jit/opt/passes.def that
// `enable_opts` selects over a trace, verifying after each pass when asked.
//
//   OptimizerOptions options;                       // enableOpts = kDefaultEnableOpts
//   OptimizeResult r = optimizeTrace(trace, options);
//   if (!r.ok()) log(r.abortReason);                // e.g. "rewrite: guard_class always fails"
//
// The result is a value: aborts (a guard that always fails, contradicting guards, a bad
// enable_opts string) and internal errors (a pass produced an invalid trace) are reported, never
// thrown or crashed on. The input trace is always verified (jit/ir/verifier.h) first. Without
// unroll the selected passes run twice (DESIGN(second-round) in optimizer.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jit/ir/trace.h"
#include "jit/opt/pass_util.h"

namespace pyl::jit::opt {

enum class PassId : std::uint8_t {
#define OPT_PASS(name, function) name,
#include "jit/opt/passes.def"
#undef OPT_PASS
};

inline constexpr std::string_view kDefaultEnableOpts =
    "intbounds:rewrite:virtualize:pure:heap:unroll";

#ifdef NDEBUG
inline constexpr bool kVerifyPassesByDefault = false;
#else
inline constexpr bool kVerifyPassesByDefault = true;
#endif

struct OptimizerOptions {
  std::string enableOpts{kDefaultEnableOpts};
  bool verifyEachPass = kVerifyPassesByDefault;  // run jit/ir/verifier.h after every pass
};

struct OptimizeResult {
  std::optional<Trace> trace;
  std::string abortReason;         // set when trace is empty
  std::vector<std::string> notes;  // remarks of passes for the JIT log
  bool ok() const { return trace.has_value(); }
};

// "intbounds:rewrite" -> the passes, in table order; nullopt + *error for an unknown name.
std::optional<std::vector<PassId>> parseEnableOpts(std::string_view text, std::string* error);
std::string_view passName(PassId pass);

OptimizeResult optimizeTrace(const Trace& trace, const OptimizerOptions& options = {});
// Runs exactly these passes (what unroll uses to re-optimize the peeled loop).
OptimizeResult runPasses(const Trace& trace, const std::vector<PassId>& passes,
                         bool verifyEachPass);

// The passes, one per file (jit/opt/<name>.cpp).
PassOutcome runIntBounds(const Trace& in);
PassOutcome runRewrite(const Trace& in);
PassOutcome runVirtualize(const Trace& in);
PassOutcome runPure(const Trace& in);
PassOutcome runHeap(const Trace& in);
// Unroll re-runs `others` (the enabled passes before it) over the peeled loop.
PassOutcome runUnroll(const Trace& in, const std::vector<PassId>& others, bool verifyEachPass);

}  // namespace pyl::jit::opt
