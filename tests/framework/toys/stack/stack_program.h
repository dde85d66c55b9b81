// tests/framework/toys/stack/stack_program.h — the toy stack machine's objects and programs:
// boxed ints, None, objects whose attributes live in an array laid out by a map (hidden class),
// error objects, and functions of instructions parsed from a small assembly language:
//
//   func main            # a function; `func name a b` takes parameters a and b
//     push 0
//     store i            # locals are created by use
//   loop:                # a label
//     load i
//     push 10
//     lt
//     jumpifnot done
//     ...
//     jump loop          # a backward jump is a user-level loop (can-enter-jit)
//   done:
//     try handler        # instructions up to `endtry` are protected; `handler` gets the
//     ...                # exception pushed on the stack depth the `try` had
//     endtry
//     pushnone
//     ret
//   end
//
// Written only against framework/ and gc/ (DESIGN.md §2). Neighbours: stack_interp.h (handlers).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "framework/array.h"
#include "framework/descr.h"
#include "framework/object.h"
#include "gc/allocator.h"

namespace pyl::toys::stack {

using framework::Object;
using framework::ObjectClass;

struct IntBox : Object {
  std::int64_t value;
};
struct NoneObject : Object {};
struct ErrorObject : Object {
  const char* message;
};

// DESIGN(toy-unboxed-attrs): a map (hidden class) says where each attribute lives and how it is
// stored, like PyPy's mapdict: an int-kind attribute keeps a raw int64 in the object's `ints`
// array (no box: a loop that stores `p.x + 1` allocates nothing once the read's box is virtual),
// a ref-kind attribute an Object* in `storage`. An attribute becomes int-kind when its first
// value is an int; writing a non-int into it "devolves" the object to a map where the attribute
// is ref-kind at a fresh `storage` slot (its old int slot is abandoned), never back. Maps are
// immortal and shared by every object with the same attribute history, so a promoted map makes
// every index and kind a trace constant. They hold no GC pointers (names are owned by the
// Program), so they are plain C++ objects.
enum class AttrKind : std::int64_t { kRef = 0, kInt = 1 };

struct AttrSlot {
  std::int64_t index;  // into `storage` (ref) or `ints` (int)
  AttrKind kind;
};

struct Map {
  std::int64_t refSize = 0;  // slots of `storage` in use
  std::int64_t intSize = 0;  // slots of `ints` in use
  std::map<const std::string*, AttrSlot> slots;
  std::map<std::pair<const std::string*, AttrKind>, std::unique_ptr<Map>> transitions;
  std::map<const std::string*, std::unique_ptr<Map>> devolutions;
};

// A global variable's cell. Globals are written rarely and read in loops, so the value is a
// quasi-immutable field: traces read it as a constant and a write invalidates them (PyPy's
// module-dict cells). Cells live as long as the program, in uncollectable (scanned) memory.
struct GlobalCell : Object {
  Object* value;
};

// Both arrays are GC-scanned WordArrays (Boehm scans conservatively, DESIGN.md §6): every
// Object* lives in `storage`, where the GC sees it; a raw int in `ints` can at worst keep an
// unrelated object alive, never hide a reference. Traces access them with the ref and the int
// array descriptor respectively (one descriptor per array, as the optimizer requires).
struct Instance : Object {
  Map* map;
  framework::WordArray* storage;  // ref-kind attributes
  framework::WordArray* ints;     // int-kind attributes, raw int64
};

extern const ObjectClass kIntClass, kNoneClass, kInstanceClass, kErrorClass, kCellClass;
extern NoneObject* const kNone;

enum class Op : std::uint8_t {
#define STACK_OP(name, operand, pops, pushes, doc) name,
#include "tests/framework/toys/stack/stack_ops.def"
#undef STACK_OP
};
const char* opName(Op op);

struct Instr {
  Op op;
  std::int64_t arg = 0;               // constant index, local index, target pc, function index
  const std::string* name = nullptr;  // attribute name (interned)
  int line = 0;
};

// A try region [start, end) whose exceptions go to `handler` with the stack at `depth`.
struct Handler {
  std::int64_t start, end, handler, depth;
};

struct Function {
  std::string name;
  std::int64_t params = 0;
  std::int64_t locals = 0;    // parameters first
  std::int64_t maxStack = 0;  // from the stack-depth analysis
  bool hasLoops = false;      // any backward jump
  std::vector<Instr> code;
  std::vector<Handler> handlers;
  std::vector<std::string> localNames;
};

struct Program {
  std::vector<std::unique_ptr<Function>> functions;               // functions[0] is main
  std::vector<Object*, gc::TracingAllocator<Object*>> constants;  // boxed ints of `push`
  std::map<std::string, std::unique_ptr<std::string>> names;      // interned attribute names
  std::unique_ptr<Map> rootMap = std::make_unique<Map>();
  std::map<const std::string*, GlobalCell*> globals;  // created on first mention, value None
};

// Parses `source`; on error returns null and sets *error to "line N: message".
std::unique_ptr<Program> parseProgram(const std::string& source, std::string* error);

// Elidable helpers of the object model (pure functions of their arguments, see the handlers).
// mapIndexOf: the attribute's index in its kind's array, -1 if the map lacks it; mapHoldsInt: 1
// if it is int-kind; mapWith: the map after adding it with `kind` (an AttrKind); mapDevolved:
// the map after making the (int-kind) attribute ref-kind.
std::int64_t mapIndexOf(Map* map, const std::string* name);
std::int64_t mapHoldsInt(Map* map, const std::string* name);
Map* mapWith(Map* map, const std::string* name, std::int64_t kind);
Map* mapDevolved(Map* map, const std::string* name);
IntBox* boxInt(std::int64_t value);
std::string formatValue(const Object* value);

}  // namespace pyl::toys::stack

// Boxed ints and error messages never change after construction (they are values).
template <>
inline constexpr bool pyl::framework::kImmutableField<&pyl::toys::stack::IntBox::value> = true;
template <>
inline constexpr bool pyl::framework::kImmutableField<&pyl::toys::stack::ErrorObject::message> =
    true;
// Globals change rarely (see GlobalCell).
template <>
inline constexpr bool pyl::framework::kQuasiImmutableField<&pyl::toys::stack::GlobalCell::value> =
    true;
