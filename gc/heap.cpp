// gc/heap.cpp — Boehm GC setup and the slow paths behind gc/heap.h. This is one of the only
// files that include Boehm's headers; GC_THREADS must be defined before they are included so
// the collector knows about threads (the JIT compiles on a background thread).
#define GC_THREADS 1
#include <gc/gc.h>

#include "gc/heap.h"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace pyl::gc {
namespace detail {
thread_local constinit ThreadCache threadCache = {};
}  // namespace detail

namespace {

std::once_flag initOnce;
std::atomic<unsigned> stressInterval{0};
thread_local unsigned stressCountdown = 0;

// Boehm calls this instead of aborting when it cannot get memory; the null it returns becomes
// an OutOfMemory exception at the allocation site.
void* returnNullOnOom(std::size_t) { return nullptr; }

void* checked(void* memory) {
  if (memory == nullptr) throw OutOfMemory();
  return memory;
}

void initOnceWith(const Config& config) {
  GC_set_oom_fn(returnNullOnOom);
  GC_set_finalize_on_demand(1);  // finalizers run at the VM's safe points only
  GC_INIT();
  GC_allow_register_threads();
  if (config.maxHeapBytes != 0) GC_set_max_heap_size(config.maxHeapBytes);
  if (config.initialHeapBytes > GC_get_heap_size()) {
    GC_expand_hp(config.initialHeapBytes - GC_get_heap_size());
  }
  unsigned every = config.stressEvery;
  if (const char* env = std::getenv("PYL_GC_STRESS"); env != nullptr && *env != '\0') {
    every = static_cast<unsigned>(std::strtoul(env, nullptr, 10));
  }
  stressInterval.store(every, std::memory_order_relaxed);
}

// The free-list heads of this thread are a root, so that objects cached in them stay reserved.
// The registration object removes the root when the thread exits (its TLS is freed then).
struct ThreadCacheRoot {
  ThreadCacheRoot() {
    addRoots(&detail::threadCache, &detail::threadCache + 1);
  }
  ~ThreadCacheRoot() {
    detail::threadCache = {};
    removeRoots(&detail::threadCache, &detail::threadCache + 1);
  }
};

void ensureThreadCacheRoot() {
  static thread_local ThreadCacheRoot root;
  (void)root;
}

bool stressTick() {
  const unsigned every = stressInterval.load(std::memory_order_relaxed);
  if (every == 0) return false;
  if (stressCountdown == 0 || stressCountdown > every) stressCountdown = every;
  if (--stressCountdown == 0) {
    stressCountdown = every;
    GC_gcollect();
  }
  return true;
}

}  // namespace

bool init(const Config& config) {
  bool first = false;
  std::call_once(initOnce, [&] {
    initOnceWith(config);
    first = true;
  });
  return first;
}

unsigned stressEvery() { return stressInterval.load(std::memory_order_relaxed); }

namespace detail {
void* allocateSlow(std::size_t bytes) {
  init();
  if (bytes == 0) bytes = 1;
  const std::size_t granules = (bytes + kGranuleBytes - 1) / kGranuleBytes;
  if (stressTick() || granules > kCachedGranules) return checked(GC_malloc(bytes));
  ensureThreadCacheRoot();
  // Refill: a whole block of objects of this size, linked through their first word and
  // otherwise cleared by the collector.
  void* list = checked(GC_malloc_many(granules * kGranuleBytes));
  threadCache.freeLists[granules] = *static_cast<void**>(list);
  *static_cast<void**>(list) = nullptr;
  return list;
}
}  // namespace detail

void* allocateAtomic(std::size_t bytes) {
  init();
  stressTick();
  return checked(GC_malloc_atomic(bytes == 0 ? 1 : bytes));
}

void* allocateUncollectable(std::size_t bytes) {
  init();
  return checked(GC_malloc_uncollectable(bytes == 0 ? 1 : bytes));
}

void freeUncollectable(void* memory) { GC_free(memory); }

void addRoots(void* begin, void* end) {
  init();
  GC_add_roots(begin, end);
}

void removeRoots(void* begin, void* end) { GC_remove_roots(begin, end); }

void registerFinalizer(void* object, Finalizer finalizer, void* data) {
  GC_register_finalizer_ignore_self(object, finalizer, data, nullptr, nullptr);
}

bool finalizersPending() { return GC_should_invoke_finalizers() != 0; }

std::size_t runFinalizers() { return static_cast<std::size_t>(GC_invoke_finalizers()); }

void collect() {
  init();
  GC_gcollect();
}

Stats stats() {
  return Stats{GC_get_heap_size(), GC_get_free_bytes(), static_cast<std::size_t>(GC_get_gc_no())};
}

ThreadRegistration::ThreadRegistration() : registered_(false) {
  init();
  if (GC_thread_is_registered()) return;
  GC_stack_base base;
  if (GC_get_stack_base(&base) != GC_SUCCESS) throw std::runtime_error("GC: no stack base");
  registered_ = GC_register_my_thread(&base) == GC_SUCCESS;
}

ThreadRegistration::~ThreadRegistration() {
  if (!registered_) return;
  // Cached objects die with the thread; the cache's root goes with them.
  detail::threadCache = {};
  GC_unregister_my_thread();
}

}  // namespace pyl::gc
