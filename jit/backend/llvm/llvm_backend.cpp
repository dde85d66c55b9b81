// jit/backend/llvm/llvm_backend.cpp — LlvmBackend: owns the engine, the compiled traces and
// their resource trackers, the exit buffer and the compile thread.
//
// Threads: codegen and LLVM compilation run on the caller (synchronous) or on the compile
// thread (asynchronous); everything that makes code reachable — label entries, bridge slots, the
// exit buffer's size — is installed on the interpreter thread only, so compiled code never
// observes a half-installed trace. `mutex_` guards the maps the compile thread reads (labels).
#include "jit/backend/llvm/llvm_backend.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "framework/exception_state.h"
#include "gc/heap.h"
#include "jit/backend/llvm/codegen.h"
#include "jit/backend/llvm/compile_queue.h"
#include "jit/backend/llvm/engine.h"

namespace pyl::jit::llvm_backend {

namespace {

struct Job {
  LlvmBackend::Ticket ticket = 0;
  std::shared_ptr<const ir::Trace> source;
  ExitRecord* exit = nullptr;            // bridges: the exit to attach to
  LlvmTrace* parent = nullptr;       // bridges: exit->owner, checked before attaching
  std::unique_ptr<LlvmTrace> result;
  llvm::orc::ResourceTrackerSP tracker;
  std::string error;
  std::atomic<bool> done{false};
};

}  // namespace

struct LlvmBackend::Impl {
  explicit Impl(const LlvmBackendOptions& o)
      : options(o), engine(EngineOptions{o.irPipeline, o.codegenLevel}) {
    if (options.pendingException == nullptr) {
      options.pendingException = reinterpret_cast<std::uint64_t*>(&framework::exceptionState.pending);
    }
    std::size_t count = 0;
    const HelperSymbol* helpers = runtimeHelpers(&count);
    std::vector<std::pair<std::string, const void*>> symbols;
    for (std::size_t i = 0; i < count; ++i) symbols.emplace_back(helpers[i].name, helpers[i].address);
    engine.defineHelpers(symbols);
    growBuffer(std::max<std::size_t>(o.bufferWords, 16));
  }

  ~Impl() {
    queue.reset();  // no compile is running past this point
    for (auto& [trace, tracker] : trackers) {
      (void)trace;
      engine.release(tracker);
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

  static std::uint64_t callAssemblerHelper(void* self, const LabelRecord* target, std::uint64_t* args) {
    return static_cast<Impl*>(self)->options.callAssembler(*target, args);
  }

  static const LabelRecord* findLabelHelper(void* self, const ir::TargetDescr* target) {
    Impl* impl = static_cast<Impl*>(self);
    std::lock_guard<std::mutex> lock(impl->mutex);
    auto found = impl->labels.find(target);
    return found == impl->labels.end() ? nullptr : found->second;
  }

  // Codegen + LLVM, on whichever thread calls it. Throws CompileError.
  std::unique_ptr<LlvmTrace> build(std::shared_ptr<const ir::Trace> trace, llvm::orc::ResourceTrackerSP* tracker) {
    auto compiled = std::make_unique<LlvmTrace>();
    compiled->id = nextId.fetch_add(1);
    compiled->name = "pyl_trace_" + std::to_string(compiled->id);
    compiled->source = std::move(trace);
    CodegenEnvironment environment;
    environment.pendingException = options.pendingException;
    environment.callAssembler = options.callAssembler ? &callAssemblerHelper : nullptr;
    environment.findLabel = &findLabelHelper;
    environment.backend = this;
    try {
      llvm::orc::ThreadSafeModule module =
          generateModule(*compiled, environment, engine.dataLayout(), engine.targetTriple());
      CompiledModule code = engine.compile(std::move(module), compiled->name,
                                           CompileRequest{options.keepIr, options.keepAssembly});
      compiled->entry = reinterpret_cast<TraceEntry>(code.entry);
      compiled->codeBytes = code.codeBytes;
      compiled->compileMillis = code.compileMillis;
      compiled->ir = std::move(code.ir);
      compiled->assembly = std::move(code.assembly);
      *tracker = code.tracker;
    } catch (const std::runtime_error& error) {
      throw CompileError(error.what());
    }
    return compiled;
  }

  // Makes the trace reachable; interpreter thread only.
  LlvmTrace* install(std::unique_ptr<LlvmTrace> compiled, llvm::orc::ResourceTrackerSP tracker,
                         ExitRecord* exit) {
    LlvmTrace* trace = compiled.get();
    growBuffer(trace->bufferWords);
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (LabelRecord& label : trace->labels) {
        label.entry = trace->entry;
        const ir::Op& op = trace->source->ops()[label.opIndex];
        if (const auto* target = ir::descrAs<ir::TargetDescr>(op.descr)) labels[target] = &label;
      }
      traces.emplace(trace, std::move(compiled));
      trackers.emplace(trace, std::move(tracker));
    }
    if (exit != nullptr) {
      trace->parent = exit->owner;
      exit->owner->bridges.push_back(trace);
      exit->bridgeTrace = trace;
      exit->bridge = reinterpret_cast<void*>(trace->entry);
    }
    return trace;
  }

  void release(LlvmTrace* trace) {
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
    llvm::orc::ResourceTrackerSP tracker;
    std::unique_ptr<LlvmTrace> owned;
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (auto it = labels.begin(); it != labels.end();) {
        it = it->second->owner == trace ? labels.erase(it) : std::next(it);
      }
      tracker = std::move(trackers.at(trace));
      trackers.erase(trace);
      owned = std::move(traces.at(trace));
      traces.erase(trace);
    }
    engine.release(tracker);
  }

  Ticket submit(std::shared_ptr<const ir::Trace> trace, ExitRecord* exit) {
    auto job = std::make_shared<Job>();
    job->ticket = nextTicket++;
    job->source = std::move(trace);
    job->exit = exit;
    job->parent = exit != nullptr ? exit->owner : nullptr;
    jobs.push_back(job);
    if (!queue) queue = std::make_unique<CompileQueue>();
    queue->post([this, job] {
      try {
        job->result = build(job->source, &job->tracker);
      } catch (const CompileError& error) {
        job->error = error.what();
      }
      job->done.store(true);
    });
    return job->ticket;
  }

  std::vector<Installed> installReady() {
    std::vector<Installed> installed;
    while (!jobs.empty() && jobs.front()->done.load()) {
      std::shared_ptr<Job> job = jobs.front();
      jobs.pop_front();
      if (!job->result) {
        installed.push_back({job->ticket, nullptr, job->error});
        continue;
      }
      bool parentAlive = true;
      if (job->parent != nullptr) {
        std::lock_guard<std::mutex> lock(mutex);
        parentAlive = traces.count(job->parent) != 0;
      }
      if (!parentAlive) {
        engine.release(job->tracker);
        installed.push_back({job->ticket, nullptr, "the trace the bridge belonged to was freed"});
        continue;
      }
      installed.push_back({job->ticket, install(std::move(job->result), job->tracker, job->exit), ""});
    }
    return installed;
  }

  LlvmBackendOptions options;
  Engine engine;
  std::unique_ptr<CompileQueue> queue;
  mutable std::mutex mutex;
  std::unordered_map<LlvmTrace*, std::unique_ptr<LlvmTrace>> traces;
  std::unordered_map<LlvmTrace*, llvm::orc::ResourceTrackerSP> trackers;
  std::unordered_map<const ir::TargetDescr*, const LabelRecord*> labels;
  std::deque<std::shared_ptr<Job>> jobs;  // submitted, not yet installed (interpreter thread)
  std::atomic<std::uint64_t> nextId{0};
  Ticket nextTicket = 1;
  std::uint64_t* buffer = nullptr;
  std::size_t bufferWords = 0;
};

LlvmBackend::LlvmBackend(const LlvmBackendOptions& options) : impl_(std::make_unique<Impl>(options)) {}
LlvmBackend::~LlvmBackend() = default;

const LlvmBackendOptions& LlvmBackend::options() const { return impl_->options; }

namespace {

LlvmTrace* own(backend::CompiledTrace* trace) {
  auto* llvmTrace = dynamic_cast<LlvmTrace*>(trace);
  if (llvmTrace == nullptr) throw CompileError("not a trace of the LLVM backend");
  return llvmTrace;
}

}  // namespace

LlvmTrace* LlvmBackend::compileLoop(std::shared_ptr<const ir::Trace> trace) {
  llvm::orc::ResourceTrackerSP tracker;
  auto compiled = impl_->build(std::move(trace), &tracker);
  return impl_->install(std::move(compiled), std::move(tracker), nullptr);
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
  llvm::orc::ResourceTrackerSP tracker;
  auto compiled = impl_->build(std::move(bridge), &tracker);
  return impl_->install(std::move(compiled), std::move(tracker), exit);
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
  return info;
}

void LlvmBackend::invalidate(backend::CompiledTrace* trace) { own(trace)->invalidated = 1; }

void LlvmBackend::free(backend::CompiledTrace* trace) { impl_->release(own(trace)); }

LlvmBackend::Ticket LlvmBackend::submitLoop(std::shared_ptr<const ir::Trace> trace) {
  return impl_->submit(std::move(trace), nullptr);
}

LlvmBackend::Ticket LlvmBackend::submitBridge(ExitRecord* exit, std::shared_ptr<const ir::Trace> bridge) {
  if (exit == nullptr || exit->isFinish) throw CompileError("a bridge needs a guard exit to attach to");
  return impl_->submit(std::move(bridge), exit);
}

std::vector<LlvmBackend::Installed> LlvmBackend::installReady() { return impl_->installReady(); }

std::vector<LlvmBackend::Installed> LlvmBackend::drain() {
  if (impl_->queue) impl_->queue->waitIdle();
  return impl_->installReady();
}

std::size_t LlvmBackend::pending() const { return impl_->jobs.size(); }

ExitRecord* LlvmBackend::run(LlvmTrace* trace, std::span<const std::uint64_t> inputs) {
  if (inputs.size() != trace->source->inputArgCount()) throw CompileError("wrong number of inputs for the trace");
  std::copy(inputs.begin(), inputs.end(), impl_->buffer);
  return reinterpret_cast<ExitRecord*>(trace->entry(impl_->buffer, 0));
}

ExitRecord* LlvmBackend::runLabel(const LabelRecord& label, std::span<const std::uint64_t> args) {
  if (label.entry == nullptr) throw CompileError("the label's trace is not installed");
  std::copy(args.begin(), args.end(), impl_->buffer);
  return reinterpret_cast<ExitRecord*>(label.entry(impl_->buffer, label.entryIndex));
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
