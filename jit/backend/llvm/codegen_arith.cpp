// jit/backend/llvm/codegen_arith.cpp — the trace's pure ops in LLVM IR (see codegen_arith.h).
#include "jit/backend/llvm/codegen_arith.h"

#include <cstdint>

#include <llvm/IR/Intrinsics.h>

namespace pyl::jit::llvm_backend {

using ir::Opcode;

namespace {

llvm::Value* bool64(llvm::IRBuilder<>& builder, llvm::Value* i1) {
  return builder.CreateZExt(i1, builder.getInt64Ty());
}

// DESIGN(int-division) in ops.def: Python floor semantics. The divisor is never zero and the
// pair is never (INT64_MIN, -1) in a well-formed trace, but the code must not trap on x86
// either if a trace is wrong, so those divisors are replaced by 1 (the result is unspecified).
llvm::Value* floorDivMod(llvm::IRBuilder<>& builder, llvm::Value* a, llvm::Value* b, bool quotient) {
  llvm::Value* zero = builder.getInt64(0);
  llvm::Value* minusOne = builder.getInt64(-1);
  llvm::Value* trapping = builder.CreateOr(
      builder.CreateICmpEQ(b, zero),
      builder.CreateAnd(builder.CreateICmpEQ(b, minusOne),
                         builder.CreateICmpEQ(a, builder.getInt64(INT64_MIN))));
  llvm::Value* divisor = builder.CreateSelect(trapping, builder.getInt64(1), b);
  llvm::Value* q = builder.CreateSDiv(a, divisor);
  llvm::Value* r = builder.CreateSRem(a, divisor);
  // The remainder must take the divisor's sign: adjust when it is nonzero and the signs differ.
  llvm::Value* adjust = builder.CreateAnd(builder.CreateICmpNE(r, zero),
                                           builder.CreateICmpSLT(builder.CreateXor(r, divisor), zero));
  if (quotient) return builder.CreateSub(q, builder.CreateZExt(adjust, builder.getInt64Ty()));
  return builder.CreateAdd(r, builder.CreateSelect(adjust, divisor, zero));
}

}  // namespace

llvm::Value* emitIntBinary(llvm::IRBuilder<>& builder, Opcode opcode, llvm::Value* a, llvm::Value* b) {
  switch (opcode) {
    case Opcode::int_add: return builder.CreateAdd(a, b);
    case Opcode::int_sub: return builder.CreateSub(a, b);
    case Opcode::int_mul: return builder.CreateMul(a, b);
    case Opcode::int_and: return builder.CreateAnd(a, b);
    case Opcode::int_or: return builder.CreateOr(a, b);
    case Opcode::int_xor: return builder.CreateXor(a, b);
    // Shift counts outside [0, 63] are undefined (ops.def); masking keeps LLVM from seeing
    // poison and costs nothing on x86, whose shifts mask the count anyway.
    case Opcode::int_lshift: return builder.CreateShl(a, builder.CreateAnd(b, 63));
    case Opcode::int_rshift: return builder.CreateAShr(a, builder.CreateAnd(b, 63));
    case Opcode::uint_rshift: return builder.CreateLShr(a, builder.CreateAnd(b, 63));
    case Opcode::int_floordiv: return floorDivMod(builder, a, b, true);
    case Opcode::int_mod: return floorDivMod(builder, a, b, false);
    case Opcode::int_lt: return bool64(builder, builder.CreateICmpSLT(a, b));
    case Opcode::int_le: return bool64(builder, builder.CreateICmpSLE(a, b));
    case Opcode::int_eq: return bool64(builder, builder.CreateICmpEQ(a, b));
    case Opcode::int_ne: return bool64(builder, builder.CreateICmpNE(a, b));
    case Opcode::int_gt: return bool64(builder, builder.CreateICmpSGT(a, b));
    case Opcode::int_ge: return bool64(builder, builder.CreateICmpSGE(a, b));
    case Opcode::uint_lt: return bool64(builder, builder.CreateICmpULT(a, b));
    case Opcode::uint_le: return bool64(builder, builder.CreateICmpULE(a, b));
    case Opcode::uint_gt: return bool64(builder, builder.CreateICmpUGT(a, b));
    case Opcode::uint_ge: return bool64(builder, builder.CreateICmpUGE(a, b));
    case Opcode::ptr_eq: return bool64(builder, builder.CreateICmpEQ(a, b));
    case Opcode::ptr_ne: return bool64(builder, builder.CreateICmpNE(a, b));
    default: return nullptr;
  }
}

llvm::Value* emitFloatBinary(llvm::IRBuilder<>& builder, Opcode opcode, llvm::Value* a, llvm::Value* b) {
  switch (opcode) {
    case Opcode::float_add: return builder.CreateFAdd(a, b);
    case Opcode::float_sub: return builder.CreateFSub(a, b);
    case Opcode::float_mul: return builder.CreateFMul(a, b);
    case Opcode::float_truediv: return builder.CreateFDiv(a, b);
    case Opcode::float_lt: return bool64(builder, builder.CreateFCmpOLT(a, b));
    case Opcode::float_le: return bool64(builder, builder.CreateFCmpOLE(a, b));
    case Opcode::float_eq: return bool64(builder, builder.CreateFCmpOEQ(a, b));
    case Opcode::float_ne: return bool64(builder, builder.CreateFCmpUNE(a, b));
    case Opcode::float_gt: return bool64(builder, builder.CreateFCmpOGT(a, b));
    case Opcode::float_ge: return bool64(builder, builder.CreateFCmpOGE(a, b));
    default: return nullptr;
  }
}

llvm::Value* emitUnary(llvm::IRBuilder<>& builder, Opcode opcode, llvm::Value* a) {
  switch (opcode) {
    case Opcode::int_neg: return builder.CreateNeg(a);
    case Opcode::int_invert: return builder.CreateNot(a);
    case Opcode::int_is_true: return bool64(builder, builder.CreateICmpNE(a, builder.getInt64(0)));
    case Opcode::int_is_zero: return bool64(builder, builder.CreateICmpEQ(a, builder.getInt64(0)));
    case Opcode::float_neg: return builder.CreateFNeg(a);
    case Opcode::float_abs: return builder.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, a);
    case Opcode::cast_int_to_float: return builder.CreateSIToFP(a, builder.getDoubleTy());
    // Saturating: NaN/out-of-range inputs are undefined (ops.def) but must not become poison.
    case Opcode::cast_float_to_int:
      return builder.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {builder.getInt64Ty(), builder.getDoubleTy()}, {a});
    case Opcode::same_as_i:
    case Opcode::same_as_r:
    case Opcode::same_as_f: return a;
    default: return nullptr;
  }
}

}  // namespace pyl::jit::llvm_backend
