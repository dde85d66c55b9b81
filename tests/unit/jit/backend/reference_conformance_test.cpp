// tests/unit/jit/backend/reference_conformance_test.cpp — the conformance suite on the reference
// backend, plus what only the reference backend promises (it rejects ops it cannot run).
#include "jit/backend/reference/reference_backend.h"
#include "tests/unit/jit/backend/conformance_tests.h"

namespace pyl::jit::backend::conformance {
INSTANTIATE_TYPED_TEST_SUITE_P(Reference, BackendConformance, ReferenceBackend);
}  // namespace pyl::jit::backend::conformance

namespace pyl::jit::backend {
namespace {

TEST(ReferenceBackend, RejectsOpsItCannotRun) {
  conformance::ConformanceEnv env;
  auto trace = env.parse("[i0]\np1 = force_token()\nfinish(i0)\n");
  ReferenceBackend backend;
  EXPECT_THROW(backend.compileLoop(trace), std::runtime_error);
}

}  // namespace
}  // namespace pyl::jit::backend
