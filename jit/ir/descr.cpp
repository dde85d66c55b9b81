// jit/ir/descr.cpp — descriptor pool and effect bitsets (jit/ir/descr.h).
//
// Field and array indices are process-wide (one atomic counter), so effect sets built against
// descriptors of different pools can never alias by accident.
#include "jit/ir/descr.h"

#include <atomic>
#include <stdexcept>

namespace pyl::jit::ir {

namespace {
std::atomic<std::uint32_t> nextDescrIndex{0};
}  // namespace

void DescrSet::add(std::uint32_t index) {
  std::size_t word = index / 64;
  if (words_.size() <= word) words_.resize(word + 1, 0);
  words_[word] |= std::uint64_t{1} << (index % 64);
}

bool DescrSet::contains(std::uint32_t index) const {
  std::size_t word = index / 64;
  return word < words_.size() && ((words_[word] >> (index % 64)) & 1) != 0;
}

bool DescrSet::empty() const {
  for (std::uint64_t w : words_) {
    if (w != 0) return false;
  }
  return true;
}

void DescrSet::unionWith(const DescrSet& other) {
  if (words_.size() < other.words_.size()) words_.resize(other.words_.size(), 0);
  for (std::size_t i = 0; i < other.words_.size(); ++i) words_[i] |= other.words_[i];
}

template <class D>
D& DescrPool::add(std::string name) {
  if (byName_.count(name) != 0) throw std::invalid_argument("duplicate descriptor name: " + name);
  auto owned = std::make_unique<D>(name);
  D& descr = *owned;
  if constexpr (std::is_same_v<D, FieldDescr> || std::is_same_v<D, ArrayDescr>) {
    descr.index = nextDescrIndex.fetch_add(1, std::memory_order_relaxed);
  }
  byName_.emplace(std::move(name), &descr);
  descrs_.push_back(std::move(owned));
  return descr;
}

FieldDescr& DescrPool::addField(std::string name) {
  return add<FieldDescr>(std::move(name));
}
ArrayDescr& DescrPool::addArray(std::string name) {
  return add<ArrayDescr>(std::move(name));
}
SizeDescr& DescrPool::addSize(std::string name) {
  return add<SizeDescr>(std::move(name));
}
CallDescr& DescrPool::addCall(std::string name) {
  return add<CallDescr>(std::move(name));
}
TargetDescr& DescrPool::addTarget(std::string name) {
  return add<TargetDescr>(std::move(name));
}
GenericDescr& DescrPool::addGeneric(std::string name) {
  return add<GenericDescr>(std::move(name));
}

const Descr* DescrPool::find(std::string_view name) const {
  auto it = byName_.find(std::string(name));
  return it == byName_.end() ? nullptr : it->second;
}

}  // namespace pyl::jit::ir
