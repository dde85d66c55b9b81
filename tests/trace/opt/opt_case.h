// tests/trace/opt/opt_case.h — the before/after harness of the optimizer tests (PyPy's
// optimize_loop): parse `before`, check it verifies, optimize with `enableOpts` (verifying
// after every pass), parse `expected` and compare up to renaming (jit/ir/trace_compare.h).
//
//   expectOptimized("rewrite", "[i0]\ni1 = int_add(i0, 0)\nfinish(i1)\n", "[i0]\nfinish(i0)\n");
//   expectAborted("rewrite", text, "always fails");
#pragma once

#include <string_view>

#include "jit/ir/trace.h"

namespace pyl::jit::testing {

void expectOptimized(std::string_view enableOpts, std::string_view before,
                     std::string_view expected);
void expectAborted(std::string_view enableOpts, std::string_view before,
                   std::string_view reasonPart);
// The optimized trace (or an empty one after reporting a failure), for custom checks.
ir::Trace optimizeOrFail(std::string_view enableOpts, std::string_view before);

}  // namespace pyl::jit::testing
