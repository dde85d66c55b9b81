// Constants: construction, co_consts equality and Python's repr().
#include <gtest/gtest.h>

#include <cmath>

#include "pylang/bytecode/constant.h"

namespace pyl::bytecode {
namespace {

TEST(Constant, FloatReprIsPythons) {
  EXPECT_EQ(floatRepr(0.1), "0.1");
  EXPECT_EQ(floatRepr(1.0), "1.0");
  EXPECT_EQ(floatRepr(123.0), "123.0");
  EXPECT_EQ(floatRepr(1e16), "1e+16");
  EXPECT_EQ(floatRepr(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(floatRepr(1e-5), "1e-05");
  EXPECT_EQ(floatRepr(0.0001), "0.0001");
  EXPECT_EQ(floatRepr(-2.5), "-2.5");
  EXPECT_EQ(floatRepr(-0.0), "-0.0");
  EXPECT_EQ(floatRepr(1e300 * 1e300), "inf");
  EXPECT_EQ(floatRepr(std::nan("")), "nan");
  EXPECT_EQ(floatRepr(1.7976931348623157e308), "1.7976931348623157e+308");
}

TEST(Constant, StrAndBytesRepr) {
  EXPECT_EQ(strRepr("a'b"), "\"a'b\"");
  EXPECT_EQ(strRepr("a'b\""), "'a\\'b\"'");
  EXPECT_EQ(strRepr("tab\there\n"), "'tab\\there\\n'");
  EXPECT_EQ(strRepr("\x01"), "'\\x01'");
  EXPECT_EQ(strRepr("\xc3\xa9"), "'\xc3\xa9'");     // é stays
  EXPECT_EQ(strRepr("\xed\xa0\x80"), "'\\ud800'");  // a lone surrogate is escaped
  EXPECT_EQ(bytesRepr(std::string("\x00\xff"
                                  "a",
                                  3)),
            "b'\\x00\\xffa'");
}

TEST(Constant, ComplexAndContainerRepr) {
  EXPECT_EQ(Constant::complex(0, 2).repr(), "2j");
  EXPECT_EQ(Constant::complex(1, -2).repr(), "(1-2j)");
  EXPECT_EQ(Constant::complex(-0.0, -1).repr(), "(-0-1j)");
  EXPECT_EQ(Constant::tuple({Constant::integer(1)}).repr(), "(1,)");
  EXPECT_EQ(Constant::tuple({}).repr(), "()");
  EXPECT_EQ(Constant::frozenset({}).repr(), "frozenset()");
  EXPECT_EQ(Constant::ellipsis().repr(), "Ellipsis");
  EXPECT_EQ(Constant::boolean(true).repr(), "True");
}

TEST(Constant, BigIntegers) {
  auto big = BigInt::parse("123456789012345678901234567890", 10);
  ASSERT_TRUE(big.has_value());
  EXPECT_FALSE(big->fitsInt64());
  EXPECT_EQ(Constant::integer(*big).repr(), "123456789012345678901234567890");
  EXPECT_EQ(BigInt::parse("ff", 16)->toInt64(), 255);
  EXPECT_FALSE(BigInt::parse("12x", 10).has_value());
}

TEST(Constant, EqualityIsTypeSensitive) {
  EXPECT_FALSE(Constant::integer(1).sameAs(Constant::boolean(true)));
  EXPECT_FALSE(Constant::integer(1).sameAs(Constant::floating(1.0)));
  EXPECT_FALSE(Constant::floating(0.0).sameAs(Constant::floating(-0.0)));
  EXPECT_TRUE(Constant::str("x").sameAs(Constant::str("x")));
  EXPECT_FALSE(Constant::str("x").sameAs(Constant::bytes("x")));
  EXPECT_TRUE(
      Constant::tuple({Constant::integer(1)}).sameAs(Constant::tuple({Constant::integer(1)})));
}

TEST(Constant, FrozensetDeduplicatesByPythonEquality) {
  Constant set =
      Constant::frozenset({Constant::integer(1), Constant::floating(1.0), Constant::boolean(true),
                           Constant::str("a"), Constant::str("a")});
  ASSERT_EQ(set.items().size(), 2u);
  EXPECT_EQ(set.items()[0].kind(), ConstantKind::kInt);
}

TEST(Constant, Truthiness) {
  EXPECT_FALSE(Constant::none().truthy());
  EXPECT_FALSE(Constant::integer(0).truthy());
  EXPECT_TRUE(Constant::integer(-3).truthy());
  EXPECT_FALSE(Constant::str("").truthy());
  EXPECT_TRUE(Constant::tuple({Constant::none()}).truthy());
  EXPECT_FALSE(Constant::complex(0, 0).truthy());
  EXPECT_EQ(Constant::str("h\xc3\xa9llo").length(), 5u);
}

}  // namespace
}  // namespace pyl::bytecode
