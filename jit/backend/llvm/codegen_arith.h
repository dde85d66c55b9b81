// jit/backend/llvm/codegen_arith.h — the trace's pure ops (int and float arithmetic,
// comparisons, unary ops, casts) as LLVM IR at a builder's insertion point.
//
// INTERNAL to jit/backend/llvm/ (names LLVM types). Each function returns null for an opcode
// that is not its kind. The results follow jit/ir/op_semantics.h, which the conformance tests
// compare them with; the overflow-checked ops (*_ovf) stay in codegen.cpp, with their guard.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include "jit/ir/ops.h"

namespace pyl::jit::llvm_backend {

llvm::Value* emitIntBinary(llvm::IRBuilder<>& builder, ir::Opcode opcode, llvm::Value* a, llvm::Value* b);
llvm::Value* emitFloatBinary(llvm::IRBuilder<>& builder, ir::Opcode opcode, llvm::Value* a, llvm::Value* b);
llvm::Value* emitUnary(llvm::IRBuilder<>& builder, ir::Opcode opcode, llvm::Value* a);

}  // namespace pyl::jit::llvm_backend
