// tests/trace/opt/opt_case.cpp — see opt_case.h.
#include "tests/trace/opt/opt_case.h"

#include <gtest/gtest.h>

#include "jit/ir/printer.h"
#include "jit/ir/trace_compare.h"
#include "jit/ir/verifier.h"
#include "jit/opt/optimizer.h"
#include "tests/trace/opt/namespace_fixture.h"

namespace pyl::jit::testing {

namespace {

std::string show(const ir::Trace& t) {
  ir::PrintOptions options{&testNamespace().names};
  return ir::printTrace(t, options);
}

opt::OptimizeResult optimize(std::string_view enableOpts, const ir::Trace& trace) {
  opt::OptimizerOptions options;
  options.enableOpts = std::string(enableOpts);
  options.verifyEachPass = true;
  return opt::optimizeTrace(trace, options);
}

}  // namespace

ir::Trace optimizeOrFail(std::string_view enableOpts, std::string_view before) {
  ir::Trace input = parseOrFail(before);
  if (auto problem = ir::verifyTrace(input)) {
    ADD_FAILURE() << "input does not verify: " << *problem << "\n" << before;
    return ir::Trace();
  }
  opt::OptimizeResult result = optimize(enableOpts, input);
  if (!result.ok()) {
    ADD_FAILURE() << "optimizer aborted: " << result.abortReason << "\n" << before;
    return ir::Trace();
  }
  return std::move(*result.trace);
}

void expectOptimized(std::string_view enableOpts, std::string_view before,
                     std::string_view expected) {
  ir::Trace actual = optimizeOrFail(enableOpts, before);
  if (actual.size() == 0) return;
  ir::Trace want = parseOrFail(expected);
  if (auto difference = ir::compareTraces(actual, want)) {
    ADD_FAILURE() << *difference << "\n--- got ---\n"
                  << show(actual) << "--- expected ---\n"
                  << expected;
  }
}

void expectAborted(std::string_view enableOpts, std::string_view before,
                   std::string_view reasonPart) {
  ir::Trace input = parseOrFail(before);
  opt::OptimizeResult result = optimize(enableOpts, input);
  if (result.ok()) {
    ADD_FAILURE() << "expected an abort, got:\n" << show(*result.trace);
    return;
  }
  EXPECT_NE(result.abortReason.find(reasonPart), std::string::npos)
      << "reason: " << result.abortReason;
}

}  // namespace pyl::jit::testing
