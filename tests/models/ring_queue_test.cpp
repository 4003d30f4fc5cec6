// sim::RingQueue, the station's FIFO: order preserved through wrap-around (head past the end
// of the buffer) and through growth while wrapped, capacity a power of two that starts at 16,
// doubles only when full and never shrinks, and a randomized comparison against std::deque.
#include "sim/ring_queue.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>

#include <boost/random/uniform_int_distribution.hpp>

#include "sim/random_streams.h"

namespace fmsim::sim {
namespace {

TEST(RingQueue, StartsEmptyWithoutStorage) {
  RingQueue<int> q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  EXPECT_EQ(q.capacity(), 0u);
}

TEST(RingQueue, FifoOrder) {
  RingQueue<int> q;
  for (int i = 0; i < 10; ++i) q.push_back(i);
  EXPECT_EQ(q.size(), 10u);
  EXPECT_EQ(q.capacity(), 16u);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(q.front(), i);
    ASSERT_EQ(q.pop_front(), i);
  }
  EXPECT_TRUE(q.empty());
}

TEST(RingQueue, WrapAroundWithoutGrowth) {
  RingQueue<int> q;
  for (int i = 0; i < 16; ++i) q.push_back(i);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(q.pop_front(), i);
  // The head is now at slot 10; the next 10 pushes wrap to slots 0..3 and fill the ring exactly.
  for (int i = 16; i < 26; ++i) q.push_back(i);
  EXPECT_EQ(q.size(), 16u);
  EXPECT_EQ(q.capacity(), 16u) << "a full ring that wrapped must not have grown";
  for (int i = 10; i < 26; ++i) ASSERT_EQ(q.pop_front(), i);
  EXPECT_TRUE(q.empty());
}

TEST(RingQueue, GrowthWhileWrappedPreservesOrder) {
  RingQueue<std::uint32_t> q;
  for (std::uint32_t i = 0; i < 16; ++i) q.push_back(i);
  for (std::uint32_t i = 0; i < 7; ++i) ASSERT_EQ(q.pop_front(), i);
  for (std::uint32_t i = 16; i < 23; ++i) q.push_back(i);  // wraps: full again, head at 7
  ASSERT_EQ(q.capacity(), 16u);
  q.push_back(23);  // grows: must unroll the wrapped contents in order
  EXPECT_EQ(q.capacity(), 32u);
  for (std::uint32_t i = 24; i < 40; ++i) q.push_back(i);
  EXPECT_EQ(q.size(), 33u);
  EXPECT_EQ(q.capacity(), 64u);
  for (std::uint32_t i = 7; i < 40; ++i) ASSERT_EQ(q.pop_front(), i);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.capacity(), 64u) << "the ring never shrinks";
}

TEST(RingQueue, SteadyChurnDoesNotGrow) {
  // A queue that never holds more than 5 items keeps its first 16-slot ring through a million
  // push/pop pairs (the head wraps ~62 500 times).
  RingQueue<int> q;
  int next_in = 0;
  int next_out = 0;
  for (int i = 0; i < 5; ++i) q.push_back(next_in++);
  for (int i = 0; i < 1'000'000; ++i) {
    q.push_back(next_in++);
    ASSERT_EQ(q.pop_front(), next_out++);
  }
  EXPECT_EQ(q.capacity(), 16u);
  EXPECT_EQ(q.size(), 5u);
}

TEST(RingQueue, MatchesDequeUnderRandomOperations) {
  RingQueue<std::uint64_t> q;
  std::deque<std::uint64_t> ref;
  RandomEngine rng = RandomStreams(12, 0).stream("ring_queue");
  // Biased towards pushes in the first half and pops in the second, so the ring grows through
  // several doublings while wrapped and then drains.
  boost::random::uniform_int_distribution<int> die(0, 9);
  std::uint64_t next = 0;
  std::size_t peak = 0;
  for (int step = 0; step < 400'000; ++step) {
    const int push_if_below = step < 200'000 ? 6 : 4;
    if (ref.empty() || die(rng) < push_if_below) {
      q.push_back(next);
      ref.push_back(next);
      ++next;
    } else {
      ASSERT_EQ(q.front(), ref.front());
      ASSERT_EQ(q.pop_front(), ref.front());
      ref.pop_front();
    }
    ASSERT_EQ(q.size(), ref.size());
    peak = std::max(peak, ref.size());
  }
  const std::size_t cap = q.capacity();
  EXPECT_EQ(cap & (cap - 1), 0u) << "capacity must be a power of two";
  EXPECT_GE(cap, peak);
  EXPECT_LT(cap, 2 * peak) << "grew more than doubling from the peak length requires";
  EXPECT_GT(peak, 1000u);
  while (!ref.empty()) {
    ASSERT_EQ(q.pop_front(), ref.front());
    ref.pop_front();
  }
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace fmsim::sim
