// tests/framework/toys/tape/tape_vm.h — the second toy: a brainfuck-like tape machine with
// run-length-compressed instructions (`+++` is one `add 3`, `>>` one `move 2`, `[-]` one
// `clear`). Unlike the stack toy its frame holds one int slot (the tape pointer), its data lives
// in one GC array (framework/array.h) that traces index with getarrayitem/setarrayitem, and its
// loops are `[`/`]` pairs: the can-enter-jit is at `]`, keyed by the loop's first instruction.
// Written only against framework/, jit/ and gc/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "framework/array.h"
#include "framework/jit_driver.h"

namespace pyl::toys::tape {

enum class TapeOp : std::uint8_t { kMove, kAdd, kOut, kOpen, kClose, kClear };

struct TapeInstr {
  TapeOp op;
  std::int64_t arg;  // move/add: amount; open/close: index of the matching bracket
};

struct TapeProgram {
  std::vector<TapeInstr> code;
};

// Compiles source text; unmatched brackets give null and "position N: message".
std::unique_ptr<TapeProgram> compileTape(const std::string& source, std::string* error);

inline constexpr std::int64_t kTapeCells = 30000;

class TapeVm final : public framework::InterpreterInfo {
 public:
  using Driver = framework::JitDriver<const TapeProgram*, std::int64_t>;
  explicit TapeVm(const TapeProgram& program);
  ~TapeVm() override;
  Driver& driver() { return driver_; }
  // Runs the program; 0, or 1 after a tape overflow (reported on stderr).
  int run();
  void write(char c);
  void flush();
  framework::WordArray* tape() const { return tape_; }

  std::string printableLocation(const framework::GreenKey& key) const override;
  framework::VirtualizableFrame* newFrame(const void* code, std::int64_t slots) override;
  bool hasLoops(const void* code) const override;
  framework::ValueKind slotKind() const override { return framework::ValueKind::kInt; }

 private:
  const TapeProgram* program_;
  Driver driver_;
  framework::WordArray* tape_;
  std::string output_;
};

}  // namespace pyl::toys::tape
