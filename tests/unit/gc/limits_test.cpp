// Process-wide GC settings, each tested in its own process (one ctest test per TEST): a heap
// limit that turns exhaustion into OutOfMemory, and the stress mode that collects every N
// allocations.
#include <gtest/gtest.h>

#include <cstddef>

#include "gc/heap.h"

namespace pyl::gc {
namespace {

TEST(GcLimits, ExhaustingALimitedHeapThrowsAndLosesNothing) {
  init({.initialHeapBytes = 4 << 20, .maxHeapBytes = 32 << 20, .stressEvery = 0});
  struct Block {
    Block* next;
    char bytes[4088];
  };
  Block* head = nullptr;
  std::size_t blocks = 0;
  bool threw = false;
  try {
    for (;;) {
      auto* block = static_cast<Block*>(allocate(sizeof(Block)));
      block->next = head;
      block->bytes[0] = 'x';
      head = block;
      ++blocks;
    }
  } catch (const OutOfMemory&) {
    threw = true;
  }
  EXPECT_TRUE(threw);
  EXPECT_GT(blocks, 1000u);
  std::size_t counted = 0;
  for (Block* b = head; b != nullptr; b = b->next) {
    ASSERT_EQ(b->bytes[0], 'x');
    ++counted;
  }
  EXPECT_EQ(counted, blocks) << "objects allocated before the failure were lost";
  head = nullptr;
  collect();
  EXPECT_NE(allocate(sizeof(Block)), nullptr) << "heap unusable after out-of-memory";
}

TEST(GcLimits, StressModeCollectsEveryNAllocations) {
  init({.initialHeapBytes = 4 << 20, .maxHeapBytes = 0, .stressEvery = 5});
  ASSERT_EQ(stressEvery(), 5u);
  const std::size_t before = stats().collections;
  for (int i = 0; i < 100; ++i) (void)allocate(32);
  const std::size_t after = stats().collections;
  EXPECT_GE(after - before, 19u);
  EXPECT_LE(after - before, 21u);
}

TEST(GcLimits, InitTwiceKeepsTheFirstConfiguration) {
  EXPECT_TRUE(init({.initialHeapBytes = 8 << 20, .maxHeapBytes = 0, .stressEvery = 3}));
  EXPECT_FALSE(init({.initialHeapBytes = 8 << 20, .maxHeapBytes = 0, .stressEvery = 0}));
  EXPECT_EQ(stressEvery(), 3u);
}

}  // namespace
}  // namespace pyl::gc
