// jit/trace/descr_mapper.h — one IR descriptor (jit/ir/descr.h) per framework descriptor
// (framework/descr.h), created on first use in the JIT's DescrPool.
//
// DESIGN(descr-mapping): framework descriptors are compile-time facts of the interpreter (a field
// is a member pointer, an effect class is a type); IR descriptors are what the optimizer and the
// backends key on. The mapping is by the framework descriptor's address, so a field gets exactly
// one IR descriptor however many handlers touch it. Call descriptors whose effects are below
// "random" must say what they READ so the heap pass never delays a store past a call that reads
// it; the framework only states "reads the heap", so every such call reads every field and array
// this mapper knows, including ones created later (added as they appear).
#pragma once

#include <unordered_map>
#include <vector>

#include "framework/descr.h"
#include "framework/object.h"
#include "jit/ir/descr.h"

namespace pyl::jit::trace {

class DescrMapper {
 public:
  explicit DescrMapper(ir::DescrPool& pool) : pool_(&pool) {}

  const ir::FieldDescr* field(const framework::FieldDescr& descr);
  const ir::ArrayDescr* array(const framework::ArrayDescr& descr);
  const ir::SizeDescr* size(const framework::ObjectClass& objectClass);
  const ir::CallDescr* call(const framework::CallDescr& descr);
  ir::DescrPool& pool() const { return *pool_; }

 private:
  std::string uniqueName(std::string base) const;
  void readsEverything(ir::CallDescr* call) const;

  ir::DescrPool* pool_;
  std::unordered_map<const void*, ir::Descr*> map_;
  std::vector<ir::FieldDescr*> fields_;
  std::vector<ir::ArrayDescr*> arrays_;
  std::vector<ir::CallDescr*> readingCalls_;  // calls whose reads set must grow with new fields
};

ir::Type irType(framework::ValueKind kind);

}  // namespace pyl::jit::trace
