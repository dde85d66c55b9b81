// Microbenchmark: the thread-local inline fast path of gc/heap.h against plain GC_malloc, for
// 32-byte objects (the size of a boxed int or a small tuple). Both allocate into a small ring of
// live slots so that the work includes the collector's share, as in a real allocation-heavy loop.
// Run: build/bench/micro/gc_alloc_bench --benchmark_repetitions=10 (see bench/README.md).
#define GC_THREADS 1
#include <gc/gc.h>  // benchmarks may compare against Boehm directly; product code may not

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "gc/heap.h"

namespace {

constexpr std::size_t kObjectBytes = 32;

// Spread beside the median: the machines are shared and noisy (run with repetitions).
double minimum(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
double maximum(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }
constexpr std::size_t kRing = 64;

struct Ring {
  std::array<void*, kRing> slots{};
};

void BM_FastPathAllocate32(benchmark::State& state) {
  pyl::gc::init();
  auto* ring = static_cast<Ring*>(pyl::gc::allocateUncollectable(sizeof(Ring)));
  std::size_t i = 0;
  for (auto _ : state) {
    void* object = pyl::gc::allocate(kObjectBytes);
    benchmark::DoNotOptimize(object);
    ring->slots[i++ % kRing] = object;
  }
  state.SetItemsProcessed(state.iterations());
  pyl::gc::freeUncollectable(ring);
}
BENCHMARK(BM_FastPathAllocate32)->ComputeStatistics("min", minimum)->ComputeStatistics("max", maximum);

void BM_GcMalloc32(benchmark::State& state) {
  pyl::gc::init();
  auto* ring = static_cast<Ring*>(pyl::gc::allocateUncollectable(sizeof(Ring)));
  std::size_t i = 0;
  for (auto _ : state) {
    void* object = GC_malloc(kObjectBytes);
    benchmark::DoNotOptimize(object);
    ring->slots[i++ % kRing] = object;
  }
  state.SetItemsProcessed(state.iterations());
  pyl::gc::freeUncollectable(ring);
}
BENCHMARK(BM_GcMalloc32)->ComputeStatistics("min", minimum)->ComputeStatistics("max", maximum);

}  // namespace

BENCHMARK_MAIN();
