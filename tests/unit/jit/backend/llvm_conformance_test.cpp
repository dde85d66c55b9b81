// tests/unit/jit/backend/llvm_conformance_test.cpp — the backend conformance suite on the LLVM
// ORC backend (synchronous compilation), the same tests the reference backend passes.
#include "jit/backend/llvm/llvm_backend.h"
#include "tests/unit/jit/backend/conformance_tests.h"

namespace pyl::jit::backend::conformance {
INSTANTIATE_TYPED_TEST_SUITE_P(Llvm, BackendConformance, llvm_backend::LlvmBackend);
}  // namespace pyl::jit::backend::conformance
