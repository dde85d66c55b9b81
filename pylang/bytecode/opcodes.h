// pylang/bytecode/opcodes.h — the Opcode enum and per-opcode facts, all expanded from
// opcodes.def (the only place an opcode is declared), plus the encoding of an instruction.
//
// Neighbours: code.h (the code object holding the instructions), dis.h (the listing), the
// compiler (pylang/compiler/) which emits them and computes stack depth from stackEffect().
#pragma once

#include <cstdint>
#include <string_view>

namespace pyl::bytecode {

// DESIGN(bytecode): an instruction is one 32-bit word: the opcode in the low 8 bits and an
// unsigned argument in the high 24 bits. Every instruction has the same width, so the
// interpreter fetches `word = code[pc++]` and decodes with one mask and one shift, an offset is
// an instruction index, and the JIT's resume points are plain indices. There is no
// EXTENDED_ARG: an argument that does not fit in 24 bits (16.7M constants, names or
// instructions) is a compile error ("code object too large"). Jump arguments are absolute
// instruction indices. Conditional jumps, FOR_ITER and SEND only jump forward; the only
// backward jumps are JUMP_BACKWARD, which closes every loop (so it is the JIT's can-enter-jit
// point) and JUMP_BACKWARD_NO_INTERRUPT, which closes the SEND loop of `yield from`/`await`.
// Unlike CPython 3.11 there are no inline caches, no adaptive opcodes, no RESUME/PRECALL and
// no NULL slot below callables: CALL pops exactly callable + args; the method-call fast path is
// PyPy's LOOKUP_METHOD/CALL_METHOD, emitted only under --objspace-opcodes-CALL_METHOD.
// Generator and coroutine frames are recognised by their code flags (no RETURN_GENERATOR).
enum class Opcode : std::uint8_t {
#define OPCODE(name, arg, pop, push, jumpPush, flags) name,
#include "pylang/bytecode/opcodes.def"
#undef OPCODE
};

#define OPCODE(name, arg, pop, push, jumpPush, flags) +1
inline constexpr int kOpcodeCount = 0
#include "pylang/bytecode/opcodes.def"
    ;
#undef OPCODE
static_assert(kOpcodeCount <= 256, "opcodes must fit in 8 bits");

inline constexpr int kArgBits = 24;
inline constexpr std::uint32_t kMaxArg = (std::uint32_t{1} << kArgBits) - 1;

constexpr std::uint32_t encodeInstruction(Opcode op, std::uint32_t arg) {
  return static_cast<std::uint32_t>(op) | (arg << (32 - kArgBits));
}
constexpr Opcode decodeOpcode(std::uint32_t word) {
  return static_cast<Opcode>(word & 0xFF);
}
constexpr std::uint32_t decodeArg(std::uint32_t word) {
  return word >> (32 - kArgBits);
}

// How an argument is interpreted (the disassembler shows the resolved value).
enum class ArgKind : std::uint8_t {
  kNoArg,         // argument ignored (0)
  kConst,         // index into co_consts
  kName,          // index into co_names
  kLocal,         // index into co_varnames
  kDeref,         // index into cellvars ++ freevars
  kJump,          // absolute instruction index
  kCount,         // a count or small integer
  kBinaryOp,      // BinaryOperator
  kCompare,       // index into kCompareOperators
  kInvert,        // 0 or 1 (is / is not, in / not in)
  kFormat,        // FORMAT_VALUE conversion and spec flag
  kUnpackEx,      // before | after << 8
  kMakeFunction,  // MAKE_FUNCTION flag bits
  kAwaitable,     // GET_AWAITABLE context
  kRaw,           // plain integer
};

enum OpcodeFlag : std::uint8_t {
  kJumps = 1,     // the argument is a jump target
  kTerminal = 2,  // control never falls through to the next instruction
  kPseudo = 4,    // compiler-internal, removed before assembly finishes
};

struct OpcodeInfo {
  std::string_view name;
  ArgKind arg;
  std::uint8_t flags;
};

inline constexpr OpcodeInfo kOpcodeInfo[] = {
#define OPCODE(name, arg, pop, push, jumpPush, flags) {#name, ArgKind::arg, flags},
#include "pylang/bytecode/opcodes.def"
#undef OPCODE
};

constexpr const OpcodeInfo& opcodeInfo(Opcode op) {
  return kOpcodeInfo[static_cast<int>(op)];
}
constexpr bool hasFlag(Opcode op, OpcodeFlag flag) {
  return (opcodeInfo(op).flags & flag) != 0;
}

// Values popped by `op` with argument `oparg`.
constexpr int stackPops(Opcode op, int oparg) {
  switch (op) {
#define OPCODE(name, arg, pop, push, jumpPush, flags) \
  case Opcode::name:                                  \
    return (pop);
#include "pylang/bytecode/opcodes.def"
#undef OPCODE
  }
  return 0;
}

// Net stack effect; `jumping` selects the taken-branch effect of jumping instructions.
constexpr int stackEffect(Opcode op, int oparg, bool jumping) {
  switch (op) {
#define OPCODE(name, arg, pop, push, jumpPush, flags) \
  case Opcode::name:                                  \
    return jumping ? (jumpPush) - (pop) : (push) - (pop);
#include "pylang/bytecode/opcodes.def"
#undef OPCODE
  }
  return 0;
}

// BINARY_OP arguments, CPython 3.11's NB_* numbering. In-place forms are kInplaceOffset + op.
enum BinaryOperator : int {
  NB_ADD,
  NB_AND,
  NB_FLOOR_DIVIDE,
  NB_LSHIFT,
  NB_MATRIX_MULTIPLY,
  NB_MULTIPLY,
  NB_REMAINDER,
  NB_OR,
  NB_POWER,
  NB_RSHIFT,
  NB_SUBTRACT,
  NB_TRUE_DIVIDE,
  NB_XOR,
};
inline constexpr int kInplaceOffset = 13;
inline constexpr std::string_view kBinaryOperatorSymbols[] = {
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^",
};

// COMPARE_OP arguments (CPython's Py_LT .. Py_GE order).
enum CompareOperator : int { kCmpLt, kCmpLe, kCmpEq, kCmpNe, kCmpGt, kCmpGe };
inline constexpr std::string_view kCompareOperators[] = {"<", "<=", "==", "!=", ">", ">="};

// MAKE_FUNCTION flag bits.
enum MakeFunctionFlag : int {
  kMakeDefaults = 1,
  kMakeKwDefaults = 2,
  kMakeAnnotations = 4,
  kMakeClosure = 8,
};

// FORMAT_VALUE argument.
enum FormatFlag : int {
  kFormatNone = 0,
  kFormatStr = 1,
  kFormatRepr = 2,
  kFormatAscii = 3,
  kFormatConvMask = 3,
  kFormatHasSpec = 4,
};

}  // namespace pyl::bytecode
