// TimeWeightedGauge: a hand-worked piecewise example, restart semantics, backwards time, and
// precision over a 30-day run at ns resolution.
#include "sim/time_weighted_gauge.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

#include <boost/random/uniform_int_distribution.hpp>

#include "sim/random_streams.h"
#include "tests/support/sim_time.h"

namespace fmsim::sim {
namespace {

using fmsim::testing::at_s;

TEST(TimeWeightedGauge, HandWorkedPiecewiseLevel) {
  // level: 2 on [0,1), 3 on [1,3), 1 on [3,6), 0 from 6 on.
  TimeWeightedGauge g;
  EXPECT_EQ(g.value(), 0.0);
  EXPECT_EQ(g.mean(SimTime::zero()), 0.0);  // no time elapsed: the current level
  g.set(at_s(0), 2.0);
  EXPECT_EQ(g.mean(SimTime::zero()), 2.0);
  g.add(at_s(1), 1.0);
  EXPECT_EQ(g.value(), 3.0);
  EXPECT_DOUBLE_EQ(g.integral(at_s(2)), 2.0 + 3.0);
  g.set(at_s(3), 1.0);
  EXPECT_DOUBLE_EQ(g.integral(at_s(4)), 2.0 + 6.0 + 1.0);
  EXPECT_DOUBLE_EQ(g.mean(at_s(5.5)), (2.0 + 6.0 + 2.5) / 5.5);
  g.add(at_s(6), -1.0);
  EXPECT_EQ(g.value(), 0.0);
  EXPECT_DOUBLE_EQ(g.integral(at_s(6)), 11.0);  // 2·1 + 3·2 + 1·3
  EXPECT_DOUBLE_EQ(g.integral(at_s(10)), 11.0);
  EXPECT_DOUBLE_EQ(g.mean(at_s(10)), 1.1);
  EXPECT_EQ(g.max(), 3.0);
}

TEST(TimeWeightedGauge, LevelReplacedAtTheSameInstantDoesNotCountTowardsMax) {
  TimeWeightedGauge g;
  g.set(at_s(1), 2.0);
  g.set(at_s(3), 3.0);  // an arrival ...
  g.set(at_s(3), 2.0);  // ... rejected on the spot: 3 never held
  EXPECT_EQ(g.max(), 2.0);
  g.set(at_s(4), 3.0);
  EXPECT_EQ(g.max(), 3.0);  // the current level counts
  EXPECT_DOUBLE_EQ(g.integral(at_s(4)), 2.0 * 3.0);
}

TEST(TimeWeightedGauge, StartAndInitialLevel) {
  TimeWeightedGauge g(at_s(100), 4.0);
  EXPECT_EQ(g.value(), 4.0);
  EXPECT_EQ(g.max(), 4.0);
  EXPECT_DOUBLE_EQ(g.integral(at_s(102.5)), 10.0);
  g.set(at_s(101), 0.5);  // 4 on [100,101), 0.5 after
  EXPECT_DOUBLE_EQ(g.integral(at_s(103)), 4.0 + 1.0);
  EXPECT_DOUBLE_EQ(g.mean(at_s(103)), 5.0 / 3.0);
  EXPECT_EQ(g.max(), 4.0);
}

TEST(TimeWeightedGauge, RestartKeepsLevelAndResetsIntegralAndMax) {
  TimeWeightedGauge g;
  g.set(at_s(0), 5.0);
  g.set(at_s(2), 1.0);
  EXPECT_EQ(g.max(), 5.0);
  g.restart(at_s(4));
  EXPECT_EQ(g.value(), 1.0);         // level kept
  EXPECT_EQ(g.max(), 1.0);           // max only since the restart
  EXPECT_EQ(g.integral(at_s(4)), 0.0);
  EXPECT_EQ(g.mean(at_s(4)), 1.0);    // no time elapsed: current level
  g.set(at_s(5), 3.0);                // 1 on [4,5), 3 on [5,8)
  EXPECT_DOUBLE_EQ(g.integral(at_s(8)), 1.0 + 9.0);
  EXPECT_DOUBLE_EQ(g.mean(at_s(8)), 10.0 / 4.0);
  EXPECT_EQ(g.max(), 3.0);
  // Consecutive windows of a restarted gauge add up to the whole.
  TimeWeightedGauge whole;
  whole.set(at_s(0), 5.0);
  whole.set(at_s(2), 1.0);
  whole.set(at_s(5), 3.0);
  EXPECT_DOUBLE_EQ(whole.integral(at_s(8)), 5.0 * 2 + 1.0 * 2 + g.integral(at_s(8)));
}

TEST(TimeWeightedGauge, BackwardsTimeThrows) {
  TimeWeightedGauge g(at_s(10));
  EXPECT_THROW(g.set(at_s(9), 1.0), std::logic_error);
  g.set(at_s(12), 1.0);
  EXPECT_THROW(g.set(at_s(11), 2.0), std::logic_error);
  EXPECT_THROW(g.add(at_s(11), 2.0), std::logic_error);
  EXPECT_THROW((void)g.integral(at_s(11)), std::logic_error);
  EXPECT_THROW((void)g.mean(at_s(11)), std::logic_error);
  EXPECT_THROW(g.restart(at_s(11)), std::logic_error);
  EXPECT_EQ(g.value(), 1.0);  // failed calls changed nothing
  EXPECT_DOUBLE_EQ(g.integral(at_s(14)), 2.0);
  g.set(at_s(12), 3.0);  // same time is fine: the later set wins, no area in between
  EXPECT_DOUBLE_EQ(g.integral(at_s(14)), 6.0);
}

TEST(TimeWeightedGauge, ThirtyDaysAtNanosecondResolutionStaysExact) {
  // 2e6 changes of integer level at random integer-ns instants over 30 days: the exact area in
  // level·ns fits an int64 (≤ 1000 × 2.6e15), so the gauge is checked against integer arithmetic.
  RandomEngine engine = RandomStreams(99, 0).stream("gauge-30d");
  const std::int64_t horizon = Duration::days(30).ns();
  constexpr int kChanges = 2'000'000;
  boost::random::uniform_int_distribution<std::int64_t> gap(1, 2 * horizon / kChanges);
  boost::random::uniform_int_distribution<int> level(0, 1000);
  TimeWeightedGauge g;
  std::int64_t t = 0;
  std::int64_t cur = 0;
  std::int64_t exact = 0;  // level·ns
  for (int i = 0; i < kChanges; ++i) {
    const std::int64_t dt = gap(engine);
    if (t + dt > horizon) break;
    exact += cur * dt;
    t += dt;
    cur = level(engine);
    g.set(SimTime::from_ns(t), static_cast<double>(cur));
  }
  exact += cur * (horizon - t);
  const double expected = static_cast<double>(exact) * 1e-9;
  EXPECT_NEAR(g.integral(SimTime::from_ns(horizon)), expected, 1e-14 * expected);
  EXPECT_NEAR(g.mean(SimTime::from_ns(horizon)), expected / Duration::days(30).seconds_f(),
              1e-14 * expected / Duration::days(30).seconds_f());
}

}  // namespace
}  // namespace fmsim::sim
