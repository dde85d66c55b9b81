// Tests of gc/heap.h: roots keep objects alive, finalizers run for unreachable objects, the
// thread-local fast path never hands out a live object, out-of-memory is an exception.
// This binary runs twice under ctest: normally and with PYL_GC_STRESS (a collection every few
// allocations), which is how the stress mode runs the gc tests too.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "gc/allocator.h"
#include "gc/heap.h"

namespace pyl::gc {
namespace {

struct Node {
  Node* next;
  std::uint64_t payload[3];  // 32 bytes in all: the common small-object size
};

std::atomic<int> finalized{0};
void countFinalized(void*, void*) { finalized.fetch_add(1); }

// Keeps pointers off this test's stack frame: allocation helpers are not inlined, and the
// pointers we must keep are stored XOR-ed with a mask the collector cannot recognise.
constexpr std::uintptr_t kHide = 0x5a5a5a5a5a5a5a5aULL;
std::uintptr_t hide(void* p) { return reinterpret_cast<std::uintptr_t>(p) ^ kHide; }
Node* unhide(std::uintptr_t h) { return reinterpret_cast<Node*>(h ^ kHide); }

[[gnu::noinline]] std::uintptr_t allocateFinalizedNode(std::uint64_t tag) {
  auto* node = static_cast<Node*>(allocate(sizeof(Node)));
  node->payload[0] = tag;
  node->payload[2] = ~tag;
  registerFinalizer(node, countFinalized, nullptr);
  return hide(node);
}

[[gnu::noinline]] void clobberStack() {
  volatile char scratch[16384];
  std::memset(const_cast<char*>(scratch), 0, sizeof scratch);
}

void collectAndFinalize(int times) {
  for (int i = 0; i < times; ++i) {
    clobberStack();
    collect();
    runFinalizers();
  }
}

// Stress mode collects every few allocations: the same checks, on less data.
int scaled(int count) { return stressEvery() != 0 ? count / 20 : count; }

class HeapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init();
    finalized = 0;
  }
};

// The raw pointer is only ever materialised inside these helpers, so no stale copy of it is left
// in the test body's registers or stack slots when the test needs the object to die.
[[gnu::noinline]] bool nodeIntact(std::uintptr_t hidden, std::uint64_t tag) {
  const Node* node = unhide(hidden);
  return node->payload[0] == tag && node->payload[2] == ~tag;
}
[[gnu::noinline]] bool allocationsAvoid(std::uintptr_t hidden, int count) {
  for (int i = 0; i < count; ++i) {
    if (hide(allocate(sizeof(Node))) == hidden) return false;
  }
  return true;
}
[[gnu::noinline]] void storeHidden(void** slot, std::uintptr_t hidden) { *slot = unhide(hidden); }

TEST_F(HeapTest, ObjectReachableOnlyFromRegisteredRootSurvivesCollections) {
  // The root area is malloc memory: invisible to the collector until registered.
  auto** rootArea = static_cast<void**>(std::calloc(4, sizeof(void*)));
  addRoots(rootArea, rootArea + 4);
  const std::uintptr_t hidden = allocateFinalizedNode(42);
  storeHidden(&rootArea[1], hidden);
  collectAndFinalize(10);
  EXPECT_EQ(finalized.load(), 0) << "a rooted object was finalized";
  EXPECT_TRUE(nodeIntact(hidden, 42));
  // Allocation after the collections must not reuse the rooted object's memory.
  EXPECT_TRUE(allocationsAvoid(hidden, scaled(100000)));
  EXPECT_TRUE(nodeIntact(hidden, 42));

  // Once the root is gone, the object is garbage and gets finalized.
  rootArea[1] = nullptr;
  removeRoots(rootArea, rootArea + 4);
  std::free(rootArea);
  collectAndFinalize(5);
  EXPECT_EQ(finalized.load(), 1);
}

TEST_F(HeapTest, UnreachableObjectsWithFinalizersAreFinalized) {
  constexpr int kCount = 1000;
  for (int i = 0; i < kCount; ++i) (void)allocateFinalizedNode(static_cast<std::uint64_t>(i));
  collectAndFinalize(5);
  // A conservative collector may keep one or two objects whose address survives in a register
  // or a stack slot; all the others must be finalized.
  EXPECT_GE(finalized.load(), kCount - 2);
  EXPECT_LE(finalized.load(), kCount);
}

TEST_F(HeapTest, FinalizersRunOnlyWhenTheVmAsks) {
  (void)allocateFinalizedNode(7);
  clobberStack();
  collect();
  EXPECT_EQ(finalized.load(), 0) << "finalizer ran inside the collector, not at a safe point";
  runFinalizers();
  collectAndFinalize(3);
  EXPECT_EQ(finalized.load(), 1);
}

[[gnu::noinline]] Node* buildChain(int length, std::size_t bytes) {
  Node* head = nullptr;
  for (int i = 0; i < length; ++i) {
    auto* node = static_cast<Node*>(allocate(bytes));
    for (std::size_t b = sizeof(Node); b < bytes; ++b) {
      EXPECT_EQ(reinterpret_cast<unsigned char*>(node)[b], 0) << "memory not zeroed";
    }
    EXPECT_EQ(node->next, nullptr);
    node->next = head;
    node->payload[0] = static_cast<std::uint64_t>(i);
    node->payload[1] = bytes;
    head = node;
    if (i % 5000 == 0) collect();
  }
  return head;
}

TEST_F(HeapTest, FastPathNeverHandsOutALiveObject) {
  // Live chains of every cached size class, built while collecting: if the free lists were
  // invisible to the collector, cached objects would be handed out twice and a chain would be
  // overwritten.
  std::vector<Node*, TracingAllocator<Node*>> chains;
  const int length = scaled(20000);
  for (std::size_t bytes : {32ul, 48ul, 64ul, 100ul, 256ul, 1000ul}) {
    chains.push_back(buildChain(length, bytes));
  }
  clobberStack();
  collect();
  // Churn: lots of garbage to make the collector recycle everything it can.
  for (int i = 0; i < scaled(200000); ++i) (void)allocate(32 + (i % 8) * 16);
  collect();
  std::size_t index = 0;
  for (std::size_t bytes : {32ul, 48ul, 64ul, 100ul, 256ul, 1000ul}) {
    auto expected = static_cast<std::uint64_t>(length);
    for (Node* node = chains[index]; node != nullptr; node = node->next) {
      --expected;
      ASSERT_EQ(node->payload[0], expected) << "chain of " << bytes << "-byte objects corrupted";
      ASSERT_EQ(node->payload[1], bytes);
    }
    EXPECT_EQ(expected, 0u);
    ++index;
  }
}

TEST_F(HeapTest, ZeroByteAllocationsAreDistinct) {
  void* a = allocate(0);
  void* b = allocate(0);
  EXPECT_NE(a, nullptr);
  EXPECT_NE(a, b);
}

TEST_F(HeapTest, AtomicMemoryIsNotScanned) {
  // An object referenced only from pointer-free memory is garbage.
  auto* holder = static_cast<std::uintptr_t*>(allocateAtomic(64));
  addRoots(&holder, &holder + 1);
  holder[0] = reinterpret_cast<std::uintptr_t>(unhide(allocateFinalizedNode(1)));
  collectAndFinalize(5);
  EXPECT_EQ(finalized.load(), 1);
  removeRoots(&holder, &holder + 1);
}

TEST_F(HeapTest, UncollectableMemoryIsScanned) {
  auto** table = static_cast<void**>(allocateUncollectable(8 * sizeof(void*)));
  table[3] = unhide(allocateFinalizedNode(3));
  collectAndFinalize(5);
  EXPECT_EQ(finalized.load(), 0);
  table[3] = nullptr;
  freeUncollectable(table);
  collectAndFinalize(5);
  EXPECT_EQ(finalized.load(), 1);
}

TEST_F(HeapTest, TracingAllocatorKeepsContainerElementsAlive) {
  auto* vec = new std::vector<void*, TracingAllocator<void*>>();  // the vector object: malloc
  for (int i = 0; i < 100; ++i) vec->push_back(unhide(allocateFinalizedNode(i)));
  collectAndFinalize(5);
  EXPECT_EQ(finalized.load(), 0);
  delete vec;
  collectAndFinalize(5);
  EXPECT_GE(finalized.load(), 98);
}

TEST_F(HeapTest, HugeAllocationThrowsOutOfMemory) {
  EXPECT_THROW(allocate(std::size_t{1} << 46), OutOfMemory);
  EXPECT_THROW(allocateAtomic(std::size_t{1} << 46), OutOfMemory);
  // The heap is still usable afterwards.
  auto* node = static_cast<Node*>(allocate(sizeof(Node)));
  node->payload[0] = 1;
  EXPECT_EQ(node->payload[0], 1u);
}

TEST_F(HeapTest, ThreadsAllocateConcurrently) {
  std::atomic<int> failures{0};
  auto worker = [&failures] {
    ThreadRegistration registration;
    Node* chain = buildChain(scaled(20000), sizeof(Node));
    auto expected = static_cast<std::uint64_t>(scaled(20000));
    for (Node* node = chain; node != nullptr; node = node->next) {
      if (node->payload[0] != --expected) failures.fetch_add(1);
    }
    if (expected != 0) failures.fetch_add(1);
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  collect();  // the exited threads' caches must no longer be scanned
}

}  // namespace
}  // namespace pyl::gc
