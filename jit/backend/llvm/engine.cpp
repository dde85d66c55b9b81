// jit/backend/llvm/engine.cpp — LLJIT setup, the IR pipeline, compile/release of one module,
// and the MC disassembler behind the `jit-backend-asm` log category.
//
// Neighbours: engine.h (contract), codegen.cpp (builds the modules compiled here),
// llvm_backend.cpp (owns the engine and the traces' resource trackers).
#include "jit/backend/llvm/engine.h"

#include <chrono>
#include <mutex>
#include <stdexcept>

#include <llvm/Support/CommandLine.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ObjectTransformLayer.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCDisassembler/MCDisassembler.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCInstPrinter.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/MCTargetOptions.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Object/ELFObjectFile.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/DeadStoreElimination.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>

namespace pyl::jit::llvm_backend {

namespace {

// What the transforms learn about the module being compiled on this thread. ORC runs the IR and
// object transforms on the thread that looks the symbol up (the default in-place dispatcher),
// which is the thread inside Engine::compile, so a thread-local record is enough.
struct CompileCapture {
  bool wantIr = false;
  std::string entryName;
  std::string ir;
  std::size_t codeBytes = 0;
  std::size_t entryBytes = 0;
};
thread_local CompileCapture* currentCapture = nullptr;

std::runtime_error llvmError(const std::string& what, llvm::Error error) {
  return std::runtime_error(what + ": " + llvm::toString(std::move(error)));
}

void initializeLlvmOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetDisassembler();
    // DESIGN(llvm-exit-dispatch) in codegen.cpp: every guard exit ends in the same tail call to
    // its bridge; tail merging would fold those ends into one block that all exits reach with
    // their values in the same registers, i.e. through stack slots, on every bridge's path.
    // The option is registered by a static initializer of LLVM's CodeGen library; should a link
    // ever drop it, fail loudly rather than compile every exit the slow way.
    auto& options = llvm::cl::getRegisteredOptions();
    auto found = options.find("enable-tail-merge");
    if (found == options.end()) throw std::runtime_error("LLVM has no option enable-tail-merge");
    found->second->addOccurrence(0, "enable-tail-merge", "false");
  });
}

llvm::CodeGenOptLevel codegenLevel(int level) {
  switch (level) {
    case 0: return llvm::CodeGenOptLevel::None;
    case 1: return llvm::CodeGenOptLevel::Less;
    case 2: return llvm::CodeGenOptLevel::Default;
    default: return llvm::CodeGenOptLevel::Aggressive;
  }
}

// DESIGN(llvm-pipeline): our optimizer already did the dynamic-language work (virtuals, guards,
// heap caching), so LLVM only needs to clean up what a straightforward op-by-op translation
// leaves: repeated address computations and loads (EarlyCSE with MemorySSA), peepholes
// (InstCombine), empty exit blocks and branch chains (SimplifyCFG), and stores overwritten before
// an exit (DSE). Level 2 is LLVM's O2 for comparison (DESIGN.md §5's compile-time budget).
void optimizeModule(llvm::Module& module, int pipeline) {
  if (pipeline <= 0) return;
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder;
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  if (pipeline >= 2) {
    llvm::ModulePassManager passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
    passes.run(module, modules);
    return;
  }
  llvm::FunctionPassManager passes;
  passes.addPass(llvm::EarlyCSEPass(/*UseMemorySSA=*/true));
  passes.addPass(llvm::InstCombinePass());
  passes.addPass(llvm::SimplifyCFGPass());
  passes.addPass(llvm::DSEPass());
  llvm::ModulePassManager modulePasses;
  modulePasses.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(passes)));
  modulePasses.run(module, modules);
}

// Records the size of the object's executable sections and of the entry function's symbol.
void measureObject(const llvm::MemoryBuffer& object, CompileCapture& capture) {
  auto file = llvm::object::ObjectFile::createObjectFile(object.getMemBufferRef());
  if (!file) {
    llvm::consumeError(file.takeError());
    return;
  }
  for (const llvm::object::SectionRef& section : (*file)->sections())
    if (section.isText()) capture.codeBytes += section.getSize();
  auto* elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(file->get());
  if (elf == nullptr) return;
  for (const llvm::object::ELFSymbolRef symbol : elf->symbols()) {
    auto name = symbol.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (*name == capture.entryName) capture.entryBytes = symbol.getSize();
  }
}

}  // namespace

Engine::Engine(const EngineOptions& options) : options_(options) {
  initializeLlvmOnce();
  auto machine = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machine) throw llvmError("LLVM cannot target this host", machine.takeError());
  machine->setCodeGenOptLevel(codegenLevel(options.codegenLevel));
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*machine)).create();
  if (!jit) throw llvmError("LLJIT creation failed", jit.takeError());
  jit_ = std::move(*jit);
  installTransforms();
}

Engine::~Engine() = default;

const llvm::DataLayout& Engine::dataLayout() const { return jit_->getDataLayout(); }
const llvm::Triple& Engine::targetTriple() const { return jit_->getTargetTriple(); }

void Engine::installTransforms() {
  const int pipeline = options_.irPipeline;
  jit_->getIRTransformLayer().setTransform(
      [pipeline](llvm::orc::ThreadSafeModule module, llvm::orc::MaterializationResponsibility&)
          -> llvm::Expected<llvm::orc::ThreadSafeModule> {
        module.withModuleDo([pipeline](llvm::Module& m) {
          optimizeModule(m, pipeline);
          if (currentCapture != nullptr && currentCapture->wantIr) {
            llvm::raw_string_ostream out(currentCapture->ir);
            m.print(out, nullptr);
          }
        });
        return module;
      });
  jit_->getObjTransformLayer().setTransform(
      [](std::unique_ptr<llvm::MemoryBuffer> object) -> llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> {
        if (currentCapture != nullptr) measureObject(*object, *currentCapture);
        return object;
      });
}

void Engine::defineHelpers(const std::vector<std::pair<std::string, const void*>>& helpers) {
  llvm::orc::SymbolMap symbols;
  for (const auto& [name, address] : helpers) {
    symbols[jit_->mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
        llvm::orc::ExecutorAddr::fromPtr(address),
        llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  }
  if (llvm::Error error = jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols))))
    throw llvmError("defining runtime helpers failed", std::move(error));
}

CompiledModule Engine::compile(llvm::orc::ThreadSafeModule module, const std::string& entryName,
                               const CompileRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  module.withModuleDo([this](llvm::Module& m) { m.setDataLayout(dataLayout()); });
  bool broken = false;
  std::string problems;
  module.withModuleDo([&](llvm::Module& m) {
    llvm::raw_string_ostream out(problems);
    broken = llvm::verifyModule(m, &out);
  });
  if (broken) throw std::runtime_error("invalid LLVM IR for " + entryName + ": " + problems);

  CompileCapture capture;
  capture.wantIr = request.wantIr;
  capture.entryName = entryName;
  CompiledModule result;
  result.tracker = jit_->getMainJITDylib().createResourceTracker();
  if (llvm::Error error = jit_->addIRModule(result.tracker, std::move(module)))
    throw llvmError("adding module " + entryName + " failed", std::move(error));
  currentCapture = &capture;
  auto address = jit_->lookup(entryName);
  currentCapture = nullptr;
  if (!address) {
    llvm::Error error = address.takeError();
    llvm::consumeError(result.tracker->remove());
    throw llvmError("compiling " + entryName + " failed", std::move(error));
  }
  ++liveModules_;
  result.entry = address->getValue();
  result.codeBytes = capture.codeBytes;
  result.ir = std::move(capture.ir);
  result.compileMillis =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (request.wantAssembly && capture.entryBytes > 0)
    result.assembly = disassemble(targetTriple(), reinterpret_cast<const std::uint8_t*>(result.entry),
                                  capture.entryBytes, result.entry);
  return result;
}

std::uint64_t Engine::lookup(const std::string& name) {
  auto address = jit_->lookup(name);
  if (!address) throw llvmError("no symbol " + name, address.takeError());
  return address->getValue();
}

void Engine::release(const llvm::orc::ResourceTrackerSP& tracker) {
  if (!tracker) return;
  if (llvm::Error error = tracker->remove())
    throw llvmError("releasing compiled code failed", std::move(error));
  --liveModules_;
  // ORC interns every symbol name (one per trace: pyl_trace_N) and never drops dead ones on its
  // own; without this a VM that keeps compiling and freeing traces grows by ~80 bytes per trace.
  // The sweep walks the whole pool (it locks it), so it runs once per kReleasesPerSweep frees.
  if (++releasesSinceSweep_ >= kReleasesPerSweep) {
    releasesSinceSweep_ = 0;
    jit_->getExecutionSession().getSymbolStringPool()->clearDeadEntries();
  }
}

std::string disassemble(const llvm::Triple& triple, const std::uint8_t* code, std::size_t bytes,
                        std::uint64_t address) {
  std::string error;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple.str(), error);
  if (target == nullptr) return "; no disassembler: " + error + "\n";
  std::unique_ptr<llvm::MCRegisterInfo> registers(target->createMCRegInfo(triple.str()));
  llvm::MCTargetOptions targetOptions;
  std::unique_ptr<llvm::MCAsmInfo> asmInfo(target->createMCAsmInfo(*registers, triple.str(), targetOptions));
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(target->createMCSubtargetInfo(triple.str(), "", ""));
  std::unique_ptr<llvm::MCInstrInfo> instructions(target->createMCInstrInfo());
  if (!registers || !asmInfo || !subtarget || !instructions) return "; no disassembler for " + triple.str() + "\n";
  llvm::MCContext context(triple, asmInfo.get(), registers.get(), subtarget.get());
  std::unique_ptr<llvm::MCDisassembler> disassembler(target->createMCDisassembler(*subtarget, context));
  std::unique_ptr<llvm::MCInstPrinter> printer(target->createMCInstPrinter(
      triple, asmInfo->getAssemblerDialect(), *asmInfo, *instructions, *registers));
  if (!disassembler || !printer) return "; no disassembler for " + triple.str() + "\n";

  std::string text;
  llvm::raw_string_ostream out(text);
  llvm::ArrayRef<std::uint8_t> data(code, bytes);
  std::uint64_t offset = 0;
  while (offset < bytes) {
    llvm::MCInst instruction;
    std::uint64_t size = 0;
    auto status = disassembler->getInstruction(instruction, size, data.slice(offset), address + offset, llvm::nulls());
    out << llvm::format_hex(address + offset, 18) << ":";
    if (status != llvm::MCDisassembler::Success || size == 0) {
      out << "\t.byte " << llvm::format_hex(data[offset], 4) << "\n";
      offset += 1;
      continue;
    }
    printer->printInst(&instruction, address + offset, "", *subtarget, out);
    out << "\n";
    offset += size;
  }
  return text;
}

}  // namespace pyl::jit::llvm_backend
