// jit/backend/llvm/codegen.cpp — one optimized trace → one LLVM module with one function.
//
// Ops are translated one by one in trace order (the optimizer already did the dynamic-language
// work). Ints are i64, refs are `ptr`, floats are double. A label becomes a block with one phi
// per argument (a self-loop for the trace's own jump, plus an entry block per label so other
// traces can enter it); guards become a conditional branch to a cold exit block; *_ovf ops use
// llvm.s{add,sub,mul}.with.overflow and leave the overflow bit for the guard that follows.
// Memory ops address bytes from the descriptors' offsets; allocation and call_assembler call
// runtime helpers (absolute symbols defined by the engine).
//
// Neighbours: codegen.h (contract), compiled_trace.h (exit protocol), codegen_arith.cpp (the pure
// ops), jit/ir/op_semantics.h (the semantics every translation here must match; the conformance
// tests compare the two).
#include "jit/backend/llvm/codegen.h"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <unordered_map>

#include <llvm/IR/Constants.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/TargetParser/Triple.h>

#include "jit/backend/llvm/codegen_arith.h"
#include "jit/ir/op_semantics.h"

namespace pyl::jit::llvm_backend {

namespace {

using ir::Opcode;

// A readable word for loads whose result is not used (see lazyIntField).
const std::uint64_t kHarmlessWord = 0;

// DESIGN(llvm-call-depth): the interpreter's call-depth counter (CallAssemblerHooks::depth) is a
// word in memory, but compiled frames pass their depth to each other as the hidden parameter
// `depth` (call_assembler passes depth + 1 and checks the limit on the register), so a compiled
// call neither loads nor stores it. The counter is brought up to date only where C++ could read
// it: before a residual call, at the call depth limit and before resuming a callee in the
// interpreter (publishDepth), and by the entry thunk, which passes the counter in and restores it
// on the way out.
constexpr unsigned kFixedParams = 3;  // buffer, entry, depth

// A call_assembler result that may have come back unboxed (DESIGN(unboxed-entry) in
// jit/ir/descr.h, DESIGN(llvm-lazy-box) below): when `isRaw`, the callee finished with the raw
// value `word` through the finish whose exit record is `record` (its boxedAs is the value
// class, boxedClass its class word); otherwise `word` is the object.
struct LazyBox {
  llvm::Value* isRaw = nullptr;   // i1
  llvm::Value* word = nullptr;    // i64
  llvm::Value* record = nullptr;  // ptr
};

// The stores of exits with one list of live values (DESIGN(llvm-shared-exits)).
struct SharedExit {
  llvm::BasicBlock* block = nullptr;
  llvm::PHINode* record = nullptr;  // the exit record of the guard that came in
  llvm::PHINode* slot = nullptr;    // its bridge slot
};

struct LiveValuesHash {
  std::size_t operator()(const std::vector<ir::Value>& values) const {
    std::size_t h = values.size();
    for (ir::Value v : values) h = h * 1000003u ^ std::hash<ir::Value>()(v);
    return h;
  }
};

struct LabelState {
  const ir::Op* op = nullptr;
  std::uint64_t entryIndex = 0;
  llvm::BasicBlock* header = nullptr;
  std::vector<llvm::PHINode*> phis;
};

class TraceCodegen {
 public:
  TraceCodegen(LlvmTrace& compiled, const CodegenEnvironment& environment,
               const llvm::DataLayout& layout, const llvm::Triple& triple)
      : compiled_(compiled),
        trace_(*compiled.source),
        environment_(environment),
        context_(std::make_unique<llvm::LLVMContext>()),
        module_(std::make_unique<llvm::Module>(compiled.name, *context_)),
        builder_(*context_) {
    module_->setDataLayout(layout);
    module_->setTargetTriple(triple.str());
    i64_ = builder_.getInt64Ty();
    ptr_ = builder_.getPtrTy();
    f64_ = builder_.getDoubleTy();
  }

  llvm::orc::ThreadSafeModule run() {
    createFunction();
    collectRoots();
    computeLastUses();
    for (std::uint32_t i = 0; i < trace_.size(); ++i) {
      if (builder_.GetInsertBlock()->getTerminator() != nullptr) {
        throw std::runtime_error("op after the end of the trace at index " + std::to_string(i));
      }
      emitOp(trace_.ops()[i], i);
    }
    if (builder_.GetInsertBlock()->getTerminator() == nullptr) {
      throw std::runtime_error("trace does not end in jump or finish");
    }
    return llvm::orc::ThreadSafeModule(std::move(module_), std::move(context_));
  }

 private:
  // --- function skeleton ---

  void createFunction() {
    result_ = llvm::StructType::get(*context_, {i64_, i64_});
    std::vector<llvm::Type*> params = {ptr_, i64_, i64_};
    params.insert(params.end(), kRegisterArgs, i64_);
    auto* type = llvm::FunctionType::get(result_, params, false);
    function_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, compiled_.name, module_.get());
    function_->setCallingConv(kTraceCallingConv);
    function_->addFnAttr(llvm::Attribute::NoUnwind);
    buffer_ = function_->getArg(0);
    buffer_->setName("buffer");
    function_->getArg(1)->setName("entry");
    depth_ = function_->getArg(2);
    depth_->setName("depth");
    function_->addParamAttr(0, llvm::Attribute::NoAlias);
    auto* entry = llvm::BasicBlock::Create(*context_, "entry", function_);
    auto* start = llvm::BasicBlock::Create(*context_, "start", function_);
    builder_.SetInsertPoint(entry);
    std::size_t maxCallArgs = 1;
    for (const ir::Op& op : trace_.ops())
      if (ir::isCall(op.opcode) && op.args.size() > maxCallArgs) maxCallArgs = op.args.size();
    callArgs_ = builder_.CreateAlloca(llvm::ArrayType::get(i64_, maxCallArgs), nullptr, "callargs");
    entrySwitch_ = builder_.CreateSwitch(function_->getArg(1), start);
    builder_.SetInsertPoint(start);
    for (std::uint32_t i = 0; i < trace_.inputArgCount(); ++i) {
      values_[ir::Value::inputArg(i)] = loadArg(i, trace_.inputArgType(i));
    }
    noteBufferWords(trace_.inputArgCount());
  }

  // Ref constants are baked into the code as addresses: keep them alive with the code.
  void collectRoots() {
    for (std::uint32_t i = 0; i < trace_.constantCount(); ++i) {
      ir::Value c = ir::Value::constant(i);
      if (trace_.constant(c).type == ir::Type::Ref && trace_.constBits(c) != 0) {
        compiled_.roots.push_back(reinterpret_cast<const void*>(trace_.constBits(c)));
      }
    }
  }

  void noteBufferWords(std::size_t words) {
    if (words > compiled_.bufferWords) compiled_.bufferWords = words;
  }

  // --- values ---

  llvm::Type* typeOf(ir::Type type) {
    switch (type) {
      case ir::Type::Int: return i64_;
      case ir::Type::Ref: return ptr_;
      case ir::Type::Float: return f64_;
      case ir::Type::Void: break;
    }
    throw std::runtime_error("void value used as an operand");
  }

  llvm::Value* constant(ir::Value v) {
    const std::uint64_t bits = trace_.constBits(v);
    switch (trace_.constant(v).type) {
      case ir::Type::Int: return llvm::ConstantInt::get(i64_, bits);
      case ir::Type::Float: return llvm::ConstantFP::get(f64_, ir::bitsFloat(bits));
      case ir::Type::Ref: return refConstant(bits);
      case ir::Type::Void: break;
    }
    throw std::runtime_error("void constant");
  }

  llvm::Constant* refConstant(std::uint64_t bits) {
    if (bits == 0) return llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr_));
    return llvm::ConstantExpr::getIntToPtr(llvm::ConstantInt::get(i64_, bits), ptr_);
  }

  llvm::Constant* addressOf(const void* pointer) {
    return refConstant(reinterpret_cast<std::uint64_t>(pointer));
  }

  llvm::Value* value(ir::Value v) {
    if (v.isConst()) return constant(v);
    if (auto lazy = lazy_.find(v); lazy != lazy_.end()) {
      // DESIGN(llvm-lazy-box): a use that needs the object makes the box now. On the main path
      // that box replaces the lazy value for every later op; a cold exit makes its own.
      llvm::Value* object = materialize(lazy->second);
      if (cold_) return object;
      lazy_.erase(lazy);
      values_[v] = object;
      return object;
    }
    auto found = values_.find(v);
    if (found == values_.end()) throw std::runtime_error("value used before it is defined");
    return found->second;
  }

  // DESIGN(llvm-lazy-box): call_assembler_r's result stays unboxed while the trace only guards
  // its class and reads its value (what a caller does with an int result); any other use boxes
  // it. Value classes have no identity, so a box made late is as good as the callee's.
  const LazyBox* lazyBox(ir::Value v) const {
    auto found = lazy_.find(v);
    return found == lazy_.end() ? nullptr : &found->second;
  }

  llvm::Value* materialize(const LazyBox& box) {
    llvm::Value* given = builder_.CreateIntToPtr(box.word, ptr_);
    llvm::BasicBlock* before = builder_.GetInsertBlock();
    auto* make = llvm::BasicBlock::Create(*context_, "box", function_);
    auto* join = llvm::BasicBlock::Create(*context_, "", function_);
    builder_.CreateCondBr(box.isRaw, make, join);
    builder_.SetInsertPoint(make);
    llvm::Value* boxedAs = builder_.CreateLoad(ptr_, byteAddress(box.record, offsetof(ExitCodeFields, boxedAs)));
    llvm::Value* made = callHelper(kHelperBox, ptr_, {ptr_, i64_}, {boxedAs, box.word});
    llvm::BasicBlock* madeIn = builder_.GetInsertBlock();
    builder_.CreateBr(join);
    builder_.SetInsertPoint(join);
    llvm::PHINode* object = builder_.CreatePHI(ptr_, 2, "boxed");
    object->addIncoming(given, before);
    object->addIncoming(made, madeIn);
    return object;
  }

  // Where the class word is: the object's first word, or the finish record's boxedClass.
  llvm::Value* lazyClassAddress(const LazyBox& box) {
    return builder_.CreateSelect(box.isRaw, byteAddress(box.record, offsetof(ExitCodeFields, boxedClass)),
                                 builder_.CreateIntToPtr(box.word, ptr_));
  }

  llvm::Value* lazyClassWord(const LazyBox& box) { return builder_.CreateLoad(i64_, lazyClassAddress(box)); }

  // getfield_gc_i of a lazy box: the raw value, or the object's field. (An unboxed result is a
  // value-class box, whose one int field is its value.)
  llvm::Value* lazyIntField(const LazyBox& box, std::size_t offset) {
    llvm::Value* address = builder_.CreateSelect(box.isRaw, addressOf(&kHarmlessWord),
                                                 byteAddress(builder_.CreateIntToPtr(box.word, ptr_), offset));
    return builder_.CreateSelect(box.isRaw, box.word, builder_.CreateLoad(i64_, address));
  }

  // An operand as a 64-bit integer (refs and float bits included), for buffers and thunks.
  llvm::Value* asWord(llvm::Value* v) {
    if (v->getType() == ptr_) return builder_.CreatePtrToInt(v, i64_);
    if (v->getType() == f64_) return builder_.CreateBitCast(v, i64_);
    return v;
  }

  llvm::Value* fromWord(llvm::Value* word, ir::Type type) {
    if (type == ir::Type::Ref) return builder_.CreateIntToPtr(word, ptr_);
    if (type == ir::Type::Float) return builder_.CreateBitCast(word, f64_);
    return word;
  }

  llvm::Value* bufferSlot(std::size_t index) {
    return builder_.CreateConstInBoundsGEP1_64(i64_, buffer_, index);
  }

  llvm::Value* loadBuffer(std::size_t index, ir::Type type) {
    return builder_.CreateLoad(typeOf(type), bufferSlot(index));
  }

  // Argument `index` of an entry (DESIGN(llvm-exit-protocol)): a register, or the buffer.
  llvm::Value* loadArg(std::size_t index, ir::Type type) {
    if (index < kRegisterArgs) return fromWord(function_->getArg(static_cast<unsigned>(kFixedParams + index)), type);
    return loadBuffer(index, type);
  }

  // The register words of a call or tail call passing `args` (the rest go through the buffer).
  std::vector<llvm::Value*> registerWords(const std::vector<llvm::Value*>& args) {
    std::vector<llvm::Value*> words;
    for (std::size_t i = 0; i < kRegisterArgs; ++i)
      words.push_back(i < args.size() ? asWord(args[i]) : llvm::UndefValue::get(i64_));
    return words;
  }

  llvm::Value* entryResult(llvm::Value* taggedRecord, llvm::Value* value) {
    llvm::Value* result = llvm::UndefValue::get(result_);
    result = builder_.CreateInsertValue(result, taggedRecord, 0);
    return builder_.CreateInsertValue(result, value, 1);
  }

  // The exit buffer as it is now (DESIGN(llvm-exit-protocol): exits store there).
  llvm::Value* currentBuffer() {
    if (environment_.bufferCell == nullptr) return buffer_;
    return builder_.CreateLoad(ptr_, addressOf(environment_.bufferCell), "buf");
  }

  llvm::Value* loadFrom(llvm::Value* buffer, std::size_t index) {
    return builder_.CreateLoad(i64_, builder_.CreateConstInBoundsGEP1_64(i64_, buffer, index));
  }

  void storeTo(llvm::Value* buffer, std::size_t index, llvm::Value* v) {
    builder_.CreateStore(asWord(v), builder_.CreateConstInBoundsGEP1_64(i64_, buffer, index));
  }

  llvm::Value* bool64(llvm::Value* i1) { return builder_.CreateZExt(i1, i64_); }

  void define(std::uint32_t index, llvm::Value* v) { values_[ir::Value::op(index)] = v; }

  // --- exits ---

  ExitRecord& newExit(std::uint32_t opIndex, bool isFinish) {
    ExitRecord& exit = compiled_.exits.emplace_back();
    exit.owner = &compiled_;
    exit.opIndex = opIndex;
    exit.isFinish = isFinish;
    return exit;
  }

  // Stores the exit's values, then tail-calls an attached bridge or returns the exit record.
  // DESIGN(llvm-exit-dispatch): a guard that tests the program's own branch condition
  // (guard_true/false/value/nonnull/isnull) is the one that becomes a path of the program, the
  // other half of a recursive function or a loop's second branch, when a bridge is attached: its
  // exit checks its own bridge slot and tail-calls the bridge with its values in registers (a
  // load, a test and a jump). Every other exit (overflow, class, exception guards ...) stores its
  // values and joins one shared dispatch block, which tail-calls the bridge with the first words
  // reloaded from the buffer or returns the record: per-exit tail calls cost compile time (each
  // is a call to lower with its own epilogue), about a fifth more for a loop whose exits are
  // mostly overflow guards, so they are spent where bridges carry the hot path.
  // The buffer is written only where someone reads it: a bridge gets its first live values in
  // registers (the rest from the buffer), the runtime reads them all, and a finish's one value
  // goes back in a register (LlvmBackend::enter puts it in the buffer for the runtime).
  void emitExit(ExitRecord& exit, bool bridgeable) {
    noteBufferWords(exit.liveValues.size());
    auto* record = llvm::ConstantInt::get(i64_, reinterpret_cast<std::uint64_t>(&exit));
    if (bridgeable && !branchGuard(trace_.ops()[exit.opIndex].opcode)) return emitSharedExit(exit, record);
    std::vector<llvm::Value*> live = exitValues(exit);
    std::vector<llvm::Value*> words = registerWords(live);
    auto storeLive = [&](std::size_t from, std::size_t to) {
      if (from >= to) return;
      llvm::Value* buffer = currentBuffer();
      for (std::size_t i = from; i < to; ++i) storeTo(buffer, i, live[i]);
    };
    if (!bridgeable) {
      if (!exit.isFinish || live.size() > 1) storeLive(0, live.size());
      const std::uint64_t tag = !exit.isFinish ? 0
                                               : kFinishTag | (exit.boxedAs != nullptr ? kRawTag : 0) |
                                                     (exceptionMayBePending_ ? kRaisingTag : 0);
      builder_.CreateRet(entryResult(llvm::ConstantInt::get(i64_, reinterpret_cast<std::uint64_t>(&exit) | tag),
                                     live.empty() ? builder_.getInt64(0) : words[0]));
      return;
    }
    storeLive(kRegisterArgs, live.size());
    if (leave_ == nullptr) createLeave();
    llvm::Value* bridge = builder_.CreateLoad(ptr_, addressOf(&exit.bridge), "bridge");
    auto* attached = llvm::BasicBlock::Create(*context_, "to_bridge", function_);
    auto* detached = llvm::BasicBlock::Create(*context_, "to_runtime", function_);
    builder_.CreateCondBr(builder_.CreateIsNotNull(bridge), attached, detached);
    builder_.SetInsertPoint(detached);
    storeLive(0, std::min(kRegisterArgs, live.size()));
    leaveRecord_->addIncoming(record, builder_.GetInsertBlock());
    builder_.CreateBr(leave_);
    builder_.SetInsertPoint(attached);
    tailCall(bridge, builder_.getInt64(0), currentBuffer(), words);
  }

  std::vector<llvm::Value*> exitValues(const ExitRecord& exit) {
    cold_ = true;
    std::vector<llvm::Value*> live;
    for (ir::Value v : exit.liveValues) live.push_back(exitValue(v));
    cold_ = false;
    return live;
  }

  // DESIGN(llvm-shared-exits): the exits of non-branch guards that store the same live values
  // share one block doing the stores (and the boxing of lazy results), which then joins the
  // dispatch block with the record and bridge slot of whichever exit came in. A call_assembler
  // is followed by up to five such guards with one snapshot (guard_not_forced,
  // guard_no_exception, class guards on the results); fib's function trace had 7 exit blocks
  // boxing the same two results, and each block is instruction selection's work. Every value the
  // block uses is defined before the first of those guards, on the one path that leads to the
  // later ones, so it dominates them all; a label ends the sharing (values before it are out of
  // scope after it). guard_no_overflow keeps its own block: its exit recomputes an operand from
  // its own add/sub (DESIGN(llvm-ovf-operands)).
  void emitSharedExit(ExitRecord& exit, llvm::Constant* record) {
    const bool shareable = !recomputeOperands_;
    SharedExit* shared = nullptr;
    if (shareable) {
      auto found = sharedExits_.find(exit.liveValues);
      if (found != sharedExits_.end()) shared = &found->second;
    }
    if (shared == nullptr) {
      SharedExit made;
      made.block = llvm::BasicBlock::Create(*context_, "exit" + std::to_string(exit.opIndex), function_);
      llvm::BasicBlock* from = builder_.GetInsertBlock();
      builder_.CreateBr(made.block);
      builder_.SetInsertPoint(made.block);
      made.record = builder_.CreatePHI(i64_, 4, "record");
      made.slot = builder_.CreatePHI(ptr_, 4, "slot");
      made.record->addIncoming(record, from);
      made.slot->addIncoming(addressOf(&exit.bridge), from);
      std::vector<llvm::Value*> live = exitValues(exit);
      llvm::Value* buffer = currentBuffer();
      for (std::size_t i = 0; i < live.size(); ++i) storeTo(buffer, i, live[i]);
      if (dispatch_ == nullptr) createDispatch();
      dispatchRecord_->addIncoming(made.record, builder_.GetInsertBlock());
      dispatchSlot_->addIncoming(made.slot, builder_.GetInsertBlock());
      builder_.CreateBr(dispatch_);
      if (shareable) sharedExits_.emplace(exit.liveValues, made);
      return;
    }
    shared->record->addIncoming(record, builder_.GetInsertBlock());
    shared->slot->addIncoming(addressOf(&exit.bridge), builder_.GetInsertBlock());
    builder_.CreateBr(shared->block);
  }

  // DESIGN(llvm-ovf-operands): the exit of guard_no_overflow resumes before its add/sub, so it
  // needs the operands; keeping an operand alive next to the result costs a register copy on
  // the hot path of every loop that accumulates (total = total + i). In wrapping arithmetic the
  // operand is exactly recoverable from the result (a = (a + b) - b, also after an overflow), so
  // the cold exit recomputes it and the hot path keeps only the result.
  // Only an operand nothing after the guard uses is recomputed (from the other one, which must
  // therefore stay: never both).
  llvm::Value* exitValue(ir::Value v) {
    if (v == failingCondition_ && v.isOp()) return builder_.getInt64(failingValue_);
    if (llvm::Value* flag = recomputedFlag(v)) return flag;
    if (!recomputeOperands_ || lastOvf_ == nullptr || v.isConst()) return value(v);
    const ir::Value a = lastOvf_->args[0];
    const ir::Value b = lastOvf_->args[1];
    if (a == b || (v != a && v != b)) return value(v);
    auto deadAfterGuard = [&](ir::Value x) {
      auto last = lastUse_.find(x);
      return !x.isConst() && (last == lastUse_.end() || last->second <= guardIndex_);
    };
    const ir::Value recomputed = deadAfterGuard(a) ? a : deadAfterGuard(b) ? b : ir::Value();
    if (v != recomputed) return value(v);
    llvm::Value* r = lastOvfResult_;
    if (lastOvf_->opcode == Opcode::int_add_ovf)
      return builder_.CreateSub(r, value(v == a ? b : a));  // a = r - b, b = r - a
    if (lastOvf_->opcode == Opcode::int_sub_ovf)
      return v == a ? builder_.CreateAdd(r, value(b)) : builder_.CreateSub(value(a), r);  // r = a - b
    return value(v);
  }

  // DESIGN(llvm-cold-flags): an exit that stores a comparison's 0/1 result computes it again
  // from the operands (still live: they were in scope where the comparison was). On the hot path
  // the comparison then only feeds its guard's branch; a stored flag would otherwise keep a
  // setcc in the loop, as the value reaches more than one block of the exit and LLVM does not
  // sink it there.
  bool isFlag(ir::Value v) const {
    if (!v.isOp()) return false;
    switch (trace_.ops()[v.index()].opcode) {
      case Opcode::int_lt:
      case Opcode::int_le:
      case Opcode::int_eq:
      case Opcode::int_ne:
      case Opcode::int_gt:
      case Opcode::int_ge:
      case Opcode::uint_lt:
      case Opcode::uint_le:
      case Opcode::uint_gt:
      case Opcode::uint_ge:
      case Opcode::int_is_true:
      case Opcode::int_is_zero:
        return true;
      default:
        return false;
    }
  }

  llvm::Value* recomputedFlag(ir::Value v) {
    if (!isFlag(v)) return nullptr;
    const ir::Op& def = trace_.ops()[v.index()];
    if (def.args.size() == 2) return emitIntBinary(builder_, def.opcode, value(def.args[0]), value(def.args[1]));
    return emitUnary(builder_, def.opcode, value(def.args[0]));
  }

  // Every guard's live values (its exit's buffer layout, computed once), and the last op
  // (argument or guard live value) using each value, for exitValue.
  void computeLastUses() {
    for (std::uint32_t i = 0; i < trace_.size(); ++i) {
      const ir::Op& op = trace_.ops()[i];
      for (ir::Value arg : op.args) lastUse_[arg] = i;
      if (ir::isGuard(op.opcode) && op.snapshot >= 0) {
        std::vector<ir::Value>& live = liveValues_[i];
        live = backend::guardLiveValues(trace_.snapshot(op.snapshot));
        for (ir::Value v : live) lastUse_[v] = i;
      }
    }
  }

  static bool branchGuard(Opcode opcode) {
    switch (opcode) {
      case Opcode::guard_true:
      case Opcode::guard_false:
      case Opcode::guard_value:
      case Opcode::guard_nonnull:
      case Opcode::guard_isnull:
        return true;
      default:
        return false;
    }
  }

  void createDispatch() {
    llvm::IRBuilderBase::InsertPointGuard keep(builder_);
    dispatch_ = llvm::BasicBlock::Create(*context_, "dispatch", function_);
    builder_.SetInsertPoint(dispatch_);
    dispatchRecord_ = builder_.CreatePHI(i64_, 8, "record");
    dispatchSlot_ = builder_.CreatePHI(ptr_, 8, "slot");
    llvm::Value* bridge = builder_.CreateLoad(ptr_, dispatchSlot_, "bridge");
    auto* attached = llvm::BasicBlock::Create(*context_, "to_bridge", function_);
    auto* detached = llvm::BasicBlock::Create(*context_, "leave", function_);
    builder_.CreateCondBr(builder_.CreateIsNotNull(bridge), attached, detached);
    builder_.SetInsertPoint(detached);
    builder_.CreateRet(entryResult(dispatchRecord_, builder_.getInt64(0)));
    builder_.SetInsertPoint(attached);
    llvm::Value* buffer = currentBuffer();
    std::vector<llvm::Value*> words;  // words past the exit's values are unused garbage
    for (std::size_t i = 0; i < kRegisterArgs; ++i) words.push_back(loadFrom(buffer, i));
    tailCall(bridge, builder_.getInt64(0), buffer, words);
  }

  void createLeave() {
    llvm::IRBuilderBase::InsertPointGuard keep(builder_);
    leave_ = llvm::BasicBlock::Create(*context_, "leave", function_);
    builder_.SetInsertPoint(leave_);
    leaveRecord_ = builder_.CreatePHI(i64_, 8, "record");
    builder_.CreateRet(entryResult(leaveRecord_, builder_.getInt64(0)));
  }

  void tailCall(llvm::Value* target, llvm::Value* entryIndex, llvm::Value* buffer, const std::vector<llvm::Value*>& words) {
    auto* type = function_->getFunctionType();
    std::vector<llvm::Value*> args = {buffer, entryIndex, depth_};
    args.insert(args.end(), words.begin(), words.end());
    llvm::CallInst* call = builder_.CreateCall(type, target, args);
    call->setCallingConv(kTraceCallingConv);
    call->setTailCallKind(llvm::CallInst::TCK_MustTail);
    builder_.CreateRet(call);
  }

  void emitGuard(const ir::Op& op, std::uint32_t index, llvm::Value* pass) {
    ExitRecord& exit = newExit(index, false);
    fillLiveValues(op, exit);
    auto* next = llvm::BasicBlock::Create(*context_, "", function_);
    auto* fail = llvm::BasicBlock::Create(*context_, "guard" + std::to_string(index), function_);
    llvm::MDBuilder weights(*context_);
    builder_.CreateCondBr(pass, next, fail, weights.createLikelyBranchWeights());
    builder_.SetInsertPoint(fail);
    emitExit(exit, true);
    builder_.SetInsertPoint(next);
  }

  // --- labels and jumps ---

  void emitLabel(const ir::Op& op, std::uint32_t index) {
    LabelState& label = labels_.emplace_back();
    label.op = &op;
    LabelRecord& record = compiled_.labels.emplace_back();
    record.owner = &compiled_;
    record.entryIndex = compiled_.labels.size();
    record.opIndex = index;
    label.entryIndex = record.entryIndex;
    label.header = llvm::BasicBlock::Create(*context_, "label" + std::to_string(index), function_);
    llvm::BasicBlock* before = builder_.GetInsertBlock();
    std::vector<llvm::Value*> fallthrough;
    for (ir::Value arg : op.args) fallthrough.push_back(value(arg));
    builder_.CreateBr(label.header);
    // Entry from another trace (a bridge's jump or call_assembler): args from the buffer.
    auto* enter = llvm::BasicBlock::Create(*context_, "enter" + std::to_string(index), function_);
    entrySwitch_->addCase(builder_.getInt64(record.entryIndex), enter);
    builder_.SetInsertPoint(enter);
    std::vector<llvm::Value*> loaded;
    for (std::size_t i = 0; i < op.args.size(); ++i) loaded.push_back(loadArg(i, trace_.typeOf(op.args[i])));
    noteBufferWords(op.args.size());
    builder_.CreateBr(label.header);
    builder_.SetInsertPoint(label.header);
    for (std::size_t i = 0; i < op.args.size(); ++i) {
      llvm::PHINode* phi = builder_.CreatePHI(typeOf(trace_.typeOf(op.args[i])), 3);
      phi->addIncoming(fallthrough[i], before);
      phi->addIncoming(loaded[i], enter);
      label.phis.push_back(phi);
    }

    // After a label only its arguments (now the phis) and later values are in scope.
    for (std::size_t i = 0; i < op.args.size(); ++i) values_[op.args[i]] = label.phis[i];
    lastOverflow_ = nullptr;
    sharedExits_.clear();  // DESIGN(llvm-shared-exits)
  }

  void emitJump(const ir::Op& op) {
    const LabelState* own = nullptr;
    for (const LabelState& label : labels_) {
      if (op.descr != nullptr ? label.op->descr == op.descr : true) own = &label;
    }
    if (own != nullptr) {
      if (own->phis.size() != op.args.size()) throw std::runtime_error("jump does not match its label");
      std::vector<llvm::Value*> args;
      for (ir::Value arg : op.args) args.push_back(value(arg));
      for (std::size_t i = 0; i < args.size(); ++i) own->phis[i]->addIncoming(args[i], builder_.GetInsertBlock());
      builder_.CreateBr(own->header);
      return;
    }
    const auto* target = ir::descrAs<ir::TargetDescr>(op.descr);
    const LabelRecord* record =
        target != nullptr && environment_.findLabel ? environment_.findLabel(environment_.backend, target) : nullptr;
    if (record == nullptr) throw std::runtime_error("jump to a label without compiled code");
    llvm::Value* buffer = currentBuffer();
    std::vector<llvm::Value*> args;
    for (ir::Value arg : op.args) args.push_back(value(arg));
    for (std::size_t i = kRegisterArgs; i < args.size(); ++i) storeTo(buffer, i, args[i]);
    noteBufferWords(op.args.size());
    llvm::Value* entry = builder_.CreateLoad(ptr_, addressOf(&record->entry), "loop_entry");
    tailCall(entry, builder_.getInt64(record->entryIndex), buffer, registerWords(args));
    compiled_.jumpsInto.push_back(record->owner);
  }

  void emitFinish(const ir::Op& op, std::uint32_t index) {
    ExitRecord& exit = newExit(index, true);
    exit.liveValues = op.args;
    if (const auto* box = ir::descrAs<ir::SizeDescr>(op.descr)) {  // DESIGN(unboxed-entry)
      exit.boxedAs = box;
      exit.boxedClass = box->vtable;
    }
    emitExit(exit, false);
  }

  // --- arithmetic ---

  llvm::Value* overflowOp(Opcode opcode, llvm::Value* a, llvm::Value* b) {
    llvm::Intrinsic::ID id = opcode == Opcode::int_add_ovf   ? llvm::Intrinsic::sadd_with_overflow
                             : opcode == Opcode::int_sub_ovf ? llvm::Intrinsic::ssub_with_overflow
                                                             : llvm::Intrinsic::smul_with_overflow;
    llvm::Value* pair = builder_.CreateBinaryIntrinsic(id, a, b);
    lastOverflow_ = builder_.CreateExtractValue(pair, 1);
    return builder_.CreateExtractValue(pair, 0);
  }

  // --- memory ---

  llvm::Value* byteAddress(llvm::Value* base, std::uint64_t offset) {
    if (base->getType() != ptr_) base = builder_.CreateIntToPtr(base, ptr_);
    return builder_.CreateConstInBoundsGEP1_64(builder_.getInt8Ty(), base, offset);
  }

  llvm::Value* loadTyped(llvm::Value* address, ir::Type type, unsigned size, bool isSigned) {
    if (type == ir::Type::Ref) return builder_.CreateLoad(ptr_, address);
    if (type == ir::Type::Float) return builder_.CreateLoad(f64_, address);
    if (size >= 8) return builder_.CreateLoad(i64_, address);
    llvm::Value* narrow = builder_.CreateLoad(builder_.getIntNTy(size * 8), address);
    return isSigned ? builder_.CreateSExt(narrow, i64_) : builder_.CreateZExt(narrow, i64_);
  }

  void storeTyped(llvm::Value* address, llvm::Value* v, ir::Type type, unsigned size) {
    if (type == ir::Type::Int && size < 8) v = builder_.CreateTrunc(v, builder_.getIntNTy(size * 8));
    if (type == ir::Type::Ref && v->getType() != ptr_) v = builder_.CreateIntToPtr(v, ptr_);
    builder_.CreateStore(v, address);
  }

  llvm::Value* itemAddress(llvm::Value* array, llvm::Value* index, const ir::ArrayDescr& descr) {
    llvm::Value* items = byteAddress(array, descr.itemsOffset);
    llvm::Value* offset = builder_.CreateMul(index, builder_.getInt64(descr.itemSize));
    return builder_.CreateInBoundsGEP(builder_.getInt8Ty(), items, offset);
  }

  llvm::Value* classWord(llvm::Value* object) { return builder_.CreateLoad(i64_, byteAddress(object, 0)); }

  template <class D>
  const D& descr(const ir::Op& op) {
    const D* d = ir::descrAs<D>(op.descr);
    if (d == nullptr) throw std::runtime_error(std::string(ir::opName(op.opcode)) + " without its descr");
    return *d;
  }

  llvm::Value* memoryOp(const ir::Op& op) {
    switch (op.opcode) {
      case Opcode::getfield_gc_i:
      case Opcode::getfield_gc_r:
      case Opcode::getfield_gc_f:
      case Opcode::getfield_raw_i:
      case Opcode::getfield_raw_f: {
        const auto& field = descr<ir::FieldDescr>(op);
        if (const LazyBox* box = lazyBox(op.args[0]);
            box != nullptr && op.opcode == Opcode::getfield_gc_i && field.size == 8) {
          return lazyIntField(*box, field.offset);
        }
        return loadTyped(byteAddress(value(op.args[0]), field.offset), op.type(), field.size, field.isSigned);
      }
      case Opcode::setfield_gc:
      case Opcode::setfield_raw: {
        const auto& field = descr<ir::FieldDescr>(op);
        storeTyped(byteAddress(value(op.args[0]), field.offset), value(op.args[1]), field.type, field.size);
        return nullptr;
      }
      case Opcode::getarrayitem_gc_i:
      case Opcode::getarrayitem_gc_r:
      case Opcode::getarrayitem_gc_f: {
        const auto& array = descr<ir::ArrayDescr>(op);
        return loadTyped(itemAddress(value(op.args[0]), value(op.args[1]), array), op.type(), array.itemSize,
                         array.isSigned);
      }
      case Opcode::setarrayitem_gc: {
        const auto& array = descr<ir::ArrayDescr>(op);
        storeTyped(itemAddress(value(op.args[0]), value(op.args[1]), array), value(op.args[2]), array.itemType,
                   array.itemSize);
        return nullptr;
      }
      case Opcode::arraylen_gc: {
        const auto& array = descr<ir::ArrayDescr>(op);
        return builder_.CreateLoad(i64_, byteAddress(value(op.args[0]), array.lengthOffset));
      }
      case Opcode::new_:
      case Opcode::new_with_vtable: {
        const auto& size = descr<ir::SizeDescr>(op);
        return callHelper(kHelperNew, ptr_, {ptr_, i64_},
                          {addressOf(&size), builder_.getInt64(op.opcode == Opcode::new_with_vtable ? 1 : 0)});
      }
      case Opcode::new_array:
      case Opcode::new_array_clear: {
        const auto& array = descr<ir::ArrayDescr>(op);
        return callHelper(kHelperNewArray, ptr_, {ptr_, i64_}, {addressOf(&array), value(op.args[0])});
      }
      default: return nullptr;
    }
  }

  llvm::Value* callHelper(const char* name, llvm::Type* result, std::vector<llvm::Type*> params,
                          std::vector<llvm::Value*> args) {
    auto* type = llvm::FunctionType::get(result, params, false);
    llvm::FunctionCallee callee = module_->getOrInsertFunction(name, type);
    return builder_.CreateCall(callee, args);
  }

  // --- calls ---

  // A residual call through the descriptor's thunk (arguments as words in a stack array), or
  // natively with the descriptor's types when the descriptor has no thunk.
  llvm::Value* residualCall(const ir::CallDescr& call, llvm::Value* function, std::span<const ir::Value> args,
                            ir::Type result) {
    if (function->getType() != ptr_) function = builder_.CreateIntToPtr(function, ptr_);
    publishDepth();
    if (call.thunk != nullptr) {
      auto* arrayType = llvm::cast<llvm::AllocaInst>(callArgs_)->getAllocatedType();
      for (std::size_t i = 0; i < args.size(); ++i) {
        builder_.CreateStore(asWord(value(args[i])), builder_.CreateConstInBoundsGEP2_64(arrayType, callArgs_, 0, i));
      }
      auto* thunkType = llvm::FunctionType::get(i64_, {ptr_, ptr_}, false);
      llvm::Value* word = builder_.CreateCall(thunkType, addressOf(reinterpret_cast<const void*>(call.thunk)),
                                              {function, callArgs_});
      return result == ir::Type::Void ? nullptr : fromWord(word, result);
    }
    std::vector<llvm::Type*> params;
    std::vector<llvm::Value*> values;
    for (std::size_t i = 0; i < args.size(); ++i) {
      params.push_back(typeOf(trace_.typeOf(args[i])));
      values.push_back(value(args[i]));
    }
    llvm::Type* resultType = result == ir::Type::Void ? builder_.getVoidTy() : typeOf(result);
    llvm::Value* r = builder_.CreateCall(llvm::FunctionType::get(resultType, params, false), function, values);
    return result == ir::Type::Void ? nullptr : r;
  }

  // DESIGN(llvm-call-depth): before C++ code that may run the interpreter, the interpreter's call
  // depth counter gets this frame's depth.
  void publishDepth() {
    if (environment_.callDepth != nullptr) builder_.CreateStore(depth_, addressOf(environment_.callDepth));
  }


  llvm::Value* callOp(const ir::Op& op, std::uint32_t index) {
    if (op.opcode == Opcode::cond_call) {
      const auto& call = descr<ir::CallDescr>(op);
      auto* doCall = llvm::BasicBlock::Create(*context_, "cond_call", function_);
      auto* after = llvm::BasicBlock::Create(*context_, "", function_);
      builder_.CreateCondBr(builder_.CreateICmpNE(value(op.args[0]), builder_.getInt64(0)), doCall, after);
      builder_.SetInsertPoint(doCall);
      residualCall(call, value(op.args[1]), std::span(op.args).subspan(2), ir::Type::Void);
      builder_.CreateBr(after);
      builder_.SetInsertPoint(after);
      return nullptr;
    }
    if (auto family = ir::callFamilyOf(op.opcode); family == ir::CallFamily::kCallAssembler) {
      return callAssembler(op, index);
    }
    const auto& call = descr<ir::CallDescr>(op);
    return residualCall(call, value(op.args[0]), std::span(op.args).subspan(1), op.type());
  }

  // call_assembler_* (DESIGN(call-assembler) in jit/backend/backend.h): count the interpreter's
  // call depth up, enter the callee's label with a direct call (recursion into this trace calls
  // this very function), take the result from the buffer if the callee finished, else let the
  // runtime resume the callee in the interpreter. At the depth limit the runtime makes the call.
  llvm::Value* callAssembler(const ir::Op& op, std::uint32_t index) {
    if (environment_.callFresh == nullptr || environment_.afterGuardFailure == nullptr) {
      throw std::runtime_error("call_assembler without the runtime's hooks");
    }
    const auto& target = descr<ir::TargetDescr>(op);
    llvm::Value* callee = nullptr;
    llvm::Value* entryIndex = nullptr;
    for (const LabelState& label : labels_) {
      if (label.op->descr == &target) {
        callee = function_;
        entryIndex = builder_.getInt64(label.entryIndex);
      }
    }
    if (callee == nullptr) {
      const LabelRecord* record = environment_.findLabel ? environment_.findLabel(environment_.backend, &target) : nullptr;
      if (record == nullptr) throw std::runtime_error("call_assembler to a label without compiled code");
      if (record->owner != &compiled_) compiled_.jumpsInto.push_back(record->owner);
      callee = builder_.CreateLoad(ptr_, addressOf(&record->entry), "callee");
      entryIndex = builder_.getInt64(record->entryIndex);
    }
    // Arg 0 is the callee's code (a constant, like every call's function slot); then the label's.
    const std::size_t count = op.args.size() - 1;
    noteBufferWords(count);
    auto* done = llvm::BasicBlock::Create(*context_, "call_done", function_);
    // Each way out: the result word, its EntryResult::kind, the finish's exit record, the block.
    struct Result {
      llvm::Value* clean;  // i1: the compiled callee finished with no exception pending
      llvm::Value* word;
      llvm::Value* raw;     // i1: `word` is the raw value of a finish(i, descr=S)
      llvm::Value* record;  // that finish's exit record
      llvm::BasicBlock* block;
    };
    std::vector<Result> results;
    llvm::MDBuilder weights(*context_);
    const bool counted = environment_.callDepth != nullptr;
    if (counted) {
      auto* fresh = llvm::BasicBlock::Create(*context_, "call_at_limit", function_);
      auto* enter = llvm::BasicBlock::Create(*context_, "call_enter", function_);
      builder_.CreateCondBr(builder_.CreateICmpSGE(depth_, builder_.getInt64(environment_.maxCallDepth)), fresh, enter,
                            weights.createUnlikelyBranchWeights());
      builder_.SetInsertPoint(fresh);
      publishDepth();
      auto* arrayType = llvm::cast<llvm::AllocaInst>(callArgs_)->getAllocatedType();
      for (std::size_t i = 0; i < count; ++i) {
        builder_.CreateStore(asWord(value(op.args[i + 1])), builder_.CreateConstInBoundsGEP2_64(arrayType, callArgs_, 0, i));
      }
      auto* freshType = llvm::FunctionType::get(i64_, {ptr_, ptr_, i64_, ptr_, i64_}, false);
      llvm::Value* word = builder_.CreateCall(freshType, addressOf(reinterpret_cast<const void*>(environment_.callFresh)),
                                              {addressOf(environment_.backend), addressOf(&target),
                                               asWord(value(op.args[0])), callArgs_, builder_.getInt64(count)});
      results.push_back({builder_.getFalse(), word, builder_.getFalse(), refConstant(0), builder_.GetInsertBlock()});
      builder_.CreateBr(done);
      builder_.SetInsertPoint(enter);
    }
    llvm::Value* buffer = currentBuffer();
    std::vector<llvm::Value*> args;
    for (std::size_t i = 0; i < count; ++i) args.push_back(value(op.args[i + 1]));
    for (std::size_t i = kRegisterArgs; i < count; ++i) storeTo(buffer, i, args[i]);
    std::vector<llvm::Value*> callArgs = {buffer, entryIndex, counted ? builder_.CreateAdd(depth_, builder_.getInt64(1)) : depth_};
    for (llvm::Value* word : registerWords(args)) callArgs.push_back(word);
    llvm::CallInst* exit = builder_.CreateCall(function_->getFunctionType(), callee, callArgs, "exit");
    exit->setCallingConv(kTraceCallingConv);
    llvm::Value* tagged = builder_.CreateExtractValue(exit, 0);
    llvm::Value* tag = builder_.CreateAnd(tagged, builder_.getInt64(kExitTagMask), "tag");
    llvm::Value* record = builder_.CreateIntToPtr(builder_.CreateAnd(tagged, builder_.getInt64(~kExitTagMask)), ptr_);
    auto* finished = llvm::BasicBlock::Create(*context_, "call_finished", function_);
    auto* resume = llvm::BasicBlock::Create(*context_, "call_resume", function_);
    builder_.CreateCondBr(builder_.CreateICmpNE(builder_.CreateAnd(tag, builder_.getInt64(kFinishTag)), builder_.getInt64(0)),
                          finished, resume,
                          weights.createLikelyBranchWeights());
    builder_.SetInsertPoint(finished);
    llvm::Value* clean = builder_.CreateICmpEQ(builder_.CreateAnd(tag, builder_.getInt64(kRaisingTag)), builder_.getInt64(0));
    results.push_back({clean, builder_.CreateExtractValue(exit, 1, "result"),
                       builder_.CreateICmpNE(builder_.CreateAnd(tag, builder_.getInt64(kRawTag)), builder_.getInt64(0)),
                       record, builder_.GetInsertBlock()});
    builder_.CreateBr(done);
    builder_.SetInsertPoint(resume);
    // The interpreter counts the resumed callee's depth itself.
    publishDepth();
    auto* resumeType = llvm::FunctionType::get(i64_, {ptr_, ptr_}, false);
    llvm::Value* resumed =
        builder_.CreateCall(resumeType, addressOf(reinterpret_cast<const void*>(environment_.afterGuardFailure)),
                            {addressOf(environment_.backend), record});
    results.push_back({builder_.getFalse(), resumed, builder_.getFalse(), refConstant(0), builder_.GetInsertBlock()});
    builder_.CreateBr(done);
    builder_.SetInsertPoint(done);
    const auto incoming = static_cast<unsigned>(results.size());
    llvm::PHINode* word = builder_.CreatePHI(i64_, incoming, "call_result");
    for (const Result& r : results) word->addIncoming(r.word, r.block);
    llvm::PHINode* finishedPhi = builder_.CreatePHI(builder_.getInt1Ty(), incoming, "callee_finished");
    for (const Result& r : results) finishedPhi->addIncoming(r.clean, r.block);
    pendingCalleeFinished_ = finishedPhi;
    llvm::PHINode* raws = nullptr;
    llvm::PHINode* records = nullptr;
    if (op.type() == ir::Type::Ref) {
      raws = builder_.CreatePHI(builder_.getInt1Ty(), incoming, "raw");
      records = builder_.CreatePHI(ptr_, incoming, "finish_record");
      for (const Result& r : results) {
        raws->addIncoming(r.raw, r.block);
        records->addIncoming(r.record, r.block);
      }
    }

    if (op.type() != ir::Type::Ref) return op.type() == ir::Type::Void ? nullptr : fromWord(word, op.type());
    // DESIGN(llvm-lazy-box)
    LazyBox box;
    box.isRaw = raws;
    box.word = word;
    box.record = records;
    lazy_[ir::Value::op(index)] = box;
    return nullptr;
  }

  // --- guards ---

  llvm::Value* pendingException() {
    return builder_.CreateLoad(i64_, addressOf(environment_.pendingException), "pending");
  }

  void guardOp(const ir::Op& op, std::uint32_t index) {
    llvm::Value* pass = nullptr;
    switch (op.opcode) {
      // The exit knows the condition's value: 0 when guard_true fails, and 1 when guard_false
      // fails on a comparison's 0/1 result (DESIGN(llvm-cold-flags)).
      case Opcode::guard_true:
        pass = builder_.CreateICmpNE(value(op.args[0]), builder_.getInt64(0));
        failingCondition_ = op.args[0];
        failingValue_ = 0;
        emitGuard(op, index, pass);
        failingCondition_ = ir::Value();
        return;
      case Opcode::guard_false:
        pass = builder_.CreateICmpEQ(value(op.args[0]), builder_.getInt64(0));
        if (isFlag(op.args[0])) {
          failingCondition_ = op.args[0];
          failingValue_ = 1;
        }
        emitGuard(op, index, pass);
        failingCondition_ = ir::Value();
        return;
      case Opcode::guard_value:
        pass = builder_.CreateICmpEQ(asWord(value(op.args[0])), asWord(value(op.args[1])));
        break;
      case Opcode::guard_nonnull: pass = builder_.CreateIsNotNull(value(op.args[0])); break;
      case Opcode::guard_isnull: pass = builder_.CreateIsNull(value(op.args[0])); break;
      case Opcode::guard_class:
        if (const LazyBox* box = lazyBox(op.args[0])) {
          pass = builder_.CreateICmpEQ(lazyClassWord(*box), asWord(value(op.args[1])));
          break;
        }
        pass = builder_.CreateICmpEQ(classWord(value(op.args[0])), asWord(value(op.args[1])));
        break;
      case Opcode::guard_nonnull_class: {
        if (const LazyBox* box = lazyBox(op.args[0])) {
          // A raw value is never null; a null object reads the harmless word and fails.
          llvm::Value* null = builder_.CreateAnd(builder_.CreateNot(box->isRaw),
                                                 builder_.CreateICmpEQ(box->word, builder_.getInt64(0)));
          llvm::Value* address = builder_.CreateSelect(null, addressOf(&kHarmlessWord), lazyClassAddress(*box));
          llvm::Value* cls = builder_.CreateLoad(i64_, address);
          pass = builder_.CreateAnd(builder_.CreateNot(null), builder_.CreateICmpEQ(cls, asWord(value(op.args[1]))));
          break;
        }
        // Two branches to the same exit: null first, then the class word.
        llvm::Value* object = value(op.args[0]);
        auto* nonnull = llvm::BasicBlock::Create(*context_, "", function_);
        auto* fail = llvm::BasicBlock::Create(*context_, "guard" + std::to_string(index) + "_null", function_);
        builder_.CreateCondBr(builder_.CreateIsNotNull(object), nonnull, fail);
        builder_.SetInsertPoint(fail);
        ExitRecord& exit = newExit(index, false);
        fillLiveValues(op, exit);
        emitExit(exit, true);
        builder_.SetInsertPoint(nonnull);
        llvm::Value* classOk = builder_.CreateICmpEQ(classWord(object), asWord(value(op.args[1])));
        auto* next = llvm::BasicBlock::Create(*context_, "", function_);
        auto* classFail = llvm::BasicBlock::Create(*context_, "guard" + std::to_string(index), function_);
        llvm::MDBuilder weights(*context_);
        builder_.CreateCondBr(classOk, next, classFail, weights.createLikelyBranchWeights());
        builder_.SetInsertPoint(classFail);
        emitExitTo(exit);
        builder_.SetInsertPoint(next);
        return;
      }
      case Opcode::guard_no_overflow:
      case Opcode::guard_overflow:
        if (lastOverflow_ == nullptr) throw std::runtime_error("overflow guard without a preceding *_ovf op");
        pass = op.opcode == Opcode::guard_overflow ? lastOverflow_ : builder_.CreateNot(lastOverflow_);
        if (op.opcode == Opcode::guard_no_overflow) {
          recomputeOperands_ = true;  // DESIGN(llvm-ovf-operands)
          guardIndex_ = index;
          emitGuard(op, index, pass);
          recomputeOperands_ = false;
          return;
        }
        break;
      case Opcode::guard_no_exception:
        if (calleeFinished_ != nullptr) {
          // Right after call_assembler: a callee that finished cleanly (no kRaisingTag: no
          // residual call since its last exception guard) raised nothing, so
          // only the other ways out of the call need the pending slot read.
          auto* check = llvm::BasicBlock::Create(*context_, "pending_check", function_);
          auto* next = llvm::BasicBlock::Create(*context_, "", function_);
          llvm::MDBuilder weights(*context_);
          builder_.CreateCondBr(calleeFinished_, next, check, weights.createLikelyBranchWeights());
          builder_.SetInsertPoint(check);
          emitGuard(op, index, builder_.CreateICmpEQ(pendingException(), builder_.getInt64(0)));
          builder_.CreateBr(next);
          builder_.SetInsertPoint(next);
          return;
        }
        pass = builder_.CreateICmpEQ(pendingException(), builder_.getInt64(0));
        break;
      case Opcode::guard_exception: {
        llvm::Value* pending = pendingException();
        auto* check = llvm::BasicBlock::Create(*context_, "", function_);
        auto* fail = llvm::BasicBlock::Create(*context_, "guard" + std::to_string(index) + "_none", function_);
        builder_.CreateCondBr(builder_.CreateICmpNE(pending, builder_.getInt64(0)), check, fail);
        ExitRecord& exit = newExit(index, false);
        fillLiveValues(op, exit);
        builder_.SetInsertPoint(fail);
        emitExit(exit, true);
        builder_.SetInsertPoint(check);
        llvm::Value* object = builder_.CreateIntToPtr(pending, ptr_);
        llvm::Value* classOk = builder_.CreateICmpEQ(classWord(object), asWord(value(op.args[0])));
        auto* next = llvm::BasicBlock::Create(*context_, "", function_);
        auto* classFail = llvm::BasicBlock::Create(*context_, "guard" + std::to_string(index), function_);
        builder_.CreateCondBr(classOk, next, classFail);
        builder_.SetInsertPoint(classFail);
        emitExitTo(exit);
        builder_.SetInsertPoint(next);
        // The trace now owns the exception: clear the pending slot (as the interpreter would).
        builder_.CreateStore(builder_.getInt64(0), addressOf(environment_.pendingException));
        define(index, object);
        return;
      }
      case Opcode::guard_not_invalidated:
        pass = builder_.CreateICmpEQ(builder_.CreateLoad(i64_, addressOf(&compiled_.invalidated)), builder_.getInt64(0));
        break;
      case Opcode::guard_not_forced:
        // Frames are never forced behind a trace's back in this VM yet (no virtualizable escapes
        // through call_may_force); the guard is recorded for resume data and always holds.
        pass = builder_.getTrue();
        break;
      default: throw std::runtime_error(std::string("unsupported guard ") + std::string(ir::opName(op.opcode)));
    }
    emitGuard(op, index, pass);
  }

  // The exit buffer's layout is the contract's (jit/backend/backend.h guardLiveValues).
  void fillLiveValues(const ir::Op& op, ExitRecord& exit) {
    if (auto live = liveValues_.find(exit.opIndex); op.snapshot >= 0 && live != liveValues_.end())
      exit.liveValues = std::move(live->second);
  }

  // A second failure path of the same guard (same exit record, same stores).
  void emitExitTo(ExitRecord& exit) { emitExit(exit, true); }

  // --- dispatch ---

  void emitOp(const ir::Op& op, std::uint32_t index) {
    const Opcode opcode = op.opcode;
    // calleeFinished_ holds from a call_assembler through the guards right after it.
    calleeFinished_ = opcode == Opcode::guard_not_forced || opcode == Opcode::guard_no_exception ||
                              opcode == Opcode::debug_merge_point
                          ? calleeFinished_
                          : nullptr;
    if (pendingCalleeFinished_ != nullptr) {
      calleeFinished_ = pendingCalleeFinished_;
      pendingCalleeFinished_ = nullptr;
    }
    // Whether an exception may be pending here: after a call that may raise, until an
    // exception guard (a finish then has kRaisingTag: DESIGN(finish-with-exception)).
    if (opcode == Opcode::guard_no_exception || opcode == Opcode::guard_exception) {
      exceptionMayBePending_ = false;
    } else if (ir::isCall(opcode)) {
      const auto* call = ir::descrAs<ir::CallDescr>(op.descr);
      if (call == nullptr || call->effects.canRaise()) exceptionMayBePending_ = true;
    }
    if (ir::isGuard(opcode)) return guardOp(op, index);
    if (ir::isOvf(opcode)) {
      lastOvf_ = &op;
      lastOvfResult_ = overflowOp(opcode, value(op.args[0]), value(op.args[1]));
      return define(index, lastOvfResult_);
    }
    switch (opcode) {
      case Opcode::label: return emitLabel(op, index);
      case Opcode::jump: return emitJump(op);
      case Opcode::finish: return emitFinish(op, index);
      case Opcode::debug_merge_point:
      case Opcode::record_exact_class:
      case Opcode::record_known_result:
      case Opcode::quasiimmut_field:
      case Opcode::keepalive: return;  // hints and markers: no code
      case Opcode::force_token: return define(index, buffer_);
      default: break;
    }
    if (ir::isCall(opcode)) {
      if (llvm::Value* r = callOp(op, index)) define(index, r);
      return;
    }
    const int arity = ir::opInfo(opcode).arity;
    if (arity == 2 && ir::resultType(opcode) != ir::Type::Void && !ir::needsDescr(opcode)) {
      llvm::Value* a = value(op.args[0]);
      llvm::Value* b = value(op.args[1]);
      llvm::Value* r = a->getType() == f64_ ? emitFloatBinary(builder_, opcode, a, b) : emitIntBinary(builder_, opcode, a, b);
      if (r != nullptr) return define(index, r);
    }
    if (arity == 1 && !ir::needsDescr(opcode)) {
      if (llvm::Value* r = emitUnary(builder_, opcode, value(op.args[0]))) return define(index, r);
    }
    if (ir::needsDescr(opcode)) {
      llvm::Value* r = memoryOp(op);
      if (r != nullptr) return define(index, r);
      if (ir::resultType(opcode) == ir::Type::Void) return;
    }
    throw std::runtime_error(std::string("the LLVM backend cannot translate ") + std::string(ir::opName(opcode)));
  }

  LlvmTrace& compiled_;
  const ir::Trace& trace_;
  const CodegenEnvironment& environment_;
  std::unique_ptr<llvm::LLVMContext> context_;
  std::unique_ptr<llvm::Module> module_;
  llvm::IRBuilder<> builder_;
  llvm::Type* i64_ = nullptr;
  llvm::Type* ptr_ = nullptr;
  llvm::Type* f64_ = nullptr;
  llvm::Function* function_ = nullptr;
  llvm::Value* buffer_ = nullptr;
  llvm::Value* depth_ = nullptr;  // this frame's call depth (DESIGN(llvm-call-depth))
  llvm::Value* callArgs_ = nullptr;
  llvm::SwitchInst* entrySwitch_ = nullptr;
  llvm::BasicBlock* leave_ = nullptr;  // the shared return to the runtime (DESIGN(llvm-exit-dispatch))
  llvm::PHINode* leaveRecord_ = nullptr;
  llvm::BasicBlock* dispatch_ = nullptr;  // the shared exit of non-branch guards
  llvm::PHINode* dispatchRecord_ = nullptr;
  llvm::PHINode* dispatchSlot_ = nullptr;
  llvm::StructType* result_ = nullptr;  // EntryResult
  llvm::Value* lastOverflow_ = nullptr;
  llvm::Value* calleeFinished_ = nullptr;         // i1 after call_assembler (guard_no_exception)
  bool exceptionMayBePending_ = false;
  llvm::Value* pendingCalleeFinished_ = nullptr;  // set by the call, taken by the next op
  const ir::Op* lastOvf_ = nullptr;       // the *_ovf op the next overflow guard checks
  llvm::Value* lastOvfResult_ = nullptr;  // its wrapped result
  bool recomputeOperands_ = false;        // emitting guard_no_overflow's exit
  std::uint32_t guardIndex_ = 0;          // ... which is this op
  std::unordered_map<ir::Value, std::uint32_t> lastUse_;
  std::unordered_map<std::uint32_t, std::vector<ir::Value>> liveValues_;  // guard op -> live values
  std::unordered_map<ir::Value, llvm::Value*> values_;
  std::unordered_map<ir::Value, LazyBox> lazy_;  // DESIGN(llvm-lazy-box)
  bool cold_ = false;                            // emitting an exit's stores
  ir::Value failingCondition_;                   // in a guard_true/false exit: its condition ...
  std::uint64_t failingValue_ = 0;               // ... is known to be this
  std::vector<LabelState> labels_;
  std::unordered_map<std::vector<ir::Value>, SharedExit, LiveValuesHash> sharedExits_;
};

}  // namespace

llvm::orc::ThreadSafeModule generateModule(LlvmTrace& compiled, const CodegenEnvironment& environment,
                                           const llvm::DataLayout& layout, const llvm::Triple& triple) {
  return TraceCodegen(compiled, environment, layout, triple).run();
}

}  // namespace pyl::jit::llvm_backend
