// sim::SlotPool, as the request pool uses it: dense ids from 0, released ids handed out again
// (most recently released first) with a freshly value-initialised object, in_use() bookkeeping,
// and capacity fixed at the peak number of live objects however many acquire/release cycles run
// (so memory is O(peak in flight), never O(requests simulated)).
#include "sim/slot_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include "sim/random_streams.h"

namespace fmsim::sim {
namespace {

struct Item {
  int value = 0;
  std::uint64_t tag = 0;
};

TEST(SlotPool, IdsAreDenseFromZero) {
  SlotPool<Item> pool;
  EXPECT_EQ(pool.acquire(), 0u);
  EXPECT_EQ(pool.acquire(), 1u);
  EXPECT_EQ(pool.acquire(), 2u);
  EXPECT_EQ(pool.in_use(), 3u);
  EXPECT_EQ(pool.capacity(), 3u);
}

TEST(SlotPool, ReleasedIdsAreReusedMostRecentFirstWithoutGrowing) {
  SlotPool<Item> pool;
  for (int i = 0; i < 4; ++i) pool.acquire();
  pool.release(1);
  pool.release(3);
  EXPECT_EQ(pool.in_use(), 2u);
  // The free list is a stack: the id released last comes back first.
  EXPECT_EQ(pool.acquire(), 3u);
  EXPECT_EQ(pool.acquire(), 1u);
  // Only when no id is free does the pool grow.
  EXPECT_EQ(pool.acquire(), 4u);
  EXPECT_EQ(pool.in_use(), 5u);
  EXPECT_EQ(pool.capacity(), 5u);
}

TEST(SlotPool, ReusedSlotIsValueInitialised) {
  // A request's fields (arrival, service_start, timer) must not leak into the next request that
  // gets the same id.
  SlotPool<Item> pool;
  const auto id = pool.acquire();
  pool[id].value = 42;
  pool[id].tag = 7;
  pool.release(id);
  const auto again = pool.acquire();
  ASSERT_EQ(again, id);
  EXPECT_EQ(pool[again].value, 0);
  EXPECT_EQ(pool[again].tag, 0u);
}

TEST(SlotPool, ObjectsAreIndependentAndConstAccessible) {
  SlotPool<Item> pool;
  const auto a = pool.acquire();
  const auto b = pool.acquire();
  pool[a].value = 1;
  pool[b].value = 2;
  const SlotPool<Item>& cpool = pool;
  EXPECT_EQ(cpool[a].value, 1);
  EXPECT_EQ(cpool[b].value, 2);
}

TEST(SlotPool, CapacityStaysAtPeakOverManyCycles) {
  // Random churn with at most 50 live objects: a million acquisitions must leave capacity at the
  // peak live count, and live ids must always be distinct.
  SlotPool<Item> pool;
  RandomEngine rng = RandomStreams(11, 0).stream("slot_pool");
  boost::random::uniform_int_distribution<int> coin(0, 1);
  std::vector<SlotPool<Item>::Id> live;
  std::size_t peak = 0;
  std::uint64_t acquired = 0;
  for (int step = 0; step < 1'000'000; ++step) {
    const bool acquire = live.empty() || (live.size() < 50 && coin(rng) == 1);
    if (acquire) {
      const auto id = pool.acquire();
      ASSERT_EQ(pool[id].tag, 0u) << "reused slot not reset";
      pool[id].tag = ++acquired;
      live.push_back(id);
    } else {
      boost::random::uniform_int_distribution<std::size_t> pick(0, live.size() - 1);
      const std::size_t k = pick(rng);
      pool[live[k]].tag = 0;
      pool.release(live[k]);
      live[k] = live.back();
      live.pop_back();
    }
    peak = std::max(peak, live.size());
    ASSERT_EQ(pool.in_use(), live.size());
  }
  EXPECT_GE(acquired, 400'000u);
  EXPECT_EQ(pool.capacity(), peak);
  EXPECT_LE(peak, 50u);
  const std::set<SlotPool<Item>::Id> distinct(live.begin(), live.end());
  EXPECT_EQ(distinct.size(), live.size());
  for (auto id : live) EXPECT_LT(id, pool.capacity());
}

}  // namespace
}  // namespace fmsim::sim
