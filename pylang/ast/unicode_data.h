// The Unicode facts the front end needs: character names for \N{name} escapes, printability
// for repr() in `ast.dump` output, identifier characters and NFKC (PEP 3131), and the decoding
// tables of single-byte source codecs. The tables are generated at build time from the host
// Python's unicodedata and codecs (gen_unicode_data.py, into the build tree). Name lookup is
// case-insensitive like CPython's and also knows the algorithmic names (Hangul syllables,
// CJK/Tangut/Nushu/Khitan ideographs "PREFIX-XXXX"); name aliases and named sequences are not
// known.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pyl::ast {

// The code point named `name`, or -1.
int32_t lookupUnicodeName(std::string_view name);

// str.isprintable() of one code point (what repr() leaves unescaped).
bool isPrintableCodePoint(uint32_t cp);

// The decoding table (byte -> code point, -1 if undefined) of a single-byte codec named as in
// a coding declaration ("cp1252", "koi8-r", "latin2"...), or null if there is none.
const int32_t* singleByteCodecTable(std::string_view name);

// unicodedata.normalize('NFKC', text) for UTF-8 text: what CPython applies to non-ASCII
// identifiers (PEP 3131), so `ﬁle` and `file` are the same name.
std::string normalizeNfkc(std::string_view utf8);

// XID_Start / XID_Continue (plus '_'), what str.isidentifier() accepts first / after.
// Appends a code point as (generalized) UTF-8: surrogates get their 3-byte form, as CPython's
// str keeps lone surrogates.
void appendUtf8(std::string& out, uint32_t cp);

bool isIdentifierStartCodePoint(uint32_t cp);
bool isIdentifierContinueCodePoint(uint32_t cp);

}  // namespace pyl::ast
