// tests/unit/jit/runtime/params_log_test.cpp — the --jit parameter table and the PYLANGLOG
// configuration: defaults, overrides, `off`, and one-line errors for every kind of bad input.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "jit/runtime/jit_log.h"
#include "jit/runtime/params.h"

namespace pyl::jit::runtime {
namespace {

TEST(JitParams, DefaultsComeFromTheTable) {
  JitParams p;
  EXPECT_TRUE(p.enabled);
  EXPECT_EQ(p.threshold, 1039);
  EXPECT_EQ(p.function_threshold, 1619);
  EXPECT_EQ(p.trace_eagerness, 200);
  EXPECT_EQ(p.trace_limit, 6000);
  EXPECT_EQ(p.max_unroll_recursion, 7);
  EXPECT_EQ(p.enable_opts, "all");
}

TEST(JitParams, SetsSeveralAndKeepsTheRest) {
  JitParams p;
  std::string error;
  ASSERT_TRUE(
      parseJitParams("threshold=1,trace_eagerness=5,enable_opts=intbounds:rewrite", &p, &error))
      << error;
  EXPECT_EQ(p.threshold, 1);
  EXPECT_EQ(p.trace_eagerness, 5);
  EXPECT_EQ(p.enable_opts, "intbounds:rewrite");
  EXPECT_EQ(p.trace_limit, 6000);
  EXPECT_NE(describeJitParams(p).find("threshold=1,"), std::string::npos);
  EXPECT_NE(describeJitParams(p).find("enable_opts=intbounds:rewrite"), std::string::npos);
  ASSERT_TRUE(parseJitParams("enable_opts=none,backend=reference", &p, &error)) << error;
  EXPECT_EQ(p.backend, "reference");
}

TEST(JitParams, OffDisables) {
  JitParams p;
  std::string error;
  ASSERT_TRUE(parseJitParams("off", &p, &error));
  EXPECT_FALSE(p.enabled);
  EXPECT_EQ(describeJitParams(p), "off");
}

TEST(JitParams, BadInputIsOneLineAndChangesNothing) {
  const char* bad[] = {"",
                       "threshold",
                       "threshold=",
                       "threshold=abc",
                       "threshold=0",
                       "thresh=5",
                       "threshold=5,",
                       "off,threshold=1",
                       "=5",
                       "decay=1001",
                       "threshold=99999999999999999999",
                       "enable_opts=",
                       "enable_opts=intbounds:bogus",
                       "backend=gpu"};
  for (const char* text : bad) {
    JitParams p;
    p.threshold = 77;
    std::string error;
    EXPECT_FALSE(parseJitParams(text, &p, &error)) << text;
    EXPECT_FALSE(error.empty()) << text;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    EXPECT_EQ(p.threshold, 77) << text;
  }
  JitParams p;
  std::string error;
  parseJitParams("nope=1", &p, &error);
  EXPECT_EQ(error, "--jit: unknown parameter 'nope'");
}

TEST(JitLog, CategoriesAndTargets) {
  JitLog log;
  std::string error;
  EXPECT_FALSE(log.configure("jit-bogus:-", &error));
  EXPECT_NE(error.find("unknown category 'jit-bogus'"), std::string::npos);
  EXPECT_FALSE(log.configure("jit-summary:", &error));
  std::string path = ::testing::TempDir() + "/jitlog-test.txt";
  ASSERT_TRUE(log.configure("jit-abort,jit-summary:" + path, &error)) << error;
  EXPECT_TRUE(log.enabled(LogCategory::kAbort));
  EXPECT_FALSE(log.enabled(LogCategory::kLogOpt));
  log.write(LogCategory::kAbort, "main:4", "trace too long");
  log.write(LogCategory::kLogOpt, "loop", "not written");
  JitStats stats;
  stats.loops = 2;
  stats.abortReasons["trace too long"] = 1;
  log.writeSummary(stats);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("{jit-abort main:4\ntrace too long\njit-abort}"), std::string::npos)
      << text.str();
  EXPECT_EQ(text.str().find("not written"), std::string::npos);
  EXPECT_NE(text.str().find("loops:\t2"), std::string::npos);
  EXPECT_NE(text.str().find("abort: trace too long:\t1"), std::string::npos);
}

TEST(JitLog, JitSelectsEveryCategory) {
  JitLog log;
  std::string error;
  ASSERT_TRUE(log.configure("jit:-", &error));
  for (int i = 0; i < static_cast<int>(LogCategory::kCount); ++i)
    EXPECT_TRUE(log.enabled(static_cast<LogCategory>(i)));
}

}  // namespace
}  // namespace pyl::jit::runtime
