// jit/backend/llvm/entry_trampoline.cpp — a build-time tool, not part of the VM: writes the
// object file that defines the entry trampoline, C++'s one way into compiled code
// (DESIGN(llvm-calling-convention) in codegen.h). The build links that object into
// pyl_jit_llvm, so no run compiles the trampoline: compiled with the first trace it cost that
// compile ~3.7 ms (fib's first trace: 12.2 ms with it, 8.5 ms without).
//
//   entry_trampoline OUT.o
//
// LLVM 19 builds it for the host, the same LLVM and convention the JIT compiles traces with.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/Triple.h>

#include "jit/backend/llvm/codegen.h"

namespace pyl::jit::llvm_backend {
namespace {

// DESIGN(llvm-calling-convention): C++'s way into compiled code:
//   EnteredResult pyl_llvm_enter(TraceEntry code, uint64_t* buffer, uint64_t entry,
//                                int64_t* depthCell, r0, r1, r2, r3)
// calls `code` with the depth from the cell (0 without one) and restores the cell afterwards
// (DESIGN(llvm-call-depth)).
std::unique_ptr<llvm::Module> buildEntryTrampoline(llvm::LLVMContext& context, const llvm::DataLayout& layout,
                                                   const llvm::Triple& triple) {
  auto module = std::make_unique<llvm::Module>(kEntryTrampoline, context);
  module->setDataLayout(layout);
  module->setTargetTriple(triple.str());
  llvm::IRBuilder<> builder(context);
  llvm::Type* i64 = builder.getInt64Ty();
  llvm::Type* ptr = builder.getPtrTy();
  auto* result = llvm::StructType::get(context, {i64, i64});  // EntryResult, EnteredResult
  std::vector<llvm::Type*> traceParams = {ptr, i64, i64};
  traceParams.insert(traceParams.end(), kRegisterArgs, i64);
  auto* traceType = llvm::FunctionType::get(result, traceParams, false);
  std::vector<llvm::Type*> params = {ptr, ptr, i64, ptr};
  params.insert(params.end(), kRegisterArgs, i64);
  auto* function = llvm::Function::Create(llvm::FunctionType::get(result, params, false),
                                          llvm::Function::ExternalLinkage, kEntryTrampoline, module.get());
  auto* entry = llvm::BasicBlock::Create(context, "entry", function);
  auto* counted = llvm::BasicBlock::Create(context, "counted", function);
  auto* enter = llvm::BasicBlock::Create(context, "enter", function);
  builder.SetInsertPoint(entry);
  llvm::Value* cell = function->getArg(3);
  builder.CreateCondBr(builder.CreateIsNotNull(cell), counted, enter);
  builder.SetInsertPoint(counted);
  llvm::Value* loaded = builder.CreateLoad(i64, cell, "depth");
  builder.CreateBr(enter);
  builder.SetInsertPoint(enter);
  llvm::PHINode* depth = builder.CreatePHI(i64, 2, "depth");
  depth->addIncoming(builder.getInt64(0), entry);
  depth->addIncoming(loaded, counted);
  std::vector<llvm::Value*> args = {function->getArg(1), function->getArg(2), depth};
  for (unsigned i = 4; i < function->arg_size(); ++i) args.push_back(function->getArg(i));
  llvm::CallInst* call = builder.CreateCall(traceType, function->getArg(0), args);
  call->setCallingConv(kTraceCallingConv);
  // Compiled code may have left a deeper frame's depth in the counter.
  auto* restore = llvm::BasicBlock::Create(context, "restore", function);
  auto* done = llvm::BasicBlock::Create(context, "done", function);
  builder.CreateCondBr(builder.CreateIsNotNull(cell), restore, done);
  builder.SetInsertPoint(restore);
  builder.CreateStore(depth, cell);
  builder.CreateBr(done);
  builder.SetInsertPoint(done);
  builder.CreateRet(call);
  return module;
}

int writeObject(const char* path) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  const std::string triple = llvm::sys::getProcessTriple();
  std::string error;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (target == nullptr) {
    std::fprintf(stderr, "entry_trampoline: no LLVM target for %s: %s\n", triple.c_str(), error.c_str());
    return 1;
  }
  // Generic CPU: the object is linked into binaries that may run on other machines of the triple.
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, "generic", "", llvm::TargetOptions(), llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOptLevel::Default));
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = buildEntryTrampoline(context, machine->createDataLayout(), llvm::Triple(triple));
  std::string problems;
  llvm::raw_string_ostream problemStream(problems);
  if (llvm::verifyModule(*module, &problemStream)) {
    std::fprintf(stderr, "entry_trampoline: invalid IR: %s\n", problems.c_str());
    return 1;
  }
  std::error_code opened;
  llvm::raw_fd_ostream out(path, opened, llvm::sys::fs::OF_None);
  if (opened) {
    std::fprintf(stderr, "entry_trampoline: cannot write %s: %s\n", path, opened.message().c_str());
    return 1;
  }
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    std::fprintf(stderr, "entry_trampoline: LLVM cannot emit an object file for %s\n", triple.c_str());
    return 1;
  }
  passes.run(*module);
  out.close();
  if (out.has_error()) {
    std::fprintf(stderr, "entry_trampoline: writing %s failed: %s\n", path, out.error().message().c_str());
    out.clear_error();
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace pyl::jit::llvm_backend

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: entry_trampoline OUT.o\n");
    return 2;
  }
  return pyl::jit::llvm_backend::writeObject(argv[1]);
}
