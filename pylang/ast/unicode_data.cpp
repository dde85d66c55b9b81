// Unicode character names for \N{...} and printability for repr() (see unicode_data.h). The
// tables are generated into the build tree by gen_unicode_data.py.
#include "pylang/ast/unicode_data.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace pyl::ast {

namespace {

struct AlgorithmicRange {
  const char* prefix;
  uint32_t first;
  uint32_t last;
};
struct SingleByteCodec {
  const char* name;
  int32_t table[256];
};
struct CodecAlias {
  const char* alias;
  const char* codec;
};
struct Decomposition {
  uint32_t cp;
  uint32_t offset;
  uint32_t length;
};
struct CombiningClass {
  uint32_t cp;
  uint32_t ccc;
};
struct Composition {
  uint32_t first;
  uint32_t second;
  uint32_t composite;
};
struct CodePointRange {
  uint32_t first;
  uint32_t last;
};

#include "unicode_data.inc"

constexpr size_t kNameCount = sizeof(kNameOffsets) / sizeof(kNameOffsets[0]);

// Hangul syllable names (Unicode chapter 3.12): "HANGUL SYLLABLE " + L + V + T jamo names.
constexpr const char* kJamoL[] = {"G",  "GG", "N", "D",  "DD", "R", "M", "B", "BB", "S",
                                  "SS", "",   "J", "JJ", "C",  "K", "T", "P", "H"};
constexpr const char* kJamoV[] = {"A",   "AE", "YA", "YAE", "EO", "E",  "YEO",
                                  "YE",  "O",  "WA", "WAE", "OE", "YO", "U",
                                  "WEO", "WE", "WI", "YU",  "EU", "YI", "I"};
constexpr const char* kJamoT[] = {"",   "G",  "GG", "GS", "N",  "NJ", "NH", "D", "L",  "LG",
                                  "LM", "LB", "LS", "LT", "LP", "LH", "M",  "B", "BS", "S",
                                  "SS", "NG", "J",  "C",  "K",  "T",  "P",  "H"};

// Longest jamo name from `table` that prefixes `s`.
int matchJamo(std::string_view s, const char* const* table, int count, size_t& used) {
  int best = -1;
  size_t bestLength = 0;
  for (int i = 0; i < count; ++i) {
    size_t n = std::strlen(table[i]);
    if (n >= bestLength && s.substr(0, n) == table[i] && (best < 0 || n > bestLength || n == 0)) {
      if (best < 0 || n > bestLength) {
        best = i;
        bestLength = n;
      }
    }
  }
  used = bestLength;
  return best;
}

int32_t lookupHangul(std::string_view s) {
  size_t used;
  int l = matchJamo(s, kJamoL, 19, used);
  if (l < 0) return -1;
  s.remove_prefix(used);
  int v = matchJamo(s, kJamoV, 21, used);
  if (v < 0) return -1;
  s.remove_prefix(used);
  int t = matchJamo(s, kJamoT, 28, used);
  if (t < 0 || used != s.size()) return -1;
  return 0xAC00 + (l * 21 + v) * 28 + t;
}

}  // namespace

int32_t lookupUnicodeName(std::string_view name) {
  if (name.size() > 256) return -1;
  std::string upper(name);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  constexpr std::string_view kHangul = "HANGUL SYLLABLE ";
  if (upper.compare(0, kHangul.size(), kHangul) == 0) {
    int32_t cp = lookupHangul(std::string_view(upper).substr(kHangul.size()));
    if (cp >= 0) return cp;
  }
  for (const AlgorithmicRange& range : kAlgorithmicRanges) {
    size_t n = std::strlen(range.prefix);
    if (upper.compare(0, n, range.prefix) != 0) continue;
    std::string_view hex = std::string_view(upper).substr(n);
    if (hex.size() < 4 || hex.size() > 6) continue;
    uint32_t cp = 0;
    bool ok = true;
    for (char c : hex) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) ok = false;
      cp = cp * 16 + static_cast<uint32_t>(d < 0 ? 0 : d);
    }
    if (ok && cp >= range.first && cp <= range.last) return static_cast<int32_t>(cp);
  }
  const uint32_t* begin = kNameOffsets;
  const uint32_t* end = kNameOffsets + kNameCount;
  const uint32_t* it =
      std::lower_bound(begin, end, upper, [](uint32_t offset, const std::string& key) {
        return std::strcmp(kNameText + offset, key.c_str()) < 0;
      });
  if (it != end && upper == kNameText + *it)
    return static_cast<int32_t>(kNameCodePoints[it - begin]);
  return -1;
}

namespace {
// Whether cp lies in one of the sorted, disjoint [first, last] ranges.
template <size_t N>
bool inRanges(const CodePointRange (&ranges)[N], uint32_t cp) {
  const CodePointRange* it = std::upper_bound(
      ranges, ranges + N, cp,
      [](uint32_t value, const CodePointRange& range) { return value < range.first; });
  return it != ranges && cp <= (it - 1)->last;
}
}  // namespace

const int32_t* singleByteCodecTable(std::string_view name) {
  // Python's encodings.normalize_encoding: runs of non-alphanumerics (except '.') become '_'.
  std::string normal;
  bool pendingUnderscore = false;
  for (char c : name) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
    if (!keep) {
      pendingUnderscore = !normal.empty();
      continue;
    }
    if (pendingUnderscore) normal += '_';
    pendingUnderscore = false;
    normal += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view codec = normal;
  for (const CodecAlias& alias : kCodecAliases) {
    if (normal == alias.alias) codec = alias.codec;
  }
  for (const SingleByteCodec& entry : kSingleByteCodecs) {
    if (codec == entry.name) return entry.table;
  }
  return nullptr;
}

bool isPrintableCodePoint(uint32_t cp) {
  return !inRanges(kNonPrintable, cp);
}

namespace {

constexpr uint32_t kHangulBase = 0xAC00, kJamoLBase = 0x1100, kJamoVBase = 0x1161,
                   kJamoTBase = 0x11A7, kJamoVCount = 21, kJamoTCount = 28, kHangulCount = 11172;

uint32_t combiningClass(uint32_t cp) {
  const CombiningClass* end =
      kCombiningClasses + sizeof(kCombiningClasses) / sizeof(kCombiningClasses[0]);
  const CombiningClass* it =
      std::lower_bound(kCombiningClasses, end, cp,
                       [](const CombiningClass& c, uint32_t value) { return c.cp < value; });
  return it != end && it->cp == cp ? it->ccc : 0;
}

void decompose(uint32_t cp, std::vector<uint32_t>& out) {
  if (cp >= kHangulBase && cp < kHangulBase + kHangulCount) {
    uint32_t index = cp - kHangulBase;
    out.push_back(kJamoLBase + index / (kJamoVCount * kJamoTCount));
    out.push_back(kJamoVBase + (index % (kJamoVCount * kJamoTCount)) / kJamoTCount);
    if (index % kJamoTCount) out.push_back(kJamoTBase + index % kJamoTCount);
    return;
  }
  const Decomposition* end = kDecompositions + sizeof(kDecompositions) / sizeof(kDecompositions[0]);
  const Decomposition* it =
      std::lower_bound(kDecompositions, end, cp,
                       [](const Decomposition& d, uint32_t value) { return d.cp < value; });
  if (it == end || it->cp != cp) {
    out.push_back(cp);
    return;
  }
  out.insert(out.end(), kDecompositionData + it->offset,
             kDecompositionData + it->offset + it->length);
}

// The primary composite of (first, second), or 0.
uint32_t compose(uint32_t first, uint32_t second) {
  if (first >= kJamoLBase && first < kJamoLBase + 19 && second >= kJamoVBase &&
      second < kJamoVBase + kJamoVCount) {
    return kHangulBase + ((first - kJamoLBase) * kJamoVCount + (second - kJamoVBase)) * kJamoTCount;
  }
  if (first >= kHangulBase && first < kHangulBase + kHangulCount &&
      (first - kHangulBase) % kJamoTCount == 0 && second > kJamoTBase &&
      second < kJamoTBase + kJamoTCount) {
    return first + (second - kJamoTBase);
  }
  const Composition* end = kCompositions + sizeof(kCompositions) / sizeof(kCompositions[0]);
  const Composition* it = std::lower_bound(
      kCompositions, end, std::make_pair(first, second),
      [](const Composition& c, const std::pair<uint32_t, uint32_t>& key) {
        return c.first < key.first || (c.first == key.first && c.second < key.second);
      });
  return it != end && it->first == first && it->second == second ? it->composite : 0;
}


}  // namespace

std::string normalizeNfkc(std::string_view utf8) {
  // Decompose (compatibility, full), order combining marks canonically, then compose.
  std::vector<uint32_t> cps;
  for (size_t i = 0; i < utf8.size();) {
    uint32_t cp = static_cast<unsigned char>(utf8[i++]);
    if (cp >= 0x80) {
      int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
      cp &= 0x3Fu >> extra;
      for (int k = 0; k < extra && i < utf8.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(utf8[i++]) & 0x3F);
    }
    decompose(cp, cps);
  }
  for (size_t i = 1; i < cps.size(); ++i) {
    for (size_t j = i; j > 0; --j) {
      uint32_t a = combiningClass(cps[j - 1]), b = combiningClass(cps[j]);
      if (b == 0 || a <= b) break;
      std::swap(cps[j - 1], cps[j]);
    }
  }
  std::vector<uint32_t> composed;
  size_t starter = SIZE_MAX;
  uint32_t lastClass = 0;
  for (uint32_t cp : cps) {
    uint32_t cc = combiningClass(cp);
    if (starter != SIZE_MAX) {
      bool adjacent = composed.size() - 1 == starter;
      if (adjacent || (lastClass != 0 && lastClass < cc)) {
        if (uint32_t c = compose(composed[starter], cp)) {
          composed[starter] = c;
          continue;
        }
      }
    }
    if (cc == 0) starter = composed.size();
    lastClass = cc;
    composed.push_back(cp);
  }
  std::string out;
  for (uint32_t cp : composed) appendUtf8(out, cp);
  return out;
}
bool isIdentifierStartCodePoint(uint32_t cp) {
  return inRanges(kIdentifierStart, cp);
}
bool isIdentifierContinueCodePoint(uint32_t cp) {
  return inRanges(kIdentifierContinue, cp);
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace pyl::ast
