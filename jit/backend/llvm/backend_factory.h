// jit/backend/llvm/backend_factory.h — the one place that turns `--jit backend=...` into a
// backend object, so every interpreter (the toys, pylang) chooses the same way.
//
//   std::unique_ptr<backend::Backend> b = createBackend(params, &log);
//
// backend=llvm gives the LLVM ORC backend configured from llvm_opt, llvm_codegen and
// compile_async; backend=reference the IR interpreter (jit/backend/reference/). It lives in
// the LLVM folder because only binaries that link LLVM can offer both.
#pragma once

#include <memory>

#include "jit/backend/backend.h"
#include "jit/runtime/jit_log.h"
#include "jit/runtime/params.h"

namespace pyl::jit::llvm_backend {

std::unique_ptr<backend::Backend> createBackend(const runtime::JitParams& params, runtime::JitLog* log);

}  // namespace pyl::jit::llvm_backend
