// jit/backend/llvm/llvm_backend.cpp — LlvmBackend: owns the engine, the compiled traces and
// their resource trackers, the exit buffer and the compile thread.
//
// Threads: codegen and LLVM compilation run on the caller (synchronous) or on the compile
// thread (asynchronous); everything that makes code reachable — label entries, bridge slots, the
// exit buffer's size, a trace's state — is installed on the interpreter thread only, so compiled
// code never observes a half-installed trace. `mutex` guards what the compile thread reads (the
// label map) and the ownership maps.
#include "jit/backend/llvm/llvm_backend.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cinttypes>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "framework/exception_state.h"
#include "gc/heap.h"
#include "jit/backend/llvm/codegen.h"
#include "jit/backend/llvm/compile_queue.h"
#include "jit/backend/llvm/engine.h"
#include "jit/ir/op_semantics.h"

namespace pyl::jit::llvm_backend {

namespace {

// One background compile: filled by the compile thread, installed by the interpreter thread.
struct Job {
  LlvmTrace* compiled = nullptr;  // the pending trace (owned by the backend)
  ExitRecord* exit = nullptr;     // bridges: the exit to attach to
  LlvmTrace* parent = nullptr;    // bridges: exit->owner, checked before attaching
  llvm::orc::ResourceTrackerSP tracker;
  std::string error;  // empty on success
  std::atomic<bool> done{false};
};

// CPU time of the calling thread: compile time without the waiting a loaded machine adds.
double threadCpuMillis() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

LlvmTrace* own(backend::CompiledTrace* trace) {
  auto* llvmTrace = dynamic_cast<LlvmTrace*>(trace);
  if (llvmTrace == nullptr) throw CompileError("not a trace of the LLVM backend");
  return llvmTrace;
}

}  // namespace

struct LlvmBackend::Impl {
  Impl(const LlvmBackendOptions& o, const backend::CallAssemblerHooks& h)
      : options(o), hooks(&h), engine(EngineOptions{o.irPipeline, o.codegenLevel}) {
    if (options.pendingException == nullptr) {
      options.pendingException = reinterpret_cast<std::uint64_t*>(&framework::exceptionState.pending);
    }
    if (options.log != nullptr) {
      options.keepIr = options.keepIr || options.log->enabled(runtime::LogCategory::kBackendIr);
      options.keepAssembly = options.keepAssembly || options.log->enabled(runtime::LogCategory::kBackendAsm);
    }
    std::size_t count = 0;
    const HelperSymbol* helpers = runtimeHelpers(&count);
    std::vector<std::pair<std::string, const void*>> symbols;
    for (std::size_t i = 0; i < count; ++i) symbols.emplace_back(helpers[i].name, helpers[i].address);
    engine.defineHelpers(symbols);
    growBuffer(std::max<std::size_t>(o.bufferWords, 16));
  }


  ~Impl() {
    queue.reset();  // finishes the queued compiles: nothing runs past this point
    for (auto& [trace, tracker] : trackers) {
      (void)trace;
      engine.release(tracker);
    }
    for (auto& job : jobs) {
      if (job->tracker) engine.release(job->tracker);
    }
    gc::freeUncollectable(buffer);
  }

  void growBuffer(std::size_t words) {
    if (words <= bufferWords) return;
    auto* bigger = static_cast<std::uint64_t*>(gc::allocateUncollectable(words * sizeof(std::uint64_t)));
    if (buffer != nullptr) {
      std::memcpy(bigger, buffer, bufferWords * sizeof(std::uint64_t));
      gc::freeUncollectable(buffer);
    }
    buffer = bigger;
    bufferWords = words;
  }

  // call_assembler's slow paths (DESIGN(call-assembler) in jit/backend/backend.h), called by
  // machine code with this Impl as `self`.
  static std::uint64_t callFreshHelper(void* self, const ir::TargetDescr* target, std::uint64_t code,
                                       const std::uint64_t* args, std::uint64_t count) {
    return static_cast<Impl*>(self)->hooks->callFresh(*target, reinterpret_cast<const void*>(code),
                                                      std::span<const std::uint64_t>(args, count));
  }
  static std::uint64_t afterGuardFailureHelper(void* self, const ExitRecord* exit) {
    Impl* impl = static_cast<Impl*>(self);
    // A callee's guard failure is an installation point like every entry from the interpreter
    // (the code below us reloads the buffer and the bridge slots after each call). Without it a
    // recursion that never returns to the interpreter keeps failing the guard whose bridge is
    // ready: fib's leaves failed 5,000-21,000 times waiting for the outermost call to end.
    if (!impl->jobs.empty()) impl->installReady();
    backend::ExitInfo info;
    info.kind = backend::ExitInfo::Kind::kGuardFailure;
    info.compiled = exit->owner;
    info.opIndex = exit->opIndex;
    info.values.assign(impl->buffer, impl->buffer + exit->liveValues.size());
    return impl->hooks->afterGuardFailure(info);
  }

  static const LabelRecord* findLabelHelper(void* self, const ir::TargetDescr* target) {
    Impl* impl = static_cast<Impl*>(self);
    std::lock_guard<std::mutex> lock(impl->mutex);
    auto found = impl->labels.find(target);
    return found == impl->labels.end() ? nullptr : found->second;
  }

  // A new pending trace, owned by the backend from now on.
  LlvmTrace* newTrace(std::shared_ptr<const ir::Trace> source) {
    auto compiled = std::make_unique<LlvmTrace>();
    compiled->id = nextId++;
    compiled->name = "pyl_trace_" + std::to_string(compiled->id);
    compiled->source = std::move(source);
    LlvmTrace* raw = compiled.get();
    std::lock_guard<std::mutex> lock(mutex);
    traces.emplace(raw, std::move(compiled));
    return raw;
  }

  // Codegen + LLVM, on whichever thread calls it. Throws CompileError.
  void build(LlvmTrace& compiled, llvm::orc::ResourceTrackerSP* tracker) {
    CodegenEnvironment environment;
    environment.pendingException = options.pendingException;
    environment.bufferCell = &buffer;
    environment.findLabel = &findLabelHelper;
    environment.backend = this;
    if (hooks->enabled()) {
      environment.callDepth = hooks->depth;
      environment.maxCallDepth = hooks->maxDepth;
      environment.callFresh = &callFreshHelper;
      environment.afterGuardFailure = &afterGuardFailureHelper;
    }
    const auto wallStart = std::chrono::steady_clock::now();
    const double cpuStart = threadCpuMillis();
    try {
      llvm::orc::ThreadSafeModule module =
          generateModule(compiled, environment, engine.dataLayout(), engine.targetTriple());
      CompiledModule code =
          engine.compile(std::move(module), compiled.name, CompileRequest{options.keepIr, options.keepAssembly});
      compiled.entry = reinterpret_cast<TraceEntry>(code.entry);
      compiled.codeBytes = code.codeBytes;
      compiled.compileMillis =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wallStart).count();
      compiled.compileCpuMillis = threadCpuMillis() - cpuStart;
      compiled.ir = std::move(code.ir);
      compiled.assembly = std::move(code.assembly);
      *tracker = code.tracker;
    } catch (const std::runtime_error& error) {
      throw CompileError(error.what());
    }
  }

  // Makes the trace reachable; interpreter thread only.
  void install(LlvmTrace& trace, llvm::orc::ResourceTrackerSP tracker, ExitRecord* exit) {
    growBuffer(trace.bufferWords);
    for (LlvmTrace* target : trace.jumpsInto) ++target->incomingJumps;
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (LabelRecord& label : trace.labels) {
        label.entry = trace.entry;
        const ir::Op& op = trace.source->ops()[label.opIndex];
        if (const auto* target = ir::descrAs<ir::TargetDescr>(op.descr)) labels[target] = &label;
      }
      trackers.emplace(&trace, std::move(tracker));
    }
    if (exit != nullptr) {
      trace.parent = exit->owner;
      exit->owner->bridges.push_back(&trace);
      exit->bridgeTrace = &trace;
      exit->bridge = reinterpret_cast<void*>(trace.entry);
    }
    trace.state = LlvmTrace::State::kInstalled;
    logInstalled(trace);
  }

  void fail(LlvmTrace& trace, const std::string& error) {
    trace.jumpsInto.clear();  // its code never ran and is gone: it holds no incoming jumps
    trace.state = LlvmTrace::State::kFailed;
    trace.error = error;
    if (options.log != nullptr && options.log->enabled(runtime::LogCategory::kBackend)) {
      options.log->write(runtime::LogCategory::kBackend, trace.name, "compile failed: " + error + "\n");
    }
  }

  void logInstalled(const LlvmTrace& trace) {
    runtime::JitLog* log = options.log;
    if (log == nullptr) return;
    if (log->enabled(runtime::LogCategory::kBackend)) {
      char line[200];
      std::snprintf(line, sizeof line, "%s: %zu ops, compile %.3f ms (cpu %.3f ms), code %zu bytes, %zu exits%s\n",
                    trace.name.c_str(), trace.source->size(), trace.compileMillis, trace.compileCpuMillis, trace.codeBytes,
                    trace.exits.size(), trace.parent != nullptr ? ", bridge" : "");
      log->write(runtime::LogCategory::kBackend, trace.name, line);
    }
    if (log->enabled(runtime::LogCategory::kBackendIr)) log->write(runtime::LogCategory::kBackendIr, trace.name, trace.ir);
    if (log->enabled(runtime::LogCategory::kBackendAsm)) {
      log->write(runtime::LogCategory::kBackendAsm, trace.name, trace.assembly);
    }
  }

  LlvmTrace* compileNow(std::shared_ptr<const ir::Trace> source, ExitRecord* exit) {
    LlvmTrace* trace = newTrace(std::move(source));
    llvm::orc::ResourceTrackerSP tracker;
    try {
      build(*trace, &tracker);
    } catch (const CompileError& error) {
      fail(*trace, error.what());
      forget(trace);
      throw;
    }
    install(*trace, std::move(tracker), exit);
    return trace;
  }

  LlvmTrace* submit(std::shared_ptr<const ir::Trace> source, ExitRecord* exit) {
    auto job = std::make_shared<Job>();
    job->compiled = newTrace(std::move(source));
    job->exit = exit;
    job->parent = exit != nullptr ? exit->owner : nullptr;
    jobs.push_back(job);
    if (!queue) queue = std::make_unique<CompileQueue>();
    queue->post([this, job] {
      try {
        build(*job->compiled, &job->tracker);
      } catch (const CompileError& error) {
        job->error = error.what();
      }
      job->done.store(true);
    });
    return job->compiled;
  }

  bool alive(LlvmTrace* trace) {
    std::lock_guard<std::mutex> lock(mutex);
    return traces.count(trace) != 0;
  }

  std::size_t installReady() {
    std::size_t installed = 0;
    while (!jobs.empty() && jobs.front()->done.load()) {
      std::shared_ptr<Job> job = jobs.front();
      jobs.pop_front();
      LlvmTrace& trace = *job->compiled;
      if (!job->error.empty()) {
        fail(trace, job->error);
      } else if (job->parent != nullptr &&
                 (!alive(job->parent) || job->parent->state != LlvmTrace::State::kInstalled || job->parent->zombie)) {
        engine.release(job->tracker);
        fail(trace, "the trace the bridge belonged to was freed");
      } else if (std::any_of(trace.jumpsInto.begin(), trace.jumpsInto.end(),
                             [this](LlvmTrace* target) { return !alive(target) || target->zombie; })) {
        engine.release(job->tracker);
        fail(trace, "a trace it jumps into was freed while it compiled");
      } else {
        install(trace, std::move(job->tracker), job->exit);
        ++installed;
      }
    }
    return installed;
  }

  std::size_t drain() {
    if (queue) queue->waitIdle();
    return installReady();
  }

  // Frees a trace, its bridges and its code. Pending compiles finish first: the compile thread
  // may be writing the trace's records.
  void release(LlvmTrace* trace) {
    if (!jobs.empty()) drain();
    while (!trace->bridges.empty()) release(trace->bridges.back());
    if (trace->parent != nullptr) {
      auto& siblings = trace->parent->bridges;
      siblings.erase(std::remove(siblings.begin(), siblings.end(), trace), siblings.end());
      for (ExitRecord& exit : trace->parent->exits) {
        if (exit.bridgeTrace == trace) {
          exit.bridge = nullptr;
          exit.bridgeTrace = nullptr;
        }
      }
    }
    if (trace->incomingJumps > 0) {
      // DESIGN(llvm-freeing): other live code still jumps here; no new code may.
      trace->zombie = true;
      std::lock_guard<std::mutex> lock(mutex);
      for (auto it = labels.begin(); it != labels.end();) {
        it = it->second->owner == trace ? labels.erase(it) : std::next(it);
      }
      return;
    }
    forget(trace);
  }

  void forget(LlvmTrace* trace) {
    std::vector<LlvmTrace*> targets = std::move(trace->jumpsInto);
    llvm::orc::ResourceTrackerSP tracker;
    std::unique_ptr<LlvmTrace> owned;
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (auto it = labels.begin(); it != labels.end();) {
        it = it->second->owner == trace ? labels.erase(it) : std::next(it);
      }
      if (auto found = trackers.find(trace); found != trackers.end()) {
        tracker = std::move(found->second);
        trackers.erase(found);
      }
      owned = std::move(traces.at(trace));
      traces.erase(trace);
    }
    if (tracker) engine.release(tracker);
    for (LlvmTrace* target : targets) {
      if (--target->incomingJumps == 0 && target->zombie) forget(target);
    }
  }

  LlvmBackendOptions options;
  const backend::CallAssemblerHooks* hooks;  // the backend's (set by the runtime)
  Engine engine;
  std::unique_ptr<CompileQueue> queue;
  mutable std::mutex mutex;
  std::unordered_map<LlvmTrace*, std::unique_ptr<LlvmTrace>> traces;  // every trace, any state
  std::unordered_map<LlvmTrace*, llvm::orc::ResourceTrackerSP> trackers;  // installed ones
  std::unordered_map<const ir::TargetDescr*, const LabelRecord*> labels;
  std::deque<std::shared_ptr<Job>> jobs;  // submitted, not yet installed (interpreter thread)
  std::uint64_t nextId = 0;               // interpreter thread only
  std::uint64_t* buffer = nullptr;
  std::size_t bufferWords = 0;
};

LlvmBackend::LlvmBackend(const LlvmBackendOptions& options)
    : impl_(std::make_unique<Impl>(options, callAssembler_)) {}
LlvmBackend::~LlvmBackend() = default;

const LlvmBackendOptions& LlvmBackend::options() const { return impl_->options; }

LlvmTrace* LlvmBackend::compileLoop(std::shared_ptr<const ir::Trace> trace) {
  if (impl_->options.async) return impl_->submit(std::move(trace), nullptr);
  return impl_->compileNow(std::move(trace), nullptr);
}

LlvmTrace* LlvmBackend::compileBridge(backend::CompiledTrace* owner, std::uint32_t guardOp,
                                      std::shared_ptr<const ir::Trace> bridge) {
  ExitRecord* exit = guardExit(own(owner), guardOp);
  if (exit == nullptr) throw CompileError("op " + std::to_string(guardOp) + " is not a guard of the trace");
  return compileBridgeAt(exit, std::move(bridge));
}

LlvmTrace* LlvmBackend::compileBridgeAt(ExitRecord* exit, std::shared_ptr<const ir::Trace> bridge) {
  if (exit == nullptr || exit->isFinish) throw CompileError("a bridge needs a guard exit to attach to");
  if (bridge->inputArgCount() != exit->liveValues.size()) {
    throw CompileError("the bridge's input args do not match the guard's live values");
  }
  if (impl_->options.async) return impl_->submit(std::move(bridge), exit);
  return impl_->compileNow(std::move(bridge), exit);
}

ExitRecord* LlvmBackend::guardExit(LlvmTrace* trace, std::uint32_t guardOp) {
  for (ExitRecord& exit : trace->exits) {
    if (exit.opIndex == guardOp && !exit.isFinish) return &exit;
  }
  return nullptr;
}

backend::ExitInfo LlvmBackend::execute(backend::CompiledTrace* entry, std::span<const backend::Word> inputs) {
  ExitRecord* exit = run(own(entry), inputs);
  backend::ExitInfo info;
  info.kind = exit->isFinish ? backend::ExitInfo::Kind::kFinish : backend::ExitInfo::Kind::kGuardFailure;
  info.compiled = exit->owner;
  info.opIndex = exit->opIndex;
  info.values.assign(impl_->buffer, impl_->buffer + exit->liveValues.size());
  // DESIGN(unboxed-entry): the interpreter gets a box.
  if (exit->boxedAs != nullptr) info.values[0] = ir::boxValue(*exit->boxedAs, info.values[0]);
  return info;
}

void LlvmBackend::invalidate(backend::CompiledTrace* trace) { own(trace)->invalidated = 1; }

bool LlvmBackend::ready(backend::CompiledTrace* trace) {
  LlvmTrace* llvmTrace = own(trace);
  // Bridges finished meanwhile are attached here too: the runtime asks before every entry.
  if (!impl_->jobs.empty()) impl_->installReady();
  return llvmTrace->state == LlvmTrace::State::kInstalled;
}

void LlvmBackend::free(backend::CompiledTrace* trace) { impl_->release(own(trace)); }

std::size_t LlvmBackend::installReady() { return impl_->installReady(); }

std::size_t LlvmBackend::drain() { return impl_->drain(); }

std::size_t LlvmBackend::pending() const { return impl_->jobs.size(); }

std::size_t LlvmBackend::compiling() const {
  return static_cast<std::size_t>(std::count_if(impl_->jobs.begin(), impl_->jobs.end(),
                                                [](const auto& job) { return !job->done.load(); }));
}

ExitRecord* LlvmBackend::run(LlvmTrace* trace, std::span<const std::uint64_t> inputs) {
  if (!impl_->jobs.empty()) impl_->installReady();  // a safe point: no compiled code is running
  if (trace->state != LlvmTrace::State::kInstalled) throw CompileError(trace->name + " is not installed");
  if (inputs.size() != trace->source->inputArgCount()) throw CompileError("wrong number of inputs for the trace");
  return enter(trace->entry, 0, inputs);
}

ExitRecord* LlvmBackend::runLabel(const LabelRecord& label, std::span<const std::uint64_t> args) {
  if (label.entry == nullptr) throw CompileError("the label's trace is not installed");
  return enter(label.entry, label.entryIndex, args);
}

// DESIGN(llvm-exit-protocol): the first arguments in registers, all of them in the buffer too.
ExitRecord* LlvmBackend::enter(TraceEntry entry, std::uint64_t entryIndex, std::span<const std::uint64_t> args) {
  std::copy(args.begin(), args.end(), impl_->buffer);
  std::uint64_t registers[kRegisterArgs] = {};
  std::copy_n(args.begin(), std::min(args.size(), kRegisterArgs), registers);
  EnteredResult result =
      pyl_llvm_enter(entry, impl_->buffer, entryIndex, impl_->hooks->depth,
                     registers[0], registers[1], registers[2], registers[3]);
  auto* exit = reinterpret_cast<ExitRecord*>(result.record & ~kExitTagMask);
  // A finish returns its one value in a register only (DESIGN(llvm-exit-protocol)).
  if (exit->isFinish && exit->liveValues.size() == 1) impl_->buffer[0] = result.value;
  return exit;
}

std::uint64_t LlvmBackend::exitValue(const ExitRecord& exit, ir::Value value) const {
  for (std::size_t i = 0; i < exit.liveValues.size(); ++i) {
    if (exit.liveValues[i] == value) return impl_->buffer[i];
  }
  if (value.isConst()) return exit.owner->source->constBits(value);
  throw CompileError("value is not live at this exit");
}

std::uint64_t* LlvmBackend::exitBuffer() const { return impl_->buffer; }

std::size_t LlvmBackend::liveTraces() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->traces.size();
}

std::size_t LlvmBackend::liveModules() const { return impl_->engine.liveModules(); }

const LabelRecord* LlvmBackend::findLabel(const ir::TargetDescr* target) const {
  return Impl::findLabelHelper(impl_.get(), target);
}

}  // namespace pyl::jit::llvm_backend
