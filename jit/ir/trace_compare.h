// jit/ir/trace_compare.h — structural equality of two traces up to renaming of values (PyPy's
// equaloplists), for the optimizer's before/after tests and the backends' conformance checks.
//
// Input args correspond by position; op results are matched as they are met; constants compare
// by type and bits; descriptors by identity. A guard's snapshot is compared only when the
// EXPECTED guard has a non-empty one (so tests state resume data where it matters).
#pragma once

#include <optional>
#include <string>

#include "jit/ir/trace.h"

namespace pyl::jit::ir {

// nullopt when equal, else a message naming the first differing op.
std::optional<std::string> compareTraces(const Trace& actual, const Trace& expected);

}  // namespace pyl::jit::ir
