// tests/unit/jit/backend_llvm/memory_test.cpp — compiling and freeing 10,000 traces must not
// grow resident memory without bound: freeing a trace releases its LLVM module, machine code,
// symbols and records (ORC resource trackers), and its exit records and root table.
#include <gtest/gtest.h>

#include <cstdio>
#include <unistd.h>

#include "jit/backend/llvm/llvm_backend.h"
#include "tests/trace/opt/namespace_fixture.h"

namespace pyl::jit::llvm_backend {
namespace {

// Resident set size in bytes, from /proc/self/statm (second field, in pages).
std::size_t residentBytes() {
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  int read = std::fscanf(statm, "%lu %lu", &size, &resident);
  std::fclose(statm);
  return read == 2 ? resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

TEST(LlvmBackendMemory, CompilingAndFreeingTwentyThousandTracesDoesNotGrowResidentMemory) {
  // The cheapest LLVM settings: this test is about freeing, not code quality.
  LlvmBackendOptions options;
  options.irPipeline = 0;
  options.codegenLevel = 0;
  LlvmBackend backend(options);
  auto compileAndFree = [&](int count) {
    for (int i = 0; i < count; ++i) {
      // A distinct constant per trace, so nothing can be shared between modules.
      std::string text = "[i0, p1]\n"
                         "i2 = int_add_ovf(i0, " + std::to_string(i) + ")\n"
                         "guard_no_overflow() [i0, p1]\n"
                         "i3 = getfield_gc_i(p1, descr=valuedescr)\n"
                         "i4 = int_lt(i2, i3)\n"
                         "guard_true(i4) [i2, p1]\n"
                         "finish(i2)\n";
      LlvmTrace* trace = backend.compileLoop(std::make_shared<const ir::Trace>(testing::parseOrFail(text)));
      backend.free(trace);
    }
  };
  compileAndFree(500);  // warm-up: LLVM's own caches, allocator arenas
  const std::size_t before = residentBytes();
  ASSERT_GT(before, 0u);
  compileAndFree(20000);
  const std::size_t after = residentBytes();
  EXPECT_EQ(backend.liveModules(), 0u);
  EXPECT_EQ(backend.liveTraces(), 0u);
  // Leaked traces would cost far more (each holds >= one 4 KiB code page). The bound also
  // catches small per-trace leaks: ORC's symbol-name pool, never swept, used to keep ~80 bytes
  // per trace (1.6 MiB here; about 100 KiB of growth is usual).
  const std::size_t growth = after > before ? after - before : 0;
  EXPECT_LT(growth, std::size_t{1} << 20) << "resident memory grew from " << before << " to " << after << " bytes";
  std::printf("resident before %zu KiB, after 20000 traces %zu KiB\n", before >> 10, after >> 10);
}

}  // namespace
}  // namespace pyl::jit::llvm_backend
