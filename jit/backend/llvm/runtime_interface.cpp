// jit/backend/llvm/runtime_interface.cpp — both directions across the line between compiled
// code and C++: the runtime helpers machine code calls (absolute symbols the engine defines,
// Engine::defineHelpers), and the trampoline through which C++ calls machine code
// (DESIGN(llvm-calling-convention) in codegen.h).
#include <memory>
#include <vector>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/TargetParser/Triple.h>

#include "jit/backend/llvm/codegen.h"
#include "jit/ir/op_semantics.h"

namespace pyl::jit::llvm_backend {

namespace {

void* helperNew(const ir::SizeDescr* size, std::uint64_t withVtable) {
  return reinterpret_cast<void*>(ir::allocateObject(*size, withVtable != 0));
}

void* helperNewArray(const ir::ArrayDescr* descr, std::int64_t length) {
  return reinterpret_cast<void*>(ir::allocateArray(*descr, length));
}

void* helperBox(const ir::SizeDescr* size, std::uint64_t value) {
  return reinterpret_cast<void*>(ir::boxValue(*size, value));
}

const HelperSymbol kHelpers[] = {
    {kHelperNew, reinterpret_cast<const void*>(&helperNew)},
    {kHelperNewArray, reinterpret_cast<const void*>(&helperNewArray)},
    {kHelperBox, reinterpret_cast<const void*>(&helperBox)},
};

}  // namespace

// DESIGN(llvm-calling-convention): C++'s way into compiled code:
//   EnteredResult pyl_llvm_enter(TraceEntry code, uint64_t* buffer, uint64_t entry,
//                                int64_t* depthCell, r0, r1, r2, r3)
// calls `code` with the depth from the cell (0 without one) and restores the cell afterwards
// (DESIGN(llvm-call-depth)).
llvm::orc::ThreadSafeModule generateEntryTrampoline(const llvm::DataLayout& layout, const llvm::Triple& triple) {
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>(kEntryTrampoline, *context);
  module->setDataLayout(layout);
  module->setTargetTriple(triple.str());
  llvm::IRBuilder<> builder(*context);
  llvm::Type* i64 = builder.getInt64Ty();
  llvm::Type* ptr = builder.getPtrTy();
  auto* result = llvm::StructType::get(*context, {i64, i64});  // EntryResult, EnteredResult
  std::vector<llvm::Type*> traceParams = {ptr, i64, i64};
  traceParams.insert(traceParams.end(), kRegisterArgs, i64);
  auto* traceType = llvm::FunctionType::get(result, traceParams, false);
  std::vector<llvm::Type*> params = {ptr, ptr, i64, ptr};
  params.insert(params.end(), kRegisterArgs, i64);
  auto* function = llvm::Function::Create(llvm::FunctionType::get(result, params, false),
                                          llvm::Function::ExternalLinkage, kEntryTrampoline, module.get());
  auto* entry = llvm::BasicBlock::Create(*context, "entry", function);
  auto* counted = llvm::BasicBlock::Create(*context, "counted", function);
  auto* enter = llvm::BasicBlock::Create(*context, "enter", function);
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
  auto* restore = llvm::BasicBlock::Create(*context, "restore", function);
  auto* done = llvm::BasicBlock::Create(*context, "done", function);
  builder.CreateCondBr(builder.CreateIsNotNull(cell), restore, done);
  builder.SetInsertPoint(restore);
  builder.CreateStore(depth, cell);
  builder.CreateBr(done);
  builder.SetInsertPoint(done);
  builder.CreateRet(call);
  return llvm::orc::ThreadSafeModule(std::move(module), std::move(context));
}

const HelperSymbol* runtimeHelpers(std::size_t* count) {
  *count = sizeof kHelpers / sizeof kHelpers[0];
  return kHelpers;
}

}  // namespace pyl::jit::llvm_backend
