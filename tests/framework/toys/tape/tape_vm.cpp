// tests/framework/toys/tape/tape_vm.cpp — the tape toy: compiler, handlers (templates over the
// execution context, instantiated for ConcreteCx and TracingCx) and the dispatch loop.
#include "tests/framework/toys/tape/tape_vm.h"

#include <cstdio>

#include "framework/concrete_cx.h"
#include "framework/tracing_cx.h"
#include "gc/heap.h"

namespace pyl::toys::tape {

using framework::DriverAction;

namespace {

TapeVm* gTapeVm = nullptr;

// The residual output call: I/O is the last step of its bytecode.
void putByte(std::int64_t value) {
  gTapeVm->write(static_cast<char>(value));
}

struct TapeFrame : framework::VirtualizableFrame {
  const TapeProgram* program() const { return static_cast<const TapeProgram*>(code_); }
};

enum class Step : std::uint8_t { kDone, kOverflow, kToTracing, kToConcrete };

template <class Cx>
using Int = typename Cx::template Val<std::int64_t>;

// The cell under the pointer, decided against zero (guard_true/guard_false in a trace).
template <class Cx>
bool cellIsNonZero(Cx& cx, TapeVm& vm, TapeFrame* f) {
  auto tape = cx.constant(vm.tape());  // one tape for the whole run: a trace constant
  return cx.isTrue(
      cx.isNonZero(cx.template getItem<std::int64_t>(tape, cx.template slot<std::int64_t>(f, 0))));
}

template <class Cx>
Step dispatch(TapeVm& vm, Cx& cx, TapeFrame* f) {
  const std::vector<TapeInstr>& code = f->program()->code;
  for (;;) {
    if (vm.driver().mergePoint(cx, f, f->program(), f->pc_) == DriverAction::kSwitchToConcrete) {
      return Step::kToConcrete;
    }
    if (f->pc_ >= static_cast<std::int64_t>(code.size())) return Step::kDone;
    const TapeInstr& in = code[static_cast<std::size_t>(f->pc_)];
    auto tape = cx.constant(vm.tape());
    switch (in.op) {
      case TapeOp::kMove: {
        Int<Cx> moved = cx.add(cx.template slot<std::int64_t>(f, 0), cx.constant(in.arg));
        if (cx.isTrue(cx.lt(moved, cx.constant(std::int64_t{0}))) ||
            cx.isTrue(cx.ge(moved, cx.constant(kTapeCells)))) {
          return Step::kOverflow;
        }
        cx.setSlot(f, 0, moved);
        break;
      }
      case TapeOp::kAdd: {
        Int<Cx> pointer = cx.template slot<std::int64_t>(f, 0);
        Int<Cx> cell = cx.template getItem<std::int64_t>(tape, pointer);
        // Cells are bytes: the sum wraps to [0, 255].
        cx.setItem(tape, pointer,
                   cx.bitAnd(cx.add(cell, cx.constant(in.arg)), cx.constant(std::int64_t{255})));
        break;
      }
      case TapeOp::kClear:
        cx.setItem(tape, cx.template slot<std::int64_t>(f, 0), cx.constant(std::int64_t{0}));
        break;
      case TapeOp::kOut:
        ++f->pc_;
        cx.template call<framework::WritesAny>(
            &putByte,
            cx.template getItem<std::int64_t>(tape, cx.template slot<std::int64_t>(f, 0)));
        continue;
      case TapeOp::kOpen:
        if (!cellIsNonZero(cx, vm, f)) {
          f->pc_ = in.arg + 1;
          continue;
        }
        break;
      case TapeOp::kClose:
        if (cellIsNonZero(cx, vm, f)) {
          f->pc_ = in.arg + 1;  // back to the loop's first instruction: the loop header
          DriverAction action = vm.driver().canEnterJit(cx, f, f->program(), f->pc_);
          if (action == DriverAction::kSwitchToTracing) return Step::kToTracing;
          if (action == DriverAction::kSwitchToConcrete) return Step::kToConcrete;
          // kContinue, or compiled code ran and left the frame where the interpreter resumes.
          vm.driver().resumeState().innermost = nullptr;
          continue;
        }
        break;
    }
    ++f->pc_;
  }
}

}  // namespace

std::unique_ptr<TapeProgram> compileTape(const std::string& source, std::string* error) {
  auto program = std::make_unique<TapeProgram>();
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < source.size(); ++i) {
    char c = source[i];
    auto& code = program->code;
    auto runOf = [&](char same, char opposite) {
      std::int64_t amount = 0;
      while (i < source.size() && (source[i] == same || source[i] == opposite))
        amount += source[i++] == same ? 1 : -1;
      --i;
      return amount;
    };
    switch (c) {
      case '>':
      case '<':
        code.push_back({TapeOp::kMove, runOf('>', '<')});
        break;
      case '+':
      case '-':
        code.push_back({TapeOp::kAdd, runOf('+', '-')});
        break;
      case '.':
        code.push_back({TapeOp::kOut, 0});
        break;
      case '[':
        if (source.compare(i, 3, "[-]") == 0) {
          code.push_back({TapeOp::kClear, 0});
          i += 2;
          break;
        }
        open.push_back(code.size());
        code.push_back({TapeOp::kOpen, 0});
        break;
      case ']':
        if (open.empty()) {
          *error = "position " + std::to_string(i) + ": ']' without '['";
          return nullptr;
        }
        code[open.back()].arg = static_cast<std::int64_t>(code.size());
        code.push_back({TapeOp::kClose, static_cast<std::int64_t>(open.back())});
        open.pop_back();
        break;
      default:
        break;  // everything else is a comment
    }
  }
  if (!open.empty()) {
    *error = "'[' without ']'";
    return nullptr;
  }
  return program;
}

TapeVm::TapeVm(const TapeProgram& program)
    : program_(&program), driver_("tape", *this), tape_(framework::newWordArray(kTapeCells)) {
  gTapeVm = this;
}

TapeVm::~TapeVm() {
  flush();
  if (gTapeVm == this) gTapeVm = nullptr;
}

void TapeVm::write(char c) {
  output_ += c;
  if (output_.size() > (1u << 16)) flush();
}

void TapeVm::flush() {
  std::fwrite(output_.data(), 1, output_.size(), stdout);
  std::fflush(stdout);
  output_.clear();
}

std::string TapeVm::printableLocation(const framework::GreenKey& key) const {
  const auto* program = reinterpret_cast<const TapeProgram*>(key.words[0]);
  auto pc = static_cast<std::int64_t>(key.words[1]);
  static const char* const kNames[] = {"move", "add", "out", "open", "close", "clear"};
  std::string text = "tape:" + std::to_string(pc);
  if (program != nullptr && pc >= 0 && pc < static_cast<std::int64_t>(program->code.size())) {
    text +=
        std::string(" ") + kNames[static_cast<int>(program->code[static_cast<std::size_t>(pc)].op)];
  }
  return text;
}

framework::VirtualizableFrame* TapeVm::newFrame(const void* code, std::int64_t) {
  auto* frame = gc::make<TapeFrame>();
  frame->code_ = code;
  frame->capacity_ = 1;
  frame->depth_ = 1;
  frame->slots_ = static_cast<framework::Word*>(gc::allocate(sizeof(framework::Word)));
  return frame;
}

bool TapeVm::hasLoops(const void*) const {
  return true;
}

int TapeVm::run() {
  auto* frame = static_cast<TapeFrame*>(newFrame(program_, 1));
  bool tracing = false;
  for (;;) {
    Step step;
    if (tracing) {
      framework::TracingCx cx(driver_.hooks()->sink());
      step = dispatch(*this, cx, frame);
    } else {
      framework::ConcreteCx cx;
      step = dispatch(*this, cx, frame);
    }
    if (step == Step::kToTracing || step == Step::kToConcrete) {
      tracing = step == Step::kToTracing;
      continue;
    }
    flush();
    if (step == Step::kOverflow) {
      std::fprintf(stderr, "tape overflow at instruction %lld\n",
                   static_cast<long long>(frame->pc_));
      return 1;
    }
    return 0;
  }
}

}  // namespace pyl::toys::tape
