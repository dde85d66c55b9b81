// pylang/compiler/compile_pattern.cpp — the `match` statement (PEP 634), compiled as CPython
// 3.11 does: the subject stays on the stack, each pattern leaves its captures below the items
// it is still inspecting, and a failing check jumps to a "fail_pop" ladder that pops exactly
// what that point has pushed. Captured names are stored only once the whole pattern matched.
#include <algorithm>

#include "pylang/compiler/compiler_impl.h"

namespace pyl::compiler {

using bytecode::Constant;
using bytecode::Opcode;

namespace {

bool isWildcard(const ast::Pattern* p) {
  auto* as = p->as<ast::MatchAs>();
  return as && !as->pattern && !ast::isPresent(as->name);
}

bool isStarWildcard(const ast::Pattern* p) {
  auto* star = p->as<ast::MatchStar>();
  return star && !ast::isPresent(star->name);
}

// Python equality of two constant mapping keys (1 == 1.0 == True).
bool keysEqual(const Constant& a, const Constant& b) {
  auto number = [](const Constant& c) -> std::optional<double> {
    switch (c.kind()) {
      case bytecode::ConstantKind::kBool:
        return c.boolValue() ? 1.0 : 0.0;
      case bytecode::ConstantKind::kInt:
        if (c.intValue().bitLength() > 53) return std::nullopt;
        return static_cast<double>(c.intValue().toInt64());
      case bytecode::ConstantKind::kFloat:
        return c.floatValue();
      default:
        return std::nullopt;
    }
  };
  auto x = number(a), y = number(b);
  if (x && y) return *x == *y;
  return a.sameAs(b);
}

}  // namespace

// The state of one case's pattern (CPython's pattern_context).
struct PatternCompiler {
  Compiler& c;
  std::vector<std::string> stores;  // names captured so far, in stack order
  bool allowIrrefutable = false;
  std::vector<int> failPop;  // failPop[i]: label that pops i items, then fails
  int onTop = 0;             // items above the captures that must stay on top

  void ensureFailPop(std::size_t n) {
    while (failPop.size() <= n) failPop.push_back(c.newLabel());
  }

  void jumpToFailPop(Opcode op) {
    std::size_t pops = static_cast<std::size_t>(onTop) + stores.size();
    ensureFailPop(pops);
    c.emitJump(op, failPop[pops]);
  }

  void emitAndResetFailPop() {
    if (failPop.empty()) return;
    for (std::size_t i = failPop.size() - 1; i > 0; --i) {
      c.bind(failPop[i]);
      c.emit(Opcode::POP_TOP);
    }
    c.bind(failPop[0]);
    failPop.clear();
  }

  void rotate(int count) {
    while (1 < count) c.emit(Opcode::SWAP, static_cast<std::uint32_t>(count--));
  }

  void storeName(std::string_view name) {
    if (!ast::isPresent(name)) {
      c.emit(Opcode::POP_TOP);
      return;
    }
    if (name == "__debug__") c.error("cannot assign to __debug__");
    if (std::find(stores.begin(), stores.end(), name) != stores.end()) {
      c.error("multiple assignments to name '" + std::string(name) + "' in pattern");
    }
    rotate(onTop + static_cast<int>(stores.size()) + 1);
    stores.emplace_back(name);
  }

  void subpattern(const ast::Pattern* p) {
    bool saved = allowIrrefutable;
    allowIrrefutable = true;
    pattern(p);
    allowIrrefutable = saved;
  }

  // Like CPython, the location stays at the last (sub)pattern compiled: errors raised after a
  // subpattern point at it.
  void pattern(const ast::Pattern* p) {
    c.setLoc(p->loc);
    switch (p->tag) {
      case ast::PatternKind::MatchValue: {
        const ast::Expr* value = p->as<ast::MatchValue>()->value;
        if (!value->is<ast::Constant>() && !value->is<ast::Attribute>()) {
          c.error("patterns may only match literals and attribute lookups");
        }
        c.visitExpr(value);
        c.emit(Opcode::COMPARE_OP, bytecode::kCmpEq);
        jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
        break;
      }
      case ast::PatternKind::MatchSingleton:
        c.loadConst(constantFromAst(p->as<ast::MatchSingleton>()->value));
        c.emit(Opcode::IS_OP, 0);
        jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
        break;
      case ast::PatternKind::MatchSequence:
        sequence(p->as<ast::MatchSequence>()->patterns);
        break;
      case ast::PatternKind::MatchMapping:
        mapping(*p->as<ast::MatchMapping>());
        break;
      case ast::PatternKind::MatchClass:
        classPattern(*p->as<ast::MatchClass>());
        break;
      case ast::PatternKind::MatchStar:
        storeName(p->as<ast::MatchStar>()->name);
        break;
      case ast::PatternKind::MatchAs: {
        auto* as = p->as<ast::MatchAs>();
        if (!as->pattern) {
          if (!allowIrrefutable) {
            if (ast::isPresent(as->name)) {
              c.error("name capture '" + std::string(as->name) +
                      "' makes remaining patterns unreachable");
            }
            c.error("wildcard makes remaining patterns unreachable");
          }
          storeName(as->name);
          break;
        }
        ++onTop;
        c.emit(Opcode::COPY, 1);
        pattern(as->pattern);
        --onTop;
        storeName(as->name);
        break;
      }
      case ast::PatternKind::MatchOr:
        orPattern(p->as<ast::MatchOr>()->patterns);
        break;
    }
  }

  void unpack(const ast::PatternSeq& patterns) {
    std::size_t n = patterns.size();
    bool seenStar = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!patterns[i]->is<ast::MatchStar>()) continue;
      if (seenStar) c.error("multiple starred expressions in sequence pattern");
      if (i >= (1u << 8) || n - i - 1 >= (1u << 16))
        c.error("too many expressions in star-unpacking sequence pattern");
      c.emit(Opcode::UNPACK_EX, static_cast<std::uint32_t>(i + ((n - i - 1) << 8)));
      seenStar = true;
    }
    if (!seenStar) c.emit(Opcode::UNPACK_SEQUENCE, static_cast<std::uint32_t>(n));
  }

  void sequence(const ast::PatternSeq& patterns) {
    std::size_t size = patterns.size();
    std::ptrdiff_t star = -1;
    bool onlyWildcard = true, starWildcard = false;
    for (std::size_t i = 0; i < size; ++i) {
      if (patterns[i]->is<ast::MatchStar>()) {
        if (star >= 0) c.error("multiple starred names in sequence pattern");
        starWildcard = isStarWildcard(patterns[i]);
        onlyWildcard = onlyWildcard && starWildcard;
        star = static_cast<std::ptrdiff_t>(i);
        continue;
      }
      onlyWildcard = onlyWildcard && isWildcard(patterns[i]);
    }
    ++onTop;
    c.emit(Opcode::MATCH_SEQUENCE);
    jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
    if (star < 0) {
      c.emit(Opcode::GET_LEN);
      c.loadConst(Constant::integer(static_cast<std::int64_t>(size)));
      c.emit(Opcode::COMPARE_OP, bytecode::kCmpEq);
      jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
    } else if (size > 1) {
      c.emit(Opcode::GET_LEN);
      c.loadConst(Constant::integer(static_cast<std::int64_t>(size - 1)));
      c.emit(Opcode::COMPARE_OP, bytecode::kCmpGe);
      jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
    }
    --onTop;
    if (onlyWildcard) {
      c.emit(Opcode::POP_TOP);
    } else if (starWildcard) {
      sequenceSubscr(patterns, star);
    } else {
      unpack(patterns);
      onTop += static_cast<int>(size);
      for (std::size_t i = 0; i < size; ++i) {
        --onTop;
        subpattern(patterns[i]);
      }
    }
  }

  // [a, *_, b]: index the subject instead of unpacking it.
  void sequenceSubscr(const ast::PatternSeq& patterns, std::ptrdiff_t star) {
    ++onTop;
    std::size_t size = patterns.size();
    for (std::size_t i = 0; i < size; ++i) {
      const ast::Pattern* p = patterns[i];
      if (isWildcard(p) || static_cast<std::ptrdiff_t>(i) == star) continue;
      c.emit(Opcode::COPY, 1);
      if (static_cast<std::ptrdiff_t>(i) < star) {
        c.loadConst(Constant::integer(static_cast<std::int64_t>(i)));
      } else {
        // The subject may not support negative indexes: compute len - k.
        c.emit(Opcode::GET_LEN);
        c.loadConst(Constant::integer(static_cast<std::int64_t>(size - i)));
        c.emit(Opcode::BINARY_OP, bytecode::NB_SUBTRACT);
      }
      c.emit(Opcode::BINARY_SUBSCR);
      subpattern(p);
    }
    --onTop;
    c.emit(Opcode::POP_TOP);
  }

  void mapping(const ast::MatchMapping& p) {
    std::size_t size = p.keys.size();
    if (size != p.patterns.size()) c.error("keys / patterns length mismatch in mapping pattern");
    bool hasRest = ast::isPresent(p.rest);
    ++onTop;
    c.emit(Opcode::MATCH_MAPPING);
    jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
    if (!size && !hasRest) {
      --onTop;
      c.emit(Opcode::POP_TOP);
      return;
    }
    if (size) {
      c.emit(Opcode::GET_LEN);
      c.loadConst(Constant::integer(static_cast<std::int64_t>(size)));
      c.emit(Opcode::COMPARE_OP, bytecode::kCmpGe);
      jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
    }
    std::vector<Constant> seen;
    for (std::size_t i = 0; i < size; ++i) {
      const ast::Expr* key = p.keys[i];
      if (auto value = foldedConstant(key); value && key->is<ast::Constant>()) {
        for (const auto& other : seen) {
          if (keysEqual(other, *value))
            c.error("mapping pattern checks duplicate key (" + value->repr() + ")");
        }
        seen.push_back(*value);
      } else if (!key->is<ast::Attribute>()) {
        c.error("mapping pattern keys may only match literals and attribute lookups");
      }
      c.visitExpr(key);
    }
    c.emit(Opcode::BUILD_TUPLE, static_cast<std::uint32_t>(size));
    c.emit(Opcode::MATCH_KEYS);
    onTop += 2;
    c.emit(Opcode::COPY, 1);
    c.loadConst(Constant::none());
    c.emit(Opcode::IS_OP, 1);
    jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
    c.emit(Opcode::UNPACK_SEQUENCE, static_cast<std::uint32_t>(size));
    onTop += static_cast<int>(size) - 1;
    for (std::size_t i = 0; i < size; ++i) {
      --onTop;
      subpattern(p.patterns[i]);
    }
    onTop -= 2;
    if (hasRest) {
      // rest = dict(subject); for key in keys: del rest[key]
      c.emit(Opcode::BUILD_MAP, 0);
      c.emit(Opcode::SWAP, 3);
      c.emit(Opcode::DICT_UPDATE, 2);
      c.emit(Opcode::UNPACK_SEQUENCE, static_cast<std::uint32_t>(size));
      for (std::size_t left = size; left > 0; --left) {
        c.emit(Opcode::COPY, static_cast<std::uint32_t>(1 + left));
        c.emit(Opcode::SWAP, 2);
        c.emit(Opcode::DELETE_SUBSCR);
      }
      storeName(p.rest);
    } else {
      c.emit(Opcode::POP_TOP);  // the keys
      c.emit(Opcode::POP_TOP);  // the subject
    }
  }

  void classPattern(const ast::MatchClass& p) {
    std::size_t nargs = p.patterns.size(), nattrs = p.kwd_attrs.size();
    if (nattrs != p.kwd_patterns.size())
      c.error("kwd_attrs / kwd_patterns length mismatch in class pattern");
    for (std::size_t i = 0; i < nattrs; ++i) {
      c.setLoc(p.kwd_patterns[i]->loc);
      if (p.kwd_attrs[i] == "__debug__") c.error("cannot assign to __debug__");
      for (std::size_t j = i + 1; j < nattrs; ++j) {
        if (p.kwd_attrs[i] == p.kwd_attrs[j]) {
          c.setLoc(p.kwd_patterns[j]->loc);
          c.error("attribute name repeated in class pattern: " + std::string(p.kwd_attrs[i]));
        }
      }
    }
    c.setLoc(p.loc);
    c.visitExpr(p.cls);
    std::vector<Constant> names;
    for (auto attr : p.kwd_attrs) names.push_back(strConstant(attr));
    c.loadConst(Constant::tuple(std::move(names)));
    c.emit(Opcode::MATCH_CLASS, static_cast<std::uint32_t>(nargs));
    c.emit(Opcode::COPY, 1);
    c.loadConst(Constant::none());
    c.emit(Opcode::IS_OP, 1);
    ++onTop;
    jumpToFailPop(Opcode::POP_JUMP_IF_FALSE);
    c.emit(Opcode::UNPACK_SEQUENCE, static_cast<std::uint32_t>(nargs + nattrs));
    onTop += static_cast<int>(nargs + nattrs) - 1;
    for (std::size_t i = 0; i < nargs + nattrs; ++i) {
      --onTop;
      const ast::Pattern* sub = i < nargs ? p.patterns[i] : p.kwd_patterns[i - nargs];
      if (isWildcard(sub)) {
        c.emit(Opcode::POP_TOP);
        continue;
      }
      subpattern(sub);
    }
  }

  void orPattern(const ast::PatternSeq& alternatives) {
    int end = c.newLabel();
    std::vector<std::string> oldStores = stores;
    std::vector<int> oldFailPop = failPop;
    bool oldAllow = allowIrrefutable;
    int oldOnTop = onTop;
    std::vector<std::string> control;
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      c.setLoc(alternatives[i]->loc);
      stores.clear();
      allowIrrefutable = i + 1 == alternatives.size() && oldAllow;
      failPop.clear();
      onTop = 0;
      c.emit(Opcode::COPY, 1);
      pattern(alternatives[i]);
      if (i == 0) {
        control = stores;
      } else if (stores.size() != control.size()) {
        c.error("alternative patterns bind different names");
      } else if (!stores.empty()) {
        // Same names, possibly in another order: rotate the stack into the first one's order.
        for (std::size_t icontrol = control.size(); icontrol-- > 0;) {
          auto it = std::find(stores.begin(), stores.end(), control[icontrol]);
          if (it == stores.end()) c.error("alternative patterns bind different names");
          std::size_t istores = static_cast<std::size_t>(it - stores.begin());
          if (icontrol != istores) {
            std::size_t rotations = istores + 1;
            std::vector<std::string> rotated(
                stores.begin(), stores.begin() + static_cast<std::ptrdiff_t>(rotations));
            stores.erase(stores.begin(), stores.begin() + static_cast<std::ptrdiff_t>(rotations));
            stores.insert(stores.begin() + static_cast<std::ptrdiff_t>(icontrol - istores),
                          rotated.begin(), rotated.end());
            while (rotations--) rotate(static_cast<int>(icontrol) + 1);
          }
        }
      }
      c.emitJump(Opcode::JUMP, end);
      emitAndResetFailPop();
    }
    stores = oldStores;
    failPop = oldFailPop;
    allowIrrefutable = oldAllow;
    onTop = oldOnTop;
    // No alternative matched: pop the remaining copy of the subject and fail.
    c.emit(Opcode::POP_TOP);
    jumpToFailPop(Opcode::JUMP);
    c.bind(end);
    int nrots = static_cast<int>(control.size()) + 1 + onTop + static_cast<int>(stores.size());
    for (const auto& name : control) {
      rotate(nrots);
      if (std::find(stores.begin(), stores.end(), name) != stores.end()) {
        c.error("multiple assignments to name '" + name + "' in pattern");
      }
      stores.push_back(name);
    }
    c.emit(Opcode::POP_TOP);  // the copy of the subject
  }
};

void Compiler::compileMatch(const ast::Match& s) {
  visitExpr(s.subject);
  int end = newLabel();
  std::size_t cases = s.cases.size();
  const ast::MatchCase* last = s.cases[cases - 1];
  bool hasDefault = isWildcard(last->pattern) && cases > 1;
  for (std::size_t i = 0; i < cases - (hasDefault ? 1 : 0); ++i) {
    const ast::MatchCase* m = s.cases[i];
    setLoc(m->pattern->loc);
    bool lastCase = i == cases - (hasDefault ? 1 : 0) - 1;
    if (!lastCase) emit(Opcode::COPY, 1);
    PatternCompiler pc{*this, {}, false, {}, 0};
    pc.allowIrrefutable = m->guard != nullptr || i == cases - 1;
    pc.pattern(m->pattern);
    for (const auto& name : pc.stores) nameOp(name, NameContext::kStore);
    if (m->guard) {
      pc.ensureFailPop(0);
      compileJumpIf(m->guard, pc.failPop[0], false);
    }
    if (!lastCase) emit(Opcode::POP_TOP);
    visitStmts(m->body);
    emitJump(Opcode::JUMP, end);
    setLoc(m->pattern->loc);
    pc.emitAndResetFailPop();
  }
  if (hasDefault) {
    setLoc(last->pattern->loc);
    if (cases == 1) emit(Opcode::POP_TOP);
    if (last->guard) compileJumpIf(last->guard, end, false);
    visitStmts(last->body);
  }
  bind(end);
}

}  // namespace pyl::compiler
