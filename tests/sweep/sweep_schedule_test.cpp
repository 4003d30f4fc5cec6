// The schedule: fixed replications, restore (resume), sequential stopping and its independence
// from the order in which results come back.
#include "tools/sweep/sweep_schedule.h"

#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace fmsim::cli::sweep {
namespace {

models::sweep::SweepSpec fixed_spec(std::uint64_t reps) {
  models::sweep::SweepSpec s;
  s.replications = reps;
  s.metrics.push_back({"latency_s.p99", {}});
  return s;
}

ReplicationRecord record(WorkItem item, double value) {
  ReplicationRecord r;
  r.point = item.point;
  r.replication = item.replication;
  r.values = {value};
  return r;
}

std::vector<WorkItem> drain(SweepSchedule& s) {
  std::vector<WorkItem> items;
  while (auto i = s.next()) items.push_back(*i);
  return items;
}

TEST(SweepSchedule, FixedReplicationsEveryPointInOrder) {
  const auto spec = fixed_spec(3);
  SweepSchedule s(spec, {4, 7});
  EXPECT_EQ(s.planned(), 6u);
  const auto items = drain(s);
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[0], (WorkItem{4, 0}));
  EXPECT_EQ(items[3], (WorkItem{7, 0}));
  EXPECT_FALSE(s.finished());
  for (const auto& i : items) s.complete(record(i, 1.0));
  EXPECT_TRUE(s.finished());
  EXPECT_EQ(s.done(), 6u);
  EXPECT_EQ(s.points_done(), 2u);
}

TEST(SweepSchedule, RestoredReplicationsAreNotRunAgain) {
  const auto spec = fixed_spec(3);
  SweepSchedule s(spec, {0, 1});
  s.restore(record({0, 0}, 1));
  s.restore(record({0, 1}, 1));
  s.restore(record({0, 2}, 1));
  s.restore(record({1, 1}, 1));
  s.restore(record({9, 0}, 1));  // not part of this schedule: ignored
  EXPECT_EQ(s.done(), 4u);
  EXPECT_EQ(s.points_done(), 1u);
  const auto items = drain(s);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0], (WorkItem{1, 0}));
  EXPECT_EQ(items[1], (WorkItem{1, 2}));
  for (const auto& i : items) s.complete(record(i, 1));
  EXPECT_TRUE(s.finished());
}

TEST(SweepSchedule, EverythingRestoredIsFinishedAtOnce) {
  const auto spec = fixed_spec(2);
  SweepSchedule s(spec, {3});
  s.restore(record({3, 0}, 1));
  s.restore(record({3, 1}, 1));
  EXPECT_TRUE(s.finished());
  EXPECT_FALSE(s.next());
}

models::sweep::SweepSpec stopping_spec() {
  auto spec = fixed_spec(4);
  models::sweep::SequentialStopping stop;
  stop.metric = 0;
  stop.half_width = 0.5;
  stop.min_replications = 4;
  stop.max_replications = 40;
  stop.batch = 2;
  spec.stopping = stop;
  return spec;
}

// Point p's replication r: noise that is narrow at once for point 0, wide for point 1.
double value(std::uint64_t point, std::uint64_t rep) {
  static const auto table = [] {
    std::vector<std::vector<double>> t(2);
    for (std::uint64_t p = 0; p < 2; ++p) {
      std::mt19937_64 rng(77 + p);
      std::normal_distribution<double> n(10.0, p == 0 ? 0.1 : 2.0);
      for (int r = 0; r < 64; ++r) t[p].push_back(n(rng));
    }
    return t;
  }();
  return table.at(point).at(rep);
}

// Runs the schedule to the end, completing whatever is handed out in an order chosen by `seed`
// (0: in order), and returns the replications each point got.
std::vector<std::uint64_t> run_to_end(const models::sweep::SweepSpec& spec, unsigned seed,
                                      const std::vector<ReplicationRecord>& restored = {}) {
  SweepSchedule s(spec, {0, 1});
  for (const auto& r : restored) s.restore(r);
  std::mt19937 rng(seed);
  std::vector<WorkItem> running;
  while (!s.finished()) {
    while (auto i = s.next()) running.push_back(*i);
    if (seed) std::shuffle(running.begin(), running.end(), rng);
    // Complete only some of them before asking again, as a pool of workers would.
    const auto k = seed ? std::max<std::size_t>(1, running.size() / 2) : running.size();
    for (std::size_t j = 0; j < k; ++j) s.complete(record(running[j], value(running[j].point, running[j].replication)));
    running.erase(running.begin(), running.begin() + static_cast<std::ptrdiff_t>(k));
  }
  return {s.scheduled_for(0), s.scheduled_for(1)};
}

TEST(SweepSchedule, SequentialStoppingAddsReplicationsUntilNarrow) {
  const auto got = run_to_end(stopping_spec(), 0);
  EXPECT_EQ(got[0], 4u);  // s = 0.1: narrow at once
  EXPECT_GT(got[1], 4u);  // s = 2: half-width 0.5 needs about (2.0 * 2 / 0.5)^2 = 64 > max
  EXPECT_EQ(got[1], 40u);
}

TEST(SweepSchedule, SequentialStoppingDoesNotDependOnCompletionOrder) {
  auto spec = stopping_spec();
  spec.stopping->half_width = 1.0;  // point 1 stops somewhere between min and max (about 18)
  const auto in_order = run_to_end(spec, 0);
  EXPECT_GT(in_order[1], 4u);
  EXPECT_LT(in_order[1], 40u);
  for (unsigned seed = 1; seed <= 5; ++seed) EXPECT_EQ(run_to_end(spec, seed), in_order) << "order seed " << seed;
}

TEST(SweepSchedule, ResumedSequentialStoppingTakesTheSameDecisions) {
  auto spec = stopping_spec();
  spec.stopping->half_width = 1.0;
  const auto whole = run_to_end(spec, 0);
  // What an interrupted run had committed: point 1's first 9 replications (past the first
  // decisions), point 0's first 2.
  std::vector<ReplicationRecord> restored;
  for (std::uint64_t r = 0; r < 9; ++r) restored.push_back(record({1, r}, value(1, r)));
  for (std::uint64_t r = 0; r < 2; ++r) restored.push_back(record({0, r}, value(0, r)));
  EXPECT_EQ(run_to_end(spec, 3, restored), whole);
}

}  // namespace
}  // namespace fmsim::cli::sweep
