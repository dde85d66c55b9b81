// pylang/bytecode/constant.h — compile-time constants (co_consts entries and folded literals)
// as a plain C++ value type; the interpreter converts them to runtime objects when it loads a
// code object. No GC objects are involved, so the front end runs without a heap.
//
// Invariant: a Constant is immutable once built and cheap to copy (big payloads are shared).
// Equality is CPython's co_consts key equality: same type and same value, with floats compared
// by bit pattern (so 0.0 and -0.0 stay two constants) and tuples/frozensets element-wise.
#pragma once

#include <gmp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyl::bytecode {

struct CodeObject;

// An arbitrary-precision integer (GMP). Immutable after construction.
class BigInt {
 public:
  BigInt() { mpz_init(value_); }
  explicit BigInt(std::int64_t v) { mpz_init_set_si(value_, static_cast<long>(v)); }
  BigInt(const BigInt& other) { mpz_init_set(value_, other.value_); }
  BigInt& operator=(const BigInt& other) {
    mpz_set(value_, other.value_);
    return *this;
  }
  ~BigInt() { mpz_clear(value_); }
  // Parses digits (no sign, no underscores) in `base`; false if malformed.
  static std::optional<BigInt> parse(std::string_view digits, int base);

  mpz_ptr raw() { return value_; }
  mpz_srcptr raw() const { return value_; }
  bool fitsInt64() const { return mpz_fits_slong_p(value_) != 0; }
  std::int64_t toInt64() const { return mpz_get_si(value_); }
  std::size_t bitLength() const { return mpz_sgn(value_) == 0 ? 0 : mpz_sizeinbase(value_, 2); }
  int sign() const { return mpz_sgn(value_); }
  std::string toDecimal() const;
  bool operator==(const BigInt& other) const { return mpz_cmp(value_, other.value_) == 0; }

 private:
  mpz_t value_;
};

enum class ConstantKind : std::uint8_t {
  kNone,
  kBool,
  kInt,
  kFloat,
  kComplex,
  kStr,
  kBytes,
  kTuple,
  kFrozenSet,
  kEllipsis,
  kCode,
};

class Constant {
 public:
  Constant() = default;  // None
  static Constant none() { return Constant(); }
  static Constant ellipsis();
  static Constant boolean(bool value);
  static Constant integer(std::int64_t value);
  static Constant integer(BigInt value);
  static Constant floating(double value);
  static Constant complex(double real, double imag);
  static Constant str(std::string utf8);
  static Constant bytes(std::string data);
  static Constant tuple(std::vector<Constant> items);
  // Duplicates (by Python ==, so 1, 1.0 and True are one element) are removed here.
  static Constant frozenset(std::vector<Constant> items);
  static Constant code(std::shared_ptr<const CodeObject> code);

  ConstantKind kind() const { return kind_; }
  bool isNone() const { return kind_ == ConstantKind::kNone; }
  bool boolValue() const { return bool_; }
  const BigInt& intValue() const { return *int_; }
  double floatValue() const { return real_; }
  double imagValue() const { return imag_; }
  // kStr: UTF-8 (lone surrogates as the tokenizer encodes them); kBytes: raw bytes.
  const std::string& text() const { return *text_; }
  const std::vector<Constant>& items() const { return *items_; }
  const std::shared_ptr<const CodeObject>& codeValue() const { return code_; }

  // Python truth value (used by constant folding and `if` of constants).
  bool truthy() const;
  // Python repr(), e.g. 'a\n', b'\x00', (1,), frozenset({1, 2}), 1e+16, (1+2j), <code f>.
  std::string repr() const;
  // co_consts key equality (see file comment).
  bool sameAs(const Constant& other) const;
  // Number of characters of a str (code points), or bytes of a bytes object.
  std::size_t length() const;

 private:
  ConstantKind kind_ = ConstantKind::kNone;
  bool bool_ = false;
  double real_ = 0;
  double imag_ = 0;
  std::shared_ptr<const BigInt> int_;
  std::shared_ptr<const std::string> text_;
  std::shared_ptr<const std::vector<Constant>> items_;
  std::shared_ptr<const CodeObject> code_;
};

// Python's repr() of a float: shortest round-trip digits, exponent form outside [1e-4, 1e16).
std::string floatRepr(double value);
// Python's repr() of a str given as UTF-8.
std::string strRepr(std::string_view utf8);
// Python's repr() of bytes.
std::string bytesRepr(std::string_view data);

}  // namespace pyl::bytecode
