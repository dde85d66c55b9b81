// jit/runtime/jit_log.h — the JIT's log, PyPy's PYPYLOG for this VM: PYLANGLOG=cats[:target].
//
//   PYLANGLOG=jit-log-opt,jit-summary:trace.log    optimized traces and the summary into a file
//   PYLANGLOG=jit-summary:-                        the summary on stderr
//   PYLANGLOG=jit:-                                every jit-* category
// Categories (one per kind of record): jit-log-noopt (traces as recorded), jit-log-opt
// (optimized traces, every op after its debug_merge_point's location), jit-abort (why tracing
// stopped), jit-bridge (guard failures that got bridges), jit-summary (counts and times at exit),
// jit-backend (compile time and code size per trace), jit-backend-llvm-ir, jit-backend-asm.
// A missing target means stderr. A malformed spec is reported in one line and logs nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>

namespace pyl::jit::runtime {

enum class LogCategory : std::uint8_t {
  kLogNoopt,
  kLogOpt,
  kAbort,
  kBridge,
  kSummary,
  kBackend,     // jit-backend: per compiled trace, compile time and machine-code size
  kBackendIr,   // jit-backend-llvm-ir: the LLVM IR the LLVM backend compiled (after its passes)
  kBackendAsm,  // jit-backend-asm: the disassembled machine code
  kCount
};

// What the summary reports; the runtime updates it whether or not anything is logged.
struct JitStats {
  std::int64_t loops = 0;           // loops compiled (from a can-enter-jit)
  std::int64_t functionTraces = 0;  // traces compiled from a function entry
  std::int64_t bridges = 0;         // bridges compiled and attached to a guard
  std::int64_t aborts = 0;
  std::map<std::string, std::int64_t> abortReasons;  // reason class -> count
  std::int64_t guardFailures = 0;                    // guard exits that resumed the interpreter
  std::int64_t enteredCompiled = 0;                  // times the interpreter entered compiled code
  std::int64_t invalidated = 0;                      // traces invalidated by quasi-immutable writes
  std::int64_t freed = 0;                            // loop/function traces freed (loop_longevity)
  std::int64_t opsRecorded = 0;
  std::int64_t opsAfterOptimization = 0;
  std::chrono::nanoseconds tracing{0}, optimizing{0}, compiling{0};
};

class JitLog {
 public:
  JitLog() = default;
  ~JitLog();
  JitLog(const JitLog&) = delete;
  JitLog& operator=(const JitLog&) = delete;

  // Parses a PYLANGLOG value; false and a one-line *error if it is malformed.
  bool configure(std::string_view spec, std::string* error);
  // Reads PYLANGLOG; a malformed value is reported on stderr once and ignored.
  void configureFromEnvironment();

  bool enabled(LogCategory category) const { return enabled_[static_cast<int>(category)]; }
  // One record: `{category-name label` ... `category-name}` around the text, as PYPYLOG does.
  void write(LogCategory category, std::string_view label, std::string_view text);
  // Writes the jit-summary record (if enabled) from the stats.
  void writeSummary(const JitStats& stats);
  static std::string formatSummary(const JitStats& stats);

 private:
  bool enabled_[static_cast<int>(LogCategory::kCount)] = {};
  std::FILE* out_ = nullptr;
  bool ownsFile_ = false;
};

}  // namespace pyl::jit::runtime
