// gc/allocator.h — an STL allocator whose memory the collector scans but never frees, so C++
// containers may hold GC pointers (DESIGN.md §6: "C++ containers that hold GC pointers use a
// GC-scanned allocator"). Use it for root tables, snapshot storage and compile-queue items.
//
//   std::vector<Object*, pyl::gc::TracingAllocator<Object*>> roots;
//
// The container itself may live anywhere (stack, malloc): only its buffer must be scanned,
// and that buffer comes from allocateUncollectable.
#pragma once

#include <cstddef>
#include <new>

#include "gc/heap.h"

namespace pyl::gc {

template <class T>
class TracingAllocator {
 public:
  using value_type = T;

  TracingAllocator() noexcept = default;
  template <class U>
  TracingAllocator(const TracingAllocator<U>&) noexcept {}  // NOLINT: allocators convert freely

  T* allocate(std::size_t count) {
    if (count > static_cast<std::size_t>(-1) / sizeof(T)) throw OutOfMemory();
    return static_cast<T*>(allocateUncollectable(count * sizeof(T)));
  }
  void deallocate(T* memory, std::size_t) noexcept { freeUncollectable(memory); }

  template <class U>
  bool operator==(const TracingAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace pyl::gc
