// Property test of the whole optimizer: loops generated from fixed seeds (integer arithmetic,
// overflow checks, field loads and stores on possibly-aliased nodes, fresh objects that may or
// may not escape, guards with snapshots, escapes) run unoptimized and optimized on the same
// inputs; both runs must end alike (same finish or same failing guard with the same resumed
// frames), escape the same values in the same order and leave the input objects alike.
// Any divergence prints the seed, the generated trace and the optimized one.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "jit/ir/printer.h"
#include "jit/ir/verifier.h"
#include "jit/opt/optimizer.h"
#include "tests/trace/opt/namespace_fixture.h"
#include "tests/unit/jit/opt/trace_runner.h"

namespace pyl::jit::testing {
namespace {

class LoopGenerator {
 public:
  // With `boxedCarry`, p3 is only read (getfield, class and null checks) and the jump passes a
  // fresh node in its place: the shape unroll turns into loop-carried fields.
  LoopGenerator(unsigned seed, bool boxedCarry, bool straight = false)
      : rng_(seed), boxedCarry_(boxedCarry), straight_(straight) {}

  std::string generate() {
    ints_ = {"i0", "i1", "i2"};
    arrays_.clear();
    refs_ = {"p3", "p4"};
    text_ = "[i0, i1, i2, p3, p4]\nlabel(i0, i1, i2, p3, p4, descr=loop)\n";
    int length = pick(6, 18);
    if (straight_) {
      // A bridge-like trace: no label, ends in finish (takes the second-round path).
      text_ = "[i0, i1, i2, p3, p4]\n";
      for (int n = 0; n < length; ++n) step();
      text_ += "finish(" + anyInt() + ", " + anyRef() + ")\n";
      return text_;
    }
    for (int n = 0; n < length; ++n) step();
    // The counter guarantees termination: the loop runs i0 times.
    std::string next = fresh('i');
    text_ += next + " = int_sub(i0, 1)\n";
    std::string positive = fresh('i');
    text_ += positive + " = int_gt(" + next + ", 0)\n";
    text_ += "guard_true(" + positive + ") " + snapshot() + "\n";
    std::string carried = anyRef();
    if (boxedCarry_) {
      carried = fresh('p');
      text_ += carried + " = new_with_vtable(descr=nodesize)\n";
      text_ += "setfield_gc(" + carried + ", " + anyInt() + ", descr=valuedescr)\n";
      if (pick(0, 1)) text_ += "setfield_gc(" + carried + ", " + anyInt() + ", descr=otherdescr)\n";
    }
    text_ += "jump(" + next + ", " + anyInt() + ", " + anyInt() + ", " + carried + ", " +
             (boxedCarry_ ? "p4" : refs_[pick(0, 1)]) + ", descr=loop)\n";
    return text_;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string fresh(char type) { return std::string(1, type) + std::to_string(next_++); }
  std::string anyInt() {
    if (pick(0, 4) == 0) return std::to_string(pick(-3, 9));
    return ints_[static_cast<std::size_t>(pick(0, static_cast<int>(ints_.size()) - 1))];
  }
  // A ref for any use; p3 only when it may be read (in boxedCarry mode it must not escape).
  std::string anyRef(bool forRead = false) {
    for (;;) {
      const std::string& r =
          refs_[static_cast<std::size_t>(pick(0, static_cast<int>(refs_.size()) - 1))];
      if (!boxedCarry_ || forRead || r != "p3") return r;
    }
  }
  std::string intField() { return pick(0, 1) ? "valuedescr" : "otherdescr"; }

  std::string snapshot() {
    std::string s = "[code@" + std::to_string(pick(0, 9)) + ": ";
    int slots = pick(1, 4);
    for (int k = 0; k < slots; ++k) s += (k ? ", " : "") + (pick(0, 1) ? anyInt() : anyRef(true));
    return s + "]";
  }

  void step() {
    static const char* const kBinary[] = {"int_add", "int_sub", "int_mul", "int_and",
                                          "int_or",  "int_xor", "int_lt",  "int_le",
                                          "int_eq",  "int_ne",  "int_gt",  "int_ge"};
    switch (pick(0, 17)) {
      case 0: {
        // Defined forms of division, modulo and shifts (positive constant divisor, count in
        // range), so intbounds' interval rules meet the property test too.
        static const char* const kByConstant[] = {"int_mod",     "int_floordiv", "int_rshift",
                                                  "uint_rshift", "int_and",      "int_lshift"};
        std::string r = fresh('i');
        text_ += r + " = " + kByConstant[pick(0, 5)] + "(" + anyInt() + ", " +
                 std::to_string(pick(1, 13)) + ")\n";
        ints_.push_back(r);
        std::string c = fresh('i');
        text_ += c + " = " + (pick(0, 1) ? "int_le(" : "int_ge(") + r + ", " +
                 std::to_string(pick(-3, 12)) + ")\n";
        ints_.push_back(c);
        break;
      }
      case 17: {
        // Floats: casts, arithmetic, comparisons, float fields.
        static const char* const kFloat[] = {"float_add", "float_sub", "float_mul",
                                             "float_truediv"};
        std::string f = fresh('f');
        text_ += f + " = cast_int_to_float(" + anyInt() + ")\n";
        std::string g = fresh('f');
        text_ += g + " = " + kFloat[pick(0, 3)] + "(" + f + ", " + (pick(0, 1) ? f : "0.5") + ")\n";
        if (pick(0, 1)) {
          text_ += "setfield_gc(" + anyRef() + ", " + g + ", descr=floatdescr)\n";
          std::string h = fresh('f');
          text_ += h + " = getfield_gc_f(" + anyRef(true) + ", descr=floatdescr)\n";
          g = h;
        }
        std::string c = fresh('i');
        text_ += c + " = " + (pick(0, 1) ? "float_lt(" : "float_eq(") + g + ", " + f + ")\n";
        ints_.push_back(c);
        if (pick(0, 2) == 0) text_ += "escape_n(" + g + ")\n";
        break;
      }
      case 1: {
        std::string r = fresh('i');
        text_ += r + " = " + kBinary[pick(0, 11)] + "(" + anyInt() + ", " + anyInt() + ")\n";
        ints_.push_back(r);
        break;
      }
      case 2: {
        std::string r = fresh('i');
        text_ += r + " = " + (pick(0, 1) ? "int_add_ovf(" : "int_mul_ovf(") + anyInt() + ", " +
                 anyInt() + ")\n";
        text_ += "guard_no_overflow() " + snapshot() + "\n";
        ints_.push_back(r);
        break;
      }
      case 3:
      case 4: {
        std::string r = fresh('i');
        text_ += r + " = getfield_gc_i(" + anyRef(true) + ", descr=" + intField() + ")\n";
        ints_.push_back(r);
        break;
      }
      case 5:
        text_ += "setfield_gc(" + anyRef() + ", " + anyInt() + ", descr=" + intField() + ")\n";
        break;
      case 6: {
        std::string r = fresh('p');
        text_ += r + " = new_with_vtable(descr=nodesize)\n";
        text_ += "setfield_gc(" + r + ", " + anyInt() + ", descr=valuedescr)\n";
        refs_.push_back(r);
        break;
      }
      case 7: {
        std::string c = fresh('i');
        text_ += c + " = int_lt(" + anyInt() + ", " + std::to_string(pick(-5, 50)) + ")\n";
        text_ +=
            std::string(pick(0, 1) ? "guard_true(" : "guard_false(") + c + ") " + snapshot() + "\n";
        break;
      }
      case 8:
        text_ += "escape_n(" + (pick(0, 2) ? anyInt() : anyRef()) + ")\n";
        break;
      case 9:
        text_ += "guard_class(" + anyRef(true) + ", ConstClass(node_vtable)) " + snapshot() + "\n";
        break;
      case 10:
        text_ += "setfield_gc(" + anyRef() + ", " + anyRef() + ", descr=nextdescr)\n";
        break;
      case 11: {
        std::string r = fresh('p');
        text_ += r + " = getfield_gc_r(" + anyRef(!boxedCarry_) + ", descr=nextdescr)\n";
        text_ += "guard_nonnull_class(" + r + ", ConstClass(node_vtable)) " + snapshot() + "\n";
        refs_.push_back(r);
        break;
      }
      case 12: {
        std::string r = fresh('i');
        bool pure = pick(0, 1) == 1;
        text_ += r + " = " +
                 (pure ? "call_pure_i(ConstClass(func), " : "call_i(ConstClass(func), ") +
                 anyInt() + (pure ? ", descr=elidablecalldescr)\n" : ", descr=plaincalldescr)\n");
        ints_.push_back(r);
        break;
      }
      case 13: {
        std::string r = fresh('i');
        text_ += r + " = ptr_eq(" + anyRef() + ", " + anyRef() + ")\n";
        ints_.push_back(r);
        if (pick(0, 3) == 0)
          text_ += "guard_value(" + anyInt() + ", " + std::to_string(pick(-1, 3)) + ") " +
                   snapshot() + "\n";
        break;
      }
      case 14: {
        std::string a = fresh('p');
        text_ += a + " = new_array(3, descr=arraydescr)\n";
        text_ += "setarrayitem_gc(" + a + ", " + std::to_string(pick(0, 2)) + ", " + anyInt() +
                 ", descr=arraydescr)\n";
        arrays_.push_back(a);
        break;
      }
      case 15: {
        if (arrays_.empty()) break;
        const std::string& a =
            arrays_[static_cast<std::size_t>(pick(0, static_cast<int>(arrays_.size()) - 1))];
        std::string r = fresh('i');
        text_ += r + " = getarrayitem_gc_i(" + a + ", " + std::to_string(pick(0, 2)) +
                 ", descr=arraydescr)\n";
        ints_.push_back(r);
        if (pick(0, 2) == 0) text_ += "escape_n(" + a + ")\n";
        break;
      }
      default: {
        std::string r = fresh('p');
        text_ += r + " = new_with_vtable(descr=nodesize)\n";
        text_ += "setfield_gc(" + r + ", " + anyRef() + ", descr=nextdescr)\n";
        text_ += "setfield_gc(" + anyRef() + ", " + r + ", descr=nextdescr)\n";
        refs_.push_back(r);
        break;
      }
    }
  }

  std::mt19937 rng_;
  bool boxedCarry_;
  bool straight_;
  int next_ = 5;
  std::vector<std::string> ints_, refs_, arrays_;
  std::string text_;
};

Words inputsFor(int variant) {
  std::uint64_t a = makeNode(variant, 2 * variant, 0);
  std::uint64_t b = variant % 3 == 0 ? a : makeNode(7, -1, a);  // sometimes the two nodes alias
  return {static_cast<std::uint64_t>(3 + variant % 5),
          static_cast<std::uint64_t>(variant * 11 - 20), static_cast<std::uint64_t>(variant), a, b};
}

TEST(RandomLoops, OptimizedLoopsBehaveLikeTheOriginal) {
  int compared = 0, unrolled = 0, exploded = 0;
  for (unsigned seed = 1; seed <= 1500; ++seed) {
    std::string text = LoopGenerator(seed, seed % 2 == 0, seed % 5 == 0).generate();
    ir::ParseResult parsed = ir::parseTrace(text, testNamespace().names);
    ASSERT_TRUE(parsed.ok()) << parsed.error << "\n" << text;
    ASSERT_EQ(ir::verifyTrace(*parsed.trace), std::nullopt) << text;
    // Most seeds use the default pipeline; the rest single passes and partial pipelines, so
    // every pass is also checked on input no other pass prepared.
    static const char* const kPipelines[] = {"intbounds:rewrite:virtualize:pure:heap",
                                             "intbounds",
                                             "rewrite",
                                             "virtualize",
                                             "pure",
                                             "heap",
                                             "unroll",
                                             "virtualize:unroll",
                                             "heap:unroll"};
    opt::OptimizerOptions options;
    options.verifyEachPass = true;
    if (seed % 3 == 1) options.enableOpts = kPipelines[(seed / 3) % std::size(kPipelines)];
    opt::OptimizeResult optimized = opt::optimizeTrace(*parsed.trace, options);
    if (!optimized.ok()) {
      // Only a proven-failing guard may abort; that is a legitimate outcome, not a crash.
      bool proven = optimized.abortReason.find("always fails") != std::string::npos ||
                    optimized.abortReason.find("contradict") != std::string::npos;
      EXPECT_TRUE(proven) << "seed " << seed << " (" << options.enableOpts
                          << "): " << optimized.abortReason << "\n"
                          << text;
      continue;
    }
    ir::PrintOptions print{&testNamespace().names};
    std::string after = ir::printTrace(*optimized.trace, print);
    std::size_t loopLabel = after.find("label(", after.find("label(") + 1);
    unrolled += loopLabel != std::string::npos;
    // A peeled boxed-carry loop whose body allocates nothing kept its carried node virtual.
    exploded += seed % 2 == 0 && loopLabel != std::string::npos &&
                after.find("new_with_vtable", loopLabel) == std::string::npos;
    for (int variant = 0; variant < 4; ++variant) {
      RunOutcome a = runTrace(*parsed.trace, inputsFor(variant));
      RunOutcome b = runTrace(*optimized.trace, inputsFor(variant));
      ASSERT_EQ(a.error, "") << "seed " << seed << "\n" << text;
      ASSERT_EQ(b.error, "") << "seed " << seed << "\n" << text << "--- optimized ---\n" << after;
      ASSERT_EQ(a.ending, b.ending)
          << "seed " << seed << " (" << options.enableOpts << ") variant " << variant << "\n"
          << text << "--- optimized ---\n"
          << after;
      ASSERT_EQ(a.escapes, b.escapes) << "seed " << seed << " variant " << variant << "\n"
                                      << text << "--- optimized ---\n"
                                      << after;
      ASSERT_EQ(a.heapAfter, b.heapAfter) << "seed " << seed << " variant " << variant << "\n"
                                          << text << "--- optimized ---\n"
                                          << after;
      ++compared;
    }
  }
  std::printf("compared %d runs, %d peeled loops, %d with a virtual carried node\n", compared,
              unrolled, exploded);
  EXPECT_GT(compared, 1000);
  EXPECT_GT(unrolled, 50);  // the property covers peeled loops, not only straight code
  EXPECT_GT(exploded, 20);  // ... and loop-carried virtuals
}

}  // namespace
}  // namespace pyl::jit::testing
