// gc/heap.h — the one door to the garbage collector (Boehm GC behind it; only gc/*.cpp include
// Boehm's headers). Everything the VM allocates on the GC heap comes through here.
//
// Invariant (DESIGN.md §6): no GC pointer lives where the collector cannot see it. The collector
// scans its own heap, static data, registered threads' stacks and the roots registered here;
// memory from malloc/new is invisible to it unless registered with addRoots() or allocated
// with allocateUncollectable() / TracingAllocator (gc/allocator.h).
//
// Neighbours: gc/allocator.h (STL allocator over uncollectable memory), gc/heap.cpp (slow paths,
// Boehm setup). bench/micro/gc_alloc_bench.cpp measures the fast path against GC_malloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

namespace pyl::gc {

// Thrown when the collector cannot satisfy an allocation even after collecting. The VM turns it
// into the language's MemoryError; nothing in the heap is lost.
class OutOfMemory : public std::bad_alloc {
 public:
  const char* what() const noexcept override { return "out of memory (GC heap)"; }
};

struct Config {
  std::size_t initialHeapBytes = std::size_t{64} << 20;  // pre-sized so warm-up doesn't collect
  std::size_t maxHeapBytes = 0;                          // 0: unlimited
  // Torture mode: a full collection every N allocations (0: off). The translation option
  // --gc-stress sets it for a variant; the environment variable PYL_GC_STRESS overrides it.
  unsigned stressEvery = 0;
};

// Initialises the collector. The first call wins; later calls return false and change nothing.
// Call it from the main thread before any other thread touches the heap. Allocation calls it
// with the defaults if nobody did.
bool init(const Config& config = {});
// The stress interval in force (0: stress mode off).
unsigned stressEvery();

namespace detail {
// DESIGN(gc-fast-path): small scanned objects come from per-thread free lists, one per size in
// 16-byte granules, refilled a block at a time by GC_malloc_many. The lists are linked through
// the objects' first word; because those objects are scanned and the list heads are a registered
// root, the collector sees every cached object as live and never hands it out twice. The pop is
// a TLS load, a compare and two stores, inlined at the call site, where GC_malloc costs a call,
// a thread-specific lookup and a size-class computation. In stress mode the lists are never
// filled, so every allocation takes the slow path that counts and collects.
inline constexpr std::size_t kGranuleBytes = 16;
inline constexpr std::size_t kCachedGranules = 16;  // objects up to 256 bytes use the fast path

struct ThreadCache {
  void* freeLists[kCachedGranules + 1];  // index: size in granules; [0] is never filled
};
// constinit: no dynamic initialisation, so the compiler accesses it without a TLS wrapper call.
extern thread_local constinit ThreadCache threadCache;

void* allocateSlow(std::size_t bytes);
}  // namespace detail

// Scanned memory: may hold GC pointers; zero-filled.
inline void* allocate(std::size_t bytes) {
  const std::size_t granules = (bytes + detail::kGranuleBytes - 1) / detail::kGranuleBytes;
  if (granules <= detail::kCachedGranules) [[likely]] {
    void*& head = detail::threadCache.freeLists[granules];
    if (void* object = head) [[likely]] {
      head = *static_cast<void**>(object);
      *static_cast<void**>(object) = nullptr;
      return object;
    }
  }
  return detail::allocateSlow(bytes);
}

// Pointer-free memory (string bytes, int and float arrays): never scanned, NOT zero-filled.
void* allocateAtomic(std::size_t bytes);
// Scanned memory that is never collected: for root tables the collector must see (JIT constants,
// exit buffers). Freed only with freeUncollectable.
void* allocateUncollectable(std::size_t bytes);
void freeUncollectable(void* memory);

// Constructs a T in scanned memory. T's destructor never runs (use a finalizer if it must).
template <class T, class... Args>
T* make(Args&&... args) {
  return ::new (allocate(sizeof(T))) T(std::forward<Args>(args)...);
}

// Explicit roots: [begin, end) is scanned for GC pointers until removeRoots with the same range.
void addRoots(void* begin, void* end);
void removeRoots(void* begin, void* end);

// Finalizers run only at safe points the VM chooses (runFinalizers), never inside an allocation,
// so interpreter and JIT code are never re-entered at an arbitrary point.
using Finalizer = void (*)(void* object, void* data);
// `object` must be the start of a GC object. An object reachable only from itself is still
// finalized (Java-style ordering, as Python's cyclic garbage needs).
void registerFinalizer(void* object, Finalizer finalizer, void* data);
bool finalizersPending();
std::size_t runFinalizers();  // returns how many ran

// Full collection (also what stress mode runs).
void collect();

struct Stats {
  std::size_t heapBytes;
  std::size_t freeBytes;
  std::size_t collections;
};
Stats stats();

// Registers the current thread with the collector for the object's lifetime (threads started
// by the VM that touch GC pointers: the JIT's compile thread, for example). The main thread is
// registered by init().
class ThreadRegistration {
 public:
  ThreadRegistration();
  ~ThreadRegistration();
  ThreadRegistration(const ThreadRegistration&) = delete;
  ThreadRegistration& operator=(const ThreadRegistration&) = delete;

 private:
  bool registered_;
};

}  // namespace pyl::gc
