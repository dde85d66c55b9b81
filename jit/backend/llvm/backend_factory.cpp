// jit/backend/llvm/backend_factory.cpp — see backend_factory.h.
#include "jit/backend/llvm/backend_factory.h"

#include "jit/backend/llvm/llvm_backend.h"
#include "jit/backend/reference/reference_backend.h"

namespace pyl::jit::llvm_backend {

std::unique_ptr<backend::Backend> createBackend(const runtime::JitParams& params, runtime::JitLog* log) {
  // With the JIT off nothing is compiled: do not pay for LLVM's start-up (the reference
  // backend costs nothing to create).
  if (!params.enabled || params.backend == "reference") return std::make_unique<backend::ReferenceBackend>();
  LlvmBackendOptions options;
  options.irPipeline = static_cast<int>(params.llvm_opt);
  options.codegenLevel = static_cast<int>(params.llvm_codegen);
  options.async = params.compile_async != 0;
  options.log = log;
  return std::make_unique<LlvmBackend>(options);
}

}  // namespace pyl::jit::llvm_backend
