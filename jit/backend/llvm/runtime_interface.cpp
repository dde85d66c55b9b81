// jit/backend/llvm/runtime_interface.cpp — the runtime helpers machine code calls (absolute
// symbols the engine defines, Engine::defineHelpers). The other direction, C++ calling machine
// code, is the prebuilt trampoline of entry_trampoline.cpp.
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

const HelperSymbol* runtimeHelpers(std::size_t* count) {
  *count = sizeof kHelpers / sizeof kHelpers[0];
  return kHelpers;
}

}  // namespace pyl::jit::llvm_backend
