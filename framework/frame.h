// framework/frame.h — the virtualizable frame every JIT-visible interpreter frame derives from,
// and the green key that names a position in the user's program.
//
// DESIGN(virtualizable): all state that lives across bytecodes is in a frame (DESIGN.md §3.4
// rule 1). Its `slots_` (locals and value stack, one Word each) are the virtualizable part:
// inside a trace they live in trace registers, so handlers read and write them only through the
// context (`cx.slot<T>(f, i)`, `cx.setSlot(f, i, v)`), which lets TracingCx keep the IR ref of
// every slot. `code_`, `pc_` and `depth_` are structural: they are known while tracing (the code
// and pc are green, the depth follows from the pc), so they stay plain C++ integers that handlers
// change directly and snapshots record as constants.
//
// Neighbours: framework/trace_sink.h (snapshots read frames), jit/trace/ (the recorder),
// jit/runtime/ (resume writes frames back).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "framework/object.h"

namespace pyl::framework {

struct VirtualizableFrame {
  const void* code_ = nullptr;          // green: the interpreter's code object
  std::int64_t pc_ = 0;                 // green: index of the next bytecode
  std::int64_t depth_ = 0;              // live slots: locals first, then the value stack
  std::int64_t capacity_ = 0;           // allocated slots
  Word* slots_ = nullptr;               // GC-allocated, capacity_ Words
  VirtualizableFrame* back_ = nullptr;  // the caller's frame (resume chains rebuilt frames here)
};

// A position in the user's program as the JitDriver's greens describe it. Up to three green
// Words; interpreters with more greens fold them into a code object.
struct GreenKey {
  std::array<Word, 3> words{};
  std::uint8_t count = 0;

  bool operator==(const GreenKey& other) const {
    return count == other.count && words == other.words;
  }
};

struct GreenKeyHash {
  std::size_t operator()(const GreenKey& key) const {
    std::size_t hash = key.count;
    for (std::size_t i = 0; i < key.count; ++i) hash = hash * 1000003u ^ key.words[i];
    return hash;
  }
};

// What the dispatch loop does after a merge point or a can-enter-jit.
enum class DriverAction : std::uint8_t {
  kContinue,          // keep dispatching in the current context
  kSwitchToTracing,   // re-enter the dispatch loop instantiated for TracingCx
  kSwitchToConcrete,  // tracing ended or aborted: continue in ConcreteCx
  kResumeInner,       // compiled code exited inside inlined frames: run them (see resume.h)
  kReturn,            // compiled code ran the frame to its end: ResumeState::returnValue, or
                      // the frame raised if an exception is pending (exception_state.h)
};

}  // namespace pyl::framework
