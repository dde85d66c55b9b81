// tests/trace/opt/namespace_fixture.cpp — builds the shared test namespace once.
//
// Node layout (matching framework/object.h's class word at offset 0):
//   0 class word | 8 value (int) | 16 other (int) | 24 next (ref) | 32 float | 40 immut | 48 quasi
// Arrays: length at 0, items from 8.
#include "tests/trace/opt/namespace_fixture.h"

#include <gtest/gtest.h>

#include "gc/heap.h"

namespace pyl::jit::testing {

namespace {

// Static class objects: their addresses are the class identities.
struct FakeClass {
  const char* name;
};
const FakeClass kNode{"Node"};
const FakeClass kNode2{"Node2"};
const FakeClass kIntBox{"W_Int"};
const FakeClass kMap{"Map"};
const FakeClass kValueBox{"W_Box"};

std::uint64_t identity(const void* p) {
  return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p));
}

// What the test call descriptors do when a trace runner executes them.
std::uint64_t addOne(const void*, const std::uint64_t* args) {
  return args[0] + 1;
}
// The map lookup of the attribute tests: slot 2 for (map1, name_x), else slot 0.
std::uint64_t lookupSlot(const void*, const std::uint64_t* args) {
  const auto& pointers = testNamespace().names.pointers;
  bool hit = args[0] == reinterpret_cast<std::uintptr_t>(pointers.at("map1")) &&
             args[1] == reinterpret_cast<std::uintptr_t>(pointers.at("name_x"));
  return hit ? 2 : 0;
}

ir::FieldDescr& field(TestNamespace& ns, const char* name, std::size_t offset, ir::Type type,
                      const ir::SizeDescr* owner) {
  ir::FieldDescr& d = ns.pool.addField(name);
  d.offset = offset;
  d.type = type;
  d.owner = owner;
  return d;
}

ir::CallDescr& call(TestNamespace& ns, const char* name, ir::Type result,
                    std::vector<ir::Type> args, ir::ExtraEffect extra) {
  ir::CallDescr& d = ns.pool.addCall(name);
  d.resultType = result;
  d.argTypes = std::move(args);
  d.effects.extra = extra;
  d.thunk = &addOne;
  return d;
}

TestNamespace* build() {
  auto* ns = new TestNamespace();
  using ir::Type;
  ns->nodeVtable = identity(&kNode);
  ns->names.descrs = &ns->pool;
  ns->names.classes = {{"node_vtable", identity(&kNode)},
                       {"node_vtable2", identity(&kNode2)},
                       {"int_vtable", identity(&kIntBox)},
                       {"map_vtable", identity(&kMap)},
                       {"box_vtable", identity(&kValueBox)},
                       {"func", 0x7000},
                       {"lookup", 0x7100},
                       {"other_func", 0x7200}};
  ns->names.codes = {{"code", 0x100}, {"code2", 0x200}};
  // Two prebuilt GC objects (rooted: uncollectable) for ConstPtr(myptr) / ConstPtr(myptr2).
  ns->names.pointers = {{"myptr", gc::allocateUncollectable(64)},
                        {"myptr2", gc::allocateUncollectable(64)},
                        {"map1", gc::allocateUncollectable(64)},
                        {"name_x", gc::allocateUncollectable(64)}};

  ir::SizeDescr& nodesize = ns->pool.addSize("nodesize");
  nodesize.size = 56;
  nodesize.vtable = identity(&kNode);
  ir::SizeDescr& nodesize2 = ns->pool.addSize("nodesize2");
  nodesize2.size = 56;
  nodesize2.vtable = identity(&kNode2);
  ir::SizeDescr& intsize = ns->pool.addSize("intsize");
  intsize.size = 16;
  intsize.vtable = identity(&kIntBox);
  // A value class (DESIGN(value-classes) in framework/object.h) and a function trace whose
  // unboxed entry takes its first argument unboxed (DESIGN(unboxed-entry) in jit/ir/descr.h).
  ir::SizeDescr& boxsize = ns->pool.addSize("boxsize");
  boxsize.size = 16;
  boxsize.vtable = identity(&kValueBox);
  ir::FieldDescr& boxval = ns->pool.addField("boxvaldescr");
  boxval.offset = 8;
  boxval.immutable = true;
  boxval.owner = &boxsize;
  boxsize.fields = {&boxval};
  boxsize.valueField = &boxval;
  ir::TargetDescr& fnentry = ns->pool.addTarget("fnentry");
  ir::TargetDescr& fnentryRaw = ns->pool.addTarget("fnentry_raw");
  fnentry.argTypes = {Type::Ref, Type::Int};
  fnentryRaw.argTypes = {Type::Int, Type::Int};
  fnentryRaw.unboxedClasses = {&boxsize, nullptr};
  fnentry.unboxedEntry = &fnentryRaw;
  ir::SizeDescr& ssize = ns->pool.addSize("ssize");  // a struct without class word
  ssize.size = 16;

  ns->valuedescr = &field(*ns, "valuedescr", 8, Type::Int, &nodesize);
  field(*ns, "otherdescr", 16, Type::Int, &nodesize);
  ns->nextdescr = &field(*ns, "nextdescr", 24, Type::Ref, &nodesize);
  field(*ns, "floatdescr", 32, Type::Float, &nodesize);
  field(*ns, "immutdescr", 40, Type::Int, &nodesize).immutable = true;
  field(*ns, "quasidescr", 48, Type::Int, &nodesize).quasiImmutable = true;
  field(*ns, "intvaldescr", 8, Type::Int, &intsize).immutable = true;
  field(*ns, "mapdescr", 16, Type::Ref, &nodesize);
  field(*ns, "storagedescr", 24, Type::Ref, &nodesize);
  field(*ns, "adescr", 8, Type::Int, &ssize);
  ns->nodesize = &nodesize;

  ir::ArrayDescr& arraydescr = ns->pool.addArray("arraydescr");
  arraydescr.itemType = Type::Int;
  ir::ArrayDescr& gcarraydescr = ns->pool.addArray("gcarraydescr");
  gcarraydescr.itemType = Type::Ref;
  ir::ArrayDescr& floatarraydescr = ns->pool.addArray("floatarraydescr");
  floatarraydescr.itemType = Type::Float;

  call(*ns, "plaincalldescr", Type::Int, {Type::Int}, ir::ExtraEffect::kRandomEffects);
  call(*ns, "voidcalldescr", Type::Void, {Type::Ref}, ir::ExtraEffect::kRandomEffects);
  call(*ns, "elidablecalldescr", Type::Int, {Type::Int}, ir::ExtraEffect::kElidableCannotRaise);
  call(*ns, "elidableraisecalldescr", Type::Int, {Type::Int}, ir::ExtraEffect::kElidableCanRaise);
  call(*ns, "lookupcalldescr", Type::Int, {Type::Ref, Type::Ref},
       ir::ExtraEffect::kElidableCannotRaise)
      .thunk = &lookupSlot;
  call(*ns, "loopinvariantcalldescr", Type::Int, {Type::Int}, ir::ExtraEffect::kLoopInvariant);
  call(*ns, "mayforcecalldescr", Type::Int, {Type::Int},
       ir::ExtraEffect::kForcesVirtualOrVirtualizable);
  ir::CallDescr& writevalue =
      call(*ns, "writevaluecalldescr", Type::Void, {Type::Ref}, ir::ExtraEffect::kCannotRaise);
  writevalue.effects.writesFields.add(ns->valuedescr->index);
  ir::CallDescr& readvalue =
      call(*ns, "readvaluecalldescr", Type::Int, {Type::Ref}, ir::ExtraEffect::kCannotRaise);
  readvalue.effects.readsFields.add(ns->valuedescr->index);
  ir::CallDescr& writearray =
      call(*ns, "writearraycalldescr", Type::Void, {Type::Ref}, ir::ExtraEffect::kCannotRaise);
  writearray.effects.writesArrays.add(arraydescr.index);

  ns->pool.addTarget("loop");
  ns->pool.addTarget("preamble");
  ns->pool.addTarget("other_loop").argTypes = {Type::Int};
  ns->pool.addGeneric("finishdescr");
  return ns;
}

}  // namespace

const TestNamespace& testNamespace() {
  static const TestNamespace* ns = build();
  return *ns;
}

ir::Trace parseOrFail(std::string_view text) {
  ir::ParseResult result = ir::parseTrace(text, testNamespace().names);
  if (!result.ok()) {
    ADD_FAILURE() << "parse error: " << result.error << "\nin:\n" << text;
    return ir::Trace();
  }
  return std::move(*result.trace);
}

}  // namespace pyl::jit::testing
