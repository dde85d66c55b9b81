// tests/trace/opt/namespace_fixture.h — the descriptors, classes and constants that textual test
// traces name (PyPy's LLtypeMixin): node objects with int/ref/float fields, arrays, call
// descriptors for each effect class, loop targets and code identities.
//
//   const TestNamespace& ns = testNamespace();
//   ParseResult r = parseTrace(text, ns.names);
//
// Shared by tests/trace/opt/ (before/after cases) and tests/unit/jit/{ir,opt}/.
#pragma once

#include <string>
#include <string_view>

#include "jit/ir/parser.h"
#include "jit/ir/trace.h"

namespace pyl::jit::testing {

struct TestNamespace {
  ir::DescrPool pool;
  ir::Namespace names;
  // Frequently used descriptors, also reachable by name through `pool`.
  const ir::SizeDescr* nodesize = nullptr;
  const ir::FieldDescr* valuedescr = nullptr;
  const ir::FieldDescr* nextdescr = nullptr;
  std::uint64_t nodeVtable = 0;
};

const TestNamespace& testNamespace();

// Parses or aborts the test with the parse error (gtest ADD_FAILURE + empty trace).
ir::Trace parseOrFail(std::string_view text);

}  // namespace pyl::jit::testing
