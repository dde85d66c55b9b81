// jit/ir/op_semantics.cpp — concrete evaluation of IR ops (see jit/ir/op_semantics.h).
//
// Integer ops compute in uint64_t where C++ would overflow a signed type, so wrapping is defined
// behaviour; *_ovf ops use the compiler's checked builtins to report overflow.
#include "jit/ir/op_semantics.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "gc/heap.h"

namespace pyl::jit::ir {

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

EvalResult ok(std::uint64_t bits) {
  return {EvalStatus::kOk, bits};
}
EvalResult okInt(std::int64_t v) {
  return ok(intBits(v));
}
EvalResult okBool(bool v) {
  return ok(v ? 1 : 0);
}
EvalResult okFloat(double v) {
  return ok(floatBits(v));
}
EvalResult undefined() {
  return {EvalStatus::kUndefined, 0};
}

bool badShift(std::int64_t count) {
  return count < 0 || count > 63;
}

EvalResult evalIntBinary(Opcode op, std::int64_t a, std::int64_t b) {
  const std::uint64_t ua = intBits(a), ub = intBits(b);
  switch (op) {
    case Opcode::int_add:
      return ok(ua + ub);
    case Opcode::int_sub:
      return ok(ua - ub);
    case Opcode::int_mul:
      return ok(ua * ub);
    case Opcode::int_floordiv:
      if (b == 0 || (a == kMin && b == -1)) return undefined();
      return okInt(pythonFloorDiv(a, b));
    case Opcode::int_mod:
      if (b == 0 || (a == kMin && b == -1)) return undefined();
      return okInt(pythonMod(a, b));
    case Opcode::int_and:
      return ok(ua & ub);
    case Opcode::int_or:
      return ok(ua | ub);
    case Opcode::int_xor:
      return ok(ua ^ ub);
    case Opcode::int_lshift:
      return badShift(b) ? undefined() : ok(ua << b);
    case Opcode::int_rshift:
      return badShift(b) ? undefined() : okInt(a >> b);
    case Opcode::uint_rshift:
      return badShift(b) ? undefined() : ok(ua >> b);
    case Opcode::int_add_ovf:
    case Opcode::int_sub_ovf:
    case Opcode::int_mul_ovf: {
      std::int64_t result;
      bool overflow = op == Opcode::int_add_ovf   ? __builtin_add_overflow(a, b, &result)
                      : op == Opcode::int_sub_ovf ? __builtin_sub_overflow(a, b, &result)
                                                  : __builtin_mul_overflow(a, b, &result);
      return {overflow ? EvalStatus::kOverflow : EvalStatus::kOk, intBits(result)};
    }
    case Opcode::int_lt:
      return okBool(a < b);
    case Opcode::int_le:
      return okBool(a <= b);
    case Opcode::int_eq:
      return okBool(a == b);
    case Opcode::int_ne:
      return okBool(a != b);
    case Opcode::int_gt:
      return okBool(a > b);
    case Opcode::int_ge:
      return okBool(a >= b);
    case Opcode::uint_lt:
      return okBool(ua < ub);
    case Opcode::uint_le:
      return okBool(ua <= ub);
    case Opcode::uint_gt:
      return okBool(ua > ub);
    case Opcode::uint_ge:
      return okBool(ua >= ub);
    case Opcode::ptr_eq:
      return okBool(ua == ub);
    case Opcode::ptr_ne:
      return okBool(ua != ub);
    default:
      return {EvalStatus::kNotPure, 0};
  }
}

EvalResult evalFloatBinary(Opcode op, double a, double b) {
  switch (op) {
    case Opcode::float_add:
      return okFloat(a + b);
    case Opcode::float_sub:
      return okFloat(a - b);
    case Opcode::float_mul:
      return okFloat(a * b);
    case Opcode::float_truediv:
      return okFloat(a / b);
    case Opcode::float_lt:
      return okBool(a < b);
    case Opcode::float_le:
      return okBool(a <= b);
    case Opcode::float_eq:
      return okBool(a == b);
    case Opcode::float_ne:
      return okBool(a != b);
    case Opcode::float_gt:
      return okBool(a > b);
    case Opcode::float_ge:
      return okBool(a >= b);
    default:
      return {EvalStatus::kNotPure, 0};
  }
}

bool isFloatBinary(Opcode op) {
  switch (op) {
    case Opcode::float_add:
    case Opcode::float_sub:
    case Opcode::float_mul:
    case Opcode::float_truediv:
    case Opcode::float_lt:
    case Opcode::float_le:
    case Opcode::float_eq:
    case Opcode::float_ne:
    case Opcode::float_gt:
    case Opcode::float_ge:
      return true;
    default:
      return false;
  }
}

EvalResult evalUnary(Opcode op, std::uint64_t a) {
  switch (op) {
    case Opcode::int_neg:
      return ok(std::uint64_t{0} - a);
    case Opcode::int_invert:
      return ok(~a);
    case Opcode::int_is_true:
      return okBool(a != 0);
    case Opcode::int_is_zero:
      return okBool(a == 0);
    case Opcode::float_neg:
      return okFloat(-bitsFloat(a));
    case Opcode::float_abs:
      return okFloat(std::fabs(bitsFloat(a)));
    case Opcode::cast_int_to_float:
      return okFloat(static_cast<double>(bitsInt(a)));
    case Opcode::cast_float_to_int: {
      double d = bitsFloat(a);
      // The valid range is [-2^63, 2^63); both bounds are exact doubles.
      if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return undefined();
      return okInt(static_cast<std::int64_t>(d));
    }
    case Opcode::same_as_i:
    case Opcode::same_as_r:
    case Opcode::same_as_f:
      return ok(a);
    default:
      return {EvalStatus::kNotPure, 0};
  }
}

}  // namespace

std::int64_t pythonFloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  // C++ truncates toward zero; floor differs when the signs differ and the division is inexact.
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t pythonMod(std::int64_t a, std::int64_t b) {
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

EvalResult evalPure(Opcode op, std::span<const std::uint64_t> args) {
  if (!isPure(op)) return {EvalStatus::kNotPure, 0};
  if (args.size() == 1) return evalUnary(op, args[0]);
  if (args.size() != 2) return {EvalStatus::kNotPure, 0};
  if (isFloatBinary(op)) return evalFloatBinary(op, bitsFloat(args[0]), bitsFloat(args[1]));
  return evalIntBinary(op, bitsInt(args[0]), bitsInt(args[1]));
}

std::optional<bool> evalGuard(Opcode op, std::span<const std::uint64_t> args, bool lastOverflowed) {
  switch (op) {
    case Opcode::guard_true:
      return args[0] != 0;
    case Opcode::guard_false:
      return args[0] == 0;
    case Opcode::guard_value:
      return args[0] == args[1];
    case Opcode::guard_nonnull:
      return args[0] != 0;
    case Opcode::guard_isnull:
      return args[0] == 0;
    case Opcode::guard_class:
      return classOf(args[0]) == args[1];
    case Opcode::guard_nonnull_class:
      return args[0] != 0 && classOf(args[0]) == args[1];
    case Opcode::guard_no_overflow:
      return !lastOverflowed;
    case Opcode::guard_overflow:
      return lastOverflowed;
    default:
      return std::nullopt;
  }
}

namespace {

std::uint64_t loadSized(const unsigned char* at, unsigned size, bool isSigned) {
  switch (size) {
    case 1: {
      std::uint8_t v;
      std::memcpy(&v, at, 1);
      return isSigned ? intBits(static_cast<std::int8_t>(v)) : v;
    }
    case 2: {
      std::uint16_t v;
      std::memcpy(&v, at, 2);
      return isSigned ? intBits(static_cast<std::int16_t>(v)) : v;
    }
    case 4: {
      std::uint32_t v;
      std::memcpy(&v, at, 4);
      return isSigned ? intBits(static_cast<std::int32_t>(v)) : v;
    }
    default: {
      std::uint64_t v;
      std::memcpy(&v, at, 8);
      return v;
    }
  }
}

void storeSized(unsigned char* at, unsigned size, std::uint64_t value) {
  switch (size) {
    case 1: {
      auto v = static_cast<std::uint8_t>(value);
      std::memcpy(at, &v, 1);
      break;
    }
    case 2: {
      auto v = static_cast<std::uint16_t>(value);
      std::memcpy(at, &v, 2);
      break;
    }
    case 4: {
      auto v = static_cast<std::uint32_t>(value);
      std::memcpy(at, &v, 4);
      break;
    }
    default:
      std::memcpy(at, &value, 8);
      break;
  }
}

unsigned char* address(std::uint64_t base, std::size_t offset) {
  return reinterpret_cast<unsigned char*>(static_cast<std::uintptr_t>(base)) + offset;
}

}  // namespace

std::uint64_t loadField(std::uint64_t object, const FieldDescr& field) {
  return loadSized(address(object, field.offset), field.size,
                   field.isSigned && field.type == Type::Int);
}

void storeField(std::uint64_t object, const FieldDescr& field, std::uint64_t value) {
  storeSized(address(object, field.offset), field.size, value);
}

std::uint64_t arrayLength(std::uint64_t array, const ArrayDescr& descr) {
  return loadSized(address(array, descr.lengthOffset), 8, true);
}

std::uint64_t loadArrayItem(std::uint64_t array, std::int64_t index, const ArrayDescr& descr) {
  std::size_t offset = descr.itemsOffset + static_cast<std::size_t>(index) * descr.itemSize;
  return loadSized(address(array, offset), descr.itemSize,
                   descr.isSigned && descr.itemType == Type::Int);
}

void storeArrayItem(std::uint64_t array, std::int64_t index, const ArrayDescr& descr,
                    std::uint64_t value) {
  std::size_t offset = descr.itemsOffset + static_cast<std::size_t>(index) * descr.itemSize;
  storeSized(address(array, offset), descr.itemSize, value);
}

std::uint64_t allocateObject(const SizeDescr& size, bool withVtable) {
  void* memory = gc::allocate(size.size < 8 ? 8 : size.size);
  auto object = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(memory));
  if (withVtable) std::memcpy(memory, &size.vtable, sizeof size.vtable);
  return object;
}

std::uint64_t boxValue(const SizeDescr& size, std::uint64_t value) {
  if (size.valueField == nullptr) {
    throw std::logic_error("boxValue: " + size.name + " is not a value class");
  }
  std::uint64_t object = allocateObject(size, true);
  auto* field = reinterpret_cast<unsigned char*>(static_cast<std::uintptr_t>(object)) +
                size.valueField->offset;
  std::memcpy(field, &value, sizeof value);
  return object;
}

std::uint64_t allocateArray(const ArrayDescr& descr, std::int64_t length) {
  std::size_t count = length < 0 ? 0 : static_cast<std::size_t>(length);
  std::size_t bytes = descr.itemsOffset + count * descr.itemSize;
  if (bytes < descr.lengthOffset + 8) bytes = descr.lengthOffset + 8;
  void* memory = gc::allocate(bytes);
  auto array = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(memory));
  storeSized(address(array, descr.lengthOffset), 8, intBits(length < 0 ? 0 : length));
  return array;
}

}  // namespace pyl::jit::ir
