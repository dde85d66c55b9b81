// jit/backend/llvm/engine.h — the LLVM ORC engine: one LLJIT per VM, one module per trace.
//
// INTERNAL to jit/backend/llvm/: it names LLVM types, so only this folder's .cpp files include
// it (tests/layering/check_layers.py). The backend's public header (llvm_backend.h) exposes
// project types only.
//
// DESIGN(llvm-engine): each trace becomes one LLVM module with its own ThreadSafeContext and a
// unique entry symbol; it is added to the main JITDylib under its own ResourceTracker, so a
// dead trace's code, data and symbols are freed by removing that tracker (nothing else in the
// dylib refers to them: bridges and jumps between traces go through addresses in memory, never
// through symbols). Runtime helpers (allocation, the exit slot protocol) are absolute symbols
// in the same dylib, so the modules name them and the IR dumps read well. The IR pipeline and
// the code generator's level are set once per engine. compile() is safe to call from any one
// thread at a time per module; the engine itself is shared by the compile thread and the
// interpreter thread (ORC's ExecutionSession locks internally).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>

namespace llvm::orc {
class LLJIT;
}

namespace pyl::jit::llvm_backend {

// What the engine does to a module. irPipeline: 0 none, 1 the small pipeline (EarlyCSE,
// InstCombine, SimplifyCFG, DSE), 2 LLVM's full O2 pipeline. codegenLevel: 0 None, 1 Less,
// 2 Default, 3 Aggressive (llvm::CodeGenOptLevel).
struct EngineOptions {
  int irPipeline = 1;
  int codegenLevel = 1;
};

// What one compile() produced. `ir` and `assembly` are filled only when asked for.
struct CompiledModule {
  std::uint64_t entry = 0;  // address of the entry symbol
  llvm::orc::ResourceTrackerSP tracker;
  std::size_t codeBytes = 0;  // size of the executable sections of the object file
  double compileMillis = 0;   // IR pipeline + code generation + linking
  std::string ir;             // optimized LLVM IR, textual
  std::string assembly;       // disassembled machine code
};

struct CompileRequest {
  bool wantIr = false;
  bool wantAssembly = false;
};

class Engine {
 public:
  explicit Engine(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineOptions& options() const { return options_; }
  // The data layout and triple every module must use.
  const llvm::DataLayout& dataLayout() const;
  const llvm::Triple& targetTriple() const;

  // Defines absolute symbols (runtime helpers) in the main dylib; call before compiling.
  void defineHelpers(const std::vector<std::pair<std::string, const void*>>& helpers);

  // Optimizes, compiles and links the module, then resolves `entryName`. Throws
  // std::runtime_error with LLVM's message on failure (the module is then discarded).
  CompiledModule compile(llvm::orc::ThreadSafeModule module, const std::string& entryName,
                         const CompileRequest& request);
  // The address of a symbol of a compiled module (throws std::runtime_error if there is none).
  std::uint64_t lookup(const std::string& name);
  // Frees everything compile() created for the module.
  void release(const llvm::orc::ResourceTrackerSP& tracker);

  // Number of modules currently alive (compiled and not released).
  std::size_t liveModules() const { return liveModules_.load(); }

 private:
  void installTransforms();

  static constexpr int kReleasesPerSweep = 256;
  EngineOptions options_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::atomic<std::size_t> liveModules_{0};
  int releasesSinceSweep_ = 0;  // release() runs on the interpreter thread only
};

// The machine code in [code, code + bytes) as assembly text, one instruction per line.
std::string disassemble(const llvm::Triple& triple, const std::uint8_t* code, std::size_t bytes,
                        std::uint64_t address);

}  // namespace pyl::jit::llvm_backend
