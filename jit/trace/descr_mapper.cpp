// jit/trace/descr_mapper.cpp — framework descriptor -> IR descriptor, see descr_mapper.h.
#include "jit/trace/descr_mapper.h"

#include <stdexcept>
#include <string>

namespace pyl::jit::trace {

ir::Type irType(framework::ValueKind kind) {
  switch (kind) {
    case framework::ValueKind::kInt:
      return ir::Type::Int;
    case framework::ValueKind::kRef:
      return ir::Type::Ref;
    case framework::ValueKind::kVoid:
      return ir::Type::Void;
  }
  return ir::Type::Void;
}

std::string DescrMapper::uniqueName(std::string base) const {
  if (pool_->find(base) == nullptr) return base;
  for (int i = 2;; ++i) {
    std::string name = base + "#" + std::to_string(i);
    if (pool_->find(name) == nullptr) return name;
  }
}

void DescrMapper::readsEverything(ir::CallDescr* call) const {
  for (const ir::FieldDescr* f : fields_) call->effects.readsFields.add(f->index);
  for (const ir::ArrayDescr* a : arrays_) call->effects.readsArrays.add(a->index);
}

const ir::FieldDescr* DescrMapper::field(const framework::FieldDescr& descr) {
  if (auto it = map_.find(&descr); it != map_.end())
    return static_cast<ir::FieldDescr*>(it->second);
  ir::FieldDescr& f = pool_->addField(uniqueName(descr.name));
  f.offset = descr.offset;
  f.size = 8;
  f.type = irType(descr.kind);
  f.immutable = descr.immutable;
  f.quasiImmutable = descr.quasiImmutable;
  map_[&descr] = &f;
  fields_.push_back(&f);
  for (ir::CallDescr* call : readingCalls_) call->effects.readsFields.add(f.index);
  return &f;
}

const ir::ArrayDescr* DescrMapper::array(const framework::ArrayDescr& descr) {
  if (auto it = map_.find(&descr); it != map_.end())
    return static_cast<ir::ArrayDescr*>(it->second);
  ir::ArrayDescr& a = pool_->addArray(uniqueName(descr.name));
  a.itemSize = 8;
  a.itemType = irType(descr.itemKind);
  a.lengthOffset = 0;
  a.itemsOffset = sizeof(framework::Word);
  map_[&descr] = &a;
  arrays_.push_back(&a);
  for (ir::CallDescr* call : readingCalls_) call->effects.readsArrays.add(a.index);
  return &a;
}

const ir::SizeDescr* DescrMapper::size(const framework::ObjectClass& objectClass) {
  if (auto it = map_.find(&objectClass); it != map_.end())
    return static_cast<ir::SizeDescr*>(it->second);
  ir::SizeDescr& s = pool_->addSize(uniqueName(objectClass.name));
  s.size = objectClass.size;
  s.vtable = reinterpret_cast<std::uint64_t>(&objectClass);
  map_[&objectClass] = &s;
  if (const framework::FieldDescr* value = objectClass.valueField) {
    // DESIGN(value-classes): the box is that one immutable int, nothing else.
    if (value->kind != framework::ValueKind::kInt || !value->immutable ||
        value->offset + sizeof(framework::Word) > objectClass.size) {
      throw std::logic_error(std::string("value class ") + objectClass.name +
                             ": its value field must be an immutable int inside the object");
    }
    s.valueField = field(*value);
    s.fields = {s.valueField};
  }
  return &s;
}

const ir::CallDescr* DescrMapper::call(const framework::CallDescr& descr) {
  if (auto it = map_.find(&descr); it != map_.end()) return static_cast<ir::CallDescr*>(it->second);
  const framework::EffectInfo& e = *descr.effects;
  ir::CallDescr& c = pool_->addCall(uniqueName("call" + std::to_string(map_.size())));
  c.resultType = irType(descr.resultKind);
  for (std::size_t i = 0; i < descr.argCount; ++i) c.argTypes.push_back(irType(descr.argKinds[i]));
  c.thunk = descr.thunk;
  c.userData = &descr;
  using framework::EffectKind;
  using ir::ExtraEffect;
  switch (e.kind) {
    case EffectKind::kElidable:
      c.effects.extra =
          e.canRaise ? ExtraEffect::kElidableCanRaise : ExtraEffect::kElidableCannotRaise;
      break;
    case EffectKind::kLoopInvariant:
      c.effects.extra = ExtraEffect::kLoopInvariant;
      break;
    case EffectKind::kReadsOnly:
    case EffectKind::kWrites:
      c.effects.extra = e.canRaise ? ExtraEffect::kCanRaise : ExtraEffect::kCannotRaise;
      for (std::size_t i = 0; i < e.writeCount; ++i)
        c.effects.writesFields.add(field(*e.writes[i])->index);
      readsEverything(&c);
      readingCalls_.push_back(&c);
      break;
    case EffectKind::kWritesAny:
      c.effects.extra = ExtraEffect::kRandomEffects;
      break;
  }
  if (e.mayForce) c.effects.extra = ExtraEffect::kForcesVirtualOrVirtualizable;
  map_[&descr] = &c;
  return &c;
}

}  // namespace pyl::jit::trace
