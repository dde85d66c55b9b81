// The memory every AST lives in: a bump allocator that hands out node storage, identifier and
// literal bytes, and the arrays behind Seq<T>. Freed all at once when the Arena dies.
// Invariant: only trivially destructible objects are placed here (nodes hold no std::string,
// no vector), so dropping the blocks is the whole teardown. Used by pylang/parser/ to build trees
// and by pylang/compiler/ to read them; nothing in the arena is a GC object (DESIGN(ast) in ast.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <vector>

namespace pyl::ast {

// A read-mostly array in the arena: the AST's `T*` lists (`stmt* body`, `expr* elts`).
template <class T>
class Seq {
 public:
  Seq() = default;
  Seq(T* data, uint32_t size) : data_(data), size_(size) {}
  T* begin() const { return data_; }
  T* end() const { return data_ + size_; }
  T& operator[](size_t i) const { return data_[i]; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& front() const { return data_[0]; }
  T& back() const { return data_[size_ - 1]; }

 private:
  T* data_ = nullptr;
  uint32_t size_ = 0;
};

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Raw storage, `align` a power of two no larger than alignof(std::max_align_t).
  void* allocate(size_t bytes, size_t align) {
    uintptr_t p = (reinterpret_cast<uintptr_t>(cursor_) + align - 1) & ~(uintptr_t{align} - 1);
    if (p + bytes > reinterpret_cast<uintptr_t>(limit_)) return allocateSlow(bytes, align);
    cursor_ = reinterpret_cast<char*>(p + bytes);
    return reinterpret_cast<void*>(p);
  }

  // A value-initialized (zeroed) T; nodes are filled in field by field by their builder.
  template <class T>
  T* make() {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (allocate(sizeof(T), alignof(T))) T{};
  }

  // Copies bytes into the arena; the view stays valid as long as the arena.
  std::string_view copyString(std::string_view text) {
    if (text.empty()) return std::string_view("", 0);
    char* p = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(p, text.data(), text.size());
    return {p, text.size()};
  }

  template <class T>
  Seq<T> copySeq(const T* items, size_t count) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (count == 0) return {};
    T* p = static_cast<T*>(allocate(sizeof(T) * count, alignof(T)));
    std::memcpy(static_cast<void*>(p), items, sizeof(T) * count);
    return {p, static_cast<uint32_t>(count)};
  }
  template <class T>
  Seq<T> copySeq(const std::vector<T>& items) {
    return copySeq(items.data(), items.size());
  }

  size_t bytesReserved() const { return reserved_; }

 private:
  void* allocateSlow(size_t bytes, size_t align);

  static constexpr size_t kBlockBytes = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  char* limit_ = nullptr;
  size_t reserved_ = 0;
};

}  // namespace pyl::ast
