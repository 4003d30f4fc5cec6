// Tests of the future-event list: (time, FIFO) ordering, lazy cancellation and its handle
// safety, bounded memory under endless schedule/cancel, and a randomized comparison against a
// std::multimap reference ordering.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <gtest/gtest.h>

#include "sim/event_queue.h"
#include "tests/support/sim_time.h"

namespace fmsim::sim {
namespace {

void noop(void*, std::uint64_t) {}

using fmsim::testing::at;

// Pops everything, returning the arguments in pop order.
std::vector<std::uint64_t> drain(EventQueue& q) {
  std::vector<std::uint64_t> out;
  PoppedEvent ev;
  while (q.pop(ev)) out.push_back(ev.arg);
  return out;
}

TEST(EventQueue, EmptyQueue) {
  EventQueue q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  EXPECT_EQ(q.next_time(), SimTime::max());
  PoppedEvent ev;
  EXPECT_FALSE(q.pop(ev));
  EXPECT_FALSE(q.cancel(EventHandle{}));
  EXPECT_FALSE(q.is_pending(EventHandle{}));
}

TEST(EventQueue, PopsInTimeOrderAndCarriesPayload) {
  EventQueue q;
  int target = 0;
  q.push(at(30), noop, &target, 3);
  q.push(at(10), noop, &target, 1);
  q.push(at(20), noop, &target, 2);
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.next_time(), at(10));
  PoppedEvent ev;
  ASSERT_TRUE(q.pop(ev));
  EXPECT_EQ(ev.time, at(10));
  EXPECT_EQ(ev.fn, &noop);
  EXPECT_EQ(ev.target, &target);
  EXPECT_EQ(ev.arg, 1u);
  EXPECT_EQ(drain(q), (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(q.pushed(), 3u);
}

TEST(EventQueue, SameTimeEventsPopInSchedulingOrder) {
  EventQueue q;
  // 200 events at t = 5 interleaved with events at other times: whatever the internal layout,
  // the t = 5 ones must come out in the order they went in.
  std::vector<std::uint64_t> expected_at5;
  for (std::uint64_t i = 0; i < 200; ++i) {
    q.push(at(5), noop, nullptr, i);
    expected_at5.push_back(i);
    q.push(at(static_cast<std::int64_t>(1000 + (i * 7919) % 97)), noop, nullptr, 100'000 + i);
    if (i % 3 == 0) q.push(at(1), noop, nullptr, 200'000 + i);
  }
  PoppedEvent ev;
  std::vector<std::uint64_t> got_at5;
  std::int64_t last = -1;
  while (q.pop(ev)) {
    EXPECT_GE(ev.time.ns(), last);
    last = ev.time.ns();
    if (ev.time == at(5)) got_at5.push_back(ev.arg);
  }
  EXPECT_EQ(got_at5, expected_at5);
}

TEST(EventQueue, FifoHoldsForEventsPushedWhileDraining) {
  EventQueue q;
  PoppedEvent ev;
  q.push(at(10), noop, nullptr, 0);
  ASSERT_TRUE(q.pop(ev));
  // Pushed at the time just popped ("now"), and later at the same future time from two batches.
  q.push(at(20), noop, nullptr, 1);
  q.push(at(10), noop, nullptr, 2);
  q.push(at(20), noop, nullptr, 3);
  q.push(at(10), noop, nullptr, 4);
  ASSERT_TRUE(q.pop(ev));
  EXPECT_EQ(ev.arg, 2u);
  q.push(at(20), noop, nullptr, 5);
  q.push(at(10), noop, nullptr, 6);
  EXPECT_EQ(drain(q), (std::vector<std::uint64_t>{4, 6, 1, 3, 5}));
}

TEST(EventQueue, CancelBeforePopNeverPops) {
  EventQueue q;
  const EventHandle a = q.push(at(10), noop, nullptr, 1);
  const EventHandle b = q.push(at(20), noop, nullptr, 2);
  const EventHandle c = q.push(at(30), noop, nullptr, 3);
  EXPECT_TRUE(q.is_pending(a));
  EXPECT_TRUE(q.cancel(a));
  EXPECT_FALSE(q.is_pending(a));
  EXPECT_TRUE(q.is_pending(b));
  EXPECT_EQ(q.size(), 2u);
  // The cancelled top is skipped by next_time as well as by pop.
  EXPECT_EQ(q.next_time(), at(20));
  EXPECT_TRUE(q.cancel(c));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(drain(q), (std::vector<std::uint64_t>{2}));
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.next_time(), SimTime::max());
}

TEST(EventQueue, CancelAfterRunIsANoOp) {
  EventQueue q;
  const EventHandle a = q.push(at(10), noop, nullptr, 1);
  q.push(at(20), noop, nullptr, 2);
  PoppedEvent ev;
  ASSERT_TRUE(q.pop(ev));
  EXPECT_FALSE(q.is_pending(a));
  EXPECT_FALSE(q.cancel(a));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(drain(q), (std::vector<std::uint64_t>{2}));
}

TEST(EventQueue, CancelTwiceReturnsFalse) {
  EventQueue q;
  const EventHandle a = q.push(at(10), noop, nullptr, 1);
  q.push(at(20), noop, nullptr, 2);
  EXPECT_TRUE(q.cancel(a));
  EXPECT_FALSE(q.cancel(a));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(drain(q), (std::vector<std::uint64_t>{2}));
}

TEST(EventQueue, HandleOfRecycledSlotDoesNotCancelNewEvent) {
  EventQueue q;
  PoppedEvent ev;
  // Slot freed by running its event.
  const EventHandle a = q.push(at(10), noop, nullptr, 1);
  ASSERT_TRUE(q.pop(ev));
  const EventHandle b = q.push(at(20), noop, nullptr, 2);
  EXPECT_EQ(b.slot, a.slot) << "test assumes the freed slot is reused";
  EXPECT_FALSE(q.cancel(a));
  EXPECT_FALSE(q.is_pending(a));
  EXPECT_TRUE(q.is_pending(b));
  // Slot freed by cancelling its event (and the stale key leaving the queue).
  EXPECT_TRUE(q.cancel(b));
  EXPECT_FALSE(q.pop(ev));
  const EventHandle c = q.push(at(30), noop, nullptr, 3);
  EXPECT_EQ(c.slot, b.slot) << "test assumes the freed slot is reused";
  EXPECT_FALSE(q.cancel(b));
  EXPECT_FALSE(q.cancel(a));
  EXPECT_TRUE(q.is_pending(c));
  EXPECT_EQ(drain(q), (std::vector<std::uint64_t>{3}));
}

TEST(EventQueue, HandlesOutOfRangeAreNotPending) {
  EventQueue q;
  q.push(at(1), noop, nullptr, 0);
  EXPECT_FALSE(q.is_pending(EventHandle{12345, 0}));
  EXPECT_FALSE(q.cancel(EventHandle{12345, 0}));
  EXPECT_EQ(q.size(), 1u);
}

TEST(EventQueue, PushBeforeTheLastPoppedTimeThrows) {
  EventQueue q;
  EXPECT_EQ(q.last_popped_time().ns(), std::numeric_limits<std::int64_t>::min());
  q.push(at(-50), noop, nullptr, 0);  // any time is fine before the first pop
  q.push(at(100), noop, nullptr, 1);
  PoppedEvent ev;
  ASSERT_TRUE(q.pop(ev));
  ASSERT_TRUE(q.pop(ev));
  EXPECT_EQ(q.last_popped_time(), at(100));
  EXPECT_THROW(q.push(at(99), noop, nullptr, 2), std::logic_error);
  EXPECT_EQ(q.size(), 0u);
  EXPECT_NO_THROW(q.push(at(100), noop, nullptr, 3));
  EXPECT_EQ(drain(q), (std::vector<std::uint64_t>{3}));
}

TEST(EventQueue, PopBeforeIsHalfOpenAndLeavesLaterEvents) {
  EventQueue q;
  q.push(at(10), noop, nullptr, 1);
  q.push(at(20), noop, nullptr, 2);
  const EventHandle c = q.push(at(15), noop, nullptr, 3);
  PoppedEvent ev;
  ASSERT_TRUE(q.pop_before(at(20), ev));
  EXPECT_EQ(ev.arg, 1u);
  ASSERT_TRUE(q.cancel(c));
  // The cancelled event at 15 is skipped; the one at exactly 20 is not before 20.
  EXPECT_FALSE(q.pop_before(at(20), ev));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.next_time(), at(20));
  // A refused pop_before does not move the floor: pushing between 10 and 20 is still allowed,
  // and it comes out first.
  q.push(at(12), noop, nullptr, 4);
  EXPECT_EQ(q.next_time(), at(12));
  ASSERT_TRUE(q.pop_before(at(21), ev));
  EXPECT_EQ(ev.arg, 4u);
  ASSERT_TRUE(q.pop_before(at(21), ev));
  EXPECT_EQ(ev.arg, 2u);
  EXPECT_FALSE(q.pop_before(at(1'000), ev));
}

TEST(EventQueue, ExtremeTimes) {
  EventQueue q;
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  q.push(at(hi), noop, nullptr, 1);
  q.push(at(0), noop, nullptr, 2);
  q.push(at(lo), noop, nullptr, 3);
  q.push(at(-1), noop, nullptr, 4);
  q.push(at(hi), noop, nullptr, 5);
  EXPECT_EQ(q.next_time(), at(lo));
  EXPECT_EQ(drain(q), (std::vector<std::uint64_t>{3, 4, 2, 1, 5}));
}

TEST(EventQueue, CompactionKeepsOrderAndLiveCount) {
  EventQueue q;
  boost::random::mt19937_64 rng(42);
  boost::random::uniform_int_distribution<std::int64_t> time(0, 1'000'000);
  constexpr std::size_t kN = 50'000;
  std::vector<EventHandle> handles;
  std::multimap<std::pair<std::int64_t, std::uint64_t>, std::uint64_t> ref;
  for (std::uint64_t i = 0; i < kN; ++i) {
    const std::int64_t t = time(rng) / 100;  // coarse, so many times repeat
    handles.push_back(q.push(at(t), noop, nullptr, i));
    ref.emplace(std::make_pair(t, i), i);
  }
  // Cancel 90 % of them (every index not divisible by 10), in a scrambled order.
  std::size_t cancelled = 0;
  for (std::uint64_t k = 0; k < kN; ++k) {
    const std::uint64_t i = (k * 7'919) % kN;  // 7919 is prime and coprime to kN
    if (i % 10 == 0) continue;
    ASSERT_TRUE(q.cancel(handles[i]));
    ++cancelled;
    ASSERT_EQ(q.size(), kN - cancelled);
  }
  for (auto it = ref.begin(); it != ref.end();) it = it->second % 10 == 0 ? std::next(it) : ref.erase(it);
  EXPECT_EQ(q.size(), ref.size());
  // Compaction rebuilt the structure on the way (stale entries outnumbered live ones): the
  // survivors must still come out in (time, sequence) order.
  EXPECT_GE(q.compactions(), 1u);
  std::vector<std::uint64_t> expected;
  for (const auto& [key, arg] : ref) expected.push_back(arg);
  EXPECT_EQ(drain(q), expected);
  for (std::uint64_t i = 0; i < kN; ++i) EXPECT_FALSE(q.is_pending(handles[i]));
}

// Runs `steps` of a loop that pops one event, re-arms it, and arms then cancels `timeouts`
// far-future timeouts; returns the capacity after the first tenth and at the end.
std::pair<std::size_t, std::size_t> run_timeout_loop(std::size_t live, std::int64_t steps, int timeouts) {
  EventQueue q;
  PoppedEvent ev;
  for (std::uint64_t i = 0; i < live; ++i) q.push(at(static_cast<std::int64_t>(i)), noop, nullptr, i);
  std::size_t warm_capacity = 0;
  for (std::int64_t step = 0; step < steps; ++step) {
    if (step == steps / 10) warm_capacity = q.capacity();
    EXPECT_TRUE(q.pop(ev));
    const std::int64_t now = ev.time.ns();
    std::vector<EventHandle> armed;
    for (int k = 0; k < timeouts; ++k) armed.push_back(q.push(at(now + 1'000'000'000 + k), noop, nullptr, 0));
    q.push(at(now + static_cast<std::int64_t>(live)), noop, nullptr, ev.arg);
    // Cancelled in the reverse order of arming.
    for (auto it = armed.rbegin(); it != armed.rend(); ++it) EXPECT_TRUE(q.cancel(*it));
  }
  EXPECT_EQ(q.size(), live);
  return {warm_capacity, q.capacity()};
}

// A model that arms a far-future timeout for every request and cancels it when the request
// completes: the timeouts never reach the front, so without compaction the storage would grow
// by one entry per request, forever.
TEST(EventQueue, MemoryStaysBoundedWhenTimeoutsAreScheduledAndCancelledForever) {
  constexpr std::size_t kLive = 3'000;
  const auto [warm, end] = run_timeout_loop(kLive, 2'000'000, 1);
  // It stops growing once warm, and stays within a small multiple of the live events plus the
  // compaction threshold (not of the 2 000 000 cancelled timeouts).
  EXPECT_EQ(end, warm);
  EXPECT_LE(end, 8 * (kLive + EventQueue::kCompactMin)) << "capacity " << end;
}

TEST(EventQueue, MemoryStaysBoundedWithFewLiveEvents) {
  const auto [warm, end] = run_timeout_loop(1, 1'000'000, 2);
  EXPECT_EQ(end, warm);
  EXPECT_LE(end, 8 * (1 + EventQueue::kCompactMin)) << "capacity " << end;
}

// Randomized differential test: 300 000 mixed push / pop / pop_before / cancel operations (fixed
// seed) against a std::multimap keyed by (time, sequence), the ordering contract written down.
// The operation mix cycles through phases so that the queue grows large, runs empty with cancelled
// entries still inside, and goes through compactions.
TEST(EventQueue, RandomizedAgainstMultimapReference) {
  EventQueue q;
  boost::random::mt19937_64 rng(20240917);
  boost::random::uniform_int_distribution<int> percent(0, 99);
  boost::random::uniform_int_distribution<std::int64_t> near(0, 20);       // many ties
  boost::random::uniform_int_distribution<std::int64_t> far(0, 5'000'000);  // timeouts
  using Key = std::pair<std::int64_t, std::uint64_t>;
  std::multimap<Key, std::uint64_t> ref;
  struct Pending {
    EventHandle handle;
    Key key;
    std::size_t index;  // position in pending_ids
  };
  std::unordered_map<std::uint64_t, Pending> pending;  // by payload (= sequence number)
  std::vector<std::uint64_t> pending_ids;              // for picking a random pending event
  std::vector<EventHandle> old_handles;                // handles whose events ran or were cancelled
  // Forgets a pending event that ran or was cancelled.
  auto retire = [&](std::uint64_t id) {
    const auto it = pending.find(id);
    old_handles.push_back(it->second.handle);
    const std::size_t k = it->second.index;
    pending_ids[k] = pending_ids.back();
    pending.at(pending_ids[k]).index = k;
    pending_ids.pop_back();
    pending.erase(it);
  };
  std::uint64_t seq = 0;
  std::int64_t now = 0;
  bool popped_any = false;
  int empty_pops = 0;
  PoppedEvent ev;

  // Checks a popped event against the reference's first one and retires it.
  auto check_popped = [&](int i) {
    const auto top = ref.begin();
    ASSERT_EQ(ev.time.ns(), top->first.first) << "op " << i;
    ASSERT_EQ(ev.arg, top->second) << "op " << i;
    now = ev.time.ns();
    popped_any = true;
    retire(ev.arg);
    ref.erase(top);
  };
  const std::int64_t kNeverPopped = std::numeric_limits<std::int64_t>::min();

  // Per phase: cumulative percentages for push, pop_before, pop, cancel (the rest: stale cancel).
  struct Mix {
    int push, pop_before, pop, cancel;
  };
  constexpr Mix kPhases[] = {
      {60, 70, 80, 95},  // grow
      {30, 35, 45, 97},  // cancel-heavy (stale entries outnumber live ones: compactions)
      {20, 40, 80, 95},  // drain (runs empty now and then)
  };
  constexpr int kOps = 300'000;
  for (int i = 0; i < kOps; ++i) {
    const Mix& mix = kPhases[(i / 10'000) % 3];
    const int r = percent(rng);
    if (r < mix.push || ref.empty()) {
      if (ref.empty() && r >= mix.push) {
        ASSERT_FALSE(q.pop(ev));
        ASSERT_EQ(q.last_popped_time().ns(), popped_any ? now : kNeverPopped);
        ++empty_pops;
      }
      // Push at or after the last popped time: the simulator never schedules in the past.
      const std::int64_t t = now + (r % 4 == 0 ? far(rng) : near(rng) * 10);
      const std::uint64_t id = seq++;
      const EventHandle h = q.push(at(t), noop, nullptr, id);
      ref.emplace(Key{t, id}, id);
      pending.emplace(id, Pending{h, Key{t, id}, pending_ids.size()});
      pending_ids.push_back(id);
    } else if (r < mix.pop_before) {
      // Bounded pop: pops the reference's first event exactly when it is before `until`.
      const std::int64_t until = now + near(rng) * 10;
      const bool expect_pop = ref.begin()->first.first < until;
      ASSERT_EQ(q.pop_before(at(until), ev), expect_pop) << "op " << i;
      if (expect_pop) check_popped(i);
    } else if (r < mix.pop) {
      ASSERT_TRUE(q.pop(ev));
      check_popped(i);
    } else if (r < mix.cancel) {
      // Cancel a random pending event.
      boost::random::uniform_int_distribution<std::size_t> pick(0, pending_ids.size() - 1);
      const std::uint64_t id = pending_ids[pick(rng)];
      const Pending& p = pending.at(id);
      ASSERT_TRUE(q.is_pending(p.handle));
      ASSERT_TRUE(q.cancel(p.handle));
      ref.erase(ref.find(p.key));
      retire(id);
    } else if (!old_handles.empty()) {
      // Stale handle: its event ran or was cancelled; cancelling must do nothing.
      boost::random::uniform_int_distribution<std::size_t> pick(0, old_handles.size() - 1);
      const EventHandle h = old_handles[pick(rng)];
      ASSERT_FALSE(q.is_pending(h));
      ASSERT_FALSE(q.cancel(h));
    }
    ASSERT_EQ(q.size(), ref.size()) << "op " << i;
    if (ref.empty()) {
      // Only cancelled entries may be left: pop must say so, and must not move the floor past
      // the last popped time (a push at `now` stays legal).
      ASSERT_FALSE(q.pop(ev));
      ASSERT_FALSE(q.pop_before(SimTime::max(), ev));
      ASSERT_EQ(q.last_popped_time().ns(), popped_any ? now : kNeverPopped);
    }
    if (i % 3 == 0) {
      ASSERT_EQ(q.next_time().ns(), ref.empty() ? SimTime::max().ns() : ref.begin()->first.first) << "op " << i;
    }
  }
  EXPECT_GT(empty_pops, 100) << "the draining phases should empty the queue now and then";
  EXPECT_GT(q.compactions(), 10u) << "the cancel-heavy phases should trigger compactions";
  // Drain and compare the remainder.
  for (const auto& [key, id] : ref) {
    ASSERT_TRUE(q.pop(ev));
    ASSERT_EQ(ev.time.ns(), key.first);
    ASSERT_EQ(ev.arg, id);
  }
  EXPECT_FALSE(q.pop(ev));
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, CompactionWhileDrainingASameTimeBatch) {
  // A big batch at one time sits in bucket 0 once the first of it is popped; compacting it while
  // it is partly read must keep its FIFO order.
  EventQueue q;
  constexpr std::uint64_t kN = 5'000;
  std::vector<EventHandle> h;
  for (std::uint64_t i = 0; i < kN; ++i) h.push_back(q.push(at(7), noop, nullptr, i));
  q.push(at(9), noop, nullptr, kN);
  PoppedEvent ev;
  for (std::uint64_t i = 0; i < 37; ++i) {
    ASSERT_TRUE(q.pop(ev));
    ASSERT_EQ(ev.arg, i);
  }
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 37; i < kN; ++i) {
    if (i % 5 == 0) {
      expected.push_back(i);
    } else {
      ASSERT_TRUE(q.cancel(h[i]));
    }
  }
  EXPECT_GE(q.compactions(), 1u);
  // Same-time events pushed after the compaction go after the survivors.
  q.push(at(7), noop, nullptr, kN + 1);
  expected.push_back(kN + 1);
  expected.push_back(kN);
  EXPECT_EQ(drain(q), expected);
}

}  // namespace
}  // namespace fmsim::sim
