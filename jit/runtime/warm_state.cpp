// jit/runtime/warm_state.cpp — counters, compile pipeline, guard failures and bridges (see the
// header's DESIGN(warm-up)).
#include "jit/runtime/warm_state.h"

#include <algorithm>
#include <stdexcept>

#include "framework/exception_state.h"
#include "jit/ir/op_semantics.h"
#include "jit/ir/printer.h"
#include "jit/opt/optimizer.h"
#include "jit/runtime/resume.h"

namespace pyl::jit::runtime {

using framework::DriverAction;
using framework::GreenKey;
using framework::VirtualizableFrame;
using framework::Word;

namespace {

// The one runtime the framework's process-wide hooks (quasi-immutable writes, the IR printer's
// location names) talk to. A process runs one interpreter with one JIT.
WarmState* gRuntime = nullptr;
framework::InterpreterInfo* gLocationInfo = nullptr;

void quasiImmutableHook(const void* object, const framework::FieldDescr& field) {
  if (gRuntime != nullptr) gRuntime->quasiImmutableWritten(object, field);
}

std::string printLocation(std::uint64_t code, std::uint32_t pc) {
  if (gLocationInfo == nullptr) return "?";
  GreenKey key;
  key.words[0] = code;
  key.words[1] = pc & ~trace::kAfterCallPc;
  key.count = 2;
  return gLocationInfo->printableLocation(key);
}

// "trace too long; stop inlining f" -> "trace too long": the summary groups by reason class.
std::string reasonClass(const std::string& reason) {
  std::size_t cut = reason.find_first_of(";:");
  return cut == std::string::npos ? reason : reason.substr(0, cut);
}

}  // namespace

WarmState::WarmState(const JitParams& params, backend::Backend& backend, JitLog& log)
    : params_(params), backend_(&backend), log_(&log), descrs_(pool_) {
  policy_.traceLimit = params.trace_limit;
  policy_.maxUnrollRecursion = params.max_unroll_recursion;
  policy_.inlining = params.inlining != 0;
  gRuntime = this;
  framework::quasiImmutableHook = &quasiImmutableHook;
}

WarmState::~WarmState() {
  writeSummary();
  if (gRuntime == this) {
    gRuntime = nullptr;
    framework::quasiImmutableHook = nullptr;
  }
  if (driver_ != nullptr && gLocationInfo == &driver_->info()) {
    gLocationInfo = nullptr;
    ir::setLocationPrinter(nullptr);
  }
}

void WarmState::writeSummary() {
  if (summaryWritten_) return;
  summaryWritten_ = true;
  log_->writeSummary(stats_);
}

void WarmState::attach(framework::JitDriverBase& driver) {
  if (!params_.enabled) return;
  driver_ = &driver;
  driver.setHooks(this);
  if (std::int64_t* depth = driver.info().callDepth()) {
    backend::CallAssemblerHooks hooks;
    hooks.depth = depth;
    hooks.maxDepth = driver.info().maxCallDepth();
    hooks.callFresh = [this](const ir::TargetDescr& target, const void* code,
                             std::span<const Word> args) {
      return callAssemblerFresh(target, code, args);
    };
    hooks.afterGuardFailure = [this](const backend::ExitInfo& exit) {
      return callAssemblerAfterGuardFailure(exit);
    };
    backend_->setCallAssemblerHooks(std::move(hooks));
  }
  gLocationInfo = &driver.info();
  ir::setLocationPrinter(&printLocation);
}

framework::TraceSink& WarmState::sink() {
  if (active_ == nullptr) throw std::logic_error("TracingCx used with no trace being recorded");
  return *active_;
}

const ir::TargetDescr* WarmState::functionAt(const void* code) const {
  auto key = functionKeys_.find(code);
  if (key == functionKeys_.end()) return nullptr;
  auto it = functions_.find(key->second);
  if (it == functions_.end() || it->second.token == nullptr) return nullptr;
  return backend_->ready(it->second.compiled) ? it->second.token : nullptr;
}

Word WarmState::callAssemblerFresh(const ir::TargetDescr& target, const void* code,
                                   std::span<const Word> args) {
  framework::InterpreterInfo& info = driver_->info();
  VirtualizableFrame* frame = info.newFrame(code, static_cast<std::int64_t>(args.size()));
  if (frame->capacity_ < static_cast<std::int64_t>(args.size()))
    throw std::logic_error("call_assembler: the callee's frame has too few slots");
  std::copy(args.begin(), args.end(), frame->slots_);
  // An unboxed entry's values become boxes again (DESIGN(unboxed-entry) in jit/ir/descr.h).
  for (std::size_t i = 0; i < target.unboxedClasses.size() && i < args.size(); ++i) {
    if (const ir::SizeDescr* box = target.unboxedClasses[i])
      frame->slots_[i] = ir::boxValue(*box, args[i]);
  }
  frame->depth_ = static_cast<std::int64_t>(args.size());
  frame->pc_ = 0;
  return finishCalledFrame(frame, DriverAction::kContinue);
}

Word WarmState::callAssemblerAfterGuardFailure(const backend::ExitInfo& exit) {
  const ir::Trace& trace = exit.compiled->trace();
  const ir::Snapshot& snapshot = trace.snapshot(trace.ops()[exit.opIndex].snapshot);
  if (snapshot.frames.empty()) throw std::logic_error("call_assembler: an exit without frames");
  const ir::SnapshotFrame& outer = snapshot.frames.front();
  // The callee's frame never existed (compiled code kept it in registers): make it for resume.
  VirtualizableFrame* frame = driver_->info().newFrame(
      reinterpret_cast<const void*>(static_cast<std::uintptr_t>(outer.code)),
      static_cast<std::int64_t>(outer.slots.size()));
  return finishCalledFrame(frame, handleGuardFailure(*driver_, exit, frame));
}

Word WarmState::finishCalledFrame(VirtualizableFrame* frame, DriverAction action) {
  bool raised = false;
  Word result = driver_->info().runCalledFrame(frame, action, &raised);
  if (!raised) return result;
  framework::raisePending(reinterpret_cast<framework::Object*>(result));
  return 0;
}

const ir::TargetDescr* WarmState::loopAt(const GreenKey& key, std::int64_t depth) const {
  auto it = loops_.find(key);
  if (it == loops_.end() || it->second.depth != depth) return nullptr;
  return it->second.token;
}

trace::Recorder& WarmState::startRecorder(framework::JitDriverBase& driver) {
  trace::RecorderLinks links;
  links.loopAt = [this](const GreenKey& key, std::int64_t depth) { return loopAt(key, depth); };
  links.functionAt = [this](const void* code) { return functionAt(code); };
  // Only the active recorder can end, so the callback names it through active_.
  links.ended = [this] { recorderEnded(active_); };
  recorders_.push_back(
      std::make_unique<trace::Recorder>(descrs_, driver.info(), policy_, std::move(links)));
  active_ = recorders_.back().get();
  traceStart_ = std::chrono::steady_clock::now();
  return *active_;
}

DriverAction WarmState::onCanEnterJit(framework::JitDriverBase& driver, VirtualizableFrame* frame,
                                      const GreenKey& key) {
  if (auto it = loops_.find(key); it != loops_.end() && it->second.depth == frame->depth_) {
    // Compiling in the background: interpret until the code is ready (no retracing meanwhile).
    keepAlive(it->second.compiled);
    if (!backend_->ready(it->second.compiled)) return DriverAction::kContinue;
    return enterCompiled(driver, it->second.compiled, frame);
  }
  if (active_ != nullptr && active_->recording()) return DriverAction::kContinue;
  Counter& counter = loopCounters_[key];
  if (counter.dontTrace) return DriverAction::kContinue;
  counter.value += 1;
  if (counter.value < static_cast<double>(params_.threshold)) return DriverAction::kContinue;
  ir::TargetDescr& token = pool_.addTarget("loop" + std::to_string(nextToken_++));
  token.argTypes.assign(static_cast<std::size_t>(frame->depth_),
                        trace::irType(driver.info().slotKind()));
  startRecorder(driver).beginLoop(frame, key, &token);
  return DriverAction::kSwitchToTracing;
}

DriverAction WarmState::onFunctionEntry(framework::JitDriverBase& driver, VirtualizableFrame* frame,
                                        const GreenKey& key) {
  if (auto it = functions_.find(key); it != functions_.end() && it->second.depth == frame->depth_) {
    keepAlive(it->second.compiled);
    if (!backend_->ready(it->second.compiled)) return DriverAction::kContinue;
    return enterCompiled(driver, it->second.compiled, frame);
  }
  if (active_ != nullptr && active_->recording()) return DriverAction::kContinue;
  if (driver.info().hasLoops(frame->code_)) return DriverAction::kContinue;
  Counter& counter = functionCounters_[key];
  if (counter.dontTrace) return DriverAction::kContinue;
  counter.value += 1;
  if (counter.value < static_cast<double>(params_.function_threshold))
    return DriverAction::kContinue;
  ir::TargetDescr& token = pool_.addTarget("function" + std::to_string(nextToken_++));
  token.argTypes.assign(static_cast<std::size_t>(frame->depth_),
                        trace::irType(driver.info().slotKind()));
  ir::TargetDescr* unboxed =
      params_.unboxed_entry != 0 ? &pool_.addTarget(token.name + ".unboxed") : nullptr;
  functionKeys_[frame->code_] = key;
  startRecorder(driver).beginFunction(frame, key, &token, unboxed);
  return DriverAction::kSwitchToTracing;
}

DriverAction WarmState::enterCompiled(framework::JitDriverBase& driver,
                                      backend::CompiledTrace* entry, VirtualizableFrame* frame) {
  ++stats_.enteredCompiled;
  std::span<const Word> inputs(frame->slots_, static_cast<std::size_t>(frame->depth_));
  backend::ExitInfo exit;
  {
    // DESIGN(loop-longevity): no trace is freed while compiled code is on the stack.
    struct Nesting {
      int* depth;
      explicit Nesting(int* d) : depth(d) { ++*depth; }
      ~Nesting() { --*depth; }
      Nesting(const Nesting&) = delete;
      Nesting& operator=(const Nesting&) = delete;
    } nesting(&executing_);
    exit = backend_->execute(entry, inputs);
  }
  framework::ResumeState& resume = driver.resumeState();
  if (exit.kind == backend::ExitInfo::Kind::kFinish) {
    resume.innermost = nullptr;
    resume.afterCall = false;
    resume.returnValue = exit.values.empty() ? 0 : exit.values[0];
    return DriverAction::kReturn;
  }
  return handleGuardFailure(driver, exit, frame);
}

DriverAction WarmState::handleGuardFailure(framework::JitDriverBase& driver,
                                           const backend::ExitInfo& exit,
                                           VirtualizableFrame* frame) {
  ++stats_.guardFailures;
  keepAlive(exit.compiled);
  const ir::Trace& trace = exit.compiled->trace();
  const ir::Op& op = trace.ops()[exit.opIndex];
  const ir::Snapshot& snapshot = trace.snapshot(op.snapshot);
  GuardCounter& guard = guards_[GuardKey{exit.compiled, exit.opIndex}];
  if (guard.plan == nullptr) guard.plan = std::make_unique<const ResumePlan>(makeResumePlan(snapshot));
  ResumedState resumed =
      resumeFromSnapshot(trace, snapshot, *guard.plan, exit.values, frame, driver.info());
  framework::ResumeState& resume = driver.resumeState();
  resume.innermost = resumed.frames.empty() ? frame : resumed.frames.back();
  resume.afterCall = resumed.afterCall;

  std::int64_t count = ++guard.failures;
  const std::vector<ir::Value>& live = guard.plan->live;
  if (op.opcode == ir::Opcode::guard_value && !op.args.empty()) {
    // PyPy counts a promote's failures per value: a bridge is for a value that keeps coming.
    auto at = std::find(live.begin(), live.end(), op.args[0]);
    if (at != live.end())
      count = ++guard.perValue[exit.values[static_cast<std::size_t>(at - live.begin())]];
  }
  bool recording = active_ != nullptr && active_->recording();
  if (count >= params_.trace_eagerness && !guard.bridged && !recording &&
      guard.bridgeAttempts < params_.max_bridge_attempts) {
    ++guard.bridgeAttempts;
    trace::BridgeStart start;
    start.trace = &trace;
    start.snapshot = &snapshot;
    start.failValues = live;
    start.failWords.assign(exit.values.begin(), exit.values.end());
    start.virtuals.assign(resumed.virtuals.begin(), resumed.virtuals.end());
    start.frames = resumed.frames;
    bridgeFrom_ = GuardKey{exit.compiled, exit.opIndex};
    startRecorder(driver).beginBridge(start);
    log_->write(LogCategory::kBridge, "",
                "guard " + std::string(ir::opName(op.opcode)) + " (op " +
                    std::to_string(exit.opIndex) + ") failed " + std::to_string(count) +
                    " times: tracing a bridge");
    return DriverAction::kSwitchToTracing;
  }
  return DriverAction::kResumeInner;
}

std::optional<ir::Trace> WarmState::optimize(const ir::Trace& trace, bool isLoop,
                                             std::string* reason) {
  std::string opts =
      params_.enable_opts == "all" ? std::string(opt::kDefaultEnableOpts) : params_.enable_opts;
  if (opts == "none") return trace;
  if (!isLoop) {
    // Unrolling peels a loop; bridges and function traces have no loop of their own.
    std::string kept;
    std::size_t start = 0;
    while (start <= opts.size()) {
      std::size_t end = opts.find(':', start);
      std::string name =
          opts.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (name != "unroll" && !name.empty()) kept += (kept.empty() ? "" : ":") + name;
      if (end == std::string::npos) break;
      start = end + 1;
    }
    if (kept.empty()) return trace;
    opts = kept;
  }
  opt::OptimizerOptions options;
  options.enableOpts = opts;
  opt::OptimizeResult result = opt::optimizeTrace(trace, options);
  if (!result.ok()) {
    *reason = "optimizer: " + result.abortReason;
    return std::nullopt;
  }
  return std::move(*result.trace);
}

void WarmState::logTrace(LogCategory category, const char* what, const ir::Trace& trace) {
  if (!log_->enabled(category)) return;
  log_->write(category, what, ir::printTrace(trace));
}

void WarmState::decayCounters() {
  double keep = static_cast<double>(1000 - params_.decay) / 1000.0;
  for (auto& [key, counter] : loopCounters_) counter.value *= keep;
  for (auto& [key, counter] : functionCounters_) counter.value *= keep;
  ++generation_;
  freeOldTraces();
}

void WarmState::keepAlive(backend::CompiledTrace* compiled) {
  auto root = rootOf_.find(compiled);
  if (root == rootOf_.end()) return;
  auto life = lives_.find(root->second);
  if (life != lives_.end()) life->second.lastUsed = generation_;
}

void WarmState::freeOldTraces() {
  // DESIGN(loop-longevity): see the header.
  if (executing_ > 0 || (active_ != nullptr && active_->recording())) return;
  std::vector<backend::CompiledTrace*> work;
  std::unordered_map<backend::CompiledTrace*, bool> alive;
  for (auto& [root, life] : lives_) {
    bool young = generation_ - life.lastUsed <= params_.loop_longevity;
    alive[root] = young;
    if (young) work.push_back(root);
  }
  while (!work.empty()) {
    backend::CompiledTrace* root = work.back();
    work.pop_back();
    for (const ir::TargetDescr* target : lives_[root].jumpsTo) {
      auto owner = labelOwner_.find(target);
      if (owner == labelOwner_.end() || alive[owner->second]) continue;
      alive[owner->second] = true;
      work.push_back(owner->second);
    }
  }
  for (auto& [root, keep] : alive) {
    if (!keep) freeTrace(root);
  }
}

void WarmState::freeTrace(backend::CompiledTrace* root) {
  TraceLife life = std::move(lives_.at(root));
  lives_.erase(root);
  std::vector<backend::CompiledTrace*> traces = std::move(life.bridges);
  traces.push_back(root);
  auto isFreed = [&](const backend::CompiledTrace* t) {
    return std::find(traces.begin(), traces.end(), t) != traces.end();
  };
  for (auto* table : {&loops_, &functions_}) {
    std::erase_if(*table, [&](const auto& entry) { return entry.second.compiled == root; });
  }
  std::erase_if(guards_, [&](const auto& entry) { return isFreed(entry.first.trace); });
  for (auto& [field, traceList] : watchers_) std::erase_if(traceList, isFreed);
  std::erase_if(watchers_, [](const auto& entry) { return entry.second.empty(); });
  keyOfTrace_.erase(root);
  for (backend::CompiledTrace* t : traces) rootOf_.erase(t);
  std::erase_if(labelOwner_, [&](const auto& entry) { return entry.second == root; });
  for (CompiledRecord& record : compiled_) {
    if (isFreed(record.compiled)) record.compiled = nullptr;
  }
  // The records of freed traces form a bounded history (the oldest go first), so a program that
  // keeps compiling and freeing does not keep every trace's IR forever.
  std::size_t freedRecords = static_cast<std::size_t>(
      std::count_if(compiled_.begin(), compiled_.end(),
                    [](const CompiledRecord& record) { return record.compiled == nullptr; }));
  for (auto it = compiled_.begin(); freedRecords > kFreedRecordsKept && it != compiled_.end();) {
    if (it->compiled == nullptr) {
      it = compiled_.erase(it);
      --freedRecords;
    } else {
      ++it;
    }
  }
  backend_->free(root);
  ++stats_.freed;
}

namespace {

// The labels a trace's jumps continue at (its own loop label included) and the function traces
// its call_assembler ops call: their code must live as long as this trace's.
void collectJumpTargets(const ir::Trace& trace, std::vector<const ir::TargetDescr*>* out) {
  for (const ir::Op& op : trace.ops()) {
    bool calls = ir::callFamilyOf(op.opcode) == ir::CallFamily::kCallAssembler;
    if ((op.opcode == ir::Opcode::jump || calls) && op.descr != nullptr)
      out->push_back(ir::descrAs<ir::TargetDescr>(op.descr));
  }
}

}  // namespace

void WarmState::recorderEnded(trace::Recorder* recorder) {
  stats_.tracing += std::chrono::steady_clock::now() - traceStart_;
  auto failed = [&](const std::string& reason) {
    ++stats_.aborts;
    ++stats_.abortReasons[reasonClass(reason)];
    std::string where = recorder->kind() == trace::TraceKind::kBridge ? std::string("bridge")
                        : driver_ != nullptr
                            ? driver_->info().printableLocation(recorder->startKey())
                            : "";
    log_->write(LogCategory::kAbort, where, reason);
    if (recorder->kind() == trace::TraceKind::kBridge) {
      GuardCounter& guard = guards_[bridgeFrom_];
      guard.failures = 0;
      guard.perValue.clear();
      return;
    }
    auto& counters =
        recorder->kind() == trace::TraceKind::kLoop ? loopCounters_ : functionCounters_;
    Counter& counter = counters[recorder->startKey()];
    counter.value = 0;
    if (recorder->blamed() == nullptr && ++counter.aborts >= params_.retrace_limit)
      counter.dontTrace = true;
  };
  if (recorder->state() == trace::RecorderState::kAborted) {
    failed(recorder->abortReason());
    return;
  }
  try {
    stats_.opsRecorded += static_cast<std::int64_t>(recorder->trace().size());
    if (recorder->kind() == trace::TraceKind::kBridge) {
      compileBridge(*recorder);
    } else {
      compileLoopOrFunction(*recorder);
    }
  } catch (const std::exception& error) {
    failed(std::string("compile error: ") + error.what());
  }
}

void WarmState::compileLoopOrFunction(trace::Recorder& recorder) {
  bool isLoop = recorder.kind() == trace::TraceKind::kLoop;
  auto recorded = std::make_shared<ir::Trace>(std::move(recorder.trace()));
  logTrace(LogCategory::kLogNoopt, isLoop ? "loop" : "function", *recorded);
  auto t0 = std::chrono::steady_clock::now();
  std::string reason;
  std::optional<ir::Trace> optimized = optimize(*recorded, isLoop, &reason);
  auto t1 = std::chrono::steady_clock::now();
  stats_.optimizing += t1 - t0;
  if (!optimized) throw std::runtime_error(reason);
  auto shared = std::make_shared<const ir::Trace>(std::move(*optimized));
  backend::CompiledTrace* compiled = backend_->compileLoop(shared);
  stats_.compiling += std::chrono::steady_clock::now() - t1;
  stats_.opsAfterOptimization += static_cast<std::int64_t>(shared->size());
  LoopEntry entry{compiled, nullptr, static_cast<std::int64_t>(recorded->inputArgCount())};
  // Other traces jump to the label that takes the frame's slots: the first one.
  for (const ir::Op& op : shared->ops()) {
    if (op.opcode == ir::Opcode::label) {
      if (op.args.size() == recorded->inputArgCount())
        entry.token = ir::descrAs<ir::TargetDescr>(op.descr);
      break;
    }
  }
  TraceLife& life = lives_[compiled];
  life.lastUsed = generation_ + 1;  // counted from the generation its compile opens
  collectJumpTargets(*shared, &life.jumpsTo);
  rootOf_[compiled] = compiled;
  for (const ir::Op& op : shared->ops()) {
    if (op.opcode == ir::Opcode::label && op.descr != nullptr)
      labelOwner_[ir::descrAs<ir::TargetDescr>(op.descr)] = compiled;
  }
  GreenKey key = recorder.startKey();
  (isLoop ? loops_ : functions_)[key] = entry;
  ++(isLoop ? stats_.loops : stats_.functionTraces);
  keyOfTrace_[compiled] = key;
  for (const auto& read : recorder.quasiImmutableReads()) watchers_[read].push_back(compiled);
  compiled_.push_back({recorder.kind(), key, recorded, shared, compiled});
  logTrace(LogCategory::kLogOpt,
           (std::string(isLoop ? "loop " : "function ") +
            (driver_ ? driver_->info().printableLocation(key) : ""))
               .c_str(),
           *shared);
  decayCounters();
}

void WarmState::compileBridge(trace::Recorder& recorder) {
  auto recorded = std::make_shared<ir::Trace>(std::move(recorder.trace()));
  logTrace(LogCategory::kLogNoopt, "bridge", *recorded);
  auto t0 = std::chrono::steady_clock::now();
  std::string reason;
  std::optional<ir::Trace> optimized = optimize(*recorded, false, &reason);
  auto t1 = std::chrono::steady_clock::now();
  stats_.optimizing += t1 - t0;
  if (!optimized) throw std::runtime_error(reason);
  auto shared = std::make_shared<const ir::Trace>(std::move(*optimized));
  backend::CompiledTrace* compiled =
      backend_->compileBridge(bridgeFrom_.trace, bridgeFrom_.op, shared);
  stats_.compiling += std::chrono::steady_clock::now() - t1;
  stats_.opsAfterOptimization += static_cast<std::int64_t>(shared->size());
  guards_[bridgeFrom_].bridged = true;
  if (auto root = rootOf_.find(bridgeFrom_.trace); root != rootOf_.end()) {
    TraceLife& life = lives_.at(root->second);
    life.bridges.push_back(compiled);
    life.lastUsed = generation_ + 1;
    collectJumpTargets(*shared, &life.jumpsTo);
    rootOf_[compiled] = root->second;
  }
  ++stats_.bridges;
  for (const auto& read : recorder.quasiImmutableReads()) watchers_[read].push_back(compiled);
  compiled_.push_back({trace::TraceKind::kBridge, GreenKey{}, recorded, shared, compiled});
  logTrace(LogCategory::kLogOpt, ("bridge out of guard " + std::to_string(bridgeFrom_.op)).c_str(),
           *shared);
  decayCounters();
}

void WarmState::quasiImmutableWritten(const void* object, const framework::FieldDescr& field) {
  // DESIGN(quasi-immutable-demotion): a field written while a trace that read it is being
  // recorded would leave that trace with a stale constant, and a field whose writes keep
  // invalidating compiled code is not "rarely written": both are demoted to ordinary fields for
  // every later trace (PyPy's module cells do the same after a second write).
  auto pair = std::make_pair(object, &field);
  if (active_ != nullptr && active_->recording() && active_->readQuasiImmutable(object, field)) {
    policy_.mutableQuasiImmutables.insert(pair);
    active_->abort(std::string("quasi-immutable field written while tracing; ") + field.name);
  }
  auto it = watchers_.find(pair);
  if (it == watchers_.end()) return;
  if (++invalidations_[pair] >= 2) policy_.mutableQuasiImmutables.insert(pair);
  for (backend::CompiledTrace* compiled : it->second) {
    backend_->invalidate(compiled);
    ++stats_.invalidated;
    // The key is traced afresh; the invalid code stays until nothing can be running it.
    if (auto key = keyOfTrace_.find(compiled); key != keyOfTrace_.end()) {
      for (auto* table : {&loops_, &functions_}) {
        auto entry = table->find(key->second);
        if (entry != table->end() && entry->second.compiled == compiled) table->erase(entry);
      }
    }
  }
  watchers_.erase(it);
}

}  // namespace pyl::jit::runtime
