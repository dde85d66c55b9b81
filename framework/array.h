// framework/array.h — the GC array layout traced code can index: a length Word followed by
// `length` item Words (ints or GC pointers). getarrayitem_gc/setarrayitem_gc/arraylen_gc and
// new_array use exactly this layout, so an interpreter's lists and tapes that should be visible
// to the optimizer are WordArrays.
#pragma once

#include <cstdint>

#include "framework/descr.h"
#include "framework/object.h"
#include "gc/heap.h"

namespace pyl::framework {

struct WordArray {
  std::int64_t length;
  Word* items() { return reinterpret_cast<Word*>(this + 1); }
  const Word* items() const { return reinterpret_cast<const Word*>(this + 1); }
};

inline constexpr std::int64_t kMaxArrayLength = std::int64_t{1} << 40;

// A zeroed array; the length must be in [0, kMaxArrayLength] (callers check user input).
inline WordArray* newWordArray(std::int64_t length) {
  auto* array = static_cast<WordArray*>(
      gc::allocate(sizeof(WordArray) + static_cast<std::size_t>(length) * sizeof(Word)));
  array->length = length;
  return array;
}

inline const ArrayDescr& intArrayDescr() {
  static const ArrayDescr descr{"WordArray<int>", ValueKind::kInt};
  return descr;
}
inline const ArrayDescr& refArrayDescr() {
  static const ArrayDescr descr{"WordArray<ref>", ValueKind::kRef};
  return descr;
}

}  // namespace pyl::framework
