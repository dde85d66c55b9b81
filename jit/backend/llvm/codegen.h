// jit/backend/llvm/codegen.h — translation of one optimized trace into one LLVM module.
//
// INTERNAL to jit/backend/llvm/ (names LLVM types). The generated function follows
// DESIGN(llvm-exit-protocol) in compiled_trace.h; codegen fills the LlvmTrace's exit and
// label records and its root table, which must therefore outlive the machine code.
#pragma once

#include <cstdint>
#include <string>

#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/CallingConv.h>

#include "jit/backend/llvm/compiled_trace.h"

namespace llvm {
class DataLayout;
class Triple;
}  // namespace llvm

namespace pyl::jit::llvm_backend {

// Addresses the generated code reads besides its own records.
struct CodegenEnvironment {
  std::uint64_t* pendingException = nullptr;  // the interpreter's pending-exception word
  // Where the exit buffer currently is: exits store there (it may move while code runs, when a
  // nested run installs a trace needing a bigger one), entries read the buffer they are given.
  std::uint64_t* const* bufferCell = nullptr;
  // The compiled label a jump or call_assembler names (null when it has no code).
  const LabelRecord* (*findLabel)(void* backend, const ir::TargetDescr* target) = nullptr;
  void* backend = nullptr;
  // DESIGN(call-assembler) (jit/backend/backend.h): null helpers mean call_assembler is refused.
  std::int64_t* callDepth = nullptr;  // counted up around the call when set
  std::int64_t maxCallDepth = 0;
  std::uint64_t (*callFresh)(void* backend, const ir::TargetDescr* target, std::uint64_t code,
                             const std::uint64_t* args, std::uint64_t count) = nullptr;
  std::uint64_t (*afterGuardFailure)(void* backend, const ExitRecord* exit) = nullptr;
};

// Builds compiled.name's module from compiled.source. Throws std::runtime_error for ops the
// backend cannot translate (the caller then leaves the trace to the interpreter).
llvm::orc::ThreadSafeModule generateModule(LlvmTrace& compiled, const CodegenEnvironment& environment,
                                           const llvm::DataLayout& layout, const llvm::Triple& triple);

// DESIGN(llvm-calling-convention): traces call, tail-call and jump into each other with LLVM's
// preserve_none convention: a trace saves no callee-saved registers, so entering one costs no
// pushes and pops (a recursive function trace's leaf path is a compare, a few moves and a
// return); a trace that calls another keeps its own values across the call, in registers the
// callee leaves alone or on its stack, as a caller does. C++ enters compiled code only through
// the C-convention trampoline pyl_llvm_enter (compiled_trace.h), which LLVM compiles when the VM
// is built (entry_trampoline.cpp): a thunk in every module would add a second function to every
// compile, and compiling it at run time cost the first trace's compile ~3.7 ms.
inline constexpr llvm::CallingConv::ID kTraceCallingConv = llvm::CallingConv::PreserveNone;

inline constexpr const char* kEntryTrampoline = "pyl_llvm_enter";

// The runtime helpers' symbols (runtime_interface.cpp).
inline constexpr const char* kHelperNew = "pyl_llvm_new";              // (SizeDescr*, withVtable) -> object
inline constexpr const char* kHelperNewArray = "pyl_llvm_new_array";  // (ArrayDescr*, length) -> array
inline constexpr const char* kHelperBox = "pyl_llvm_box";              // (SizeDescr*, value) -> box

// The runtime helpers generated code calls, as (symbol, address) pairs for Engine::defineHelpers.
struct HelperSymbol {
  const char* name;
  const void* address;
};
const HelperSymbol* runtimeHelpers(std::size_t* count);

}  // namespace pyl::jit::llvm_backend
