// jit/runtime/warm_state.h — the JIT runtime behind a JitDriver (PyPy's warmstate + compile):
// hot counters per green key, starting recorders, optimizing and compiling what they record,
// entering compiled code, resuming after guard failures, and growing bridges.
//
//   ReferenceBackend backend;
//   JitLog log;  log.configureFromEnvironment();
//   WarmState jit(params, backend, log);
//   jit.attach(driver);                 // nothing happens when params.enabled is false
//
// DESIGN(warm-up): a loop's counter is bumped at every can-enter-jit of its green key; at
// `threshold` the next iteration is traced. A loop-free function's counter is bumped at its entry
// and at `function_threshold` it is traced from its first bytecode to its return. A guard counts
// its failures (a guard_value per failing value) and at `trace_eagerness` the interpreter traces
// a bridge from the guard's resume point, which the backend attaches to the guard. Every compile
// decays all counters by `decay` per mille, so code that was warm long ago does not get traced
// on its next visit. A key whose traces abort `retrace_limit` times is never traced again.
//
// DESIGN(loop-longevity): PyPy's memmgr. Every compile (every decay of the counters) starts a
// new generation. A loop or function trace is stamped with the current generation whenever the
// interpreter enters it or one of its guards (or its bridges' guards) exits; one that has gone
// `loop_longevity` generations unstamped is freed with Backend::free, its bridges with it, and
// its green key is traced afresh when it gets hot again. A trace that a live trace (or one of
// its bridges) jumps into stays alive as long as that trace does, even if the interpreter never
// enters it itself. Nothing is freed while compiled code is on the stack (a compile reached
// from a residual call inside compiled code): the next compile at top level does it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "framework/jit_driver.h"
#include "jit/backend/backend.h"
#include "jit/ir/descr.h"
#include "jit/runtime/jit_log.h"
#include "jit/runtime/params.h"
#include "jit/runtime/resume.h"
#include "jit/trace/descr_mapper.h"
#include "jit/trace/recorder.h"

namespace pyl::jit::runtime {

// One trace the runtime compiled, kept for logs and for tests that check op shapes: every live
// trace, and the last kFreedRecordsKept freed ones (`compiled` null).
inline constexpr std::size_t kFreedRecordsKept = 32;
struct CompiledRecord {
  trace::TraceKind kind;
  framework::GreenKey key;                     // loops and function traces: where they start
  std::shared_ptr<const ir::Trace> recorded;   // as the recorder produced it
  std::shared_ptr<const ir::Trace> optimized;  // what the backend runs
  backend::CompiledTrace* compiled = nullptr;  // nullptr once freed (loop_longevity)
};

class WarmState final : public framework::JitHooks {
 public:
  WarmState(const JitParams& params, backend::Backend& backend, JitLog& log);
  ~WarmState() override;
  WarmState(const WarmState&) = delete;
  WarmState& operator=(const WarmState&) = delete;

  // Connects the driver to this runtime (or leaves it JIT-less when params say off).
  void attach(framework::JitDriverBase& driver);

  framework::DriverAction onCanEnterJit(framework::JitDriverBase& driver,
                                        framework::VirtualizableFrame* frame,
                                        const framework::GreenKey& key) override;
  framework::DriverAction onFunctionEntry(framework::JitDriverBase& driver,
                                          framework::VirtualizableFrame* frame,
                                          const framework::GreenKey& key) override;
  framework::TraceSink& sink() override;

  const JitStats& stats() const { return stats_; }
  const std::vector<CompiledRecord>& compiled() const { return compiled_; }
  const JitParams& params() const { return params_; }
  // Writes the summary record now (also done by the destructor, once).
  void writeSummary();
  // Called by the framework's quasi-immutable hook for writes to watched fields.
  void quasiImmutableWritten(const void* object, const framework::FieldDescr& field);

 private:
  struct Counter {
    double value = 0;
    std::int64_t aborts = 0;
    bool dontTrace = false;
  };
  struct LoopEntry {
    backend::CompiledTrace* compiled = nullptr;
    const ir::TargetDescr* token = nullptr;  // the label taking the frame's slots
    std::int64_t depth = 0;
  };
  struct GuardCounter {
    std::int64_t failures = 0;
    std::map<framework::Word, std::int64_t> perValue;  // guard_value: failures per value
    std::int64_t bridgeAttempts = 0;
    bool bridged = false;
    std::unique_ptr<const ResumePlan> plan;  // made at the first failure
  };
  struct GuardKey {
    backend::CompiledTrace* trace;
    std::uint32_t op;
    bool operator<(const GuardKey& o) const {
      return trace != o.trace ? trace < o.trace : op < o.op;
    }
  };

  framework::DriverAction enterCompiled(framework::JitDriverBase& driver,
                                        backend::CompiledTrace* entry,
                                        framework::VirtualizableFrame* frame);
  framework::DriverAction handleGuardFailure(framework::JitDriverBase& driver,
                                             const backend::ExitInfo& exit,
                                             framework::VirtualizableFrame* frame);
  trace::Recorder& startRecorder(framework::JitDriverBase& driver);
  void recorderEnded(trace::Recorder* recorder);
  void compileLoopOrFunction(trace::Recorder& recorder);
  void compileBridge(trace::Recorder& recorder);
  std::optional<ir::Trace> optimize(const ir::Trace& trace, bool isLoop, std::string* reason);
  void decayCounters();
  // DESIGN(loop-longevity): stamps the loop/function trace `compiled` belongs to as used now.
  void keepAlive(backend::CompiledTrace* compiled);
  void freeOldTraces();
  void freeTrace(backend::CompiledTrace* root);
  void logTrace(LogCategory category, const char* what, const ir::Trace& trace);
  const ir::TargetDescr* loopAt(const framework::GreenKey& key, std::int64_t depth) const;
  // DESIGN(call-assembler) (framework/jit_driver.h): the runtime's side of call_assembler.
  const ir::TargetDescr* functionAt(const void* code) const;
  framework::Word callAssemblerFresh(const ir::TargetDescr& target, const void* code,
                                     std::span<const framework::Word> args);
  framework::Word callAssemblerAfterGuardFailure(const backend::ExitInfo& exit);
  framework::Word finishCalledFrame(framework::VirtualizableFrame* frame,
                                    framework::DriverAction action);

  JitParams params_;
  backend::Backend* backend_;
  JitLog* log_;
  ir::DescrPool pool_;
  trace::DescrMapper descrs_;
  trace::InliningPolicy policy_;
  framework::JitDriverBase* driver_ = nullptr;
  std::unordered_map<framework::GreenKey, Counter, framework::GreenKeyHash> loopCounters_;
  std::unordered_map<framework::GreenKey, Counter, framework::GreenKeyHash> functionCounters_;
  std::unordered_map<framework::GreenKey, LoopEntry, framework::GreenKeyHash> loops_;
  std::unordered_map<framework::GreenKey, LoopEntry, framework::GreenKeyHash> functions_;
  std::unordered_map<const void*, framework::GreenKey> functionKeys_;  // code -> entry key
  std::map<GuardKey, GuardCounter> guards_;
  std::vector<std::unique_ptr<trace::Recorder>> recorders_;  // alive while contexts may use them
  trace::Recorder* active_ = nullptr;
  std::chrono::steady_clock::time_point traceStart_;
  // Where the pending bridge attaches: the guard it was traced from.
  GuardKey bridgeFrom_{nullptr, 0};
  std::vector<CompiledRecord> compiled_;
  std::map<std::pair<const void*, const framework::FieldDescr*>,
           std::vector<backend::CompiledTrace*>>
      watchers_;
  std::unordered_map<const backend::CompiledTrace*, framework::GreenKey> keyOfTrace_;
  std::map<std::pair<const void*, const framework::FieldDescr*>, int> invalidations_;
  // DESIGN(loop-longevity): per loop/function trace (the root of its bridges).
  struct TraceLife {
    std::int64_t lastUsed = 0;  // generation of the last entry or guard exit
    std::vector<backend::CompiledTrace*> bridges;
    std::vector<const ir::TargetDescr*> jumpsTo;  // labels its code or its bridges jump into
  };
  std::unordered_map<backend::CompiledTrace*, TraceLife> lives_;
  std::unordered_map<const backend::CompiledTrace*, backend::CompiledTrace*> rootOf_;
  std::unordered_map<const ir::TargetDescr*, backend::CompiledTrace*> labelOwner_;
  std::int64_t generation_ = 0;
  int executing_ = 0;  // nesting of compiled code on the stack
  JitStats stats_;
  bool summaryWritten_ = false;
  int nextToken_ = 0;
};

}  // namespace pyl::jit::runtime
