// Tests of pylang/ast/: the arena, the node table (field names and order as Python's `_fields`),
// tagged downcasts and visit(), and the repr() of constants used by `ast.dump`.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "pylang/ast/ast.h"
#include "pylang/ast/ast_dump.h"
#include "pylang/ast/unicode_data.h"

namespace pyl::ast {
namespace {

template <class T>
std::vector<std::string> fieldNames() {
  T node;
  std::vector<std::string> names;
  node.forEachField([&](const char* name, const auto&) { names.push_back(name); });
  return names;
}

TEST(Arena, AlignsAndKeepsEveryAllocation) {
  Arena arena;
  std::vector<double*> doubles;
  for (int i = 0; i < 20000; ++i) {
    arena.allocate(1, 1);  // misalign the cursor on purpose
    auto* d = static_cast<double*>(arena.allocate(sizeof(double), alignof(double)));
    ASSERT_EQ(reinterpret_cast<uintptr_t>(d) % alignof(double), 0u);
    *d = i;
    doubles.push_back(d);
  }
  for (int i = 0; i < 20000; ++i) ASSERT_EQ(*doubles[i], i);
  EXPECT_GT(arena.bytesReserved(), 20000u * sizeof(double));
}

TEST(Arena, LargeAllocationsAndStrings) {
  Arena arena;
  char* big = static_cast<char*>(arena.allocate(1 << 20, 8));
  big[(1 << 20) - 1] = 'x';
  std::string_view copy = arena.copyString("hello");
  EXPECT_EQ(copy, "hello");
  std::string_view empty = arena.copyString("");
  EXPECT_TRUE(isPresent(empty));  // present-but-empty differs from an absent identifier
  EXPECT_FALSE(isPresent(Identifier{}));
  int values[] = {1, 2, 3};
  Seq<int> seq = arena.copySeq(values, 3);
  ASSERT_EQ(seq.size(), 3u);
  EXPECT_EQ(seq[2], 3);
  EXPECT_TRUE(arena.copySeq(values, 0).empty());
}

TEST(NodeTable, FieldsFollowPythonAsdl) {
  EXPECT_EQ(fieldNames<FunctionDef>(),
            (std::vector<std::string>{"name", "args", "body", "decorator_list", "returns",
                                      "type_comment"}));
  EXPECT_EQ(fieldNames<Arguments>(),
            (std::vector<std::string>{"posonlyargs", "args", "vararg", "kwonlyargs", "kw_defaults",
                                      "kwarg", "defaults"}));
  EXPECT_EQ(fieldNames<Constant>(), (std::vector<std::string>{"value", "kind"}));
  EXPECT_EQ(fieldNames<MatchClass>(),
            (std::vector<std::string>{"cls", "patterns", "kwd_attrs", "kwd_patterns"}));
  EXPECT_EQ(fieldNames<Pass>(), std::vector<std::string>{});
  EXPECT_STREQ(ExprStmt::kPythonName, "Expr");
  EXPECT_STREQ(pythonName(StmtKind::ExprStmt), "Expr");
  EXPECT_STREQ(Comprehension::kPythonName, "comprehension");
  EXPECT_STREQ(pythonName(CmpOperator::NotIn), "NotIn");
  EXPECT_STREQ(spelling(CmpOperator::IsNot), "is not");
  EXPECT_STREQ(spelling(BinOperator::FloorDiv), "//");
}

TEST(NodeTable, TagsDowncastsAndVisit) {
  Arena arena;
  auto* name = makeNode<Name>(arena, {1, 0, 1, 1});
  name->id = arena.copyString("x");
  auto* one = makeNode<Constant>(arena, {1, 4, 1, 5});
  one->value.kind = ConstantKind::Int;
  one->value.intValue = 1;
  auto* binop = makeNode<BinOp>(arena, {1, 0, 1, 5});
  binop->left = name;
  binop->op = BinOperator::Add;
  binop->right = one;
  Expr* e = binop;
  EXPECT_EQ(e->tag, ExprKind::BinOp);
  EXPECT_TRUE(e->is<BinOp>());
  EXPECT_EQ(e->as<Name>(), nullptr);
  EXPECT_EQ(e->as<BinOp>(), binop);
  int depth = visit(*e, [](auto& node) -> int {
    if constexpr (std::is_same_v<std::decay_t<decltype(node)>, BinOp>) return 2;
    return 1;
  });
  EXPECT_EQ(depth, 2);
  EXPECT_EQ(dump(*e), "BinOp(left=Name(id='x', ctx=Load()), op=Add(), right=Constant(value=1))");
  EXPECT_EQ(
      dump(*e, true),
      "BinOp(left=Name(id='x', ctx=Load(), lineno=1, col_offset=0, end_lineno=1, "
      "end_col_offset=1), "
      "op=Add(), right=Constant(value=1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), "
      "lineno=1, col_offset=0, end_lineno=1, end_col_offset=5)");
}

TEST(Repr, FloatsLikePython) {
  EXPECT_EQ(reprFloat(1.0), "1.0");
  EXPECT_EQ(reprFloat(0.1), "0.1");
  EXPECT_EQ(reprFloat(1e16), "1e+16");
  EXPECT_EQ(reprFloat(1e15), "1000000000000000.0");
  EXPECT_EQ(reprFloat(0.0001), "0.0001");
  EXPECT_EQ(reprFloat(0.00001), "1e-05");
  EXPECT_EQ(reprFloat(1.5e-300), "1.5e-300");
  EXPECT_EQ(reprFloat(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(reprFloat(-2.5), "-2.5");
  EXPECT_EQ(reprFloat(HUGE_VAL), "inf");
  EXPECT_EQ(reprFloat(std::nan("")), "nan");
  EXPECT_EQ(reprFloat(0.1 + 0.2), "0.30000000000000004");
}

TEST(Repr, Constants) {
  ConstantValue v;
  v.kind = ConstantKind::Complex;
  v.imag = 2.0;
  EXPECT_EQ(reprConstant(v), "2j");
  v.imag = 1e100;
  EXPECT_EQ(reprConstant(v), "1e+100j");
  v.kind = ConstantKind::Str;
  v.text = "it's";
  EXPECT_EQ(reprConstant(v), "\"it's\"");
  v.text = "a\tb\x01\xed\xa0\x80\xe2\x98\x83";  // tab, control, lone surrogate, snowman
  EXPECT_EQ(reprConstant(v), "'a\\tb\\x01\\ud800\xe2\x98\x83'");
  v.kind = ConstantKind::Bytes;
  v.text = std::string_view("\x00'\"\xff", 4);
  EXPECT_EQ(reprConstant(v), "b'\\x00\\'\"\\xff'");
  v.kind = ConstantKind::BigInt;
  v.text = "123456789012345678901234567890";
  EXPECT_EQ(reprConstant(v), "123456789012345678901234567890");
  v.kind = ConstantKind::Ellipsis;
  EXPECT_EQ(reprConstant(v), "Ellipsis");
}

TEST(UnicodeData, NamesPrintabilityIdentifiersCodecs) {
  EXPECT_EQ(lookupUnicodeName("LATIN SMALL LETTER A"), 'a');
  EXPECT_EQ(lookupUnicodeName("latin small letter a"), 'a');
  EXPECT_EQ(lookupUnicodeName("EM DASH"), 0x2014);
  EXPECT_EQ(lookupUnicodeName("CJK UNIFIED IDEOGRAPH-4E00"), 0x4E00);
  EXPECT_EQ(lookupUnicodeName("HANGUL SYLLABLE GAG"), 0xAC01);
  EXPECT_EQ(lookupUnicodeName("NO SUCH NAME"), -1);
  EXPECT_EQ(lookupUnicodeName("CJK UNIFIED IDEOGRAPH-0041"), -1);
  EXPECT_TRUE(isPrintableCodePoint('a'));
  EXPECT_FALSE(isPrintableCodePoint(0x200B));
  EXPECT_FALSE(isPrintableCodePoint(0xD800));
  EXPECT_TRUE(isIdentifierStartCodePoint(0x00E9));
  EXPECT_FALSE(isIdentifierStartCodePoint(0x20AC));
  EXPECT_TRUE(isIdentifierContinueCodePoint(0x0301));
  EXPECT_FALSE(isIdentifierStartCodePoint(0x0301));
  const int32_t* cp1252 = singleByteCodecTable("cp1252");
  ASSERT_NE(cp1252, nullptr);
  EXPECT_EQ(cp1252[0x80], 0x20AC);
  EXPECT_EQ(singleByteCodecTable("windows-1252"), cp1252);
  ASSERT_NE(singleByteCodecTable("KOI8-R"), nullptr);
  EXPECT_EQ(singleByteCodecTable("euc-jp"), nullptr);
}

TEST(UnicodeData, NfkcLikeUnicodedata) {
  // Expected values from Python's unicodedata.normalize('NFKC', ...).
  EXPECT_EQ(normalizeNfkc("\xef\xac\x81le"), "file");                    // ligature fi
  EXPECT_EQ(normalizeNfkc("\xef\xbd\x97"), "w");                         // fullwidth w
  EXPECT_EQ(normalizeNfkc("\xc2\xb5"), "\xce\xbc");                      // micro -> mu
  EXPECT_EQ(normalizeNfkc("e\xcc\x81"), "\xc3\xa9");                     // e + acute -> é
  EXPECT_EQ(normalizeNfkc("\xe1\x84\x80\xe1\x85\xa1"), "\xea\xb0\x80");  // jamo -> Hangul
  EXPECT_EQ(normalizeNfkc("a\xcc\x9b\xcc\x81"), "\xc3\xa1\xcc\x9b");     // reordered marks
  EXPECT_EQ(normalizeNfkc("plain"), "plain");
}

}  // namespace
}  // namespace pyl::ast
