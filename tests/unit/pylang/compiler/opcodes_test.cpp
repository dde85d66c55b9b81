// Facts derived from the opcode table (pylang/bytecode/opcodes.def) that every consumer relies on.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "pylang/bytecode/opcodes.h"

namespace pyl::bytecode {
namespace {

TEST(Opcodes, NamesAreUniqueAndNonEmpty) {
  std::set<std::string_view> names;
  for (int i = 0; i < kOpcodeCount; ++i) {
    EXPECT_FALSE(kOpcodeInfo[i].name.empty());
    EXPECT_TRUE(names.insert(kOpcodeInfo[i].name).second) << kOpcodeInfo[i].name;
  }
  EXPECT_EQ(opcodeInfo(Opcode::LOAD_FAST).name, "LOAD_FAST");
  EXPECT_EQ(opcodeInfo(Opcode::LOOKUP_METHOD).name, "LOOKUP_METHOD");
}

TEST(Opcodes, JumpingOpcodesTakeJumpArguments) {
  for (int i = 0; i < kOpcodeCount; ++i) {
    auto op = static_cast<Opcode>(i);
    EXPECT_EQ(hasFlag(op, kJumps), opcodeInfo(op).arg == ArgKind::kJump) << opcodeInfo(op).name;
  }
}

TEST(Opcodes, EncodingRoundTrips) {
  for (std::uint32_t arg : {0u, 1u, 255u, 256u, 65535u, kMaxArg}) {
    std::uint32_t word = encodeInstruction(Opcode::LOAD_CONST, arg);
    EXPECT_EQ(decodeOpcode(word), Opcode::LOAD_CONST);
    EXPECT_EQ(decodeArg(word), arg);
  }
  EXPECT_EQ(decodeOpcode(encodeInstruction(Opcode::POP_BLOCK, kMaxArg)), Opcode::POP_BLOCK);
}

TEST(Opcodes, StackEffectsFollowTheTable) {
  EXPECT_EQ(stackEffect(Opcode::BUILD_TUPLE, 3, false), -2);
  EXPECT_EQ(stackEffect(Opcode::BUILD_MAP, 2, false), -3);
  EXPECT_EQ(stackEffect(Opcode::CALL, 2, false), -2);
  EXPECT_EQ(stackEffect(Opcode::CALL_METHOD, 2, false), -3);
  EXPECT_EQ(stackEffect(Opcode::LOOKUP_METHOD, 0, false), 1);
  EXPECT_EQ(stackEffect(Opcode::FOR_ITER, 0, false), 1);
  EXPECT_EQ(stackEffect(Opcode::FOR_ITER, 0, true), -1);
  EXPECT_EQ(stackEffect(Opcode::JUMP_IF_TRUE_OR_POP, 0, false), -1);
  EXPECT_EQ(stackEffect(Opcode::JUMP_IF_TRUE_OR_POP, 0, true), 0);
  EXPECT_EQ(stackEffect(Opcode::SEND, 0, true), -1);
  EXPECT_EQ(stackEffect(Opcode::SETUP_CLEANUP, 0, true), 2);
  EXPECT_EQ(stackEffect(Opcode::UNPACK_EX, 1 | (2 << 8), false), 3);
  EXPECT_EQ(stackEffect(Opcode::MAKE_FUNCTION, kMakeDefaults | kMakeClosure, false), -2);
  EXPECT_EQ(stackEffect(Opcode::FORMAT_VALUE, kFormatRepr | kFormatHasSpec, false), -1);
  EXPECT_EQ(stackEffect(Opcode::CALL_FUNCTION_EX, 1, false), -2);
}

TEST(Opcodes, OnlyTheBackwardJumpsAreTerminalJumpsBack) {
  // Conditional jumps fall through; unconditional ones do not.
  EXPECT_FALSE(hasFlag(Opcode::POP_JUMP_IF_FALSE, kTerminal));
  EXPECT_TRUE(hasFlag(Opcode::JUMP_BACKWARD, kTerminal));
  EXPECT_TRUE(hasFlag(Opcode::RETURN_VALUE, kTerminal));
  EXPECT_TRUE(hasFlag(Opcode::RERAISE, kTerminal));
  EXPECT_TRUE(hasFlag(Opcode::SETUP_FINALLY, kPseudo));
  EXPECT_FALSE(hasFlag(Opcode::JUMP_BACKWARD, kPseudo));
}

}  // namespace
}  // namespace pyl::bytecode
